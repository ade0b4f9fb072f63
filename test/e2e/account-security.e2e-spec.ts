import { randomInt } from 'node:crypto';
import { Clock } from '@jixiao/evaluation';
import { SecurityEventStore, Transactor } from '@jixiao/persistence';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World, type WorldUser } from '../support/world';
import { testNow } from '../support/clock';

const MINUTE = 60_000;

interface SecurityEventItem {
  id: string;
  at: string;
  kind: string;
  outcome: string;
  userId: string | null;
  username: string | null;
  sourceAddress: string | null;
  details: Record<string, unknown>;
}

describe('account security', () => {
  let t: TestApp;
  let world: World;
  let clock: Clock;

  beforeAll(async () => {
    // Behind a proxy on loopback, so that a test can name the client's address.
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
    world = await newWorld(t.app, { unitCount: 2 });
    clock = t.app.get(Clock);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  /** Moves the service's clock `minutes` ahead of the tests' clock. */
  const later = (minutes: number) => jest.spyOn(clock, 'now').mockImplementation(() => new Date(testNow().getTime() + minutes * MINUTE));

  // This run's own client address: the failures here never add up on 127.0.0.1 across suites and runs.
  const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const login = (user: WorldUser | string, password = TEST_PASSWORD, headers: Record<string, string> = {}) =>
    request(t.server)
      .post('/api/auth/login')
      .set({ 'X-Forwarded-For': address, ...headers })
      .send({ username: typeof user === 'string' ? user : user.username, password });

  const refresh = (refreshToken: string) => request(t.server).post('/api/auth/refresh').send({ refreshToken });
  const me = (accessToken: string) => request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${accessToken}`);
  const signedIn = async (user: WorldUser, password = TEST_PASSWORD): Promise<{ accessToken: string; refreshToken: string }> => {
    const response = await login(user, password);
    expect(response.status).toBe(200);
    return response.body;
  };

  describe('failed sign-ins', () => {
    it('counts only consecutive failures: a successful sign-in starts the count again', async () => {
      const user = world.units[0]!.sealKeeper;
      for (let attempt = 1; attempt <= 4; attempt += 1) expect((await login(user, 'Wrong@Passw0rd')).status).toBe(401);
      expect((await login(user)).status).toBe(200);
      for (let attempt = 1; attempt <= 4; attempt += 1) expect((await login(user, 'Wrong@Passw0rd')).status).toBe(401);
      expect((await login(user)).status).toBe(200);
    });

    it('counts simultaneous failures exactly: five are refused as wrong, the rest as too many, none as locked', async () => {
      const user = world.units[0]!.publisher;
      const answers = await Promise.all(Array.from({ length: 10 }, () => login(user, 'Wrong@Passw0rd')));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
      expect((await login(user)).status).toBe(429);
    });

    it('answers an unknown user like a wrong password', async () => {
      const response = await login(`nobody.${world.tag}`, 'Wrong@Passw0rd');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    });
  });

  describe('tokens', () => {
    it('answers an access token, a refresh token and both expiry times at sign-in', async () => {
      const response = await login(world.units[1]!.member);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        user: { id: world.units[1]!.member.id },
      });
      const accessLeft = Date.parse(response.body.expiresAt) - testNow().getTime();
      const refreshLeft = Date.parse(response.body.refreshExpiresAt) - testNow().getTime();
      expect(accessLeft).toBeGreaterThan(14 * MINUTE);
      expect(accessLeft).toBeLessThanOrEqual(15 * MINUTE);
      expect(refreshLeft).toBeGreaterThan(479 * MINUTE);
      expect(refreshLeft).toBeLessThanOrEqual(480 * MINUTE);
    });

    it('rotates the refresh token, and ends the session when a rotated one is presented again', async () => {
      const first = await signedIn(world.units[0]!.deputy);
      const rotated = await refresh(first.refreshToken);
      expect(rotated.status).toBe(200);
      expect(rotated.body.refreshToken).not.toBe(first.refreshToken);
      expect(rotated.body.accessToken).not.toBe(first.accessToken);
      expect((await me(rotated.body.accessToken)).status).toBe(200);
      expect((await me(first.accessToken)).body.code).toBe('AUTH.TOKEN_INVALID');

      const reused = await refresh(first.refreshToken);
      expect(reused.status).toBe(401);
      expect(reused.body.code).toBe('AUTH.REFRESH_REUSED');
      const afterTheft = await me(rotated.body.accessToken);
      expect(afterTheft.status).toBe(401);
      expect(afterTheft.body.code).toBe('AUTH.TOKEN_INVALID');
      const laterRefresh = await refresh(rotated.body.refreshToken);
      expect(laterRefresh.status).toBe(401);
      expect(laterRefresh.body.code).toBe('AUTH.TOKEN_INVALID');
    });

    it('lets only one of two simultaneous refreshes with the same token through, and ends the session', async () => {
      const session = await signedIn(world.units[1]!.deputy);
      const answers = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
      const winner = answers.find((answer) => answer.status === 200)!;
      expect(answers.find((answer) => answer.status === 401)!.body.code).toBe('AUTH.REFRESH_REUSED');
      expect((await me(winner.body.accessToken)).status).toBe(401);
    });

    it('answers TOKEN_EXPIRED for an access token older than 15 minutes; a refresh then gives a working pair', async () => {
      const session = await signedIn(world.units[1]!.compiler);
      later(16);
      const expired = await me(session.accessToken);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('AUTH.TOKEN_EXPIRED');
      const renewed = await refresh(session.refreshToken);
      expect(renewed.status).toBe(200);
      expect(Date.parse(renewed.body.expiresAt)).toBeGreaterThan(testNow().getTime() + 30 * MINUTE);
      expect((await me(renewed.body.accessToken)).status).toBe(200);
    });

    it('ends a session after 30 minutes without a request; activity before that keeps it alive', async () => {
      const session = await signedIn(world.units[1]!.leader);
      later(14);
      expect((await me(session.accessToken)).status).toBe(200);
      // 40 minutes after sign-in, but only 26 after the last request.
      later(40);
      const renewed = await refresh(session.refreshToken);
      expect(renewed.status).toBe(200);

      later(71);
      const idle = await me(renewed.body.accessToken);
      expect(idle.status).toBe(401);
      expect(idle.body.code).toBe('AUTH.SESSION_IDLE');
      const idleRefresh = await refresh(renewed.body.refreshToken);
      expect(idleRefresh.status).toBe(401);
      expect(idleRefresh.body.code).toBe('AUTH.SESSION_IDLE');
    });

    it('records activity at most once a minute per session', async () => {
      const user = world.units[1]!.member;
      const session = await signedIn(user);
      const lastSeen = async (): Promise<number> => {
        const rows: Array<{ last_seen_at: Date }> = await t.app
          .get(Transactor)
          .manager.query(`SELECT last_seen_at FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`, [user.id]);
        return rows[0]!.last_seen_at.getTime();
      };
      const signedInAt = await lastSeen();
      later(0.5);
      expect((await me(session.accessToken)).status).toBe(200);
      expect(await lastSeen()).toBe(signedInAt);
      later(2);
      expect((await me(session.accessToken)).status).toBe(200);
      const touched = await lastSeen();
      expect(touched - signedInAt).toBeGreaterThanOrEqual(2 * MINUTE);
      later(2.5);
      expect((await me(session.accessToken)).status).toBe(200);
      expect(await lastSeen()).toBe(touched);
    });

    it('does not refresh past the end of the session', async () => {
      const user = world.units[1]!.sealKeeper;
      let session = await signedIn(user);
      // Stay active every 20 minutes until the session's 8 hours are over.
      for (let minutes = 20; minutes < 480; minutes += 20) {
        later(minutes);
        const renewed = await refresh(session.refreshToken);
        expect(renewed.status).toBe(200);
        expect(Date.parse(renewed.body.expiresAt)).toBeLessThanOrEqual(Date.parse(renewed.body.refreshExpiresAt));
        session = renewed.body;
      }
      later(481);
      const ended = await refresh(session.refreshToken);
      expect(ended.status).toBe(401);
      expect(ended.body.code).toBe('AUTH.REFRESH_EXPIRED');
    });

    it('ends both tokens on sign-out', async () => {
      const session = await signedIn(world.units[0]!.member2);
      const out = await request(t.server).post('/api/auth/logout').set('Authorization', `Bearer ${session.accessToken}`);
      expect(out.status).toBe(204);
      const access = await me(session.accessToken);
      expect(access.status).toBe(401);
      expect(access.body.code).toBe('AUTH.TOKEN_INVALID');
      const renewed = await refresh(session.refreshToken);
      expect(renewed.status).toBe(401);
      expect(renewed.body.code).toBe('AUTH.TOKEN_INVALID');
    });

    it('refuses tampered tokens as invalid without harming the session', async () => {
      const session = await signedIn(world.units[1]!.member2);
      const flip = (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      const access = await me(flip(session.accessToken));
      expect(access.status).toBe(401);
      expect(access.body.code).toBe('AUTH.TOKEN_INVALID');
      const renewed = await refresh(flip(session.refreshToken));
      expect(renewed.status).toBe(401);
      expect(renewed.body.code).toBe('AUTH.TOKEN_INVALID');
      expect((await me(session.accessToken)).status).toBe(200);
      expect((await refresh(session.refreshToken)).status).toBe(200);
    });
  });

  describe('password change', () => {
    const change = (accessToken: string, body: object) =>
      request(t.server).post('/api/auth/password').set('Authorization', `Bearer ${accessToken}`).send(body);

    it('refuses a weak new password with every unmet rule, and a wrong current password', async () => {
      const user = world.units[1]!.admin;
      const session = await signedIn(user);
      const weak = await change(session.accessToken, { currentPassword: TEST_PASSWORD, newPassword: 'short' });
      expect(weak.status).toBe(422);
      expect(weak.body.code).toBe('AUTH.PASSWORD_TOO_WEAK');
      expect(weak.body.details.rules).toEqual(['min_length', 'character_classes']);
      const withName = await change(session.accessToken, { currentPassword: TEST_PASSWORD, newPassword: `X9!${user.username.toUpperCase()}` });
      expect(withName.status).toBe(422);
      expect(withName.body.details.rules).toEqual(['contains_username']);
      const wrong = await change(session.accessToken, { currentPassword: 'Wrong@Passw0rd', newPassword: 'Another#Passw0rd' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('AUTH.INVALID_CREDENTIALS');
      expect((await me(session.accessToken)).status).toBe(200);
      expect((await login(user)).status).toBe(200);
    });

    it('changes the password: the old one stops working and the other sessions end, this one stays', async () => {
      const user = world.units[0]!.compiler;
      const here = await signedIn(user);
      const elsewhere = await signedIn(user);
      const changed = await change(here.accessToken, { currentPassword: TEST_PASSWORD, newPassword: 'Brand-new 2025' });
      expect(changed.status).toBe(204);

      const old = await login(user);
      expect(old.status).toBe(401);
      expect(old.body.code).toBe('AUTH.INVALID_CREDENTIALS');
      expect((await login(user, 'Brand-new 2025')).status).toBe(200);
      expect((await me(here.accessToken)).status).toBe(200);
      expect((await me(elsewhere.accessToken)).body.code).toBe('AUTH.TOKEN_INVALID');
      expect((await refresh(elsewhere.refreshToken)).body.code).toBe('AUTH.TOKEN_INVALID');
    });
  });

  describe('security log', () => {
    const events = async (reader: WorldUser, query = 'limit=200'): Promise<SecurityEventItem[]> => {
      const response = await t.api.get(reader, `/api/security-events?${query}`);
      expect(response.status).toBe(200);
      return response.body.items;
    };

    it('records sign-ins, failures, lockouts and refusals with the person, address, method, path and code', async () => {
      const unit = world.units[0]!;
      const proxied = { 'X-Forwarded-For': '203.0.113.7' };
      expect((await login(unit.member, 'Wrong@Passw0rd', proxied)).status).toBe(401);
      expect((await login(unit.member, TEST_PASSWORD, proxied)).status).toBe(200);
      const refused = await t.api.post(unit.member, '/api/campaigns', {
        documentNumber: 'X〔2024〕1号',
        title: '通知',
        fiscalYear: 2023,
        submissionDeadline: '2030-01-01',
        publicationDeadline: '2030-02-01',
        unitIds: [unit.id],
      });
      expect(refused.status).toBe(403);

      const logged = await events(unit.admin);
      const ofMember = logged.filter((event) => event.userId === unit.member.id);
      expect(ofMember).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'login',
            outcome: 'failure',
            username: unit.member.username,
            sourceAddress: '203.0.113.7',
            details: expect.objectContaining({ method: 'POST', path: '/api/auth/login', code: 'AUTH.INVALID_CREDENTIALS' }),
          }),
          expect.objectContaining({ kind: 'login', outcome: 'success', sourceAddress: '203.0.113.7' }),
          expect.objectContaining({
            kind: 'request_refused',
            outcome: 'refused',
            sourceAddress: expect.stringMatching(/127\.0\.0\.1/),
            details: expect.objectContaining({ method: 'POST', path: '/api/campaigns', code: 'CAMPAIGN.ROLE_NOT_ALLOWED', statusCode: 403 }),
          }),
        ]),
      );
      // The publisher was held up by the simultaneous failures above, and that was logged once.
      expect(logged.filter((event) => event.outcome === 'throttled' && event.userId === unit.publisher.id)).toHaveLength(1);
      expect(logged).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'login', outcome: 'failure', userId: unit.publisher.id, details: expect.objectContaining({ reason: 'wrong_password' }) }),
          expect.objectContaining({
            kind: 'login',
            outcome: 'throttled',
            userId: unit.publisher.id,
            details: expect.objectContaining({ code: 'AUTH.TOO_MANY_ATTEMPTS', limit: 'account_address' }),
          }),
          expect.objectContaining({ kind: 'password_change', outcome: 'success', userId: unit.compiler.id, details: expect.objectContaining({ revokedSessions: 1 }) }),
          expect.objectContaining({ kind: 'logout', outcome: 'success', userId: unit.member2.id }),
          expect.objectContaining({ kind: 'refresh', outcome: 'reused', userId: unit.deputy.id }),
        ]),
      );
      const times = logged.map((event) => Date.parse(event.at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('records a refused token with the person it belonged to, and requests with no token at all', async () => {
      const unit = world.units[0]!;
      const session = await signedIn(unit.leader);
      later(16);
      expect((await me(session.accessToken)).body.code).toBe('AUTH.TOKEN_EXPIRED');
      jest.restoreAllMocks();
      expect((await request(t.server).get(`/api/cases?tag=${world.tag}`)).status).toBe(401);

      expect(await events(unit.admin)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'request_refused',
            userId: unit.leader.id,
            details: expect.objectContaining({ method: 'GET', path: '/api/auth/me', code: 'AUTH.TOKEN_EXPIRED', statusCode: 401 }),
          }),
        ]),
      );
      // Refusals nobody can be named for are kept too, outside any organisation's view.
      const anonymous: Array<{ kind: string; user_id: string | null; source_address: string; details: Record<string, unknown> }> = await t.app
        .get(Transactor)
        .manager.query(`SELECT kind, user_id, source_address, details FROM security_events WHERE details->>'path' = '/api/cases' AND details->>'code' = 'AUTH.REQUIRED' ORDER BY id DESC LIMIT 1`);
      expect(anonymous[0]).toMatchObject({ kind: 'request_refused', user_id: null, source_address: expect.stringMatching(/127\.0\.0\.1/) });
      const unknown: Array<{ outcome: string; user_id: string | null }> = await t.app
        .get(Transactor)
        .manager.query(`SELECT outcome, user_id FROM security_events WHERE kind = 'login' AND username = $1`, [`nobody.${world.tag}`]);
      expect(unknown).toEqual([{ outcome: 'failure', user_id: null }]);
    });

    it("shows a unit admin their unit's people only, and a finance officer their bureau's", async () => {
      const [first, second] = world.units;
      const ofFirst = await events(first!.admin);
      const firstPeople = new Set(Object.values(first!).filter((v): v is WorldUser => typeof v === 'object' && v !== null && 'username' in v).map((u) => u.id));
      expect(ofFirst.length).toBeGreaterThan(0);
      expect(ofFirst.every((event) => event.userId !== null && firstPeople.has(event.userId))).toBe(true);
      expect((await events(second!.admin)).every((event) => !firstPeople.has(event.userId ?? ''))).toBe(true);
      const ofBureau = await events(world.bureau.officer);
      expect(ofBureau.length).toBeGreaterThan(0);
      expect(ofBureau.every((event) => event.userId === world.bureau.officer.id)).toBe(true);
    });

    it('pages the log newest first', async () => {
      const admin = world.units[0]!.admin;
      const all = await events(admin);
      const page = await t.api.get(admin, '/api/security-events?limit=2&offset=1');
      expect(page.body).toMatchObject({ limit: 2, offset: 1, total: all.length });
      expect(page.body.items.map((event: SecurityEventItem) => event.id)).toEqual(all.slice(1, 3).map((event) => event.id));
    });

    it('answers a refusal unchanged when the security log cannot be written', async () => {
      const member = world.units[1]!.member;
      const healthy = await t.api.get(member, '/api/security-events');
      jest.spyOn(t.app.get(SecurityEventStore), 'append').mockRejectedValue(new Error('the disk is full'));
      const broken = await t.api.get(member, '/api/security-events');
      expect(broken.status).toBe(403);
      expect({ ...broken.body, requestId: undefined }).toEqual({ ...healthy.body, requestId: undefined });
    });

    it('refuses the log to anyone but unit admins and finance officers, and logs that refusal too', async () => {
      const member = world.units[1]!.member;
      const response = await t.api.get(member, '/api/security-events');
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('SECURITY_LOG.ROLE_NOT_ALLOWED');
      expect(await events(world.units[1]!.admin)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'request_refused', userId: member.id, details: expect.objectContaining({ path: '/api/security-events', code: 'SECURITY_LOG.ROLE_NOT_ALLOWED' }) }),
        ]),
      );
    });
  });
});
