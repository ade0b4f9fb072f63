import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Client } from 'pg';

/**
 * What this process has sent to PostgreSQL: statements (one round trip each, since node-postgres
 * waits for each answer before it sends the next) and bytes on the wire both ways. Counted by the
 * pool's own client class, so every statement counts whoever sends it (TypeORM, the stores, pg-boss
 * does not use this pool). Read by the benchmarks through `reportQueryStatsOnSignal`.
 */
export interface QueryStats {
  /** Statements sent, each a round trip (a multi-statement simple query counts once). */
  queries: number;
  /** Bytes written to the database's sockets. */
  bytesSent: number;
  /** Bytes read from them. */
  bytesReceived: number;
}

const live = new Set<CountingClient>();
const totals = { queries: 0, bytesSent: 0, bytesReceived: 0 };

interface Stream {
  bytesWritten?: number;
  bytesRead?: number;
}

function streamOf(client: Client): Stream | undefined {
  return (client as unknown as { connection?: { stream?: Stream } }).connection?.stream;
}

/** The pool's client: a plain `pg` client that counts what it sends. */
export class CountingClient extends Client {
  private closed = false;

  override connect(...args: unknown[]): never {
    live.add(this);
    this.once('end', () => this.settle());
    return (super.connect as (...a: unknown[]) => never)(...args);
  }

  override query(...args: unknown[]): never {
    totals.queries += 1;
    return (super.query as (...a: unknown[]) => never)(...args);
  }

  private settle(): void {
    if (this.closed) return;
    this.closed = true;
    const stream = streamOf(this);
    totals.bytesSent += stream?.bytesWritten ?? 0;
    totals.bytesReceived += stream?.bytesRead ?? 0;
    live.delete(this);
  }

  /** Bytes this open client moved so far. */
  static openBytes(): { sent: number; received: number } {
    let sent = 0;
    let received = 0;
    for (const client of live) {
      const stream = streamOf(client);
      sent += stream?.bytesWritten ?? 0;
      received += stream?.bytesRead ?? 0;
    }
    return { sent, received };
  }
}

/** The counts since the process started. */
export function queryStats(): QueryStats {
  const open = CountingClient.openBytes();
  return { queries: totals.queries, bytesSent: totals.bytesSent + open.sent, bytesReceived: totals.bytesReceived + open.received };
}

/** The prefix of the line `reportQueryStatsOnSignal` writes. */
export const QUERY_STATS_LINE = 'jixiao-query-stats ';

/** How long the event loop was held up since the previous report, in ms (from `monitorEventLoopDelay`). */
export interface LoopDelay {
  max: number;
  p99: number;
  mean: number;
}

/**
 * On SIGUSR2 the process writes one line to stdout: the prefix, then its `queryStats()`, pid,
 * `process.memoryUsage()` (as `memory`) and the event loop's delay since the previous report (as
 * `loop`) as JSON. The transitions benchmark reads it before and after a phase; nothing else sends
 * SIGUSR2. The delay histogram samples every 20 ms (a libuv timer; its cost is not measurable
 * beside a request's), which is fine enough to tell a held-up loop of 100 ms from a slow database.
 */
export function reportQueryStatsOnSignal(): void {
  const resolutionMs = 20;
  const delay = monitorEventLoopDelay({ resolution: resolutionMs });
  delay.enable();
  process.on('SIGUSR2', () => {
    // The histogram holds the time between the timer's runs, the resolution included; the delay is the rest.
    const toMs = (ns: number) => Math.max(0, Math.round(ns / 1e4) / 100 - resolutionMs);
    const loop: LoopDelay = { max: toMs(delay.max), p99: toMs(delay.percentile(99)), mean: toMs(delay.mean) };
    delay.reset();
    process.stdout.write(`${QUERY_STATS_LINE}${JSON.stringify({ pid: process.pid, ...queryStats(), memory: process.memoryUsage(), loop })}\n`);
  });
}
