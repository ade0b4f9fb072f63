import { cpus } from 'node:os';
import { cpuDuring, type PhaseCpu } from './cpu';
import { describeServer, sessionsOpened, vacuumAnalyze, walBytesSince, walPosition } from './database';
import { closedLoop, openLoop, SLOW_MS, Target, type PhaseResult } from './load';
import { measureCeiling, type Ceiling } from './pgbench';
import { clockTicksPerSecond, residentBytes, residentParts, ticksOf } from './processes';
import { describeSerial, serialPhase } from './serial';
import { killChildrenOnExit, startService, type RunningService } from './service';
import { describeStalls, describeWatch, StallWatch, STALLS_SHOWN } from './stalls';
import { prepareCases, type BenchWorld } from './setup';
import { scratchDatabase } from '../support/scratch-database';

/**
 * Lifecycle transitions per second of the real service on the real PostgreSQL, beside the ceiling
 * pgbench reaches on the same machine with the same writes, for each number of api processes in
 * BENCH_API_PROCESSES; and what one transition costs: statements, bytes, CPU, WAL. See bench/README.md.
 */
const CLIENTS = 16;
/** The service's pool per api process (BENCH_POOL_MAX; the service refuses 0). */
const POOL_MAX = wholeNumber('BENCH_POOL_MAX', 20);
/** Share of the pgbench ceiling the service must reach. */
const TARGET_SHARE = 0.35;
const P99_LIMIT_MS = 50;
/** Service CPU (all api processes) per accepted transition at full load. */
const CPU_LIMIT_MS = 1.5;
/** Statements, each a round trip, per accepted transition at full load. */
const ROUND_TRIP_LIMIT = 3;
/** Resident memory of each api process at the end of the full-load phase. */
const RSS_LIMIT_MB = 300;

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}".`);
  return value;
}

function wholeNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}".`);
  return value;
}

/** BENCH_API_PROCESSES: the api process counts to measure, e.g. "1,2" (the default). */
function processCounts(): number[] {
  const raw = process.env.BENCH_API_PROCESSES ?? '';
  if (raw.trim() === '') return [1, 2];
  const counts = raw.split(',').map((part) => Number(part.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 64)) {
    throw new Error(`BENCH_API_PROCESSES must list process counts from 1 to 64, e.g. "1,2"; got "${raw}".`);
  }
  return [...new Set(counts)];
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const latencies = (r: PhaseResult) => `p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)} (max ${ms(r.max)})`;

/**
 * A full collection of this client's heap between phases (with `--expose-gc`, as
 * `npm run bench:transitions` starts it), so that the phase does not begin with old garbage its
 * own collector would mark during the measurement: the client's incremental marking held its event
 * loop up 55-60 ms in half-load phases on 2026-12-07, and every event due meanwhile counted it.
 */
function collectClientGarbage(): void {
  exposedGc()?.();
}

/** `gc`, when node was started with --expose-gc. */
const exposedGc = () => (globalThis as { gc?: () => void }).gc;

/** The service under measure; restarted with another process count between the load phases. */
class Subject {
  constructor(
    public service: RunningService,
    public target: Target,
  ) {}

  static async start(databaseUrl: string, apiProcesses: number): Promise<Subject> {
    const service = await startService(databaseUrl, { poolMax: POOL_MAX, apiProcesses });
    return new Subject(service, new Target(service.port));
  }

  async stop(): Promise<void> {
    this.target.close();
    await this.service.stop();
  }
}

/** What the full-load and half-load phases gave with one process count. */
interface LoadResult {
  asked: number;
  serving: number;
  full: PhaseResult;
  half: PhaseResult & { waitedForCase: number };
  statements: number | null;
  cpuMs: number | null;
  largestRss: number | null;
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || !/^postgres(ql)?:\/\//.test(serverUrl)) {
    throw new Error('Set DATABASE_URL to the PostgreSQL server to measure, e.g. postgres://postgres@127.0.0.1:5432/jixiao_bench');
  }
  // A database of the run's own on that server, dropped at the end (BENCH_KEEP_DATABASE=1 keeps it):
  // the same code measured on a database earlier runs had grown gives other figures.
  const scratch = await scratchDatabase(serverUrl, 'bench_transitions');
  try {
    await measure(scratch.url);
  } finally {
    await scratch.drop({ keep: process.env.BENCH_KEEP_DATABASE === '1' });
    if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`database kept: ${scratch.name}`);
  }
}

async function measure(databaseUrl: string): Promise<void> {
  const seconds = positiveNumber('BENCH_SECONDS', 30);
  // Long enough for the JIT and the connection pool to settle; not counted.
  const warmUp = positiveNumber('BENCH_WARMUP_SECONDS', Math.min(5, Math.max(1, seconds / 6)));
  const counts = processCounts();
  const serialRounds = wholeNumber('BENCH_SERIAL_ROUNDS', 50);
  const serialWarmUp = wholeNumber('BENCH_SERIAL_WARMUP_ROUNDS', 10);

  const server = await describeServer(databaseUrl);
  console.log(
    `bench transitions: ${CLIENTS} clients, ${seconds} s per phase, api processes ${counts.join(' then ')}, service pool ${POOL_MAX} per process, ` +
      `PostgreSQL ${server.version} (autovacuum ${server.autovacuum ? 'on' : 'off'}; the bench vacuums before each phase), ` +
      `${cpus().length} CPUs shared by the service, the database and this client`,
  );
  if (exposedGc() === undefined) {
    console.log('note: started without --expose-gc, so this client cannot collect its own heap before each phase; npm run bench:transitions starts it with it');
  }
  let subject = await Subject.start(databaseUrl, counts[0]!);
  try {
    const setupStarted = Date.now();
    const world = await prepareCases(databaseUrl, `http://127.0.0.1:${subject.service.port}`, CLIENTS);
    console.log(`setup: service on 127.0.0.1:${subject.service.port}, ${world.cases.length} cases driven to submitted in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);
    const ceiling = await ceilingPhase(databaseUrl, subject.service, world, seconds);

    if (serialRounds > 0) {
      const serial = await serialPhase(subject.service, subject.target, world.cases[0]!, serialRounds, serialWarmUp);
      console.log(
        `per event (serial: 1 client, 1 case, ${serialRounds} rounds after ${serialWarmUp} not counted, ${counts[0]} api process(es); ` +
          `api CPU from /proc in ${(1000 / clockTicksPerSecond()).toFixed(0)} ms ticks, a mean over ${serialRounds} requests: read it as ±1 ms):`,
      );
      for (const line of describeSerial(serial)) console.log(line);
      for (const failure of serial.failures) console.log(`  not 200: ${failure}`);
    }

    const results: LoadResult[] = [];
    for (const [i, count] of counts.entries()) {
      if (i > 0) {
        await subject.stop();
        subject = await Subject.start(databaseUrl, count);
      }
      results.push(await loadPhases(databaseUrl, subject.service, subject.target, world, seconds, warmUp, count));
    }
    verdict(results, ceiling);
  } catch (error) {
    // A refused connection says little; the service's own last words usually say why. Its exit
    // may be reported a moment after the failed request, hence the short wait.
    const exit = await subject.service.ended(1000);
    throw exit ? new Error(`${error instanceof Error ? error.message : String(error)}\n${exit}`) : error;
  } finally {
    await subject.stop();
  }
}

const printCpu = ({ text }: PhaseCpu) => {
  if (text) console.log(`  cpu: ${text}`);
};

/** PostgreSQL's CPU per unit of work done at `perSecond` over the phase's sampled span, in ms; null when unknown. */
const postgresMsPer = (cpu: PhaseCpu, perSecond: number): number | null =>
  cpu.postgres === null || perSecond <= 0 ? null : (cpu.postgres.seconds * 1000) / (perSecond * cpu.postgres.spanSeconds);

/** The pgbench ceiling, with PostgreSQL's CPU per pgbench transaction in the same phase (null when /proc was not readable). */
type MeasuredCeiling = Ceiling & { postgresMs: number | null };

/** pgbench on the same cases, while the service sits idle. */
async function ceilingPhase(databaseUrl: string, service: RunningService, world: BenchWorld, seconds: number): Promise<MeasuredCeiling> {
  await vacuumAnalyze(databaseUrl);
  const ceilingCpu = cpuDuring(service.pid, seconds, cpus().length);
  const ceiling = await measureCeiling(databaseUrl, {
    campaignId: world.campaignId,
    actorId: world.officerId,
    cases: world.cases.length,
    clients: CLIENTS,
    seconds,
  });
  console.log(
    `ceiling (pgbench, ${CLIENTS} clients, one transaction = version read + version-checked UPDATE + history INSERT): ` +
      `${ceiling.tps.toFixed(1)} tps, latency avg ${ms(ceiling.latencyMs)}, ${ceiling.transactions} transactions` +
      (ceiling.allMatched ? '' : ' — WARNING: some UPDATEs missed their version'),
  );
  const cpu = await ceilingCpu;
  printCpu(cpu);
  // The machine's yardstick: the same number differs from one VM (or one hour) to the next, and the
  // service's CPU per transition moves with it; compare runs by it before comparing their figures.
  const postgresMs = postgresMsPer(cpu, ceiling.tps);
  if (postgresMs !== null) console.log(`  PostgreSQL CPU per pgbench transaction: ${postgresMs.toFixed(2)} ms (this machine's yardstick)`);
  return { ...ceiling, postgresMs };
}

async function loadPhases(
  databaseUrl: string,
  service: RunningService,
  target: Target,
  world: BenchWorld,
  seconds: number,
  warmUp: number,
  asked: number,
): Promise<LoadResult> {
  const cpu = (phaseSeconds: number) => cpuDuring(service.pid, phaseSeconds, cpus().length);
  // The api process and everything under it: with a cluster the primary, which only forks and
  // watches, and its workers, which serve.
  const tree = service.processes();
  const servingPids = service.serving();
  const serving = servingPids.length;
  const clustered = servingPids[0] !== tree[0];
  console.log(
    `api processes: ${asked} asked (API_PROCESSES), ${serving} serving: ` +
      (clustered ? `primary ${tree[0]}, workers ${servingPids.join(', ')}` : `pid ${tree[0] ?? '?'}`) +
      (tree.length > serving + (clustered ? 1 : 0) ? ` (and ${tree.length - serving - (clustered ? 1 : 0)} other process(es) under it)` : '') +
      (serving === asked ? '' : ` — this build ran ${serving}, so this is the ${serving}-process figure again`),
  );

  await vacuumAnalyze(databaseUrl);
  await closedLoop(target, world.cases, warmUp);
  collectClientGarbage();
  const statsBefore = await service.queryStats(servingPids);
  const walFrom = await walPosition(databaseUrl);
  const fullCpu = cpu(seconds);
  const ticksBefore = ticksOf(tree);
  const full = await closedLoop(target, world.cases, seconds);
  const ticks = ticksOf(tree) - ticksBefore;
  const memory = tree.map((pid) => ({ pid, bytes: residentBytes(pid), parts: residentParts(pid) }));
  const walBytes = await walBytesSince(databaseUrl, walFrom);
  const statsAfter = await service.queryStats(servingPids);
  console.log(
    `full load (${CLIENTS} clients, closed loop, ${full.seconds.toFixed(1)} s): ${full.perSecond.toFixed(1)} transitions/s, ` +
      `${full.ok} accepted, ${full.failed} not 200; latency ${latencies(full)}`,
  );
  const fullCpuShares = await fullCpu;
  printCpu(fullCpuShares);
  const postgresMs = postgresMsPer(fullCpuShares, full.perSecond);
  const per = (value: number) => value / Math.max(1, full.ok);
  const statements = statsBefore && statsAfter ? per(statsAfter.queries - statsBefore.queries) : null;
  const cpuMs = tree.length > 0 ? per((ticks * 1000) / clockTicksPerSecond()) : null;
  console.log(
    `  per accepted transition: ` +
      (statsBefore && statsAfter
        ? `${statements!.toFixed(2)} statements (round trips), ${kB(per(statsAfter.bytesSent - statsBefore.bytesSent))} sent to PostgreSQL, ` +
          `${kB(per(statsAfter.bytesReceived - statsBefore.bytesReceived))} received; `
        : 'statements and bytes unknown (an api process did not answer SIGUSR2); ') +
      `service CPU ${cpuMs === null ? '?' : ms(cpuMs)}, PostgreSQL CPU ${postgresMs === null ? '?' : ms(postgresMs)}; WAL ${kB(per(walBytes))} (the whole server's log)`,
  );
  const rss = memory.flatMap((m) => (m.bytes === null ? [] : [m.bytes]));
  const largestRss = rss.length === 0 ? null : Math.max(...rss);
  const role = (pid: number) => (pid === tree[0] ? (clustered ? 'primary' : 'api') : servingPids.includes(pid) ? 'worker' : 'other');
  console.log(
    `  memory at the end of the phase (VmRSS): ` +
      (memory.length === 1
        ? memory[0]!.bytes === null
          ? '?'
          : MB(memory[0]!.bytes)
        : memory.map((m) => `${role(m.pid)} ${m.bytes === null ? '?' : MB(m.bytes)}`).join(', ')) +
      (memory.every((m) => m.parts !== null)
        ? ` (anonymous ${memory.map((m) => MB(m.parts!.anon)).join('/')}, mapped files ${memory.map((m) => MB(m.parts!.file)).join('/')})`
        : ''),
  );
  // What the resident memory is made of, as each serving process saw it just after (process.memoryUsage()).
  const heaps = (statsAfter?.byProcess ?? []).filter((p) => p.memory !== null);
  if (heaps.length > 0) {
    console.log(
      `  of which (process.memoryUsage()): ` +
        heaps
          .map((p) => `${heaps.length > 1 ? `${p.pid}: ` : ''}V8 heap ${MB(p.memory!.heapUsed)} used of ${MB(p.memory!.heapTotal)}, external ${MB(p.memory!.external)} (array buffers ${MB(p.memory!.arrayBuffers)})`)
          .join('; '),
    );
  }

  const rate = full.perSecond / 2;
  await vacuumAnalyze(databaseUrl);
  // ANALYZE invalidates every connection's cached plans: the first events after it plan their
  // statements again, all at once (binds of 60-90 ms logged at the half-load phase's first second
  // on 2026-12-07, and 20-odd answers over 100 ms there in most runs). The warm-up takes that, as
  // before the full-load phase; the phase measures the load, not the bench's own ANALYZE.
  await closedLoop(target, world.cases, warmUp);
  collectClientGarbage();
  const sessionsBefore = await sessionsOpened(databaseUrl);
  // Resets each process's event-loop delay histogram, so that the answer after the phase is the phase's.
  await service.queryStats(servingPids);
  const watch = await StallWatch.start(databaseUrl);
  const halfCpu = cpu(seconds);
  const half = await openLoop(target, world.cases, rate, seconds);
  const watched = await watch.stop();
  const halfStats = await service.queryStats(servingPids);
  const sessionsAfter = await sessionsOpened(databaseUrl);
  console.log(
    `half load (open loop at ${rate.toFixed(1)}/s, ${half.seconds.toFixed(1)} s): ${half.perSecond.toFixed(1)} transitions/s, ` +
      `${half.ok} accepted, ${half.failed} not 200, ${half.waitedForCase} waited for an idle case; latency from due time ${latencies(half)}; ` +
      `p99 < ${P99_LIMIT_MS} ms: ${half.p99 < P99_LIMIT_MS ? 'yes' : 'NO'}`,
  );
  printCpu(await halfCpu);
  if (half.stalls.length > 0) {
    const shown = half.stalls.slice(0, STALLS_SHOWN).map((s) => `${s.count} at ${s.atSeconds.toFixed(1)} s`);
    console.log(`  answers over ${SLOW_MS} ms, by second of the phase: ${shown.join(', ')}${half.stalls.length > STALLS_SHOWN ? ', ...' : ''}`);
    for (const line of describeStalls(watched, half.startedAt, half.stalls)) console.log(line);
  }
  console.log(`  during the phase: ${describeWatch(watched)}`);
  const loops = (halfStats?.byProcess ?? []).filter((p) => p.loop !== null);
  if (loops.length > 0) {
    console.log(
      `  service event loop held up (monitorEventLoopDelay): ` +
        loops.map((p) => `${loops.length > 1 ? `${p.pid}: ` : ''}max ${ms(p.loop!.max)}, p99 ${ms(p.loop!.p99)}, mean ${ms(p.loop!.mean)}`).join('; '),
    );
  }
  if (sessionsBefore !== null && sessionsAfter !== null) {
    // The second count includes the session the first one asked on.
    console.log(`  database sessions opened during the phase: ${sessionsAfter - sessionsBefore - 1}`);
  }

  for (const failure of [...full.failures, ...half.failures]) console.log(`  not 200: ${failure}`);
  const warnings = service.warnings();
  if (warnings.length > 0) {
    console.log(`service logged ${warnings.length} warning(s) or error(s); the first ones:`);
    for (const line of warnings.slice(0, 5)) console.log(`  ${line.slice(0, 400)}`);
  }
  return { asked, serving, full, half, statements, cpuMs, largestRss };
}

function verdict(results: LoadResult[], ceiling: MeasuredCeiling): void {
  const goal = TARGET_SHARE * ceiling.tps;
  const met = (ok: boolean) => (ok ? 'MET' : 'MISSED');
  if (results.length > 1) {
    for (const r of results) {
      console.log(
        `${r.asked} api process(es)${r.serving === r.asked ? '' : ` (${r.serving} ran)`}: ${r.full.perSecond.toFixed(1)} transitions/s, ` +
          `half-load p99 ${ms(r.half.p99)}, service CPU ${r.cpuMs === null ? '?' : ms(r.cpuMs)} and ${r.statements === null ? '?' : r.statements.toFixed(2)} statements per transition, ` +
          `largest process ${r.largestRss === null ? '?' : MB(r.largestRss)}`,
      );
    }
  }
  const best = results.reduce((a, b) => (b.full.perSecond > a.full.perSecond ? b : a));
  // The verdict judges the fastest count; an operator picks API_PROCESSES, so say which counts meet the two latency-bound goals at once.
  const both = results.filter((r) => r.full.perSecond >= goal && r.half.p99 < P99_LIMIT_MS).map((r) => r.asked);
  console.log(`throughput and half-load p99 together: ${both.length > 0 ? `MET with ${both.join(' and ')} api process(es)` : 'MISSED with every process count'}`);
  const failed = results.reduce((sum, r) => sum + r.full.failed + r.half.failed, 0);
  console.log(
    `verdict (best: ${best.asked} api process(es)${best.serving === best.asked ? '' : `, ${best.serving} ran`}): throughput ${met(best.full.perSecond >= goal)} (${best.full.perSecond.toFixed(1)} vs ${goal.toFixed(1)} transitions/s, ${TARGET_SHARE * 100}% of the ceiling), ` +
      `p99 at half load ${met(best.half.p99 < P99_LIMIT_MS)} (${ms(best.half.p99)} vs ${P99_LIMIT_MS} ms), ` +
      `service CPU per transition ${best.cpuMs === null ? 'UNKNOWN' : `${met(best.cpuMs <= CPU_LIMIT_MS)} (${best.cpuMs.toFixed(2)} ms vs ≤ ${CPU_LIMIT_MS} ms)`}, ` +
      `round trips per transition ${best.statements === null ? 'UNKNOWN' : `${met(Number(best.statements.toFixed(2)) <= ROUND_TRIP_LIMIT)} (${best.statements.toFixed(2)} vs ≤ ${ROUND_TRIP_LIMIT})`}, ` +
      `memory ${best.largestRss === null ? 'UNKNOWN' : `${met(best.largestRss < RSS_LIMIT_MB * 1024 * 1024)} (largest process ${MB(best.largestRss)} vs < ${RSS_LIMIT_MB} MB)`}, ` +
      `non-200 answers: ${failed}`,
  );
  if (ceiling.postgresMs !== null && best.cpuMs !== null) {
    // Not a goal: a way to compare runs on machines (or hours) of different speed.
    console.log(
      `service CPU per transition against this machine's yardstick: ${(best.cpuMs / ceiling.postgresMs).toFixed(2)} × PostgreSQL's CPU per pgbench transaction (${best.cpuMs.toFixed(2)} ms vs ${ceiling.postgresMs.toFixed(2)} ms)`,
    );
  }
  console.log(
    `RESULT transitions: ${best.full.perSecond.toFixed(1)} transitions/s (baseline ${ceiling.tps.toFixed(1)} tps, target ${goal.toFixed(1)} transitions/s)`,
  );
}

killChildrenOnExit();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
main().then(
  // Exit explicitly: nothing left open (a pool, a timer) may keep the benchmark running.
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench transitions failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
