import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@jixiao/config';
import { HistoryVerifier } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { createApp } from '../../apps/api/src/create-app';
import { ApiClient, intoReview, issueCampaign } from '../support/api-client';
import { TestClock } from '../support/clock';
import { freshDatabase, type FreshDatabase } from '../support/fresh-database';
import { TEST_HISTORY_KEY } from '../support/history-key';
import { CapturingSmtpServer, newOutboxRow } from '../support/mail';
import { shanghai } from '../support/reminders';
import { itOnRealServer, testDatabase } from '../support/test-app';
import { newWorld, type World } from '../support/world';

/**
 * SIGTERM to the built api (one process, its mail worker inside) while clients keep sending
 * lifecycle events over keep-alive connections. Every request must be answered (200) or refused
 * cleanly (503, or no connection), nothing half-written, and no mail lost or sent twice. The clock of
 * the api and of the worker started afterwards is a working morning before the deadline.
 */
const ROOT = resolve(__dirname, '../..');
const CLOCK = shanghai('2024-02-01', '10:00');
const DEADLINES = { submissionDeadline: '2024-02-29', publicationDeadline: '2024-03-15' };
const UNITS = 4;
/** SIGTERM once this many events were accepted. */
const STOP_AFTER = 12;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** One send as the client saw it: an answer's status, or the network error code when none came. */
interface Sent {
  key: string;
  caseId: string;
  type: string;
  status: number | null;
  error: string | null;
  version: number | null;
}

describe('a SIGTERM under load', () => {
  let build: string;
  let db: FreshDatabase;
  let smtp: CapturingSmtpServer;
  let app: INestApplication;
  let world: World;
  const running = new Set<ChildProcess>();

  function start(main: string, env: Record<string, string>): Started {
    const child = spawn(process.execPath, [join(build, main)], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: join(ROOT, 'node_modules'),
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        HISTORY_KEY: TEST_HISTORY_KEY,
        DATABASE_POOL_MAX: '4',
        SMTP_URL: smtp.url,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
        JIXIAO_TEST_CLOCK_START: CLOCK.toISOString(),
        WORKER_POLL_INTERVAL_MS: '100',
        MAIL_BATCH_SIZE: '5',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => {
        running.delete(child);
        done({ code, signal });
      }),
    );
    return { child, output: () => out, exited };
  }

  async function portOf(api: Started): Promise<number> {
    const deadline = performance.now() + 60_000;
    for (;;) {
      const match = /Jixiao is ready in [\d.]+ s at http:\/\/localhost:(\d+)\/api/.exec(api.output());
      if (match) return Number(match[1]);
      if (api.child.exitCode !== null || performance.now() > deadline) throw new Error(`The api did not start: ${api.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function until(condition: () => Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
    const deadline = performance.now() + limitMs;
    while (!(await condition())) {
      if (performance.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const query = <T>(sql: string, parameters: unknown[] = []): Promise<T[]> => app.get(Transactor).manager.query(sql, parameters);

  beforeAll(async () => {
    if (!testDatabase().realServer) return;
    build = mkdtempSync(join(tmpdir(), 'jixiao-shutdown-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', build, '-q', '--ignore', 'apps/web/**'], { cwd: ROOT, stdio: 'ignore' });
    db = await freshDatabase('graceful_shutdown');
    smtp = await new CapturingSmtpServer().start();
    const config = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DEMO_DATA: 'false', HISTORY_KEY: TEST_HISTORY_KEY });
    app = await createApp(config, { url: db.url, poolMax: 4 }, { clock: new TestClock() });
    await app.init();
    world = await newWorld(app, { unitCount: UNITS });
  }, 60_000);
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    if (!testDatabase().realServer) return;
    await app?.close();
    await smtp?.stop();
    await db?.drop();
    rmSync(build, { recursive: true, force: true });
  });

  itOnRealServer(
    'answers or cleanly refuses every request, half-writes nothing and loses or doubles no mail',
    async () => {
      const api = start('apps/api/src/main.js', { PORT: '0', API_PROCESSES: '1', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'true', SHUTDOWN_GRACE_MS: '20000' });
      const port = await portOf(api);
      const setup = new ApiClient(`http://127.0.0.1:${port}`);
      const { caseIds: byUnit } = await issueCampaign(setup, world.bureau.officer, world.units.map((u) => u.id), DEADLINES);
      const cases = world.units.map((unit) => ({ unit, caseId: byUnit.get(unit.id)! }));
      for (const { unit, caseId } of cases) await intoReview(setup, unit, caseId);
      const caseIds = cases.map((c) => c.caseId);
      const baseline = new Map((await query<{ id: string; version: number }>('SELECT id, version FROM evaluation_cases WHERE id = ANY($1)', [caseIds])).map((c) => [c.id, c.version]));
      const tokens = new Map<string, string>();
      for (const { unit } of cases) tokens.set(unit.compiler.id, await setup.token(unit.compiler));

      // Mail waiting for the api's worker, answered slowly by the relay, so that SIGTERM finds a round under way.
      const mailIds: string[] = [];
      for (let i = 0; i < 15; i += 1) mailIds.push(await newOutboxRow(app, { recipientId: world.units[i % UNITS]!.member.id, sendAfter: new Date(CLOCK.getTime() - (15 - i) * 1000) }));
      smtp.delayMs = 100;

      const agent = new Agent({ keepAlive: true, maxSockets: UNITS });
      const sent: Sent[] = [];
      let accepted = 0;
      let stopped: Promise<unknown> | null = null;
      const send = (token: string, caseId: string, type: string): Promise<Sent> =>
        new Promise((done) => {
          const key = randomUUID();
          const body = JSON.stringify({ type });
          const outgoing = request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: `/api/cases/${caseId}/events`,
              agent,
              headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${token}`, 'Idempotency-Key': key },
            },
            (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
              response.on('end', () => {
                const version = response.statusCode === 200 ? (JSON.parse(text) as { case: { version: number } }).case.version : null;
                done({ key, caseId, type, status: response.statusCode ?? null, error: null, version });
              });
              response.on('error', (error: NodeJS.ErrnoException) => done({ key, caseId, type, status: null, error: error.code ?? error.message, version: null }));
            },
          );
          outgoing.on('error', (error: NodeJS.ErrnoException) => done({ key, caseId, type, status: null, error: error.code ?? error.message, version: null }));
          outgoing.end(body);
        });

      // One client per case withdraws and requests review in turn until the api stops answering.
      await Promise.all(
        cases.map(async ({ unit, caseId }) => {
          const types = ['WITHDRAW_REVIEW', 'REQUEST_REVIEW'];
          for (let i = 0; ; i += 1) {
            const result = await send(tokens.get(unit.compiler.id)!, caseId, types[i % 2]!);
            sent.push(result);
            if (result.status !== 200) return;
            accepted += 1;
            if (accepted === STOP_AFTER) {
              api.child.kill('SIGTERM');
              stopped = api.exited;
            }
          }
        }),
      );
      agent.destroy();
      smtp.delayMs = 0;
      expect(stopped).not.toBeNull();
      expect({ exit: await api.exited, output: (await api.exited).code === 0 ? '' : api.output() }).toEqual({ exit: { code: 0, signal: null }, output: '' });

      // Every send answered 200, or refused cleanly: a 503 or a connection the api never took.
      const unanswered = sent.filter((s) => s.status !== 200 && s.status !== 503);
      for (const s of unanswered) expect(s.error).not.toBeNull();
      // A send without an answer left no trace: nothing was written that its client was not told of.
      const traced = await query<{ key: string }>('SELECT key FROM idempotency_keys WHERE key = ANY($1)', [unanswered.map((s) => s.key)]);
      expect(traced).toEqual([]);
      expect(await query('SELECT key FROM idempotency_keys WHERE status_code IS NULL OR response IS NULL')).toEqual([]);

      // The history holds exactly the accepted events, every case whole and every link valid.
      const ok = sent.filter((s) => s.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(STOP_AFTER);
      const history = await query<{ case_id: string; seq: number; event: string }>('SELECT case_id, seq, event FROM case_history WHERE case_id = ANY($1) ORDER BY case_id, seq', [caseIds]);
      const written = history.filter((h) => h.seq > baseline.get(h.case_id)!).map((h) => `${h.case_id}:${h.seq}:${h.event}`);
      expect(written.sort()).toEqual(ok.map((s) => `${s.caseId}:${s.version}:${s.type}`).sort());
      const shapes = await query<{ id: string; version: number; last: number }>(
        'SELECT c.id, c.version, max(h.seq)::int AS last FROM evaluation_cases c JOIN case_history h ON h.case_id = c.id WHERE c.id = ANY($1) GROUP BY c.id, c.version',
        [caseIds],
      );
      for (const shape of shapes) expect(shape.version).toBe(shape.last);
      for (const caseId of caseIds) {
        expect(await app.get(HistoryVerifier).verify(caseId)).toEqual([expect.objectContaining({ caseId, valid: true, authenticated: true })]);
      }

      // The api's mail worker left no mail claimed; a worker started now delivers the rest, each once.
      expect(await query(`SELECT id FROM mail_outbox WHERE status = 'sending'`)).toEqual([]);
      const worker = start('apps/worker/src/main.js', {});
      await until(async () => worker.output().includes('is running'), 'the worker started');
      await until(async () => (await query(`SELECT id FROM mail_outbox WHERE status IN ('pending', 'sending') AND send_after <= $1`, [CLOCK])).length === 0, 'every due mail delivered');
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      const rows = await query<{ id: string; status: string }>(`SELECT id, status FROM mail_outbox WHERE send_after <= $1`, [CLOCK]);
      const delivered = rows.filter((r) => r.status === 'sent');
      expect(delivered.map((r) => r.id)).toEqual(expect.arrayContaining(mailIds));
      for (const row of delivered) expect([row.id, smtp.withId(`<outbox.${row.id}@jixiao>`).length]).toEqual([row.id, 1]);
      expect(smtp.messages).toHaveLength(delivered.length);
    },
    120_000,
  );

  itOnRealServer(
    'with SHUTDOWN_DRAIN_MS, keeps answering new connections while not ready, then stops taking them',
    async () => {
      const api = start('apps/api/src/main.js', { PORT: '0', API_PROCESSES: '1', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false', SHUTDOWN_DRAIN_MS: '5000' });
      const port = await portOf(api);
      const url = `http://127.0.0.1:${port}`;
      const token = await new ApiClient(url).token(world.units[0]!.compiler);
      // A new connection for every request, as a balancer's health check and a new client open them.
      const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers: { ...headers, Connection: 'close' } });
      expect((await get('/api/health/ready')).status).toBe(200);
      api.child.kill('SIGTERM');
      // Not ready from the signal on: the balancer learns it on a connection the process still takes.
      let ready = await get('/api/health/ready');
      while (ready.status === 200) ready = await get('/api/health/ready');
      expect([ready.status, ((await ready.json()) as { code: string }).code]).toEqual([503, 'SERVER.STOPPING']);
      // A person's request that reaches it meanwhile is answered.
      expect((await get('/api/cases', { Authorization: `Bearer ${token}` })).status).toBe(200);
      const exit = await api.exited;
      expect({ exit, output: exit.code === 0 ? '' : api.output() }).toEqual({ exit: { code: 0, signal: null }, output: '' });
      await expect(get('/api/health/live')).rejects.toThrow();
    },
    60_000,
  );

  itOnRealServer(
    'with several api processes on one port, answers the metrics of all of them, whichever takes the scrape',
    async () => {
      const token = 't'.repeat(40);
      const api = start('apps/api/src/main.js', { PORT: '0', API_PROCESSES: '2', DEMO_DATA: 'false', WORKER_IN_PROCESS: 'false', METRICS_TOKEN: token });
      const port = await portOf(api);
      const REQUESTS = 12;
      // A connection each, so that both processes take some.
      for (let i = 0; i < REQUESTS; i += 1) expect((await fetch(`http://127.0.0.1:${port}/api/health/live`, { headers: { Connection: 'close' } })).status).toBe(200);
      const count = async () => {
        const scraped = await fetch(`http://127.0.0.1:${port}/api/metrics`, { headers: { Authorization: `Bearer ${token}`, Connection: 'close' } });
        expect(scraped.status).toBe(200);
        const text = await scraped.text();
        // Both processes' pools (DATABASE_POOL_MAX=4 each), summed: the answer holds both processes.
        expect(text).toMatch(/jixiao_db_pool_connections\{state="max"\} 8\n/);
        const match = /jixiao_http_request_duration_seconds_count\{route="\/api\/health\/live",method="GET",status="200"\} (\d+)/.exec(text);
        return Number(match?.[1]);
      };
      expect(await count()).toBe(REQUESTS);
      expect(await count()).toBe(REQUESTS);
      api.child.kill('SIGTERM');
      const exit = await api.exited;
      expect({ exit, output: exit.code === 0 ? '' : api.output() }).toEqual({ exit: { code: 0, signal: null }, output: '' });
    },
    60_000,
  );
});
