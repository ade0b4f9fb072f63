import { DataSource } from 'typeorm';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World } from '../support/world';

describe('people, working groups and delegation', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
  });
  afterAll(() => t.close());

  describe('a unit admin managing people', () => {
    it('adds a person with roles and a sub-office, and lists them', async () => {
      const unit = world.units[0]!;
      const org = await t.api.get(unit.admin, `/api/organisations/${unit.id}`);
      const office = org.body.subOffices[0];
      const created = await t.api.post(unit.admin, `/api/organisations/${unit.id}/users`, {
        username: `new.${world.tag}`,
        displayName: '王芳',
        password: 'Budget#2024x',
        roles: ['member', 'compiler'],
        subOfficeId: office.id,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ username: `new.${world.tag}`, roles: ['compiler', 'member'], subOfficeId: office.id, disabled: false });
      const listed = await t.api.get(unit.member, `/api/organisations/${unit.id}/users`);
      expect(listed.body.map((p: { username: string }) => p.username)).toContain(`new.${world.tag}`);
    });

    it.each([
      ['a user name that is taken', (w: World) => ({ username: w.units[0]!.member.username }), 409, 'USER.USERNAME_TAKEN'],
      ['a finance role in a unit', () => ({ roles: ['finance_officer'] }), 422, 'USER.ROLE_NOT_IN_ORGANISATION'],
      ['a weak password', () => ({ password: 'password' }), 422, 'AUTH.PASSWORD_TOO_WEAK'],
      ["another unit's sub-office", () => ({ subOfficeId: 'OTHER' }), 422, 'USER.SUB_OFFICE_OUTSIDE_UNIT'],
    ])('refuses %s and creates nobody', async (_name, override, status, code) => {
      const unit = world.units[0]!;
      const otherOffice = (await t.api.get(world.units[1]!.admin, `/api/organisations/${world.units[1]!.id}`)).body.subOffices[0].id;
      const username = `refused.${Math.floor(Math.random() * 1e9)}`;
      const body: Record<string, unknown> = { username, displayName: '某人', password: 'Budget#2024x', roles: ['member'], ...override(world) };
      if (body.subOfficeId === 'OTHER') body.subOfficeId = otherOffice;
      const response = await t.api.post(unit.admin, `/api/organisations/${unit.id}/users`, body);
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
      const rows: Array<{ n: number }> = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM users WHERE username = $1', [username]);
      expect(rows[0]!.n).toBe(0);
    });

    it('never leaves a unit without an admin when two admins take the role from each other at once', async () => {
      const unit = world.units[1]!;
      const promoted = await t.api.patch(unit.admin, `/api/users/${unit.member.id}`, { roles: ['member', 'unit_admin'] });
      expect(promoted.status).toBe(200);
      // Both signed in beforehand, so that the two changes reach the server together.
      await t.api.get(unit.member, `/api/organisations/${unit.id}`);
      await t.api.get(unit.admin, `/api/organisations/${unit.id}`);
      const [first, second] = await Promise.all([
        t.api.patch(unit.admin, `/api/users/${unit.member.id}`, { roles: ['member'] }),
        t.api.patch(unit.member, `/api/users/${unit.admin.id}`, { roles: ['member'] }),
      ]);
      // Exactly one wins; the other is refused because its author is no longer an admin, or would leave none.
      expect([first.status, second.status].filter((status) => status === 200)).toHaveLength(1);
      const loser = first.status === 200 ? second : first;
      expect(['USER.LAST_ADMIN', 'ORG.ROLE_NOT_ALLOWED']).toContain(loser.body.code);
      const admins: Array<{ n: number }> = await t.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM role_assignments WHERE organisation_id = $1 AND role = 'unit_admin'`, [unit.id]);
      expect(admins[0]!.n).toBe(1);
    });

    it('adds a sub-office once and refuses the same name twice', async () => {
      const unit = world.units[0]!;
      const added = await t.api.post(unit.admin, `/api/organisations/${unit.id}/sub-offices`, { kind: 'office', name: '干部监督组' });
      expect(added.status).toBe(201);
      expect(added.body.subOffices.map((o: { name: string }) => o.name)).toContain('干部监督组');
      const again = await t.api.post(unit.admin, `/api/organisations/${unit.id}/sub-offices`, { kind: 'office', name: '干部监督组' });
      expect(again.body.code).toBe('ORG.SUB_OFFICE_EXISTS');
    });
  });

  describe('the working group', () => {
    it('lets a deputy approve only the sections in their remit', async () => {
      const unit = world.units[0]!;
      const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
      await t.api.event(unit.admin, caseId, {
        type: 'FORM_GROUP',
        group: {
          leaderId: unit.leader.id,
          deputyLeaderIds: [unit.deputy.id],
          remits: [{ userId: unit.deputy.id, sectionCodes: ['1.1'] }],
          memberIds: [unit.member.id],
          compilerIds: [unit.compiler.id],
        },
      });
      const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
      for (const s of detail.body.sections) {
        await t.api.put(unit.leader, `/api/cases/${caseId}/sections/${s.code}/assignment`, { assigneeId: unit.member.id, dueDate: inDays(5) });
      }
      await t.api.event(unit.leader, caseId, { type: 'START_SELF_ASSESSMENT' });
      for (const code of ['1.1', '1.2']) await t.api.post(unit.member, `/api/cases/${caseId}/sections/${code}/events`, { type: 'SUBMIT' });

      expect((await t.api.post(unit.deputy, `/api/cases/${caseId}/sections/1.1/events`, { type: 'APPROVE' })).status).toBe(200);
      const outside = await t.api.post(unit.deputy, `/api/cases/${caseId}/sections/1.2/events`, { type: 'APPROVE' });
      expect(outside.status).toBe(403);
      expect(outside.body.code).toBe('SECTION.NOT_APPROVER');
      expect((await t.api.post(unit.leader, `/api/cases/${caseId}/sections/1.2/events`, { type: 'APPROVE' })).status).toBe(200);
    });

    it('refuses a remit naming another unit’s sub-office', async () => {
      const [unit, other] = world.units;
      const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit!.id])).caseIds.get(unit!.id)!;
      const foreign = (await t.api.get(other!.admin, `/api/organisations/${other!.id}`)).body.subOffices[0].id;
      const response = await t.api.post(unit!.admin, `/api/cases/${caseId}/events`, {
        type: 'FORM_GROUP',
        group: {
          leaderId: unit!.leader.id,
          deputyLeaderIds: [unit!.deputy.id],
          remits: [{ userId: unit!.deputy.id, subOfficeIds: [foreign] }],
          memberIds: [unit!.member.id],
          compilerIds: [unit!.compiler.id],
        },
      });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('GROUP.REMIT_OUTSIDE_UNIT');
      expect((await t.api.get(unit!.admin, `/api/cases/${caseId}`)).body.state).toBe('notice_issued');
    });

    it('lets the unit admin change the group later, recorded in the history', async () => {
      const unit = world.units[1]!;
      const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
      await driveCase(t.api, unit, world.bureau.officer, caseId, 'group_formed');
      const changed = await t.api.put(unit.admin, `/api/cases/${caseId}/group`, {
        group: { leaderId: unit.leader.id, memberIds: [unit.member2.id], compilerIds: [unit.compiler.id], sealKeeperIds: [unit.member.id] },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.group.filter((m: { role: string }) => m.role === 'seal_keeper').map((m: { userId: string }) => m.userId)).toEqual([unit.member.id]);
      const history = await t.api.get(unit.admin, `/api/cases/${caseId}/history`);
      expect(history.body.at(-1)).toMatchObject({ event: 'CHANGE_GROUP', actorId: unit.admin.id });
      const incomplete = await t.api.put(unit.admin, `/api/cases/${caseId}/group`, { group: { leaderId: unit.leader.id, memberIds: [], compilerIds: [] } });
      expect(incomplete.status).toBe(422);
      expect(incomplete.body.code).toBe('GROUP.INCOMPLETE');
      const byLeader = await t.api.put(unit.leader, `/api/cases/${caseId}/group`, { group: { leaderId: unit.leader.id, memberIds: [unit.member.id], compilerIds: [unit.compiler.id] } });
      expect(byLeader.status).toBe(403);
    });
  });

  describe('delegation (代理) and reassignment (转交)', () => {
    it('lets a stand-in approve for the leader inside the dates, recording both people, and not after revocation', async () => {
      const unit = world.units[0]!;
      const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
      await driveCase(t.api, unit, world.bureau.officer, caseId, 'internal_review');
      const given = await t.api.post(unit.leader, '/api/delegations', { kind: 'delegation', delegateId: unit.member2.id, reason: '出差', startsOn: inDays(0), endsOn: inDays(2) });
      expect(given.status).toBe(201);

      const asSelf = await t.api.post(unit.member2, `/api/cases/${caseId}/events`, { type: 'APPROVE' });
      expect(asSelf.status).toBe(403);
      const approved = await t.api.post(unit.member2, `/api/cases/${caseId}/events`, { type: 'APPROVE', actingFor: unit.leader.id });
      expect(approved.status).toBe(200);
      expect(approved.body.case.approvals).toEqual([unit.leader.id]);
      const history = await t.api.get(unit.leader, `/api/cases/${caseId}/history`);
      expect(history.body.at(-1)).toMatchObject({ event: 'APPROVE', actorId: unit.member2.id, onBehalfOfId: unit.leader.id });
      const nameOf = async (user: typeof unit.leader) => (await t.api.get(user, '/api/auth/me')).body.displayName as string;
      expect(history.body.at(-1)).toMatchObject({ actorName: await nameOf(unit.member2), onBehalfOfName: await nameOf(unit.leader) });

      // A delegation that starts later gives no rights today.
      const later = await t.api.post(unit.deputy, '/api/delegations', { kind: 'delegation', delegateId: unit.member2.id, reason: '休假', startsOn: inDays(5), endsOn: inDays(6) });
      expect(later.status).toBe(201);
      const early = await t.api.post(unit.member2, `/api/cases/${caseId}/events`, { type: 'APPROVE', actingFor: unit.deputy.id });
      expect(early.status).toBe(403);
      expect(early.body.code).toBe('DELEGATION.NOT_IN_FORCE');
      expect((await t.api.delete(unit.leader, `/api/delegations/${given.body.id}`)).status).toBe(200);
      const revoked = await t.api.post(unit.member2, `/api/cases/${caseId}/events`, { type: 'RETURN', reason: '退回', sectionCodes: ['1.1'], actingFor: unit.leader.id });
      expect(revoked.body.code).toBe('DELEGATION.NOT_IN_FORCE');
    });

    it.each([
      ['to oneself', (w: World) => ({ delegateId: w.units[1]!.leader.id, delegatorId: undefined, self: true }), 422, 'DELEGATION.SELF'],
      ['to someone of another unit', (w: World) => ({ delegateId: w.units[0]!.member.id }), 422, 'DELEGATION.OUTSIDE_UNIT'],
      ['ending before it starts', () => ({ startsOn: inDays(3), endsOn: inDays(1) }), 422, 'DELEGATION.DATES_OUT_OF_ORDER'],
      ['ending in the past', () => ({ startsOn: inDays(-5), endsOn: inDays(-1) }), 422, 'DELEGATION.IN_THE_PAST'],
    ])('refuses a delegation %s', async (_name, override, status, code) => {
      const unit = world.units[1]!;
      const o = override(world) as Record<string, unknown>;
      const body = { kind: 'delegation', delegateId: unit.deputy.id, reason: '休假', startsOn: inDays(0), endsOn: inDays(1), ...o };
      if (o.self) {
        body.delegateId = unit.leader.id;
        delete (body as Record<string, unknown>).self;
      }
      const response = await t.api.post(unit.leader, '/api/delegations', body);
      expect(response.status).toBe(status);
      expect(response.body.code).toBe(code);
    });

    it('refuses an overlapping delegation by the same person', async () => {
      const unit = world.units[1]!;
      const first = await t.api.post(unit.deputy, '/api/delegations', { kind: 'delegation', delegateId: unit.member.id, reason: '出差', startsOn: inDays(10), endsOn: inDays(12) });
      expect(first.status).toBe(201);
      const overlap = await t.api.post(unit.deputy, '/api/delegations', { kind: 'delegation', delegateId: unit.member2.id, reason: '出差', startsOn: inDays(12), endsOn: inDays(14) });
      expect(overlap.status).toBe(409);
      expect(overlap.body.code).toBe('DELEGATION.OVERLAP');
    });

    it('passes a section to someone else for good, in the history, and cannot be revoked', async () => {
      const unit = world.units[0]!;
      const caseId = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
      await driveCase(t.api, unit, world.bureau.officer, caseId, 'self_assessment');
      const passed = await t.api.post(unit.member, '/api/delegations', { kind: 'reassignment', delegateId: unit.member2.id, reason: '工作调整', caseId, task: { type: 'section', code: '2.1' } });
      expect(passed.status).toBe(201);
      const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
      expect(detail.body.sections.find((s: { code: string }) => s.code === '2.1').assigneeId).toBe(unit.member2.id);
      const history = await t.api.get(unit.leader, `/api/cases/${caseId}/history`);
      expect(history.body.at(-1)).toMatchObject({ event: 'REASSIGN', actorId: unit.member.id, details: { from: unit.member.id, to: unit.member2.id } });
      expect((await t.api.delete(unit.member, `/api/delegations/${passed.body.id}`)).body.code).toBe('DELEGATION.FINAL');
      expect((await t.api.post(unit.member, `/api/cases/${caseId}/sections/2.1/events`, { type: 'SUBMIT' })).status).toBe(403);
      expect((await t.api.post(unit.member2, `/api/cases/${caseId}/sections/2.1/events`, { type: 'SUBMIT' })).status).toBe(200);
    });
  });

  describe('finance officers bound to campaigns', () => {
    it('shows a campaign and its cases only to the officers bound to it', async () => {
      const unit = world.units[0]!;
      const colleague = (
        await t.api.post(world.bureau.officer, `/api/organisations/${world.bureau.id}/users`, {
          username: `officer2.${world.tag}`,
          displayName: '同事',
          password: TEST_PASSWORD,
          roles: ['finance_officer'],
        })
      ).body;
      const { campaignId, caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
      const colleagueUser = { id: colleague.id, username: colleague.username, roles: ['finance_officer' as const] };
      expect((await t.api.get(colleagueUser, `/api/campaigns/${campaignId}`)).status).toBe(404);
      expect((await t.api.get(colleagueUser, `/api/cases/${caseIds.get(unit.id)}`)).status).toBe(404);
      const bound = await t.api.post(world.bureau.officer, `/api/campaigns/${campaignId}/officers`, { userId: colleague.id });
      expect(bound.status).toBe(200);
      expect((await t.api.get(colleagueUser, `/api/cases/${caseIds.get(unit.id)}`)).status).toBe(200);
    });
  });
});
