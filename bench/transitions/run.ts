import { cpus } from 'node:os';
import { cpuDuring } from './cpu';
import { describeServer, sessionsOpened, vacuumAnalyze } from './database';
import { closedLoop, openLoop, SLOW_MS, Target, type PhaseResult } from './load';
import { measureCeiling } from './pgbench';
import { killChildrenOnExit, startService, type RunningService } from './service';
import { prepareCases } from './setup';

/**
 * Lifecycle transitions per second of the real service on the real PostgreSQL, beside the ceiling
 * pgbench reaches on the same machine with the same writes. See bench/README.md.
 */
const CLIENTS = 16;
const POOL_MAX = 20;
/** Share of the pgbench ceiling the service must reach. */
const TARGET_SHARE = 0.2;
const P99_LIMIT_MS = 100;

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number of seconds, got "${raw}".`);
  return value;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const latencies = (r: PhaseResult) => `p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)} (max ${ms(r.max)})`;

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('Set DATABASE_URL to the PostgreSQL server to measure, e.g. postgres://postgres@127.0.0.1:5432/jixiao_bench');
  }
  const seconds = positiveNumber('BENCH_SECONDS', 30);
  // Long enough for the JIT and the connection pool to settle; not counted.
  const warmUp = positiveNumber('BENCH_WARMUP_SECONDS', Math.min(5, Math.max(1, seconds / 6)));

  const server = await describeServer(databaseUrl);
  console.log(
    `bench transitions: ${CLIENTS} clients, ${seconds} s per phase, service pool ${POOL_MAX}, ` +
      `PostgreSQL ${server.version} (autovacuum ${server.autovacuum ? 'on' : 'off'}; the bench vacuums before each phase), ` +
      `${cpus().length} CPUs shared by the service, the database and this client`,
  );
  const service: RunningService = await startService(databaseUrl, { poolMax: POOL_MAX });
  const target = new Target(service.port);
  try {
    await measure(databaseUrl, service, target, seconds, warmUp);
  } catch (error) {
    // A refused connection says little; the service's own last words usually say why. Its exit
    // may be reported a moment after the failed request, hence the short wait.
    const exit = await service.ended(1000);
    throw exit ? new Error(`${error instanceof Error ? error.message : String(error)}\n${exit}`) : error;
  } finally {
    target.close();
    await service.stop();
  }
}

async function measure(databaseUrl: string, service: RunningService, target: Target, seconds: number, warmUp: number): Promise<void> {
  const setupStarted = Date.now();
  const world = await prepareCases(databaseUrl, `http://127.0.0.1:${service.port}`, CLIENTS);
  console.log(`setup: service on 127.0.0.1:${service.port}, ${world.cases.length} cases driven to submitted in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

  const cpu = (phaseSeconds: number) => cpuDuring(service.pid, phaseSeconds, cpus().length);
  const printCpu = (text: string | null) => {
    if (text) console.log(`  cpu: ${text}`);
  };

  // The ceiling first, on the same cases, while the service sits idle.
  await vacuumAnalyze(databaseUrl);
  const ceilingCpu = cpu(seconds);
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
  printCpu(await ceilingCpu);

  await vacuumAnalyze(databaseUrl);
  await closedLoop(target, world.cases, warmUp);
  const fullCpu = cpu(seconds);
  const full = await closedLoop(target, world.cases, seconds);
  console.log(
    `full load (${CLIENTS} clients, closed loop, ${full.seconds.toFixed(1)} s): ${full.perSecond.toFixed(1)} transitions/s, ` +
      `${full.ok} accepted, ${full.failed} not 200; latency ${latencies(full)}`,
  );
  printCpu(await fullCpu);

  const rate = full.perSecond / 2;
  await vacuumAnalyze(databaseUrl);
  const sessionsBefore = await sessionsOpened(databaseUrl);
  const halfCpu = cpu(seconds);
  const half = await openLoop(target, world.cases, rate, seconds);
  const sessionsAfter = await sessionsOpened(databaseUrl);
  const p99Ok = half.p99 < P99_LIMIT_MS;
  console.log(
    `half load (open loop at ${rate.toFixed(1)}/s, ${half.seconds.toFixed(1)} s): ${half.perSecond.toFixed(1)} transitions/s, ` +
      `${half.ok} accepted, ${half.failed} not 200, ${half.waitedForCase} waited for an idle case; latency from due time ${latencies(half)}; ` +
      `p99 < ${P99_LIMIT_MS} ms: ${p99Ok ? 'yes' : 'NO'}`,
  );
  printCpu(await halfCpu);
  if (half.stalls.length > 0) {
    const shown = half.stalls.slice(0, 8).map((s) => `${s.count} at ${s.atSeconds.toFixed(1)} s`);
    console.log(`  answers over ${SLOW_MS} ms, by second of the phase: ${shown.join(', ')}${half.stalls.length > 8 ? ', ...' : ''}`);
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

  const goal = TARGET_SHARE * ceiling.tps;
  console.log(
    `verdict: throughput ${full.perSecond >= goal ? 'MET' : 'MISSED'} (${full.perSecond.toFixed(1)} vs ${goal.toFixed(1)} transitions/s), ` +
      `p99 at half load ${p99Ok ? 'MET' : 'MISSED'} (${ms(half.p99)} vs ${P99_LIMIT_MS} ms), non-200 answers: ${full.failed + half.failed}`,
  );
  console.log(
    `RESULT transitions: ${full.perSecond.toFixed(1)} transitions/s (baseline ${ceiling.tps.toFixed(1)} tps, target ${goal.toFixed(1)} transitions/s)`,
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
