import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@jixiao/config';
import { AuthService, CaseEvents, type EventCommand, type SessionCheck } from '@jixiao/evaluation';
import { migrate } from '@jixiao/persistence';
import { createApp } from '../../apps/api/src/create-app';
import { BENCH_HISTORY_KEY } from '../history-key';
import { CYCLE } from './load';
import { prepareCases } from './setup';

/**
 * The lifecycle event path without HTTP: the use case (`CaseEvents.send`) driven round the bench's
 * cycle on one case, in this process, on the PostgreSQL that DATABASE_URL names (migrated here).
 * Prints the process's CPU per event type (user + system, which includes the pg driver's parsing
 * and the journal's hashing but no Express, no validation and no serialisation of the answer).
 * With BENCH_PROFILE=<file.cpuprofile> it also writes a V8 profile of the counted rounds alone (no
 * set-up, no warm-up), for `profile-summary.js`.
 *
 *   npx swc bench test/support apps libs -d dist -q --ignore "apps/web/**" && \
 *     DATABASE_URL=postgres://postgres@127.0.0.1:5432/jixiao_bench node dist/bench/transitions/event-path.js
 */
async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('Set DATABASE_URL to a PostgreSQL database this script may write to.');
  const rounds = Number(process.env.BENCH_ROUNDS ?? 400);
  const warmUp = Number(process.env.BENCH_WARMUP_ROUNDS ?? 100);
  await migrate({ url: databaseUrl, poolMax: 1 });
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', HISTORY_KEY: BENCH_HISTORY_KEY, API_MAX_REQUESTS_PER_MINUTE: '1000000' });
  const app = await createApp(config, { url: databaseUrl, poolMax: 4 });
  await app.listen(0, '127.0.0.1');
  try {
    const port = (app.getHttpServer().address() as { port: number }).port;
    const world = await prepareCases(databaseUrl, `http://127.0.0.1:${port}`, 1);
    const c = world.cases[0]!;
    const events = app.get(CaseEvents);
    const auth = app.get(AuthService);
    // As the api sends it: the session is looked up in the event's read.
    const check = (token: string): SessionCheck => {
      const query = auth.sessionQuery(token);
      return { query, admit: async (found) => auth.admit(found, query) };
    };
    const cpu = new Map<string, number[]>(CYCLE.map((e) => [e.type, []]));
    const system = new Map<string, number[]>(CYCLE.map((e) => [e.type, []]));
    const wall = new Map<string, number[]>(CYCLE.map((e) => [e.type, []]));
    const profile = process.env.BENCH_PROFILE;
    const inspector = profile ? new Session() : null;
    for (let round = 0; round < warmUp + rounds; round += 1) {
      if (round === warmUp && inspector) {
        inspector.connect();
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
      }
      for (const event of CYCLE) {
        const command = JSON.parse(event.body) as EventCommand;
        const started = process.cpuUsage();
        const at = performance.now();
        await events.send(check(c.tokens[event.actor]), c.id, command, null);
        const used = process.cpuUsage(started);
        if (round < warmUp) continue;
        cpu.get(event.type)!.push((used.user + used.system) / 1000);
        system.get(event.type)!.push(used.system / 1000);
        wall.get(event.type)!.push(performance.now() - at);
      }
    }
    if (inspector) {
      const { profile: written } = await inspector.post('Profiler.stop');
      writeFileSync(profile!, JSON.stringify(written));
      inspector.disconnect();
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    console.log(`event path in process: ${rounds} rounds after ${warmUp} not counted; CPU of this process per event (ms)`);
    for (const { type } of CYCLE) {
      console.log(`  ${type.padEnd(15)} cpu ${mean(cpu.get(type)!).toFixed(3)} ms (system ${mean(system.get(type)!).toFixed(3)} ms)   wall ${mean(wall.get(type)!).toFixed(3)} ms`);
    }
    console.log(`  ${'mean'.padEnd(15)} cpu ${mean(CYCLE.map((e) => mean(cpu.get(e.type)!))).toFixed(3)} ms`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
