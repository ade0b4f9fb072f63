import { randomInt } from 'node:crypto';
import { Clock } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import request from 'supertest';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World } from '../support/world';
import { testNow } from '../support/clock';

const MINUTE = 60_000;
const WRONG = 'Wrong@Passw0rd';

/** The defaults this suite relies on (docs/operations.md, "Rate limits"). */
const PER_ACCOUNT_ADDRESS = 5;
const PER_ACCOUNT = 30;
const PER_ADDRESS = 50;
const REFRESH_FAILURES_PER_ADDRESS = 100;
const REFRESHES_PER_ACCOUNT = 30;
/** Lowered for this suite only, so the ceiling is reached in a few requests. */
const API_PER_MINUTE = 20;

interface ThrottledEvent {
  kind: string;
  outcome: string;
  username: string | null;
  user_id: string | null;
  source_address: string | null;
  details: Record<string, unknown>;
}

describe('rate limits', () => {
  let t: TestApp;
  let world: World;
  let clock: Clock;
  // A private /16 per run: counters of earlier runs on the same database never meet this run's.
  const network = `10.${randomInt(256)}.${randomInt(256)}`;
  let nextHost = 1;
  const newAddress = () => `${network}.${nextHost++}`;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback', API_MAX_REQUESTS_PER_MINUTE: String(API_PER_MINUTE) });
    world = await newWorld(t.app, { unitCount: 2 });
    clock = t.app.get(Clock);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  /** Moves the service's clock `minutes` ahead of the real one. */
  const later = (minutes: number) => jest.spyOn(clock, 'now').mockImplementation(() => new Date(testNow().getTime() + minutes * MINUTE));

  const login = (username: string, password: string, address: string) =>
    request(t.server).post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });
  const refresh = (refreshToken: string, address: string) =>
    request(t.server).post('/api/auth/refresh').set('X-Forwarded-For', address).send({ refreshToken });
  const me = (accessToken: string) => request(t.server).get('/api/auth/me').set('Authorization', `Bearer ${accessToken}`);

  const throttledEvents = async (where: string, value: string): Promise<ThrottledEvent[]> =>
    t.app
      .get(Transactor)
      .manager.query(`SELECT kind, outcome, username, user_id, source_address, details FROM security_events WHERE outcome = 'throttled' AND ${where} = $1`, [value]);

  const expectTooManyAttempts = (response: request.Response) => {
    expect(response.status).toBe(429);
    expect(response.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(response.body.details.retryAfterSeconds).toBe(retryAfter);
    expect(response.body.message).toBe(`尝试次数过多，为保护账号已暂停登录，请 ${Math.ceil(retryAfter / 60)} 分钟后再试。`);
  };

  describe('sign-in', () => {
    it('stops many user names tried from one address, counting parallel attempts exactly, and logs it once', async () => {
      const address = newAddress();
      const answers = await Promise.all(Array.from({ length: PER_ADDRESS + 10 }, (_, i) => login(`guess${i}.${world.tag}`, WRONG, address)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 401)).toHaveLength(PER_ADDRESS);
      expect(statuses.filter((status) => status === 429)).toHaveLength(10);
      for (const answer of answers.filter((a) => a.status === 429)) expectTooManyAttempts(answer);

      // A real person with the right password from that address waits too; another address does not.
      const user = world.units[0]!.member;
      expectTooManyAttempts(await login(user.username, TEST_PASSWORD, address));
      expect((await login(user.username, TEST_PASSWORD, newAddress())).status).toBe(200);

      const logged = await throttledEvents('source_address', address);
      expect(logged).toEqual([
        expect.objectContaining({ kind: 'login', source_address: address, details: expect.objectContaining({ code: 'AUTH.TOO_MANY_ATTEMPTS', limit: 'address' }) }),
      ]);

      later(16);
      expect((await login(user.username, TEST_PASSWORD, address)).status).toBe(200);
    });

    it('stops guessing one password from many addresses at a higher ceiling per account, and logs it once', async () => {
      const user = world.units[0]!.leader;
      // Four tries from each address stay under the (account, address) ceiling.
      for (let done = 0; done < PER_ACCOUNT; done += 4) {
        const address = newAddress();
        const tries = Math.min(4, PER_ACCOUNT - done);
        for (let i = 0; i < tries; i += 1) expect((await login(user.username, WRONG, address)).status).toBe(401);
      }
      expectTooManyAttempts(await login(user.username, TEST_PASSWORD, newAddress()));
      expectTooManyAttempts(await login(user.username, WRONG, newAddress()));
      // Other people are not held up.
      expect((await login(world.units[0]!.deputy.username, TEST_PASSWORD, newAddress())).status).toBe(200);

      const logged = await throttledEvents('username', user.username);
      expect(logged).toEqual([expect.objectContaining({ kind: 'login', user_id: user.id, details: expect.objectContaining({ limit: 'account' }) })]);

      later(16);
      expect((await login(user.username, TEST_PASSWORD, newAddress())).status).toBe(200);
    });

    it('stops one address guessing one account without locking the person out elsewhere; a success clears the pair', async () => {
      const user = world.units[0]!.compiler;
      const attacker = newAddress();
      for (let i = 0; i < PER_ACCOUNT_ADDRESS; i += 1) expect((await login(user.username, WRONG, attacker)).status).toBe(401);
      expectTooManyAttempts(await login(user.username, TEST_PASSWORD, attacker));
      expect((await throttledEvents('source_address', attacker))[0]?.details).toMatchObject({ limit: 'account_address' });

      const office = newAddress();
      expect((await login(user.username, TEST_PASSWORD, office)).status).toBe(200);
      for (let i = 0; i < PER_ACCOUNT_ADDRESS - 1; i += 1) expect((await login(user.username, WRONG, office)).status).toBe(401);
      expect((await login(user.username, TEST_PASSWORD, office)).status).toBe(200);
      for (let i = 0; i < PER_ACCOUNT_ADDRESS - 1; i += 1) expect((await login(user.username, WRONG, office)).status).toBe(401);
      expect((await login(user.username, TEST_PASSWORD, office)).status).toBe(200);
    });

    itOnRealServer('counts across api processes: two applications on one database share the ceilings', async () => {
      const second = await startTestApp({ TRUST_PROXY: 'loopback' });
      try {
        const user = world.units[1]!.admin;
        const address = newAddress();
        const via = (app: TestApp, password: string) =>
          request(app.server).post('/api/auth/login').set('X-Forwarded-For', address).send({ username: user.username, password });
        for (let i = 0; i < PER_ACCOUNT_ADDRESS; i += 1) expect((await via(i % 2 === 0 ? t : second, WRONG)).status).toBe(401);
        expectTooManyAttempts(await via(second, TEST_PASSWORD));
        expectTooManyAttempts(await via(t, TEST_PASSWORD));
      } finally {
        await second.close();
      }
    });

    it('answers a known and an unknown user name alike, with no 423 that tells that an account exists', async () => {
      const known = world.units[1]!.publisher.username;
      const unknown = `nobody.${world.tag}`;
      const answersFor = async (username: string) => {
        const address = newAddress();
        const answers: Array<{ status: number; code: string; retryAfter: boolean }> = [];
        for (let i = 0; i <= PER_ACCOUNT_ADDRESS; i += 1) {
          const response = await login(username, WRONG, address);
          answers.push({ status: response.status, code: response.body.code, retryAfter: response.headers['retry-after'] !== undefined });
        }
        return answers;
      };
      const forKnown = await answersFor(known);
      expect(forKnown).toEqual(await answersFor(unknown));
      expect(forKnown.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401, 429]);
      expect(forKnown.at(-1)).toEqual({ status: 429, code: 'AUTH.TOO_MANY_ATTEMPTS', retryAfter: true });
    });

    it('counts a wrong current password in a password change like a failed sign-in', async () => {
      const user = world.units[1]!.member;
      const address = newAddress();
      const session = (await login(user.username, TEST_PASSWORD, address)).body;
      const change = () =>
        request(t.server)
          .post('/api/auth/password')
          .set('Authorization', `Bearer ${session.accessToken}`)
          .set('X-Forwarded-For', address)
          .send({ currentPassword: WRONG, newPassword: 'Another#Passw0rd' });
      for (let i = 0; i < PER_ACCOUNT_ADDRESS; i += 1) expect((await change()).status).toBe(401);
      expectTooManyAttempts(await change());
      expectTooManyAttempts(await login(user.username, TEST_PASSWORD, address));
    });
  });

  describe('source address', () => {
    // A second application needs a second connection, which the embedded database does not have.
    itOnRealServer('believes no X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
      const plain = await startTestApp();
      try {
        const user = world.units[0]!.admin;
        const forged = newAddress();
        const response = await request(plain.server).post('/api/auth/login').set('X-Forwarded-For', forged).send({ username: user.username, password: TEST_PASSWORD });
        expect(response.status).toBe(200);
        const rows: Array<{ source_address: string }> = await t.app
          .get(Transactor)
          .manager.query(`SELECT source_address FROM security_events WHERE kind = 'login' AND outcome = 'success' AND user_id = $1`, [user.id]);
        expect(rows).toEqual([{ source_address: expect.stringMatching(/127\.0\.0\.1/) }]);
      } finally {
        await plain.close();
      }
    });
  });

  describe('refresh', () => {
    it('stops one address presenting many refresh tokens that do not work, and logs it once', async () => {
      const address = newAddress();
      for (let i = 0; i < REFRESH_FAILURES_PER_ADDRESS; i += 1) expect((await refresh(`not-a-token-${i}`, address)).status).toBe(401);
      const user = world.units[1]!.leader;
      const session = (await login(user.username, TEST_PASSWORD, address)).body;
      const refused = await refresh(session.refreshToken, address);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await refresh('not-a-token-again', address)).status).toBe(429);
      expect(await throttledEvents('source_address', address)).toEqual([
        expect.objectContaining({ kind: 'refresh', details: expect.objectContaining({ limit: 'address', code: 'AUTH.TOO_MANY_ATTEMPTS' }) }),
      ]);

      later(16);
      expect((await refresh(session.refreshToken, address)).status).toBe(200);
    });

    it('stops one account refreshing too often; the refused refresh token still works after the window', async () => {
      const user = world.units[1]!.deputy;
      const address = newAddress();
      let session = (await login(user.username, TEST_PASSWORD, address)).body;
      for (let i = 0; i < REFRESHES_PER_ACCOUNT; i += 1) {
        const renewed = await refresh(session.refreshToken, address);
        expect(renewed.status).toBe(200);
        session = renewed.body;
      }
      const refused = await refresh(session.refreshToken, address);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(await throttledEvents('username', user.username)).toEqual([
        expect.objectContaining({ kind: 'refresh', user_id: user.id, details: expect.objectContaining({ limit: 'account' }) }),
      ]);

      later(16);
      const renewed = await refresh(session.refreshToken, address);
      expect(renewed.status).toBe(200);
      expect((await me(renewed.body.accessToken)).status).toBe(200);
    });
  });

  describe('API', () => {
    it('answers 429 to a token past its ceiling per minute, logs it once, and lets it on in the next minute', async () => {
      const user = world.units[1]!.compiler;
      const other = world.units[1]!.sealKeeper;
      const token = (await login(user.username, TEST_PASSWORD, newAddress())).body.accessToken;
      const otherToken = (await login(other.username, TEST_PASSWORD, newAddress())).body.accessToken;
      for (let i = 0; i < API_PER_MINUTE; i += 1) expect((await me(token)).status).toBe(200);
      const refused = await me(token);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('REQUEST.RATE_LIMITED');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.details.retryAfterSeconds).toBe(retryAfter);
      expect((await me(token)).status).toBe(429);
      expect((await me(otherToken)).status).toBe(200);

      const logged = await throttledEvents('user_id', user.id);
      expect(logged).toEqual([
        expect.objectContaining({ kind: 'request_refused', details: expect.objectContaining({ code: 'REQUEST.RATE_LIMITED', path: '/api/auth/me' }) }),
      ]);

      later(1.1);
      expect((await me(token)).status).toBe(200);
    });
  });
});
