import { NotificationWriter } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

interface Notice {
  id: string;
  kind: string;
  caseId: string | null;
  sectionCode: string | null;
  actorName: string | null;
  params: Record<string, string | number>;
  link: string;
  readAt: string | null;
}

describe('in-console notifications (站内通知)', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 1 });
    unit = world.units[0]!;
  }, 60_000);
  afterAll(() => t.close());

  async function newCase(target: Parameters<typeof driveCase>[4]): Promise<string> {
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, target);
    return caseId;
  }

  async function noticesOf(user: WorldUser, caseId: string, query = ''): Promise<Notice[]> {
    const response = await t.api.get(user, `/api/me/notifications?limit=200${query}`);
    expect(response.status).toBe(200);
    return (response.body.items as Notice[]).filter((n) => n.caseId === caseId);
  }

  async function unreadOf(user: WorldUser): Promise<number> {
    const response = await t.api.get(user, '/api/me/notifications/count');
    expect(response.status).toBe(200);
    return response.body.unread;
  }

  const sectionEvent = (user: WorldUser, caseId: string, code: string, body: object) => t.api.post(user, `/api/cases/${caseId}/sections/${code}/events`, body);

  it('tells the writer of a returned section once, with the reason and a link to the section, and nobody else', async () => {
    const caseId = await newCase('self_assessment');
    expect((await sectionEvent(unit.member, caseId, '1.1', { type: 'SUBMIT' })).status).toBe(200);
    // The submission asks the section's approvers (the leader and the deputy with the whole report).
    const asked = (await noticesOf(unit.leader, caseId)).filter((n) => n.kind === 'SECTION_SUBMIT');
    expect(asked.map((n) => [n.sectionCode, n.link])).toEqual([['1.1', `/cases/${caseId}/sections/1.1`]]);
    const before = await unreadOf(unit.member);

    const returned = await sectionEvent(unit.leader, caseId, '1.1', { type: 'RETURN', reason: '人员编制数与附表不一致。' });
    expect(returned.status).toBe(200);

    const notices = (await noticesOf(unit.member, caseId)).filter((n) => n.kind === 'SECTION_RETURN');
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'SECTION_RETURN',
        sectionCode: '1.1',
        actorName: `u1.leader ${world.tag}`,
        link: `/cases/${caseId}/sections/1.1`,
        readAt: null,
        params: expect.objectContaining({ reason: '人员编制数与附表不一致。', unitName: unit.name, sectionTitle: expect.any(String) }),
      }),
    ]);
    expect(await unreadOf(unit.member)).toBe(before + 1);
    // The leader took the step: not told of it. Nor is anyone else.
    expect((await noticesOf(unit.leader, caseId)).filter((n) => n.kind === 'SECTION_RETURN')).toEqual([]);
    expect((await noticesOf(unit.member2, caseId))).toEqual([]);
  });

  it('writes nothing for a refused step', async () => {
    const caseId = await newCase('self_assessment');
    expect((await sectionEvent(unit.member, caseId, '2.1', { type: 'SUBMIT' })).status).toBe(200);
    for (const body of [{ type: 'RETURN' }, { type: 'RETURN', reason: '' }]) {
      const withoutReason = await sectionEvent(unit.leader, caseId, '2.1', body);
      expect([400, 422]).toContain(withoutReason.status);
    }
    // Section 1.1 was never submitted: nothing to return.
    const notSubmitted = await sectionEvent(unit.leader, caseId, '1.1', { type: 'RETURN', reason: '请补充。' });
    expect(notSubmitted.status).toBe(409);
    expect((await noticesOf(unit.member, caseId)).filter((n) => n.kind === 'SECTION_RETURN')).toEqual([]);
  });

  it('writes nothing when the step’s transaction rolls back, and a record tells each person once', async () => {
    const caseId = await newCase('group_formed');
    const writer = t.app.get(NotificationWriter);
    const transactor = t.app.get(Transactor);
    const record = {
      caseId,
      seq: 900,
      event: 'SECTION_RETURN',
      actorId: unit.leader.id,
      fromState: 'self_assessment',
      toState: 'self_assessment',
      comment: '回滚',
      details: { section: '1.1' },
    };
    await transactor.run(async (tx) => {
      // Nobody is assigned yet: the return would tell nobody; assign through the store first.
      await tx.query(`UPDATE case_sections SET assignee_id = $2 WHERE case_id = $1 AND code = '1.1'`, [caseId, unit.member2.id]);
      return undefined;
    });
    await expect(
      transactor.run(async (tx) => {
        expect(await writer.recorded(tx, record)).toBe(1);
        throw new Error('the step fails after its notices were written');
      }),
    ).rejects.toThrow('the step fails');
    expect(await noticesOf(unit.member2, caseId)).toEqual([]);

    expect(await transactor.run((tx) => writer.recorded(tx, record))).toBe(1);
    expect(await transactor.run((tx) => writer.recorded(tx, record))).toBe(0);
    expect((await noticesOf(unit.member2, caseId)).map((n) => n.kind)).toEqual(['SECTION_RETURN']);
  });

  it('tells the compiler and the leader of a return by the bureau once, even when the return is retried with its Idempotency-Key', async () => {
    const caseId = await newCase('submitted');
    expect((await noticesOf(world.bureau.officer, caseId)).map((n) => n.kind)).toEqual(['SUBMIT']);
    const headers = { 'Idempotency-Key': `bureau-return-${caseId}` };
    const body = { type: 'RETURN', reason: '绩效指标填报不完整。' };
    const first = await t.api.post(world.bureau.officer, `/api/cases/${caseId}/events`, body, headers);
    expect(first.status).toBe(200);
    const again = await t.api.post(world.bureau.officer, `/api/cases/${caseId}/events`, body, headers);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    for (const person of [unit.compiler, unit.leader]) {
      const returns = (await noticesOf(person, caseId)).filter((n) => n.kind === 'BUREAU_RETURN');
      expect(returns).toEqual([expect.objectContaining({ link: `/cases/${caseId}`, params: expect.objectContaining({ reason: '绩效指标填报不完整。' }) })]);
    }
    expect((await noticesOf(unit.member, caseId)).filter((n) => n.kind === 'BUREAU_RETURN')).toEqual([]);
  });

  itOnRealServer('of two approvers returning the same section at once, one wins and the writer is told once', async () => {
    const caseId = await newCase('self_assessment');
    expect((await sectionEvent(unit.member, caseId, '3.1', { type: 'SUBMIT' })).status).toBe(200);
    const answers = await Promise.all([
      sectionEvent(unit.leader, caseId, '3.1', { type: 'RETURN', reason: '组长意见：请补充。' }),
      sectionEvent(unit.deputy, caseId, '3.1', { type: 'RETURN', reason: '副组长意见：请补充。' }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect((await noticesOf(unit.member, caseId)).filter((n) => n.kind === 'SECTION_RETURN')).toHaveLength(1);
  });

  it('tells the person urged (催办) and the new holder of a section handed over', async () => {
    const caseId = await newCase('self_assessment');
    const urged = await t.api.post(unit.leader, `/api/cases/${caseId}/urges`, { recipientId: unit.member.id, task: { kind: 'draft_section', sectionCode: '1.2' }, message: '请尽快提交。' });
    expect(urged.status).toBe(201);
    expect((await noticesOf(unit.member, caseId)).filter((n) => n.kind === 'URGE')).toEqual([
      expect.objectContaining({ sectionCode: '1.2', actorName: `u1.leader ${world.tag}`, params: expect.objectContaining({ reason: '请尽快提交。' }) }),
    ]);

    const handed = await t.api.post(unit.member, '/api/delegations', { kind: 'reassignment', delegateId: unit.member2.id, reason: '工作调整', caseId, task: { type: 'section', code: '2.1' } });
    expect(handed.status).toBe(201);
    expect((await noticesOf(unit.member2, caseId)).map((n) => [n.kind, n.sectionCode, n.link])).toEqual([['REASSIGN', '2.1', `/cases/${caseId}/sections/2.1`]]);
  });

  it('tells the delegate of a delegation (代理), named after the delegator', async () => {
    const given = await t.api.post(unit.deputy, '/api/delegations', { kind: 'delegation', delegateId: unit.publisher.id, reason: '出差', startsOn: inDays(1), endsOn: inDays(3) });
    expect(given.status).toBe(201);
    const response = await t.api.get(unit.publisher, '/api/me/notifications?unread=true');
    expect(response.body.items.filter((n: Notice) => n.kind === 'DELEGATION')).toEqual([
      expect.objectContaining({ caseId: null, actorName: `u1.deputy ${world.tag}`, link: '/settings', params: { startsOn: inDays(1), endsOn: inDays(3), reason: '出差' } }),
    ]);
  });

  it('lists newest first, filters the unread, and marks read only the person’s own notices', async () => {
    await newCase('self_assessment');
    const mine = await t.api.get(unit.member, '/api/me/notifications?limit=2&offset=0');
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ limit: 2, offset: 0 });
    expect(mine.body.items.length).toBeLessThanOrEqual(2);
    expect(mine.body.unread).toBe(await unreadOf(unit.member));
    const times = mine.body.items.map((n: { createdAt: string }) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const unread = await t.api.get(unit.member, '/api/me/notifications?unread=true&limit=200');
    expect(unread.body.items.every((n: Notice) => n.readAt === null)).toBe(true);
    const first = unread.body.items[0] as Notice;

    // Another person's ids change nothing.
    const byOther = await t.api.post(unit.member2, '/api/me/notifications/read', { ids: [first.id] });
    expect(byOther.status).toBe(200);
    expect(byOther.body.marked).toBe(0);

    const one = await t.api.post(unit.member, '/api/me/notifications/read', { ids: [first.id] });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ marked: 1, unread: unread.body.total - 1 });
    const twice = await t.api.post(unit.member, '/api/me/notifications/read', { ids: [first.id] });
    expect(twice.body.marked).toBe(0);

    const all = await t.api.post(unit.member, '/api/me/notifications/read', { all: true });
    expect(all.body).toEqual({ marked: unread.body.total - 1, unread: 0 });
    expect(await unreadOf(unit.member)).toBe(0);
  });

  it('refuses bad input with 400 and a stable code', async () => {
    for (const body of [{}, { ids: [] }, { ids: ['not-a-uuid'] }, { all: false }, { all: true, extra: 1 }]) {
      const refused = await t.api.post(unit.member, '/api/me/notifications/read', body);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toMatch(/^VALIDATION\./);
    }
    const badQuery = await t.api.get(unit.member, '/api/me/notifications?unread=maybe');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.code).toBe('VALIDATION.FIELD_INVALID');
  });
});
