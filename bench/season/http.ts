/** What the season sent, request by request: for the per-phase figures and the errors. */
export interface RequestRecord {
  phase: string;
  kind: string;
  ms: number;
  status: number;
}

/** An answer the caller did not expect; the unit that met it stops and is named in the report. */
export class UnexpectedAnswer extends Error {
  constructor(
    readonly kind: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${kind} → ${status} ${JSON.stringify(body).slice(0, 400)}`);
  }
}

export interface Answer {
  status: number;
  // The API's JSON, read by the simulation as it needs it.
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9_-]{32,}|\d+(?:\.\d+)*)$/;

/** `PUT /api/cases/:id/sections/:id/content` for a path: ids, tokens and section codes become `:id`. */
export function requestKind(method: string, path: string): string {
  const bare = path.split('?')[0]!;
  return `${method} ${bare
    .split('/')
    .map((part) => (ID.test(part) ? ':id' : part))
    .join('/')}`;
}

/**
 * The season's HTTP client: fetch over keep-alive to one base address, every request timed and
 * recorded under the phase in progress. A status outside `expect` (2xx by default) throws
 * UnexpectedAnswer after it is recorded.
 */
export class SeasonHttp {
  readonly records: RequestRecord[] = [];
  phase = 'setup';

  constructor(private readonly base: string) {}

  async send(
    method: string,
    path: string,
    options: { token?: string; json?: unknown; raw?: Buffer; contentType?: string; expect?: readonly number[] } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined;
    if (options.raw) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/octet-stream';
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    const kind = requestKind(method, path);
    const started = performance.now();
    let status: number;
    let parsed: unknown;
    try {
      const response = await fetch(`${this.base}${path}`, { method, headers, body });
      status = response.status;
      const text = await response.text();
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        parsed = text;
      }
    } catch (error) {
      this.records.push({ phase: this.phase, kind, ms: performance.now() - started, status: 0 });
      throw new UnexpectedAnswer(kind, 0, String(error));
    }
    this.records.push({ phase: this.phase, kind, ms: performance.now() - started, status });
    const expected = options.expect ?? [];
    if (!(expected.includes(status) || (expected.length === 0 && status >= 200 && status < 300))) throw new UnexpectedAnswer(kind, status, parsed);
    return { status, body: parsed };
  }
}

/** The value at `fraction` (0–1) of sorted `values`, nearest rank. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}
