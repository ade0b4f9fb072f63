import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { createDataSource } from '@jixiao/persistence';
import { freshDatabase, type FreshDatabase } from '../support/fresh-database';
import { itOnRealServer, testDatabase } from '../support/test-app';
import { TEST_HISTORY_KEY } from '../support/history-key';

/**
 * The compiled API (`node dist/apps/api/src/main.js`, what `npm start` runs) started as a process:
 * as the demo it is without NODE_ENV, and as a production start on an empty PostgreSQL database,
 * where it creates one administrator with a one-time password instead of the demo accounts.
 */
const ROOT = resolve(__dirname, '../..');
const DEMO_PASSWORD = 'Jixiao@2024';

/** The processes whose parent is `pid`, read from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface Started {
  child: ChildProcess;
  /** Everything the process wrote to stdout so far. */
  output: () => string;
  errors: () => string;
  exited: Promise<number | null>;
}

describe('the first start of the API process', () => {
  let build: string;
  const running = new Set<ChildProcess>();
  const dataDirs: string[] = [];

  function startApi(env: Record<string, string>): Started {
    const child = spawn(process.execPath, [join(build, 'apps/api/src/main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_PATH: join(ROOT, 'node_modules'), PORT: '0', LOG_LEVEL: 'warn', HISTORY_KEY: TEST_HISTORY_KEY, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = new Promise<number | null>((done) =>
      child.once('exit', (code) => {
        running.delete(child);
        done(code);
      }),
    );
    return { child, output: () => out, errors: () => err, exited };
  }

  /** Waits for the start banner (written in one piece) and answers the port it names. */
  async function ready(started: Started, limitMs = 120_000): Promise<string> {
    const deadline = performance.now() + limitMs;
    for (;;) {
      const match = /Jixiao is ready in [\d.]+ s at http:\/\/localhost:(\d+)\/api/.exec(started.output());
      if (match) return `http://127.0.0.1:${match[1]}`;
      if (started.child.exitCode !== null) throw new Error(`The API exited (${started.child.exitCode}): ${started.errors()}`);
      if (performance.now() > deadline) throw new Error(`The API did not start: ${started.output()} ${started.errors()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function stop(started: Started): Promise<void> {
    started.child.kill('SIGTERM');
    await started.exited;
  }

  function dataDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-first-start-'));
    dataDirs.push(dir);
    return dir;
  }

  beforeAll(() => {
    // Inside the checkout (under the ignored dist/), so that the embedded database's ESM-only package,
    // imported at run time, resolves from node_modules as it does for `npm start`.
    mkdirSync(join(ROOT, 'dist'), { recursive: true });
    build = mkdtempSync(join(ROOT, 'dist', 'first-start-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', build, '-q', '--ignore', 'apps/web/**'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  }, 120_000);
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(build, { recursive: true, force: true });
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('stays the demo without NODE_ENV (npm start): the embedded database with the demo accounts', async () => {
    const api = startApi({ DATA_DIR: dataDir() });
    const base = await ready(api);
    expect(api.output()).toContain('Database: embedded PGlite');
    expect(api.output()).toContain('Demo data loaded');
    expect(api.output()).toContain(`password for every demo account: ${DEMO_PASSWORD}`);
    expect(api.output()).not.toContain('one-time password');
    const signedIn = await request(base).post('/api/auth/login').send({ username: 'zzb.admin', password: DEMO_PASSWORD });
    expect(signedIn.status).toBe(200);
    const options = (await request(base).get('/api/auth/sign-in-options')).body;
    expect(options.demoAccounts).toBe(true);
    // Every demo account, by organisation, roles in Chinese: the sign-in page lists them all.
    const listed = options.demoAccountGroups.flatMap((g: { accounts: Array<{ username: string }> }) => g.accounts.map((a) => a.username));
    expect(listed).toEqual(expect.arrayContaining(['czj.officer', 'zzb.admin', 'zzb.member2', 'daj.admin', 'daj.member', 'sys.admin']));
    expect(options.demoAccountGroups[0]).toMatchObject({ organisation: '湛江市霞山区财政局', accounts: [{ username: 'czj.officer', roles: '财政局绩效科人员' }] });
    await stop(api);
  }, 180_000);

  it.each([
    ['without DATABASE_URL', {}, /DATABASE_URL.*NODE_ENV=production/],
    ['with DEMO_DATA=true', { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DEMO_DATA: 'true' }, /DEMO_DATA.*NODE_ENV=production/],
  ])('refuses a production start %s, naming the variable, and loads nothing', async (_name, env, message) => {
    const api = startApi({ NODE_ENV: 'production', DATA_DIR: dataDir(), ...env });
    expect(await api.exited).toBe(1);
    expect(api.errors()).toMatch(message);
    expect(api.output()).not.toContain(DEMO_PASSWORD);
  }, 60_000);

  describe('in production on an empty PostgreSQL database', () => {
    const name = `jixiao_first_start_${randomUUID().slice(0, 8)}`;
    let url: string;
    const admin = testDatabase().realServer ? createDataSource({ url: testDatabase().url, poolMax: 1 }) : null;
    const fresh = () => createDataSource({ url, poolMax: 1 });

    beforeAll(async () => {
      if (!admin) return;
      await admin.initialize();
      await admin.query(`CREATE DATABASE ${name}`);
      const parsed = new URL(testDatabase().url);
      parsed.pathname = `/${name}`;
      url = parsed.toString();
    });
    afterAll(async () => {
      if (!admin) return;
      for (const child of running) child.kill('SIGKILL');
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    });

    itOnRealServer(
      'creates exactly one administrator when two processes start at once, prints its one-time password once, and never again',
      async () => {
        // Two machines of one process each; API_PROCESSES > 1 is the next test's.
        const production = { NODE_ENV: 'production', DATABASE_URL: url, DATABASE_POOL_MAX: '3', API_PROCESSES: '1' };
        const pair = [startApi(production), startApi(production)];
        const bases = await Promise.all(pair.map((api) => ready(api)));
        const printed = pair.map((api) => /one-time password:\s+(\S+)/.exec(api.output())?.[1] ?? null);
        expect(printed.filter((p) => p !== null)).toHaveLength(1);
        const password = printed.find((p) => p !== null)!;
        for (const api of pair) {
          expect(api.output()).not.toContain('Demo');
          expect(api.output()).not.toContain(DEMO_PASSWORD);
        }

        const db = fresh();
        await db.initialize();
        try {
          const users: Array<{ username: string; must_change_password: boolean; kind: string; roles: string[] }> = await db.query(
            `SELECT u.username, u.must_change_password, o.kind,
                    ARRAY(SELECT r.role FROM role_assignments r WHERE r.user_id = u.id) AS roles
               FROM users u JOIN organisations o ON o.id = u.organisation_id`,
          );
          expect(users).toEqual([{ username: 'admin', must_change_password: true, kind: 'system', roles: ['system_admin'] }]);
          expect(await db.query('SELECT count(*)::int AS n FROM campaigns')).toEqual([{ n: 0 }]);
          // Both came up on the empty database, and the migrations ran once: no migration was recorded twice.
          const [migrations] = await db.query('SELECT count(*)::int AS rows, count(DISTINCT name)::int AS names FROM schema_migrations');
          expect(migrations.rows).toBeGreaterThan(0);
          expect(migrations.rows).toBe(migrations.names);
        } finally {
          await db.destroy();
        }

        // The demo password opens nothing; the one-time password signs in, for a password change only.
        const base = bases[0]!;
        expect((await request(base).get('/api/auth/sign-in-options')).body).toEqual({ demoAccounts: false, demoAccountGroups: [] });
        for (const username of ['admin', 'zzb.admin']) {
          const refused = await request(base).post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
          expect(refused.status).toBe(401);
        }
        const signedIn = await request(base).post('/api/auth/login').send({ username: 'admin', password });
        expect(signedIn.status).toBe(200);
        expect(signedIn.body.user).toMatchObject({ username: 'admin', roles: ['system_admin'], mustChangePassword: true });
        const auth = { Authorization: `Bearer ${signedIn.body.accessToken}` };
        const blocked = await request(base).get('/api/cases').set(auth);
        expect(blocked.status).toBe(403);
        expect(blocked.body.code).toBe('AUTH.PASSWORD_CHANGE_REQUIRED');
        const me = await request(base).get('/api/auth/me').set(auth);
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({ username: 'admin', organisationKind: 'system', roles: ['system_admin'] });
        const changed = await request(base).post('/api/auth/password').set(auth).send({ currentPassword: password, newPassword: 'Own#Secret2026' });
        expect(changed.status).toBe(204);
        const allowed = await request(base).get('/api/cases').set(auth);
        expect(allowed.status).toBe(200);
        expect(allowed.body).toMatchObject({ items: [], total: 0 });
        const again = await request(base).post('/api/auth/login').send({ username: 'admin', password: 'Own#Secret2026' });
        expect(again.body.user.mustChangePassword).toBe(false);

        await Promise.all(pair.map((api) => stop(api)));
        const later = startApi(production);
        await ready(later);
        expect(later.output()).not.toContain('one-time password');
        expect(later.output()).not.toContain(DEMO_PASSWORD);
        await stop(later);
        const check = fresh();
        await check.initialize();
        try {
          expect(await check.query('SELECT count(*)::int AS n FROM users')).toEqual([{ n: 1 }]);
        } finally {
          await check.destroy();
        }
      },
      240_000,
    );
  });
  describe('with API_PROCESSES=2 on an empty PostgreSQL database', () => {
    let db: FreshDatabase | null = null;
    beforeAll(async () => {
      if (testDatabase().realServer) db = await freshDatabase('first_start_cluster');
    });
    afterAll(async () => {
      for (const child of running) child.kill('SIGKILL');
      await db?.drop();
    });

    async function until(condition: () => boolean, what: string): Promise<void> {
      const deadline = performance.now() + 60_000;
      while (!condition()) {
        if (performance.now() > deadline) throw new Error(`Gave up waiting: ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    itOnRealServer(
      'serves one port from two processes, prints one banner with one password, replaces a process that dies and stops on SIGTERM',
      async () => {
        const api = startApi({ NODE_ENV: 'production', DATABASE_URL: db!.url, DATABASE_POOL_MAX: '3', API_PROCESSES: '2' });
        const base = await ready(api);
        const primary = api.child.pid!;
        await until(() => childrenOf(primary).length === 2, 'two api processes');
        expect(api.output().match(/Jixiao is ready in/g)).toHaveLength(1);
        expect(api.output()).toContain('API processes: 2');
        expect(api.output().match(/one-time password:\s+\S+/g)).toHaveLength(1);
        const password = /one-time password:\s+(\S+)/.exec(api.output())![1]!;
        expect((await request(base).post('/api/auth/login').send({ username: 'admin', password })).status).toBe(200);

        const [victim, survivor] = childrenOf(primary);
        process.kill(victim!, 'SIGKILL');
        await until(() => {
          const now = childrenOf(primary);
          return now.length === 2 && !now.includes(victim!) && now.includes(survivor!);
        }, 'the dead process replaced');
        expect(api.errors() + api.output()).toMatch(/An API process died; starting another/);
        for (let i = 0; i < 4; i += 1) expect((await request(base).get('/api/health')).status).toBe(200);
        expect(api.output().match(/Jixiao is ready in/g)).toHaveLength(1);

        const children = childrenOf(primary);
        api.child.kill('SIGTERM');
        expect(await api.exited).toBe(0);
        // The primary exits after its workers did: none is left behind.
        expect(children.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
      },
      120_000,
    );
  });
});
