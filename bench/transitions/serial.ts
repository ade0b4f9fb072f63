import { performance } from 'node:perf_hooks';
import { CYCLE, resync, type BenchCase, type Target } from './load';
import { clockTicksPerSecond, ticksOf } from './processes';
import type { RunningService } from './service';

/** What one event type cost, over the counted rounds of the serial phase. */
export interface EventCost {
  type: string;
  /** Accepted requests measured. */
  count: number;
  latencyP50: number;
  latencyMean: number;
  /** Mean api CPU (all api processes) per request, in ms; null where /proc cannot be read. */
  cpuMs: number | null;
  /** Statements sent to PostgreSQL per request: mean, least and most; null without the stats line. */
  statements: { mean: number; min: number; max: number } | null;
  bytesSent: number | null;
  bytesReceived: number | null;
}

export interface SerialResult {
  events: EventCost[];
  failed: number;
  failures: string[];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * One client drives one case round the cycle, one request at a time, so each request's cost can be
 * told apart: between two SIGUSR2 answers of the api processes it reads their CPU time from /proc
 * and their statement counts. The CPU window runs from just after the first answer to just after
 * the second, so it holds the request, whatever the service does after answering it, and one
 * signal handler writing a line. /proc counts CPU in clock ticks (10 ms at 100 per second), so a
 * single request reads as 0 or 10 ms; the mean over the rounds is what means something.
 */
export async function serialPhase(service: RunningService, target: Target, c: BenchCase, rounds: number, warmUpRounds: number): Promise<SerialResult> {
  const pids = service.processes();
  const serving = service.serving();
  const tickMs = 1000 / clockTicksPerSecond();
  const samples = new Map<string, { latency: number[]; ticks: number[]; statements: number[]; sent: number[]; received: number[] }>(
    CYCLE.map((e) => [e.type, { latency: [], ticks: [], statements: [], sent: [], received: [] }]),
  );
  const failures: string[] = [];
  let failed = 0;
  const requests = (rounds + warmUpRounds) * CYCLE.length;
  for (let i = 0; i < requests; i += 1) {
    const counted = i >= warmUpRounds * CYCLE.length;
    const event = CYCLE[c.next]!;
    const before = counted ? await service.queryStats(serving) : null;
    const ticksBefore = ticksOf(pids);
    const started = performance.now();
    const answer = await target.send('POST', `/api/cases/${c.id}/events`, c.tokens[event.actor], event.body);
    const latency = performance.now() - started;
    const after = counted ? await service.queryStats(serving) : null;
    const ticks = ticksOf(pids) - ticksBefore;
    if (answer.status !== 200) {
      failed += 1;
      if (failures.length < 5) failures.push(`${event.body} → ${answer.status} ${answer.body.slice(0, 300)}`);
      await resync(target, c);
      continue;
    }
    c.next = (c.next + 1) % CYCLE.length;
    if (!counted) continue;
    const sample = samples.get(event.type)!;
    sample.latency.push(latency);
    sample.ticks.push(ticks);
    if (before && after) {
      sample.statements.push(after.queries - before.queries);
      sample.sent.push(after.bytesSent - before.bytesSent);
      sample.received.push(after.bytesReceived - before.bytesReceived);
    }
  }
  const cpuReadable = pids.length > 0;
  const events = CYCLE.map(({ type }): EventCost => {
    const s = samples.get(type)!;
    const sorted = [...s.latency].sort((a, b) => a - b);
    const complete = s.statements.length === s.latency.length && s.latency.length > 0;
    return {
      type,
      count: s.latency.length,
      latencyP50: sorted.length === 0 ? NaN : sorted[Math.ceil(sorted.length / 2) - 1]!,
      latencyMean: sorted.length === 0 ? NaN : mean(sorted),
      cpuMs: cpuReadable && s.ticks.length > 0 ? mean(s.ticks) * tickMs : null,
      statements: complete ? { mean: mean(s.statements), min: Math.min(...s.statements), max: Math.max(...s.statements) } : null,
      bytesSent: complete ? mean(s.sent) : null,
      bytesReceived: complete ? mean(s.received) : null,
    };
  });
  return { events, failed, failures };
}

const kB = (bytes: number | null) => (bytes === null ? '?' : `${(bytes / 1000).toFixed(1)} kB`);

/** The phase as a table, one line per event type and one for the cycle's mean. */
export function describeSerial(result: SerialResult): string[] {
  const rows: string[][] = [['event', 'latency p50', 'mean', 'api CPU', 'statements', 'sent', 'received']];
  for (const e of result.events) {
    const st = e.statements;
    rows.push([
      e.type,
      `${e.latencyP50.toFixed(1)} ms`,
      `${e.latencyMean.toFixed(1)} ms`,
      e.cpuMs === null ? '?' : `${e.cpuMs.toFixed(1)} ms`,
      st === null ? '?' : st.min === st.max ? String(st.min) : `${st.mean.toFixed(1)} (${st.min}–${st.max})`,
      kB(e.bytesSent),
      kB(e.bytesReceived),
    ]);
  }
  const all = result.events;
  const avg = (pick: (e: EventCost) => number | null) => {
    const values = all.map(pick);
    return values.some((v) => v === null || Number.isNaN(v)) ? null : mean(values as number[]);
  };
  const cpu = avg((e) => e.cpuMs);
  const statements = avg((e) => e.statements?.mean ?? null);
  rows.push([
    'mean of the five',
    '',
    `${(avg((e) => e.latencyMean) ?? NaN).toFixed(1)} ms`,
    cpu === null ? '?' : `${cpu.toFixed(1)} ms`,
    statements === null ? '?' : statements.toFixed(1),
    kB(avg((e) => e.bytesSent)),
    kB(avg((e) => e.bytesReceived)),
  ]);
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => `  ${row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ')}`.trimEnd());
}
