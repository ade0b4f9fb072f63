import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile } from '../support/bulk-world';

export interface Answer {
  status: number;
  /** Bytes of the body as sent (the service does not compress). */
  bytes: number;
  body: string;
}

/** A plain keep-alive HTTP client for the tracking view; one socket per concurrent caller. */
export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  private token: string | null = null;

  constructor(readonly port: number) {}

  /** Signs in through the same route the console uses and keeps the access token. */
  async signIn(username: string, password: string): Promise<void> {
    const answer = await this.send('POST', '/api/auth/login', JSON.stringify({ username, password }));
    if (answer.status !== 200) throw new Error(`sign-in of ${username} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    this.token = (JSON.parse(answer.body) as { accessToken: string }).accessToken;
  }

  get(path: string): Promise<Answer> {
    return this.send('GET', path);
  }

  private send(method: 'GET' | 'POST', path: string, body?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { accept: 'application/json' };
      if (this.token) headers.authorization = `Bearer ${this.token}`;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, bytes: all.length, body: all.toString('utf8') });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Figures {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Mean body size of the answers, in bytes. */
  bytes: number;
}

export function figuresOf(latencies: readonly number[], bytes: readonly number[]): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    bytes: bytes.length === 0 ? 0 : bytes.reduce((a, b) => a + b, 0) / bytes.length,
  };
}

export function describe(figures: Figures): string {
  return `${figures.count} requests, p50 ${figures.p50.toFixed(1)} ms, p95 ${figures.p95.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms (max ${figures.max.toFixed(1)} ms), ${(figures.bytes / 1024).toFixed(1)} KiB per answer`;
}

/** One timed GET that must answer 200; anything else stops the run, since its figures would mean nothing. */
export async function timedGet(client: HttpClient, path: string): Promise<{ ms: number; answer: Answer }> {
  const started = performance.now();
  const answer = await client.get(path);
  const ms = performance.now() - started;
  if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  return { ms, answer };
}

/**
 * Sends `count` requests, `clients` at a time (each client waits for its answer before it sends
 * the next), taking paths from `pathOf` in order; answers the latencies, sizes and wall time.
 */
export async function run(clients: HttpClient[], count: number, pathOf: (n: number) => string): Promise<{ figures: Figures; seconds: number }> {
  const latencies: number[] = [];
  const bytes: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < count) {
        const n = next;
        next += 1;
        const { ms, answer } = await timedGet(client, pathOf(n));
        latencies.push(ms);
        bytes.push(answer.bytes);
      }
    }),
  );
  return { figures: figuresOf(latencies, bytes), seconds: (performance.now() - started) / 1000 };
}
