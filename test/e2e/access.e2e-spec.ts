import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

describe('who may see and move a case', () => {
  let t: TestApp;
  let world: World;
  let otherBureau: World;
  let caseA: string;
  let caseB: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    otherBureau = await newWorld(t.app);
    const [a, b] = world.units;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [a!.id, b!.id]);
    caseA = caseIds.get(a!.id)!;
    caseB = caseIds.get(b!.id)!;
  });
  afterAll(() => t.close());

  it("hides another unit's case: reading, history and events all answer 404", async () => {
    const outsider = world.units[1]!.admin;
    for (const path of [`/api/cases/${caseA}`, `/api/cases/${caseA}/history`]) {
      const response = await t.api.get(outsider, path);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('CASE.NOT_FOUND');
    }
    const unit = world.units[0]!;
    const event = await t.api.post(outsider, `/api/cases/${caseA}/events`, {
      type: 'FORM_GROUP',
      group: { leaderId: unit.leader.id, memberIds: [unit.member.id], compilerIds: [unit.compiler.id] },
    });
    expect(event.status).toBe(404);
    const listed = await t.api.get(outsider, '/api/cases?limit=200');
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([caseB]);
  });

  it("hides the case from another bureau's finance officer", async () => {
    const officer = otherBureau.bureau.officer;
    expect((await t.api.get(officer, `/api/cases/${caseA}`)).status).toBe(404);
    expect((await t.api.post(officer, `/api/cases/${caseA}/events`, { type: 'ACCEPT' })).status).toBe(404);
  });

  it("shows the finance officer every case of the bureau's campaigns", async () => {
    const listed = await t.api.get(world.bureau.officer, '/api/cases?limit=200');
    expect(listed.body.items.map((c: { id: string }) => c.id).sort()).toEqual([caseA, caseB].sort());
  });

  it('refuses with 403 an event from someone in scope without the role', async () => {
    const unit = world.units[0]!;
    const response = await t.api.post(unit.member, `/api/cases/${caseA}/events`, {
      type: 'FORM_GROUP',
      group: { leaderId: unit.leader.id, memberIds: [unit.member.id], compilerIds: [unit.compiler.id] },
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('CASE.ROLE_NOT_ALLOWED');
  });

  it('refuses with 409 an event the state does not take, naming what is allowed now', async () => {
    const response = await t.api.post(world.units[0]!.sealKeeper, `/api/cases/${caseA}/events`, { type: 'SEAL' });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ code: 'CASE.TRANSITION_NOT_ALLOWED', details: { state: 'notice_issued', allowedEvents: [] } });
    const admin = await t.api.post(world.units[0]!.admin, `/api/cases/${caseA}/events`, { type: 'ACCEPT' });
    expect(admin.body.details.allowedEvents).toEqual(['FORM_GROUP']);
  });

  it('refuses a working group of people from another unit, and one without a compiler', async () => {
    const [a, b] = world.units;
    const foreign = await t.api.post(a!.admin, `/api/cases/${caseA}/events`, {
      type: 'FORM_GROUP',
      group: { leaderId: b!.leader.id, memberIds: [a!.member.id], compilerIds: [a!.compiler.id] },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body).toMatchObject({ code: 'GROUP.USER_NOT_IN_UNIT', details: { userIds: [b!.leader.id] } });
    const incomplete = await t.api.post(a!.admin, `/api/cases/${caseA}/events`, {
      type: 'FORM_GROUP',
      group: { leaderId: a!.leader.id, memberIds: [], compilerIds: [] },
    });
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.details.reasons.map((r: { code: string }) => r.code)).toEqual(['GROUP.MEMBER_MISSING', 'GROUP.COMPILER_MISSING']);
  });

  it('lists the events each person may send on the case', async () => {
    const unit = world.units[1]!;
    await driveCase(t.api, unit, world.bureau.officer, caseB, 'internal_review');
    const allowed = async (user: (typeof unit)['leader']) => (await t.api.get(user, `/api/cases/${caseB}`)).body.allowedEvents;
    expect(await allowed(unit.leader)).toEqual(['APPROVE', 'RETURN']);
    expect(await allowed(unit.sealKeeper)).toEqual(['SEAL']);
    expect(await allowed(unit.member)).toEqual([]);
    expect((await t.api.get(world.bureau.officer, `/api/cases/${caseB}`)).body.allowedEvents).toEqual([]);
  });

  it('refuses self-approval of a section and approval by someone outside the leaders', async () => {
    const unit = world.units[1]!;
    const fresh = (await issueCampaign(t.api, world.bureau.officer, [unit.id])).caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, fresh, 'group_formed');
    await t.api.put(unit.leader, `/api/cases/${fresh}/sections/1.1/assignment`, { assigneeId: unit.deputy.id, dueDate: inDays(5) });
    const detail = await t.api.get(unit.leader, `/api/cases/${fresh}`);
    for (const section of detail.body.sections.filter((s: { code: string }) => s.code !== '1.1')) {
      await t.api.put(unit.leader, `/api/cases/${fresh}/sections/${section.code}/assignment`, { assigneeId: unit.member.id, dueDate: inDays(5) });
    }
    await t.api.event(unit.leader, fresh, { type: 'START_SELF_ASSESSMENT' });
    expect((await t.api.post(unit.deputy, `/api/cases/${fresh}/sections/1.1/events`, { type: 'SUBMIT' })).status).toBe(200);
    const self = await t.api.post(unit.deputy, `/api/cases/${fresh}/sections/1.1/events`, { type: 'APPROVE' });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('SECTION.SELF_APPROVAL');
    const byMember = await t.api.post(unit.member2, `/api/cases/${fresh}/sections/1.1/events`, { type: 'APPROVE' });
    expect(byMember.body.code).toBe('SECTION.NOT_APPROVER');
    expect((await t.api.post(unit.leader, `/api/cases/${fresh}/sections/1.1/events`, { type: 'APPROVE' })).status).toBe(200);
  });
});
