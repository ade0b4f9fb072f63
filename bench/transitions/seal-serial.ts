import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fullScoreSheet } from '../../test/support/api-client';
import { Target } from './load';
import { killChildrenOnExit, startService } from './service';
import { prepareCases } from './setup';

/**
 * One client drives one case serially through the benchmark's cycle and prints, per event, the
 * answer's latency and the service's CPU: the whole process (every thread) and its main thread
 * (the event loop) alone, from /proc in 10 ms ticks averaged over the counted rounds. With
 * SERIAL_VARY_CONTENT=1 the compiler saves the indicator scores with a new first score after each
 * return (not counted), so that every SEAL has a new report to render. See bench/README.md.
 */
const CYCLE = [
  { actor: 'officer', type: 'RETURN', body: { type: 'RETURN', reason: '基准测试：请补充绩效指标说明' } },
  { actor: 'compiler', type: 'REQUEST_REVIEW', body: { type: 'REQUEST_REVIEW' } },
  { actor: 'leader', type: 'APPROVE', body: { type: 'APPROVE' } },
  { actor: 'sealKeeper', type: 'SEAL', body: { type: 'SEAL' } },
  { actor: 'compiler', type: 'SUBMIT', body: { type: 'SUBMIT' } },
] as const;

function ticks(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('Set DATABASE_URL to the PostgreSQL server to measure.');
  const rounds = Number(process.env.SERIAL_ROUNDS ?? 60);
  const warmUp = Number(process.env.SERIAL_WARMUP_ROUNDS ?? 10);
  const vary = process.env.SERIAL_VARY_CONTENT === '1';
  const service = await startService(databaseUrl, { poolMax: 4 });
  const target = new Target(service.port);
  try {
    const world = await prepareCases(databaseUrl, `http://127.0.0.1:${service.port}`, 1);
    const c = world.cases[0]!;
    const totals = new Map<string, { latency: number; process: number; main: number; count: number }>();
    const processStat = `/proc/${service.pid}/stat`;
    const mainStat = `/proc/${service.pid}/task/${service.pid}/stat`;
    for (let round = 0; round < rounds; round++) {
      for (const step of CYCLE) {
        const processBefore = ticks(processStat);
        const mainBefore = ticks(mainStat);
        const started = performance.now();
        const answer = await target.send('POST', `/api/cases/${c.id}/events`, c.tokens[step.actor], JSON.stringify(step.body));
        const latency = performance.now() - started;
        if (answer.status !== 200) throw new Error(`${step.type} → ${answer.status} ${answer.body.slice(0, 300)}`);
        if (round >= warmUp) {
          const total = totals.get(step.type) ?? { latency: 0, process: 0, main: 0, count: 0 };
          total.latency += latency;
          total.process += (ticks(processStat) - processBefore) * 10;
          total.main += (ticks(mainStat) - mainBefore) * 10;
          total.count += 1;
          totals.set(step.type, total);
        }
        if (vary && step.type === 'RETURN') {
          const sheet = fullScoreSheet();
          // A score the report prints, different every round: the SEAL has a new report to render.
          sheet[0] = { ...sheet[0]!, score: (Number(sheet[0]!.score) - (round + 1) / 100).toFixed(2), justification: `第 ${round} 轮：按财政局意见扣分。` };
          const saved = await target.send('PUT', `/api/cases/${c.id}/indicator-scores`, c.tokens.compiler, JSON.stringify({ input: sheet }));
          if (saved.status !== 200) throw new Error(`saving the scores → ${saved.status} ${saved.body.slice(0, 300)}`);
        }
      }
    }
    console.log(`serial: one case, ${rounds - warmUp} counted rounds after ${warmUp}, ${vary ? 'new content before every SEAL' : 'the same content every round'}`);
    for (const [type, t] of totals) {
      console.log(`  ${type.padEnd(15)} latency ${(t.latency / t.count).toFixed(1)} ms, service CPU ${(t.process / t.count).toFixed(1)} ms (main thread ${(t.main / t.count).toFixed(1)} ms)`);
    }
    const seal = totals.get('SEAL')!;
    console.log(`RESULT serial-seal: ${(seal.main / seal.count).toFixed(1)} ms main-thread CPU per SEAL (baseline 39.6 ms, target 1.5 ms)`);
  } finally {
    target.close();
    await service.stop();
  }
}

killChildrenOnExit();
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench serial failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
