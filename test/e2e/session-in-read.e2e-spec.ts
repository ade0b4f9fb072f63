import { Clock } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import request from 'supertest';
import { testNow } from '../support/clock';
import { driveCase, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World, type WorldUser } from '../support/world';

const MINUTE = 60_000;
/** Lowered for this suite (driving a case stays under it), so the per-session ceiling is reached quickly. */
const API_PER_MINUTE = 60;

/**
 * The lifecycle event route looks the caller's session up in the event's own read (one round trip
 * for both). These tests hold it to what every other route answers: the same refusals, the same
 * security log, the same per-session ceiling, and nothing of the event written when it is refused.
 */
describe('a lifecycle event that looks its session up in its own read', () => {
  let t: TestApp;
  let world: World;
  let clock: Clock;

  beforeAll(async () => {
    t = await startTestApp({ API_MAX_REQUESTS_PER_MINUTE: String(API_PER_MINUTE) });
    world = await newWorld(t.app, { unitCount: 2 });
    clock = t.app.get(Clock);
  }, 120_000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t?.close());

  /** Moves the service's clock `minutes` ahead of the tests' clock. */
  const later = (minutes: number) => jest.spyOn(clock, 'now').mockImplementation(() => new Date(testNow().getTime() + minutes * MINUTE));

  const signedIn = async (user: WorldUser): Promise<string> => {
    const response = await request(t.server).post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    return response.body.accessToken as string;
  };
  const submit = (caseId: string, token: string, body: object = { type: 'SUBMIT' }) =>
    request(t.server).post(`/api/cases/${caseId}/events`).set('Authorization', `Bearer ${token}`).send(body);
  const me = (token: string) => request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${token}`);

  const caseRow = async (caseId: string) => {
    const rows: Array<{ state: string; version: number; history: number }> = await t.app
      .get(Transactor)
      .manager.query(`SELECT state, version, (SELECT count(*)::int FROM case_history h WHERE h.case_id = e.id) AS history FROM evaluation_cases e WHERE e.id = $1`, [caseId]);
    return rows[0]!;
  };
  const refusals = async (userId: string) =>
    (await t.app
      .get(Transactor)
      .manager.query(`SELECT kind, outcome, details FROM security_events WHERE kind = 'request_refused' AND user_id = $1 ORDER BY id`, [userId])) as Array<{
      kind: string;
      outcome: string;
      details: Record<string, unknown>;
    }>;

  let sealedCaseId: string;

  beforeAll(async () => {
    const unit = world.units[0]!;
    sealedCaseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, sealedCaseId, 'sealed');
  }, 120_000);

  it('refuses what every route refuses, with the same codes, and writes nothing of the event', async () => {
    const compiler = world.units[0]!.compiler;
    const before = await caseRow(sealedCaseId);

    const unknown = await submit(sealedCaseId, 'A'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('AUTH.TOKEN_INVALID');
    expect((await me('A'.repeat(43))).body.code).toBe('AUTH.TOKEN_INVALID');

    const malformed = await request(t.server).post(`/api/cases/${sealedCaseId}/events`).set('Authorization', 'Token abc').send({ type: 'SUBMIT' });
    expect(malformed.status).toBe(401);
    expect(malformed.body.code).toBe('AUTH.REQUIRED');

    const signedOut = await signedIn(compiler);
    expect((await request(t.server).post('/api/auth/logout').set('Authorization', `Bearer ${signedOut}`)).status).toBe(204);
    const afterLogout = await submit(sealedCaseId, signedOut);
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.body.code).toBe('AUTH.TOKEN_INVALID');

    const expiring = await signedIn(compiler);
    later(16);
    const expired = await submit(sealedCaseId, expiring);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('AUTH.TOKEN_EXPIRED');
    expect((await me(expiring)).body.code).toBe('AUTH.TOKEN_EXPIRED');
    jest.restoreAllMocks();

    const idling = await signedIn(compiler);
    later(31);
    const idle = await submit(sealedCaseId, idling);
    expect(idle.status).toBe(401);
    expect(idle.body.code).toBe('AUTH.SESSION_IDLE');
    jest.restoreAllMocks();

    expect(await caseRow(sealedCaseId)).toEqual(before);
  });

  it('refuses an account whose password must be changed first, and a disabled account, before looking at the case', async () => {
    const unit = world.units[0]!;
    const manager = t.app.get(Transactor).manager;
    const before = await caseRow(sealedCaseId);

    const pending = await signedIn(unit.sealKeeper);
    await manager.query(`UPDATE users SET must_change_password = true WHERE id = $1`, [unit.sealKeeper.id]);
    try {
      const refused = await submit(sealedCaseId, pending);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('AUTH.PASSWORD_CHANGE_REQUIRED');
      // The same token still reads the profile, as on every other route.
      expect((await me(pending)).status).toBe(200);
    } finally {
      await manager.query(`UPDATE users SET must_change_password = false WHERE id = $1`, [unit.sealKeeper.id]);
    }

    const disabling = await signedIn(unit.member);
    await manager.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [unit.member.id]);
    try {
      const refused = await submit(sealedCaseId, disabling);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('AUTH.TOKEN_INVALID');
    } finally {
      await manager.query(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [unit.member.id]);
    }

    // A case the token's person may not see is not found, whether or not it exists.
    const stranger = await signedIn(world.units[1]!.compiler);
    const elsewhere = await submit(sealedCaseId, stranger);
    expect(elsewhere.status).toBe(404);
    const missing = await submit('00000000-0000-4000-8000-000000000000', stranger);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(elsewhere.body.code);

    expect(await caseRow(sealedCaseId)).toEqual(before);
  });

  it('logs a refusal on the route with the person the session names', async () => {
    const member = world.units[0]!.member;
    const token = await signedIn(member);
    const before = (await refusals(member.id)).length;
    // A section drafter does not submit the report to the bureau.
    const refused = await submit(sealedCaseId, token);
    expect(refused.status).toBe(403);
    const logged = await refusals(member.id);
    expect(logged.length).toBe(before + 1);
    expect(logged.at(-1)!.details).toEqual(expect.objectContaining({ code: refused.body.code, path: `/api/cases/${sealedCaseId}/events` }));
  });

  it('counts events against the same per-session ceiling as every other request', async () => {
    const unit = world.units[1]!;
    const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'sealed');
    const token = await signedIn(unit.compiler);
    for (let i = 0; i < API_PER_MINUTE - 1; i += 1) expect((await me(token)).status).toBe(200);
    const before = await caseRow(caseId);
    // The last request the minute allows is the event; it lands.
    const last = await submit(caseId, token);
    expect(last.status).toBe(200);
    expect(last.body.transition).toEqual({ event: 'SUBMIT', from: 'sealed', to: 'submitted.awaiting_acceptance' });
    const landed = await caseRow(caseId);
    expect(landed.version).toBe(before.version + 1);

    // Past the ceiling, an event is refused before anything is decided, and logged once.
    const over = await submit(caseId, token, { type: 'ACCEPT' });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('REQUEST.RATE_LIMITED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await me(token)).status).toBe(429);
    const throttled = await t.app
      .get(Transactor)
      .manager.query(`SELECT details FROM security_events WHERE outcome = 'throttled' AND user_id = $1`, [unit.compiler.id]);
    expect(throttled).toEqual([{ details: expect.objectContaining({ code: 'REQUEST.RATE_LIMITED', path: `/api/cases/${caseId}/events` }) }]);
    expect(await caseRow(caseId)).toEqual(landed);
  });
});
