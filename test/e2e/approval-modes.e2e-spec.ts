import { driveCase, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

interface Step {
  userId: string;
  displayName: string;
  track: number;
  approved: boolean;
  turn: boolean;
  added: boolean;
  placement: 'before' | 'after' | null;
  addedBy: string | null;
}

/**
 * Issue 14 item 13: 依次 (sequential approval), 前加签 / 后加签 and 传阅, through HTTP on a real
 * PostgreSQL. The world's group has one deputy and one leader: in 依次 the deputy approves first.
 */
describe('approval modes: 依次, 前加签, 后加签 and 传阅', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;
  let otherUnit: WorldUnit;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    unit = world.units[0]!;
    otherUnit = world.units[1]!;
  }, 60_000);
  afterAll(() => t.close());

  async function newCase(target: Parameters<typeof driveCase>[4], approvalMode = 'sequential'): Promise<string> {
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id], { approvalMode });
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, target);
    return caseId;
  }

  const approve = (user: WorldUser, caseId: string) => t.api.post(user, `/api/cases/${caseId}/events`, { type: 'APPROVE' });
  const reasonCodes = (body: { details?: { reasons?: Array<{ code: string }> } }) => (body.details?.reasons ?? []).map((r) => r.code);
  const order = async (caseId: string) => {
    const response = await t.api.get(unit.leader, `/api/cases/${caseId}/approval`);
    expect(response.status).toBe(200);
    const label = (id: string) => (id === unit.deputy.id ? 'deputy' : id === unit.leader.id ? 'leader' : id === unit.member2.id ? 'member2' : id);
    for (const step of response.body.chain as Step[]) expect(step.displayName).toMatch(/\S/);
    return (response.body.chain as Step[]).map((s) => `${label(s.userId)}${s.approved ? '✓' : s.turn ? '←' : ''}`);
  };
  const approvalTasks = async (user: WorldUser, caseId: string) =>
    ((await t.api.get(user, '/api/me/tasks')).body.items as Array<{ caseId: string; kind: string }>).filter((i) => i.caseId === caseId && i.kind === 'approve_report').length;

  const notices = async (user: WorldUser, caseId: string) =>
    ((await t.api.get(user, '/api/me/notifications?limit=100')).body.items as Array<{ caseId: string | null; kind: string }>).filter((n) => n.caseId === caseId).map((n) => n.kind);

  describe('依次', () => {
    it('lets the deputy approve first and the leader only after, giving the task to each at their turn', async () => {
      const caseId = await newCase('internal_review');
      expect(await order(caseId)).toEqual(['deputy←', 'leader']);
      expect(await approvalTasks(unit.deputy, caseId)).toBe(1);
      expect(await approvalTasks(unit.leader, caseId)).toBe(0);
      // Only the first in line is asked; the leader hears nothing until it is their turn.
      expect(await notices(unit.deputy, caseId)).toContain('REQUEST_REVIEW');
      expect(await notices(unit.leader, caseId)).not.toContain('REQUEST_REVIEW');

      const early = await approve(unit.leader, caseId);
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('CASE.CONDITIONS_NOT_MET');
      expect(reasonCodes(early.body)).toEqual(['REVIEW.NOT_YOUR_TURN']);
      const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
      expect(detail.body.actions.find((a: { type: string }) => a.type === 'APPROVE').reasons[0].message).toBe('还没有轮到您审批：须等排在您前面的审批人审核通过。');

      await t.api.event(unit.deputy, caseId, { type: 'APPROVE' });
      expect(await order(caseId)).toEqual(['deputy✓', 'leader←']);
      expect(await approvalTasks(unit.deputy, caseId)).toBe(0);
      expect(await approvalTasks(unit.leader, caseId)).toBe(1);
      expect(await notices(unit.leader, caseId)).toContain('APPROVAL_TURN');
      const sealEarly = await t.api.post(unit.sealKeeper, `/api/cases/${caseId}/events`, { type: 'SEAL' });
      expect(reasonCodes(sealEarly.body)).toEqual(['REVIEW.APPROVALS_MISSING']);

      const twice = await approve(unit.deputy, caseId);
      expect(reasonCodes(twice.body)).toEqual(['REVIEW.ALREADY_APPROVED']);
      await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
      expect((await t.api.get(unit.leader, `/api/cases/${caseId}/approval`)).body.approved).toBe(true);
      await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    });

    it('follows the deputies in the order the group lists them, the group leader last', async () => {
      const caseId = await newCase('internal_review');
      const detail = await t.api.get(unit.admin, `/api/cases/${caseId}`);
      const changed = await t.api.put(unit.admin, `/api/cases/${caseId}/group`, {
        group: {
          leaderId: unit.leader.id,
          deputyLeaderIds: [unit.member2.id, unit.deputy.id],
          memberIds: [unit.member.id],
          compilerIds: [unit.compiler.id],
          sealKeeperIds: [unit.sealKeeper.id],
          publisherIds: [unit.publisher.id],
        },
        expectedVersion: detail.body.version,
      });
      expect(changed.status).toBe(200);
      expect(await order(caseId)).toEqual(['member2←', 'deputy', 'leader']);
      expect(reasonCodes((await approve(unit.deputy, caseId)).body)).toEqual(['REVIEW.NOT_YOUR_TURN']);
    });
  });

  describe('前加签', () => {
    it('puts the person added before the adder, who waits for their approval; recorded in the history', async () => {
      const caseId = await newCase('internal_review');
      const added = await t.api.post(unit.deputy, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '请先复核资金数据', placement: 'before' });
      expect(added.status).toBe(201);
      expect(added.body.approverIds).toEqual([unit.member2.id, unit.deputy.id, unit.leader.id]);
      expect(added.body.chain[0]).toMatchObject({ userId: unit.member2.id, added: true, placement: 'before', addedBy: unit.deputy.id, turn: true });

      const waiting = await approve(unit.deputy, caseId);
      expect(reasonCodes(waiting.body)).toEqual(['REVIEW.NOT_YOUR_TURN']);
      expect(await approvalTasks(unit.deputy, caseId)).toBe(0);
      expect(await approvalTasks(unit.member2, caseId)).toBe(1);

      await t.api.event(unit.member2, caseId, { type: 'APPROVE' });
      await t.api.event(unit.deputy, caseId, { type: 'APPROVE' });
      await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
      await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });

      const history = (await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body as Array<{ event: string; actorId: string; comment: string; details: Record<string, unknown>; detailNames: Record<string, string> }>;
      const entry = history.find((h) => h.event === 'ADD_APPROVER_BEFORE')!;
      expect(entry).toMatchObject({ actorId: unit.deputy.id, comment: '请先复核资金数据', details: { userId: unit.member2.id, placement: 'before' } });
      expect(history.filter((h) => h.event === 'APPROVE').map((h) => h.actorId)).toEqual([unit.member2.id, unit.deputy.id, unit.leader.id]);
    });
  });

  describe('后加签', () => {
    it('puts the person added right after the adder, before the next in order', async () => {
      const caseId = await newCase('internal_review');
      const added = await t.api.post(unit.deputy, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '请财务复核', placement: 'after' });
      expect(added.status).toBe(201);
      expect(added.body.approverIds).toEqual([unit.deputy.id, unit.member2.id, unit.leader.id]);

      await t.api.event(unit.deputy, caseId, { type: 'APPROVE' });
      expect(reasonCodes((await approve(unit.leader, caseId)).body)).toEqual(['REVIEW.NOT_YOUR_TURN']);
      expect(await approvalTasks(unit.member2, caseId)).toBe(1);
      await t.api.event(unit.member2, caseId, { type: 'APPROVE' });
      await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
      expect(await order(caseId)).toEqual(['deputy✓', 'member2✓', 'leader✓']);
    });

    it('in 会签 makes the adder’s approval wait for the one added after them before the report may be sealed', async () => {
      const caseId = await newCase('internal_review', 'countersign');
      await t.api.post(unit.leader, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '请财务复核', placement: 'after' });
      await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
      await t.api.event(unit.deputy, caseId, { type: 'APPROVE' });
      const early = await t.api.post(unit.sealKeeper, `/api/cases/${caseId}/events`, { type: 'SEAL' });
      expect(reasonCodes(early.body)).toEqual(['REVIEW.APPROVALS_MISSING']);
      await t.api.event(unit.member2, caseId, { type: 'APPROVE' });
      await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    });
  });

  describe('refusals', () => {
    it('refuses 前加签 and 后加签 out of turn, after approving, for a person outside the unit, twice, and to non-approvers', async () => {
      const caseId = await newCase('internal_review');
      const notYet = await t.api.post(unit.leader, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '复核', placement: 'before' });
      expect(notYet.status).toBe(409);
      expect(reasonCodes(notYet.body)).toEqual(['REVIEW.NOT_YOUR_TURN']);

      const foreign = await t.api.post(unit.deputy, `/api/cases/${caseId}/approvers`, { userId: otherUnit.member.id, reason: '复核', placement: 'after' });
      expect(foreign.status).toBe(422);
      expect(foreign.body.code).toBe('REVIEW.APPROVER_NOT_IN_UNIT');
      const duplicate = await t.api.post(unit.deputy, `/api/cases/${caseId}/approvers`, { userId: unit.leader.id, reason: '复核', placement: 'before' });
      expect(duplicate.status).toBe(422);
      expect(duplicate.body.code).toBe('REVIEW.ALREADY_AN_APPROVER');
      const badPlacement = await t.api.post(unit.deputy, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '复核', placement: 'middle' });
      expect(badPlacement.status).toBe(400);

      for (const user of [unit.member, unit.compiler, unit.admin]) {
        const refused = await t.api.post(user, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '复核', placement: 'after' });
        expect({ who: user.username, status: refused.status }).toEqual({ who: user.username, status: 403 });
      }

      await t.api.event(unit.deputy, caseId, { type: 'APPROVE' });
      const after = await t.api.post(unit.deputy, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '复核', placement: 'after' });
      expect(after.status).toBe(409);
      expect(reasonCodes(after.body)).toEqual(['REVIEW.ALREADY_APPROVED']);
      const outsider = await t.api.post(otherUnit.leader, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '复核', placement: 'after' });
      expect(outsider.status).toBe(404);
      // Nothing was written by any refusal.
      expect((await t.api.get(unit.leader, `/api/cases/${caseId}/approval`)).body.extraApproverIds).toEqual([]);
    });
  });

  describe('races', () => {
    it('lets either the approval or the 后加签 of the same approver win, never both', async () => {
      const caseId = await newCase('internal_review');
      await t.api.token(unit.deputy);
      const [approved, added] = await Promise.all([
        approve(unit.deputy, caseId),
        t.api.post(unit.deputy, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '复核', placement: 'before' }),
      ]);
      const won = [approved.status === 200, added.status === 201].filter(Boolean);
      expect(won).toHaveLength(1);
      expect([approved.status, added.status].filter((s) => s === 409)).toHaveLength(1);
      const chain = (await t.api.get(unit.leader, `/api/cases/${caseId}/approval`)).body.chain as Step[];
      if (approved.status === 200) expect(chain.map((s) => s.userId)).toEqual([unit.deputy.id, unit.leader.id]);
      else expect(chain.map((s) => `${s.userId}${s.approved ? '✓' : ''}`)).toEqual([unit.member2.id, unit.deputy.id, unit.leader.id]);
    });

    it('adds a person once when two approvers add them at the same moment', async () => {
      const caseId = await newCase('internal_review', 'countersign');
      await Promise.all([t.api.token(unit.deputy), t.api.token(unit.leader)]);
      const answers = await Promise.all([
        t.api.post(unit.deputy, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '复核', placement: 'after' }),
        t.api.post(unit.leader, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '复核', placement: 'before' }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
      expect(answers.find((a) => a.status === 422)!.body.code).toBe('REVIEW.ALREADY_AN_APPROVER');
    });
  });

  describe('传阅', () => {
    it('sends the report for reading to people of the unit, who mark it read; the list shows who has read it, and it is nobody’s task', async () => {
      const caseId = await newCase('internal_review');
      const sent = await t.api.post(unit.leader, `/api/cases/${caseId}/circulations`, { userIds: [unit.member.id, unit.compiler.id], note: '请阅知' });
      expect(sent.status).toBe(201);
      expect(sent.body.map((c: { userId: string; readAt: string | null }) => [c.userId, c.readAt])).toEqual(
        expect.arrayContaining([[unit.member.id, null], [unit.compiler.id, null]]),
      );

      const inbox = await t.api.get(unit.member, '/api/me/circulations');
      expect(inbox.status).toBe(200);
      expect(inbox.body.filter((c: { caseId: string }) => c.caseId === caseId)).toEqual([
        expect.objectContaining({ caseId, unitName: unit.name, note: '请阅知', sentBy: unit.leader.id, sentByName: expect.any(String), readAt: null }),
      ]);
      const tasks = (await t.api.get(unit.member, '/api/me/tasks')).body.items as Array<{ caseId: string }>;
      expect(tasks.filter((i) => i.caseId === caseId)).toEqual([]);

      const read = await t.api.post(unit.member, `/api/cases/${caseId}/circulations/read`);
      expect(read.status).toBe(200);
      const readAt = read.body.find((c: { userId: string }) => c.userId === unit.member.id).readAt;
      expect(readAt).toEqual(expect.any(String));
      const again = await t.api.post(unit.member, `/api/cases/${caseId}/circulations/read`);
      expect(again.body.find((c: { userId: string }) => c.userId === unit.member.id).readAt).toBe(readAt);

      const list = await t.api.get(unit.deputy, `/api/cases/${caseId}/circulations`);
      expect(Object.fromEntries(list.body.map((c: { userId: string; readAt: string | null }) => [c.userId, c.readAt !== null]))).toEqual({ [unit.member.id]: true, [unit.compiler.id]: false });

      // Reading blocks nothing: the approvals go on.
      await t.api.event(unit.deputy, caseId, { type: 'APPROVE' });
      const history = (await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body as Array<{ event: string; actorId: string; details: Record<string, unknown>; comment: string | null }>;
      expect(history.find((h) => h.event === 'CIRCULATE')).toMatchObject({ actorId: unit.leader.id, comment: '请阅知', details: { recipientIds: [unit.member.id, unit.compiler.id] } });
    });

    it('refuses before internal review, to non-leaders, outside the unit, twice to the same person, and 已阅 by someone not sent it', async () => {
      const early = await newCase('self_assessment');
      const tooEarly = await t.api.post(unit.leader, `/api/cases/${early}/circulations`, { userIds: [unit.member.id] });
      expect(tooEarly.status).toBe(409);
      expect(tooEarly.body.code).toBe('CIRCULATION.NOT_ALLOWED');

      const caseId = await newCase('internal_review');
      const byCompiler = await t.api.post(unit.compiler, `/api/cases/${caseId}/circulations`, { userIds: [unit.member.id] });
      expect(byCompiler.status).toBe(403);
      const foreign = await t.api.post(unit.leader, `/api/cases/${caseId}/circulations`, { userIds: [otherUnit.member.id] });
      expect(foreign.status).toBe(422);
      expect(foreign.body.code).toBe('CIRCULATION.RECIPIENT_NOT_IN_UNIT');
      const empty = await t.api.post(unit.leader, `/api/cases/${caseId}/circulations`, { userIds: [] });
      expect(empty.status).toBe(400);

      expect((await t.api.post(unit.deputy, `/api/cases/${caseId}/circulations`, { userIds: [unit.member.id] })).status).toBe(201);
      const twice = await t.api.post(unit.leader, `/api/cases/${caseId}/circulations`, { userIds: [unit.member2.id, unit.member.id] });
      expect(twice.status).toBe(422);
      expect(twice.body.code).toBe('CIRCULATION.ALREADY_SENT');
      // Nothing half-written: member2 was not sent it either.
      const list = await t.api.get(unit.leader, `/api/cases/${caseId}/circulations`);
      expect(list.body.map((c: { userId: string }) => c.userId)).toEqual([unit.member.id]);

      const notSent = await t.api.post(unit.member2, `/api/cases/${caseId}/circulations/read`);
      expect(notSent.status).toBe(409);
      expect(notSent.body.code).toBe('CIRCULATION.NOT_A_RECIPIENT');
    });

    it('sends to a person once when two leaders circulate at the same moment', async () => {
      const caseId = await newCase('internal_review');
      await Promise.all([t.api.token(unit.deputy), t.api.token(unit.leader)]);
      const answers = await Promise.all([
        t.api.post(unit.leader, `/api/cases/${caseId}/circulations`, { userIds: [unit.publisher.id] }),
        t.api.post(unit.deputy, `/api/cases/${caseId}/circulations`, { userIds: [unit.publisher.id] }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
      const history = (await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body as Array<{ event: string }>;
      expect(history.filter((h) => h.event === 'CIRCULATE')).toHaveLength(1);
    });
  });
});
