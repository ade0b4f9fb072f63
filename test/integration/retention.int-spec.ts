import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { loadConfig } from '@jixiao/config';
import { RetentionPurge, SWEEPS, type Sweep } from '@jixiao/evaluation';
import { LocalMailbox } from '@jixiao/mail';
import { createDataSource, HistoryJournal, HistoryKeyring } from '@jixiao/persistence';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/create-app';
import { ApiClient, driveCase, issueCampaign } from '../support/api-client';
import { TestClock, testNow } from '../support/clock';
import { freshDatabase, type FreshDatabase } from '../support/fresh-database';
import { TEST_HISTORY_KEY } from '../support/history-key';
import { itOnRealServer, testDatabase } from '../support/test-app';
import { newWorld, type World } from '../support/world';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

/**
 * The worker's retention purge on the real PostgreSQL, on a database of its own (it deletes across
 * the whole database), with the time it runs at given to it as the worker's clock would.
 */
describe('the retention purge', () => {
  const realServer = testDatabase().realServer;
  let source: FreshDatabase | null = null;
  let db: DataSource;
  let world: World;
  let caseId: string;
  const apps: INestApplication[] = [];
  // The local mailbox (no SMTP_URL) keeps each delivered message as files under DATA_DIR.
  const dataDir = mkdtempSync(join(tmpdir(), 'jixiao-retention-'));
  const mailbox = new LocalMailbox(join(dataDir, 'mailbox'), 'test <noreply@test.example>');
  const kept = (id: string) => existsSync(join(dataDir, 'mailbox', `${id}.eml`)) && existsSync(join(dataDir, 'mailbox', `${id}.json`));

  async function purgeWith(env: Record<string, string>) {
    const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', HISTORY_KEY: TEST_HISTORY_KEY, DATA_DIR: dataDir, ...env });
    const app = await createApp(config, { url: source!.url, poolMax: 3 }, { clock: new TestClock() });
    apps.push(app);
    return app;
  }

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params))[0].n);

  beforeAll(async () => {
    if (!realServer) return;
    source = await freshDatabase('ops_retention');
    const app = await purgeWith({});
    await app.listen(0, '127.0.0.1');
    const api = new ApiClient(app.getHttpServer() as Server);
    world = await newWorld(app);
    const unit = world.units[0]!;
    const issued = await issueCampaign(api, world.bureau.officer, [unit.id]);
    caseId = issued.caseIds.get(unit.id)!;
    await driveCase(api, unit, world.bureau.officer, caseId, 'self_assessment');
    db = createDataSource({ url: source.url, poolMax: 1 });
    await db.initialize();
  }, 120_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    if (db?.isInitialized) await db.destroy();
    await source?.drop();
    mailbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Rows of every kind at chosen ages before `now`, tagged so that each test counts its own. */
  async function seed(now: Date, tag: string) {
    const userId = world.units[0]!.member.id;
    const ago = (ms: number) => new Date(now.getTime() - ms);
    for (const days of [400, 200, 181, 179, 1]) {
      await db.query(`INSERT INTO security_events (at, kind, outcome, user_id, username, details) VALUES ($1, 'login', 'success', $2, $3, '{}')`, [ago(days * DAY), userId, `${tag}:${days}`]);
    }
    const session = async (name: string, refreshEndsAgo: number, revokedAgo: number | null) =>
      db.query(
        `INSERT INTO sessions (user_id, access_token_hash, access_expires_at, refresh_token_hash, refresh_expires_at, last_seen_at, revoked_at, revoked_reason, source_address)
         VALUES ($1, $2, $3, $4, $3, $3, $5, $6, $7)`,
        [userId, `${tag}:${name}:a`, ago(refreshEndsAgo), `${tag}:${name}:r`, revokedAgo === null ? null : ago(revokedAgo), revokedAgo === null ? null : 'logout', tag],
      );
    await session('expired-long-ago', 8 * DAY, null);
    await session('signed-out-long-ago', -HOUR, 8 * DAY);
    await session('expired-yesterday', 1 * DAY, null);
    await session('live', -HOUR, null);
    for (const [name, hours] of [['old', 73], ['fresh', 71]] as const) {
      await db.query(`INSERT INTO idempotency_keys (user_id, key, scope, request_hash, status_code, response, created_at) VALUES ($1, $2, 'test', 'h', 200, '{}', $3)`, [
        userId,
        `${tag}:${name}`,
        ago(hours * HOUR),
      ]);
    }
    const mailIds: Record<string, string> = {};
    const mail = async (name: string, status: string, sentDaysAgo: number | null, createdDaysAgo: number) => {
      const [row] = await db.query(
        `INSERT INTO mail_outbox (dedupe_key, kind, recipient_id, payload, send_after, next_attempt_at, status, sent_at, created_at, transport)
         VALUES ($1, 'urge', $2, $3, $4, $4, $5, $6, $4, $7) RETURNING id`,
        [`${tag}:${name}`, userId, JSON.stringify({ text: name }), ago(createdDaysAgo * DAY), status, sentDaysAgo === null ? null : ago(sentDaysAgo * DAY), status === 'sent' ? 'mailbox' : null],
      );
      mailIds[name] = row.id;
      if (status === 'sent') {
        await mailbox.send({ key: row.id, messageId: `<${row.id}@test>`, to: { name: '成员', address: 'member@test.example' }, subject: '催办', text: name, html: `<p>${name}</p>`, date: ago(sentDaysAgo! * DAY) });
      }
    };
    await mail('sent-long-ago', 'sent', 91, 91);
    await mail('sent-lately', 'sent', 89, 91);
    await mail('failed-long-ago', 'failed', null, 200);
    await mail('pending', 'pending', null, 200);
    return mailIds;
  }

  async function remaining(tag: string) {
    const events = (await db.query(`SELECT username FROM security_events WHERE username LIKE $1 ORDER BY at`, [`${tag}:%`])).map((r: { username: string }) => Number(r.username.split(':')[1]));
    const sessions = (await db.query(`SELECT access_token_hash AS h FROM sessions WHERE source_address = $1 ORDER BY 1`, [tag])).map((r: { h: string }) => r.h.split(':')[1]);
    const keys = (await db.query(`SELECT key FROM idempotency_keys WHERE key LIKE $1 ORDER BY 1`, [`${tag}:%`])).map((r: { key: string }) => r.key.split(':')[1]);
    const mails = Object.fromEntries(
      (await db.query(`SELECT dedupe_key, payload FROM mail_outbox WHERE dedupe_key LIKE $1`, [`${tag}:%`])).map((r: { dedupe_key: string; payload: unknown }) => [r.dedupe_key.split(':')[1], r.payload]),
    );
    return { events, sessions, keys, mails };
  }

  itOnRealServer('removes what expired by the default periods and keeps the rest', async () => {
    const tag = randomUUID().slice(0, 8);
    const now = new Date(testNow().getTime() + 10 * DAY);
    const mailIds = await seed(now, tag);
    expect(kept(mailIds['sent-long-ago']!)).toBe(true);
    const app = await purgeWith({});
    // The worker runs it daily among its sweeps, with its clock's time.
    expect(app.get<symbol, Sweep[]>(SWEEPS).map((sweep) => [sweep.name, sweep.cron])).toContainEqual(['retention-purge', '17 3 * * *']);
    const counts = await app.get(RetentionPurge).run(now);
    // The sessions and keys of the setup's own requests, ten days old by then, go too.
    expect(counts.securityEvents).toBe(1);
    expect(counts.sessions).toBeGreaterThanOrEqual(2);
    expect(counts.idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(counts.mailBodies).toBe(1);
    expect(await remaining(tag)).toEqual({
      // The default keeps a year of security events.
      events: [200, 181, 179, 1],
      sessions: ['expired-yesterday', 'live'],
      keys: ['fresh'],
      mails: { 'sent-long-ago': { purged: true }, 'sent-lately': { text: 'sent-lately' }, 'failed-long-ago': { text: 'failed-long-ago' }, pending: { text: 'pending' } },
    });
    // The local mailbox's copies of the mail whose text went, go with it.
    expect(kept(mailIds['sent-long-ago']!)).toBe(false);
    expect(kept(mailIds['sent-lately']!)).toBe(true);
    // Run again at the same time: nothing more to do.
    expect(await app.get(RetentionPurge).run(now)).toEqual({ securityEvents: 0, sessions: 0, idempotencyKeys: 0, mailBodies: 0 });
  });

  itOnRealServer('keeps security events for 180 days at the shortest, whatever it is told', async () => {
    const tag = randomUUID().slice(0, 8);
    const now = new Date(testNow().getTime() + 20 * DAY);
    await seed(now, tag);
    expect(() => loadConfig({ RETENTION_SECURITY_EVENTS_DAYS: '179' })).toThrow(/RETENTION_SECURITY_EVENTS_DAYS.*180/);
    const app = await purgeWith({ RETENTION_SECURITY_EVENTS_DAYS: '180' });
    await app.get(RetentionPurge).run(now);
    expect((await remaining(tag)).events).toEqual([179, 1]);
  });

  itOnRealServer('never removes history: every record is there and every chain verifies, however far the clock runs', async () => {
    const records = await count(`SELECT count(*) AS n FROM case_history`);
    expect(records).toBeGreaterThan(0);
    const far = new Date(testNow().getTime() + 30 * 365 * DAY);
    const app = await purgeWith({ RETENTION_SECURITY_EVENTS_DAYS: '180', RETENTION_MAIL_BODIES_DAYS: '1', RETENTION_ENDED_SESSIONS_DAYS: '1' });
    await app.get(RetentionPurge).run(far);
    expect(await count(`SELECT count(*) AS n FROM case_history`)).toBe(records);
    // Nothing younger than 180 days before that time existed, so every security event went; the history stays.
    expect(await count(`SELECT count(*) AS n FROM security_events`)).toBe(0);
    const chains = await new HistoryJournal(new HistoryKeyring(Buffer.from(TEST_HISTORY_KEY, 'hex'))).check(db.manager, null);
    expect(chains.find((chain) => chain.caseId === caseId)).toMatchObject({ firstBroken: null, authenticated: true });
    for (const chain of chains) expect(chain.firstBroken).toBeNull();
    expect(await count(`SELECT count(*) AS n FROM evaluation_cases WHERE id = $1`, [caseId])).toBe(1);
  });
});
