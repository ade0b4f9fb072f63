import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MailOutboxStore, Transactor, type OutboxRow } from '@jixiao/persistence';
import { CapturingSmtpServer, newOutboxRow, shanghai } from '../support/mail';
import { itOnRealServer, startTestApp, testDatabase, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';
import { TEST_HISTORY_KEY } from '../support/history-key';

/**
 * The compiled worker as a process (`node dist/apps/worker/src/main.js`), killed on purpose before
 * and after a send and started again, and two of them at once. Rows are written straight to the
 * outbox; each test's workers deliver only its own world's people's mail, on a clock set to a
 * working Wednesday morning.
 */
const ROOT = resolve(__dirname, '../..');
const CLOCK_START = shanghai('2025-03-12 10:00');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

describe('the worker process', () => {
  let t: TestApp;
  let smtp: CapturingSmtpServer;
  let build: string;
  let world: World;
  const running = new Set<ChildProcess>();

  function startWorker(env: Record<string, string> = {}): { child: ChildProcess; exited: Promise<Exit> } {
    const child = spawn(process.execPath, [join(build, 'apps/worker/src/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_PATH: join(ROOT, 'node_modules'),
        NODE_ENV: 'test',
        DATABASE_URL: testDatabase().url,
        HISTORY_KEY: TEST_HISTORY_KEY,
        DATABASE_POOL_MAX: '3',
        SMTP_URL: smtp.url,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        WORKER_POLL_INTERVAL_MS: '100',
        MAIL_LEASE_SECONDS: '2',
        MAIL_BATCH_SIZE: '5',
        JIXIAO_TEST_CLOCK_START: CLOCK_START.toISOString(),
        JIXIAO_WORKER_ONLY_ORGANISATIONS: world.units[0]!.id,
        ...env,
      },
      stdio: ['ignore', 'ignore', process.env.TEST_LOG_LEVEL ? 'inherit' : 'ignore'],
    });
    running.add(child);
    const exited = new Promise<Exit>((done) =>
      child.once('exit', (code, signal) => {
        running.delete(child);
        done({ code, signal });
      }),
    );
    return { child, exited };
  }

  const rows = (ids: readonly string[]) =>
    Promise.all(ids.map((id) => t.app.get(MailOutboxStore).find(t.app.get(Transactor).manager, id))) as Promise<OutboxRow[]>;

  async function until(condition: () => Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
    const deadline = performance.now() + limitMs;
    while (!(await condition())) {
      if (performance.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function outboxRows(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      ids.push(await newOutboxRow(t.app, { recipientId: world.units[0]!.member.id, sendAfter: new Date(CLOCK_START.getTime() - (count - i) * 1000) }));
    }
    return ids;
  }

  async function stop(worker: { child: ChildProcess; exited: Promise<Exit> }): Promise<Exit> {
    worker.child.kill('SIGTERM');
    return worker.exited;
  }

  beforeAll(async () => {
    if (!testDatabase().realServer) return;
    build = mkdtempSync(join(tmpdir(), 'jixiao-worker-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', build, '-q'], { cwd: ROOT, stdio: 'ignore' });
    smtp = await new CapturingSmtpServer().start();
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    if (!testDatabase().realServer) return;
    await t.close();
    await smtp.stop();
    rmSync(build, { recursive: true, force: true });
  });
  beforeEach(async () => {
    if (testDatabase().realServer) world = await newWorld(t.app);
  });

  itOnRealServer(
    'loses nothing when killed before a send: the restarted worker sends every row once',
    async () => {
      const ids = await outboxRows(3);
      const crashed = startWorker({ JIXIAO_WORKER_CRASH_AT: 'before-send' });
      expect(await crashed.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(ids.flatMap((id) => smtp.withId(`<outbox.${id}@jixiao>`))).toHaveLength(0);
      expect((await rows(ids)).filter((r) => r.status === 'sending')).not.toHaveLength(0);

      const worker = startWorker();
      await until(async () => (await rows(ids)).every((r) => r.status === 'sent'), 'every row sent');
      expect(await stop(worker)).toEqual({ code: 0, signal: null });
      for (const id of ids) expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(1);
    },
    40_000,
  );

  itOnRealServer(
    'resends under the same Message-ID when killed after a send and before marking it',
    async () => {
      const ids = await outboxRows(3);
      const crashed = startWorker({ JIXIAO_WORKER_CRASH_AT: 'after-send' });
      expect(await crashed.exited).toEqual({ code: null, signal: 'SIGKILL' });
      // One message went out and its row was never marked.
      const sentBeforeCrash = ids.filter((id) => smtp.withId(`<outbox.${id}@jixiao>`).length > 0);
      expect(sentBeforeCrash).toHaveLength(1);
      const interrupted = (await rows(sentBeforeCrash))[0]!;
      expect(interrupted.status).toBe('sending');

      const worker = startWorker();
      await until(async () => (await rows(ids)).every((r) => r.status === 'sent'), 'every row sent');
      expect(await stop(worker)).toEqual({ code: 0, signal: null });
      // Once per row by Message-ID; the interrupted row's copy carries the same id as the first.
      const received = ids.flatMap((id) => smtp.withId(`<outbox.${id}@jixiao>`));
      expect(new Set(received.map((m) => m.messageId)).size).toBe(ids.length);
      for (const id of ids) expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(id === interrupted.id ? 2 : 1);
      expect((await rows([interrupted.id]))[0]).toMatchObject({ status: 'sent', attempts: 2, messageId: `<outbox.${interrupted.id}@jixiao>` });
    },
    40_000,
  );

  itOnRealServer(
    'two workers at once send each row exactly once',
    async () => {
      const ids = await outboxRows(24);
      const workers = [startWorker(), startWorker()];
      await until(async () => (await rows(ids)).every((r) => r.status === 'sent'), 'every row sent');
      for (const worker of workers) expect(await stop(worker)).toEqual({ code: 0, signal: null });
      for (const id of ids) expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(1);
      expect((await rows(ids)).every((r) => r.attempts === 1)).toBe(true);
    },
    40_000,
  );

  itOnRealServer(
    'serves its metrics on its own loopback listener, and on SIGTERM finishes its claimed mails: none left claimed, none sent twice',
    async () => {
      const ids = await outboxRows(20);
      const port = await freePort();
      // Slow sends, so that SIGTERM comes while a round holds claimed rows.
      smtp.delayMs = 150;
      const worker = startWorker({ WORKER_METRICS_PORT: String(port), MAIL_LEASE_SECONDS: '60' });
      try {
        await until(async () => (await rows(ids)).some((r) => r.status === 'sent'), 'a first row sent');
        const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
        expect(scraped.status).toBe(200);
        const text = await scraped.text();
        expect(text).toMatch(/\njixiao_mail_outbox_depth \d+\n/);
        expect(text).toContain('nodejs_eventloop_lag_seconds');
        expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);

        expect(await stop(worker)).toEqual({ code: 0, signal: null });
      } finally {
        smtp.delayMs = 0;
      }
      const afterStop = await rows(ids);
      expect(afterStop.filter((r) => r.status === 'sending')).toEqual([]);

      // What the stopped worker had not claimed yet, another delivers.
      if (afterStop.some((r) => r.status !== 'sent')) {
        const again = startWorker();
        await until(async () => (await rows(ids)).every((r) => r.status === 'sent'), 'every row sent');
        expect(await stop(again)).toEqual({ code: 0, signal: null });
      }
      for (const id of ids) expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(1);
    },
    40_000,
  );
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}
