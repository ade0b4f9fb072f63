import request from 'supertest';
import { driveCase, issueCampaign } from '../support/api-client';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World, type WorldUser } from '../support/world';

/** 停用/启用 of accounts by the unit admin, and what a person whose roles were all removed still sees. */
describe('accounts that can be switched off', () => {
  let t: TestApp;
  let world: World;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    const unit = world.units[0]!;
    const issued = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    caseId = issued.caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'self_assessment');
  });
  afterAll(() => t.close());

  /** A session of its own, apart from the ApiClient's remembered tokens. */
  async function signIn(user: WorldUser, password = TEST_PASSWORD) {
    return request(t.server).post('/api/auth/login').send({ username: user.username, password });
  }

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('停用 (disable)', () => {
    it('ends every session at once, refuses sign-in with AUTH.ACCOUNT_DISABLED, keeps the name, and 启用 lets the person back in', async () => {
      const unit = world.units[0]!;
      const person = unit.member2;
      const first = await signIn(person);
      const second = await signIn(person);
      expect(first.status).toBe(200);
      expect((await request(t.server).get('/api/cases').set(bearer(first.body.accessToken))).status).toBe(200);

      const disabled = await t.api.post(unit.admin, `/api/users/${person.id}/disable`);
      expect(disabled.status).toBe(200);
      expect(disabled.body).toMatchObject({ id: person.id, username: person.username, disabled: true });

      // Both sessions' access and refresh tokens are refused on the next request.
      for (const session of [first.body, second.body]) {
        const read = await request(t.server).get('/api/cases').set(bearer(session.accessToken));
        expect(read.status).toBe(401);
        const refreshed = await request(t.server).post('/api/auth/refresh').send({ refreshToken: session.refreshToken });
        expect(refreshed.status).toBe(401);
      }
      // The right password learns that the account is disabled; a wrong one learns nothing more than usual.
      const refused = await signIn(person);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('AUTH.ACCOUNT_DISABLED');
      const guessed = await signIn(person, 'Wrong#Passw0rd');
      expect(guessed.status).toBe(401);
      expect(guessed.body.code).toBe('AUTH.INVALID_CREDENTIALS');

      // The person stays in the unit's list, under their name, for the histories they appear in.
      const listed = await t.api.get(unit.admin, `/api/organisations/${unit.id}/users`);
      expect(listed.body.find((p: { id: string }) => p.id === person.id)).toMatchObject({ displayName: `u1.member2 ${world.tag}`, disabled: true });
      const history = await t.api.get(unit.leader, `/api/cases/${caseId}/history`);
      expect(history.status).toBe(200);
      expect(JSON.stringify(history.body)).toContain(person.id);

      const events = await t.api.get(unit.admin, '/api/security-events?limit=50');
      const event = events.body.items.find((e: { kind: string; userId: string }) => e.kind === 'account_disabled' && e.userId === person.id);
      expect(event).toMatchObject({ outcome: 'success', username: person.username, details: { byUserId: unit.admin.id, endedSessions: 2 } });

      const enabled = await t.api.post(unit.admin, `/api/users/${person.id}/enable`);
      expect(enabled.status).toBe(200);
      expect(enabled.body.disabled).toBe(false);
      expect((await signIn(person)).status).toBe(200);
      // Sessions ended by the disabling stay ended.
      expect((await request(t.server).get('/api/cases').set(bearer(first.body.accessToken))).status).toBe(401);
    });

    it('refuses to disable oneself', async () => {
      const unit = world.units[0]!;
      const response = await t.api.post(unit.admin, `/api/users/${unit.admin.id}/disable`);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('USER.CANNOT_DISABLE_SELF');
      expect((await t.api.get(unit.admin, '/api/cases')).status).toBe(200);
    });

    it('is for the unit admin only: a member gets 403, another unit\u2019s admin 404', async () => {
      const unit = world.units[0]!;
      const byMember = await t.api.post(unit.member, `/api/users/${unit.compiler.id}/disable`);
      expect(byMember.status).toBe(403);
      expect(byMember.body.code).toBe('ORG.ROLE_NOT_ALLOWED');
      const byStranger = await t.api.post(world.units[1]!.admin, `/api/users/${unit.compiler.id}/disable`);
      expect(byStranger.status).toBe(404);
      expect((await t.api.get(unit.compiler, '/api/cases')).status).toBe(200);
    });

    itOnRealServer('leaves one active unit admin when two admins disable each other at once', async () => {
      const own = await newWorld(t.app);
      const unit = own.units[0]!;
      const second = await t.api.post(unit.admin, `/api/organisations/${unit.id}/users`, {
        username: `admin2.${own.tag}`,
        displayName: '第二管理员',
        password: TEST_PASSWORD,
        roles: ['unit_admin'],
      });
      expect(second.status).toBe(201);
      const admin2: WorldUser = { id: second.body.id, username: second.body.username, roles: ['unit_admin'] };
      await t.api.token(admin2);
      await t.api.token(unit.admin);
      const [a, b] = await Promise.all([
        t.api.post(unit.admin, `/api/users/${admin2.id}/disable`),
        t.api.post(admin2, `/api/users/${unit.admin.id}/disable`),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).toBe(200);
      // The loser either finds the last admin rule (409) or its own session already ended (401).
      expect([401, 409]).toContain(statuses[1]);
      const people = await request(t.server)
        .get(`/api/organisations/${unit.id}/users`)
        .set(bearer(await t.api.token(a.status === 200 ? unit.admin : admin2)));
      const activeAdmins = people.body.filter((p: { roles: string[]; disabled: boolean }) => p.roles.includes('unit_admin') && !p.disabled);
      expect(activeAdmins).toHaveLength(1);
    });
  });

  describe('the sign-in page', () => {
    // With the demo data (npm start) it answers true: see test/integration/first-start.int-spec.ts.
    it('lists no demo accounts when this start loads no demo data', async () => {
      const none = await request(t.server).get('/api/auth/sign-in-options');
      expect(none.status).toBe(200);
      expect(none.body).toEqual({ demoAccounts: false, demoAccountGroups: [] });
    });
  });

  describe('a person whose roles were all removed', () => {
    it('sees nothing with their old token: no cases, no case, no campaigns, no tasks, no people', async () => {
      const unit = world.units[0]!;
      const person = unit.member;
      const before = await t.api.get(person, '/api/cases');
      expect(before.body.total).toBeGreaterThan(0);
      expect((await t.api.get(person, '/api/me/tasks')).body.total).toBeGreaterThan(0);

      const stripped = await t.api.patch(unit.admin, `/api/users/${person.id}`, { roles: [] });
      expect(stripped.status).toBe(200);
      expect(stripped.body.roles).toEqual([]);

      const cases = await t.api.get(person, '/api/cases');
      expect(cases.status).toBe(200);
      expect(cases.body).toMatchObject({ items: [], total: 0 });
      expect((await t.api.get(person, `/api/cases/${caseId}`)).status).toBe(404);
      expect((await t.api.get(person, `/api/cases/${caseId}/history`)).status).toBe(404);
      expect((await t.api.get(person, '/api/campaigns')).body).toMatchObject({ items: [], total: 0 });
      const tasks = await t.api.get(person, '/api/me/tasks');
      expect(tasks.body).toMatchObject({ items: [], total: 0 });
      expect((await t.api.get(person, `/api/organisations/${unit.id}/users`)).status).toBe(404);

      // Given a role again, they see the unit's cases again.
      await t.api.patch(unit.admin, `/api/users/${person.id}`, { roles: ['member'] });
      expect((await t.api.get(person, '/api/cases')).body.total).toBeGreaterThan(0);
    });
  });
});
