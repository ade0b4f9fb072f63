import { performance, PerformanceObserver } from 'node:perf_hooks';
import { Client } from 'pg';

/**
 * What was going on when answers were slow: a watch kept during the half-load phase, so that a run
 * of answers over SLOW_MS can be set beside what the bench client's own event loop, PostgreSQL's
 * sessions and its checkpointer were doing in the same second. The service's own event loop is
 * reported by the service (`loop` in its SIGUSR2 line).
 */
export interface StallWatchReport {
  /** Times (performance.now()) and lengths in ms the client's event loop was held up by LOOP_LAG_MS or more. */
  clientLags: Array<{ at: number; ms: number }>;
  /** The client's own garbage collections of GC_MS or longer: start (performance.now()), length in ms, kind. */
  clientGcs: Array<{ at: number; ms: number; kind: string }>;
  /** PostgreSQL's sessions sampled every SAMPLE_MS. */
  samples: Array<{ at: number; active: number; waits: Map<string, number>; maintenance: string[] }>;
  checkpoints: number | null;
}

const LOOP_CHECK_MS = 5;
const LOOP_LAG_MS = 20;
const SAMPLE_MS = 50;
const GC_MS = 5;
/** perf_hooks' numbers for the kinds of collection (NODE_PERFORMANCE_GC_*). */
const GC_KINDS: Record<number, string> = { 1: 'scavenge', 2: 'mark-compact', 4: 'incremental marking', 8: 'weak callbacks' };

interface ActivityRow {
  backend_type: string;
  datname: string | null;
  state: string | null;
  wait: string | null;
  query: string;
}

export class StallWatch {
  private clientLags: StallWatchReport['clientLags'] = [];
  private clientGcs: StallWatchReport['clientGcs'] = [];
  private gcObserver: PerformanceObserver | null = null;
  private samples: StallWatchReport['samples'] = [];
  private timer: NodeJS.Timeout | null = null;
  private sampling: Promise<void> | null = null;
  private stopped = false;
  private checkpointsBefore: number | null = null;

  private constructor(
    private readonly client: Client,
    private readonly database: string,
  ) {}

  static async start(databaseUrl: string): Promise<StallWatch> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const database = (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0]!.name;
    const watch = new StallWatch(client, database);
    watch.checkpointsBefore = await watch.checkpoints();
    watch.watchLoop();
    watch.watchGc();
    watch.sampling = watch.sample();
    return watch;
  }

  private async checkpoints(): Promise<number | null> {
    try {
      const row = (await this.client.query<{ n: string }>('SELECT (checkpoints_timed + checkpoints_req)::text AS n FROM pg_stat_bgwriter')).rows[0];
      return row ? Number(row.n) : null;
    } catch {
      return null; // PostgreSQL 17 moved the counts to pg_stat_checkpointer
    }
  }

  /** A timer that should fire every LOOP_CHECK_MS; when it fires late, the loop was held up. */
  private watchLoop(): void {
    let expected = performance.now() + LOOP_CHECK_MS;
    this.timer = setInterval(() => {
      const now = performance.now();
      const late = now - expected;
      if (late >= LOOP_LAG_MS) this.clientLags.push({ at: now - late, ms: late });
      expected = now + LOOP_CHECK_MS;
    }, LOOP_CHECK_MS);
  }

  private watchGc(): void {
    this.gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = ((entry as { detail?: { kind?: number } }).detail)?.kind ?? 0;
        if (entry.duration >= GC_MS) this.clientGcs.push({ at: entry.startTime, ms: entry.duration, kind: GC_KINDS[kind] ?? `kind ${kind}` });
      }
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  private async sample(): Promise<void> {
    while (!this.stopped) {
      const at = performance.now();
      const rows = (
        await this.client.query<ActivityRow>(
          `SELECT backend_type, datname, state, wait_event_type || ':' || wait_event AS wait, left(query, 60) AS query
             FROM pg_stat_activity WHERE pid <> pg_backend_pid()`,
        )
      ).rows;
      const waits = new Map<string, number>();
      const maintenance: string[] = [];
      let active = 0;
      for (const row of rows) {
        if (row.backend_type === 'client backend') {
          if (row.datname !== this.database || row.state !== 'active') continue;
          active += 1;
          const wait = row.wait ?? 'on CPU';
          waits.set(wait, (waits.get(wait) ?? 0) + 1);
        } else if (row.backend_type === 'autovacuum worker') {
          maintenance.push(`autovacuum (${row.query.replace(/\s+/g, ' ')})`);
        } else if (row.backend_type === 'checkpointer' && row.wait !== null && row.wait !== 'Activity:CheckpointerMain') {
          maintenance.push(`checkpointer ${row.wait}`);
        }
      }
      this.samples.push({ at, active, waits, maintenance });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at + SAMPLE_MS - performance.now())));
    }
  }

  async stop(): Promise<StallWatchReport> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.gcObserver?.disconnect();
    await this.sampling;
    const after = await this.checkpoints();
    await this.client.end();
    const checkpoints = after === null || this.checkpointsBefore === null ? null : after - this.checkpointsBefore;
    return { clientLags: this.clientLags, clientGcs: this.clientGcs, samples: this.samples, checkpoints };
  }
}

/** How many of a phase's stalls (seconds with answers over the limit) are listed and described, the first ones. */
export const STALLS_SHOWN = 8;

/**
 * One line per stall: the client's longest loop hold-up and PostgreSQL's busiest sample within the
 * stall's second (from its first slow answer's due time), with what the sessions waited on.
 */
export function describeStalls(report: StallWatchReport, startedAt: number, stalls: Array<{ atSeconds: number; count: number }>): string[] {
  const lines: string[] = [];
  for (const stall of stalls.slice(0, STALLS_SHOWN)) {
    const from = startedAt + stall.atSeconds * 1000;
    const to = from + 1000;
    const lag = Math.max(0, ...report.clientLags.filter((l) => l.at >= from - 200 && l.at < to).map((l) => l.ms));
    const gcs = report.clientGcs.filter((g) => g.at >= from - 200 && g.at < to).map((g) => `${g.kind} ${g.ms.toFixed(0)} ms`);
    const window = report.samples.filter((s) => s.at >= from && s.at < to);
    const busiest = window.reduce<StallWatchReport['samples'][number] | null>((best, s) => (best === null || s.active > best.active ? s : best), null);
    const waits = busiest ? [...busiest.waits].sort((a, b) => b[1] - a[1]).map(([w, n]) => `${w} ${n}`).join(', ') : 'no sample';
    const maintenance = [...new Set(window.flatMap((s) => s.maintenance))];
    lines.push(
      `    at ${stall.atSeconds.toFixed(1)} s: client loop held up ${lag.toFixed(0)} ms at most` +
        (gcs.length > 0 ? ` (its collections: ${gcs.join(', ')})` : '') +
        '; ' +
        `PostgreSQL at its busiest ${busiest?.active ?? '?'} active (${waits})` +
        (maintenance.length > 0 ? `; also running: ${maintenance.join('; ')}` : ''),
    );
  }
  return lines;
}

/** The phase as a whole: sessions active on average and at most, and how often each wait was seen. */
export function describeWatch(report: StallWatchReport): string {
  const n = report.samples.length;
  if (n === 0) return 'no samples';
  const mean = report.samples.reduce((sum, s) => sum + s.active, 0) / n;
  const peak = Math.max(...report.samples.map((s) => s.active));
  const totals = new Map<string, number>();
  for (const s of report.samples) for (const [w, c] of s.waits) totals.set(w, (totals.get(w) ?? 0) + c);
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([w, c]) => `${w} ${(c / n).toFixed(2)}`).join(', ');
  const autovacuums = report.samples.filter((s) => s.maintenance.some((m) => m.startsWith('autovacuum'))).length;
  const lags = report.clientLags.length;
  const worstLag = Math.max(0, ...report.clientLags.map((l) => l.ms));
  const worstGc = Math.max(0, ...report.clientGcs.map((g) => g.ms));
  return (
    `PostgreSQL sessions active ${mean.toFixed(1)} on average, ${peak} at most (${n} samples; per sample: ${top}); ` +
    `autovacuum seen in ${autovacuums} samples; checkpoints ${report.checkpoints ?? '?'}; ` +
    `client loop held up ≥ ${LOOP_LAG_MS} ms ${lags} times (longest ${worstLag.toFixed(0)} ms); ` +
    `client collections ≥ ${GC_MS} ms ${report.clientGcs.length} (longest ${worstGc.toFixed(0)} ms)`
  );
}
