import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@jixiao/config';
import { DueItemsService, HistoryVerifier, ReminderSweep } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { createApp } from '../../apps/api/src/create-app';
import { ApiClient, intoReview, issueCampaign } from '../support/api-client';
import { TestClock } from '../support/clock';
import { freshDatabase, type FreshDatabase } from '../support/fresh-database';
import { TEST_HISTORY_KEY } from '../support/history-key';
import { CapturingSmtpServer } from '../support/mail';
import { shanghai } from '../support/reminders';
import { itOnRealServer, testDatabase } from '../support/test-app';
import { newWorld, type World, type WorldUser } from '../support/world';

/**
 * Two machines behind a balancer: two api processes (one each, API_PROCESSES=1) and two worker
 * processes on one PostgreSQL database of this suite's own. Clients send lifecycle events to both
 * apis with Idempotency-Keys; one api is killed (SIGKILL) mid-run and the clients retry the same
 * key on the other. Nothing accepted may be lost or doubled, no case half-written, and every
 * reminder that falls due is mailed once.
 *
 * The apis' clock starts on Thursday 2024-02-01 10:00 (the submission deadline is 02-29); the
 * workers' on Friday 2024-03-01 10:00, a working morning after the sweeps below, so that every
 * reminder they write is due.
 */
const ROOT = resolve(__dirname, '../..');
const API_CLOCK = shanghai('2024-02-01', '10:00');
const WORKER_CLOCK = shanghai('2024-03-01', '10:00');
const DEADLINES = { submissionDeadline: '2024-02-29', publicationDeadline: '2024-03-15' };
const UNITS = 3;
/** Withdrawals and review requests per case and client. */
const ROUNDS = 5;
/** The first api is killed once this many events were accepted. */
const KILL_AFTER = 10;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** An event a client saw accepted, with the version its answer gave the case. */
interface Accepted {
  key: string;
  caseId: string;
  type: string;
  actorId: string;
  version: number;
}

describe('two api processes and two workers on one database', () => {
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

  function startApi(): Started {
    return start('apps/api/src/main.js', {
      PORT: '0',
      API_PROCESSES: '1',
      DEMO_DATA: 'false',
      WORKER_IN_PROCESS: 'false',
      JIXIAO_TEST_CLOCK_START: API_CLOCK.toISOString(),
    });
  }

  function startWorker(): Started {
    return start('apps/worker/src/main.js', {
      WORKER_POLL_INTERVAL_MS: '100',
      MAIL_BATCH_SIZE: '5',
      JIXIAO_TEST_CLOCK_START: WORKER_CLOCK.toISOString(),
    });
  }

  async function baseOf(api: Started): Promise<string> {
    const deadline = performance.now() + 60_000;
    for (;;) {
      const match = /Jixiao is ready in [\d.]+ s at http:\/\/localhost:(\d+)\/api/.exec(api.output());
      if (match) return `http://127.0.0.1:${match[1]}`;
      if (api.child.exitCode !== null || performance.now() > deadline) throw new Error(`The api did not start: ${api.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** How a process ended, with what it wrote when that was not a clean exit. */
  async function stopped(started: Started): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
    const exit = await started.exited;
    return { ...exit, output: exit.code === 0 ? '' : started.output() };
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
    build = mkdtempSync(join(tmpdir(), 'jixiao-scale-out-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', build, '-q', '--ignore', 'apps/web/**'], { cwd: ROOT, stdio: 'ignore' });
    db = await freshDatabase('scale_out');
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
    'loses and doubles nothing when one api is killed mid-run, and mails every due reminder once',
    async () => {
      const apis = [startApi(), startApi()];
      const workers = [startWorker(), startWorker()];
      const bases = await Promise.all(apis.map((api) => baseOf(api)));

      // Every case taken to internal review through the second api, which stays up.
      const setup = new ApiClient(bases[1]!);
      const { campaignId, caseIds: byUnit } = await issueCampaign(setup, world.bureau.officer, world.units.map((u) => u.id), DEADLINES);
      const cases = world.units.map((unit) => ({ unit, caseId: byUnit.get(unit.id)! }));
      for (const { unit, caseId } of cases) await intoReview(setup, unit, caseId);
      const caseIds = cases.map((c) => c.caseId);
      const baseline = new Map(
        (await query<{ id: string; version: number }>('SELECT id, version FROM evaluation_cases WHERE id = ANY($1)', [caseIds])).map((c) => [c.id, c.version]),
      );

      const accepted: Accepted[] = [];
      let refused = 0;
      let retried = 0;
      let killed: Promise<unknown> | null = null;
      const tokens = new Map<string, string>();
      for (const { unit } of cases) for (const user of [unit.compiler]) tokens.set(user.id, await setup.token(user));

      /** Sends one event until some api answers it, the same key on every attempt; answers its status. */
      const send = async (user: WorldUser, caseId: string, type: string, first: number): Promise<number> => {
        const key = randomUUID();
        for (let attempt = 0; ; attempt += 1) {
          const base = bases[(first + attempt) % bases.length]!;
          let status: number;
          let body: { case?: { version: number } };
          try {
            const response = await fetch(`${base}/api/cases/${caseId}/events`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens.get(user.id)}`, 'Idempotency-Key': key },
              body: JSON.stringify({ type }),
            });
            status = response.status;
            body = (await response.json()) as typeof body;
          } catch {
            // The api died with the request in flight, or is gone: the same key on the other one.
            retried += 1;
            if (attempt > 20) throw new Error(`${type} on ${caseId} never answered`);
            continue;
          }
          if (status >= 500) throw new Error(`${type} on ${caseId} → ${status} ${JSON.stringify(body)}`);
          if (status === 200) {
            accepted.push({ key, caseId, type, actorId: user.id, version: body.case!.version });
            if (accepted.length === KILL_AFTER) {
              apis[0]!.child.kill('SIGKILL');
              killed = apis[0]!.exited;
            }
          } else {
            refused += 1;
          }
          return status;
        }
      };

      // Two clients per case (the compiler on two devices) withdraw and request review in turn, each
      // starting at another api: they race, so some sends are refused (409, 422).
      await Promise.all(
        cases.flatMap(({ unit, caseId }, index) =>
          [0, 1].map(async (device) => {
            for (let round = 0; round < ROUNDS; round += 1) {
              await send(unit.compiler, caseId, 'WITHDRAW_REVIEW', index + device + round);
              await send(unit.compiler, caseId, 'REQUEST_REVIEW', index + device + round + 1);
            }
          }),
        ),
      );
      expect(killed).not.toBeNull();
      expect(await killed).toEqual({ code: null, signal: 'SIGKILL' });
      apis[1]!.child.kill('SIGTERM');
      expect(await stopped(apis[1]!)).toEqual({ code: 0, signal: null, output: '' });

      // Every accepted event once in the history, and nothing else after the baseline.
      expect(new Set(accepted.map((a) => `${a.caseId}:${a.version}`)).size).toBe(accepted.length);
      const history = await query<{ case_id: string; seq: number; event: string; actor_id: string }>(
        'SELECT case_id, seq, event, actor_id FROM case_history WHERE case_id = ANY($1) ORDER BY case_id, seq',
        [caseIds],
      );
      const written = history.filter((h) => h.seq > baseline.get(h.case_id)!).map((h) => `${h.case_id}:${h.seq}:${h.event}:${h.actor_id}`);
      expect(written.sort()).toEqual(accepted.map((a) => `${a.caseId}:${a.version}:${a.type}:${a.actorId}`).sort());
      expect(accepted.length).toBeGreaterThan(KILL_AFTER);
      // Every send was answered, accepted or refused (a 409 or 422 from the race between the clients of one case).
      expect(accepted.length + refused).toBe(UNITS * ROUNDS * 4);
      // Some sends went to the killed api and were answered by the other.
      expect(retried).toBeGreaterThan(0);

      // No case half-written: its version is its last history record, every link verifies, its due
      // items are what it derives, and no key was claimed without its answer.
      const shapes = await query<{ id: string; version: number; last: number; records: number }>(
        `SELECT c.id, c.version, max(h.seq)::int AS last, count(h.*)::int AS records
           FROM evaluation_cases c JOIN case_history h ON h.case_id = c.id WHERE c.id = ANY($1) GROUP BY c.id, c.version`,
        [caseIds],
      );
      for (const shape of shapes) expect(shape).toEqual({ id: shape.id, version: shape.last, last: shape.last, records: shape.last });
      for (const caseId of caseIds) {
        expect(await app.get(HistoryVerifier).verify(caseId)).toEqual([expect.objectContaining({ caseId, valid: true, authenticated: true })]);
        const changes = await app.get(Transactor).run((tx) => app.get(DueItemsService).refresh(tx, [caseId]));
        expect(changes).toEqual({ opened: 0, closed: 0, moved: 0, cancelled: 0 });
      }
      expect(await query('SELECT key FROM idempotency_keys WHERE status_code IS NULL OR response IS NULL')).toEqual([]);

      // The reminders fall due: three working days before the deadline, and the day after it.
      const sweep = app.get(ReminderSweep);
      for (const day of ['2024-02-26', '2024-03-01']) await sweep.run(shanghai(day, '07:00'), { campaignId });
      const reminders = await query<{ n: number }>(`SELECT count(*)::int AS n FROM mail_outbox WHERE kind IN ('reminder', 'overdue', 'escalation')`);
      expect(reminders[0]!.n).toBeGreaterThan(0);
      await until(
        async () => (await query(`SELECT id FROM mail_outbox WHERE status IN ('pending', 'sending') AND send_after <= $1`, [WORKER_CLOCK])).length === 0,
        'every due mail delivered',
      );
      for (const worker of workers) {
        worker.child.kill('SIGTERM');
        expect(await stopped(worker)).toEqual({ code: 0, signal: null, output: '' });
      }
      const rows = await query<{ id: string; kind: string; status: string }>('SELECT id, kind, status FROM mail_outbox');
      // Cancelled rows (a due item closed by a withdrawal) and rows folded into a digest are mailed as nothing or as the digest.
      expect(rows.filter((r) => !['sent', 'cancelled', 'digested'].includes(r.status))).toEqual([]);
      const sent = rows.filter((r) => r.status === 'sent');
      expect(sent.filter((r) => ['reminder', 'overdue', 'escalation'].includes(r.kind)).length).toBeGreaterThan(0);
      for (const row of sent) expect([row.kind, smtp.withId(`<outbox.${row.id}@jixiao>`).length]).toEqual([row.kind, 1]);
      expect(smtp.messages).toHaveLength(sent.length);
    },
    90_000,
  );
});
