import { driveCase, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

/**
 * Taking a step back (issue 14 item 3): a leader reopens an approved section, the compiler asks for
 * it, and whoever submitted a section, a review request or the report withdraws it (撤回) until
 * someone acted on it. Each allowed path, each refusal with its code, and the races.
 */
describe('taking a step back: reopen and withdraw', () => {
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

  const sectionEvent = (user: WorldUser, caseId: string, code: string, body: object) => t.api.post(user, `/api/cases/${caseId}/sections/${code}/events`, body);
  const caseEvent = (user: WorldUser, caseId: string, body: object) => t.api.post(user, `/api/cases/${caseId}/events`, body);

  async function sectionOf(caseId: string, code: string, user: WorldUser = unit.leader) {
    const detail = await t.api.get(user, `/api/cases/${caseId}`);
    return detail.body.sections.find((s: { code: string }) => s.code === code);
  }

  async function historyOf(caseId: string): Promise<Array<{ event: string; actorId: string; comment: string | null; details: Record<string, unknown> }>> {
    const response = await t.api.get(unit.leader, `/api/cases/${caseId}/history`);
    expect(response.status).toBe(200);
    return response.body;
  }

  async function taskKinds(user: WorldUser, caseId: string, sectionCode: string | null = null): Promise<string[]> {
    const response = await t.api.get(user, '/api/me/tasks?limit=200');
    expect(response.status).toBe(200);
    return response.body.items
      .filter((i: { caseId: string; sectionCode: string | null }) => i.caseId === caseId && (sectionCode === null || i.sectionCode === sectionCode))
      .map((i: { kind: string }) => i.kind);
  }

  const reasonCodes = (body: { code: string; details?: { reasons?: Array<{ code: string }> } }) =>
    body.code === 'CASE.CONDITIONS_NOT_MET' ? body.details!.reasons!.map((r) => r.code) : [body.code];

  describe('撤回 a submitted section', () => {
    it('goes back to drafting for its writer, recorded in the history, and the approvers’ task goes with it', async () => {
      const caseId = await newCase('self_assessment');
      expect((await sectionEvent(unit.member, caseId, '1.1', { type: 'SUBMIT' })).status).toBe(200);
      expect(await taskKinds(unit.deputy, caseId, '1.1')).toEqual(['approve_section']);

      const withdrawn = await sectionEvent(unit.member, caseId, '1.1', { type: 'WITHDRAW' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ code: '1.1', state: 'drafting', reopenRequest: null });
      expect(await taskKinds(unit.deputy, caseId, '1.1')).toEqual([]);
      const saved = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.1/content`, { blocks: [{ type: 'paragraph', text: '本单位主要职能是组织工作。' }], expectedRevision: 0 });
      expect(saved.status).toBe(200);
      expect((await historyOf(caseId)).find((h) => h.event === 'SECTION_WITHDRAW')).toMatchObject({
        actorId: unit.member.id,
        details: { section: '1.1', from: 'submitted', to: 'drafting' },
      });
    });

    it('is refused to anyone but the writer, and once an approver acted', async () => {
      const caseId = await newCase('self_assessment');
      await sectionEvent(unit.member, caseId, '1.1', { type: 'SUBMIT' });
      const notYours = await sectionEvent(unit.leader, caseId, '1.1', { type: 'WITHDRAW' });
      expect([notYours.status, notYours.body.code]).toEqual([403, 'SECTION.NOT_ASSIGNEE']);

      expect((await sectionEvent(unit.deputy, caseId, '1.1', { type: 'APPROVE' })).status).toBe(200);
      const late = await sectionEvent(unit.member, caseId, '1.1', { type: 'WITHDRAW' });
      expect([late.status, late.body.code]).toEqual([409, 'SECTION.WITHDRAW_TOO_LATE']);
      expect(late.body.message).toContain('申请重新打开');

      const neverSubmitted = await sectionEvent(unit.member, caseId, '1.2', { type: 'WITHDRAW' });
      expect([neverSubmitted.status, neverSubmitted.body.code]).toEqual([409, 'SECTION.TRANSITION_NOT_ALLOWED']);
    });

    it('races an approval: exactly one of them wins, every time', async () => {
      const caseId = await newCase('self_assessment');
      const codes = ['1.1', '1.2', '1.3', '1.4'];
      for (const code of codes) {
        expect((await sectionEvent(unit.member, caseId, code, { type: 'SUBMIT' })).status).toBe(200);
        const [withdraw, approve] = await Promise.all([
          sectionEvent(unit.member, caseId, code, { type: 'WITHDRAW' }),
          sectionEvent(unit.deputy, caseId, code, { type: 'APPROVE' }),
        ]);
        expect([withdraw.status, approve.status].sort()).toEqual([200, 409]);
        const state = (await sectionOf(caseId, code)).state;
        expect(state).toBe(withdraw.status === 200 ? 'drafting' : 'approved');
      }
    });
  });

  describe('重新打开 an approved section', () => {
    it('is the leaders’ with a reason, and gives the section back to its writer', async () => {
      const caseId = await newCase('self_assessment');
      await sectionEvent(unit.member, caseId, '1.1', { type: 'SUBMIT' });
      await sectionEvent(unit.deputy, caseId, '1.1', { type: 'APPROVE' });

      const noReason = await sectionEvent(unit.leader, caseId, '1.1', { type: 'REOPEN' });
      expect([noReason.status, noReason.body.code]).toEqual([400, 'VALIDATION.FIELD_INVALID']);
      const notApprover = await sectionEvent(unit.member2, caseId, '1.1', { type: 'REOPEN', reason: '数字有误' });
      expect([notApprover.status, notApprover.body.code]).toEqual([403, 'SECTION.NOT_APPROVER']);
      const compiler = await sectionEvent(unit.compiler, caseId, '1.1', { type: 'REOPEN', reason: '数字有误' });
      expect(compiler.status).toBe(403);

      const reopened = await sectionEvent(unit.leader, caseId, '1.1', { type: 'REOPEN', reason: '收入合计与基础数据表不符，请核对。' });
      expect(reopened.status).toBe(200);
      expect(reopened.body.state).toBe('drafting');
      const saved = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.1/content`, { blocks: [{ type: 'paragraph', text: '收入合计 2686.26 万元。' }], expectedRevision: 0 });
      expect(saved.status).toBe(200);
      expect(await taskKinds(unit.member, caseId, '1.1')).toEqual(['draft_section']);
      expect((await historyOf(caseId)).find((h) => h.event === 'SECTION_REOPEN')).toMatchObject({
        actorId: unit.leader.id,
        comment: '收入合计与基础数据表不符，请核对。',
        details: { section: '1.1', from: 'approved', to: 'drafting' },
      });

      const twice = await sectionEvent(unit.leader, caseId, '1.1', { type: 'REOPEN', reason: '再次打开' });
      expect([twice.status, twice.body.code]).toEqual([409, 'SECTION.TRANSITION_NOT_ALLOWED']);
    });

    it('is refused outside self-assessment', async () => {
      const caseId = await newCase('internal_review');
      const refused = await sectionEvent(unit.leader, caseId, '1.1', { type: 'REOPEN', reason: '数字有误' });
      expect([refused.status, refused.body.code]).toEqual([409, 'SECTION.NOT_IN_SELF_ASSESSMENT']);
    });
  });

  describe('申请重新打开 (the compiler asks)', () => {
    it('waits on the section as the leaders’ task until a leader declines or reopens, each with a reason, all in the history', async () => {
      const caseId = await newCase('self_assessment');
      await sectionEvent(unit.member, caseId, '1.2', { type: 'SUBMIT' });
      await sectionEvent(unit.deputy, caseId, '1.2', { type: 'APPROVE' });
      expect(await taskKinds(unit.leader, caseId, '1.2')).toEqual([]);

      const notCompiler = await sectionEvent(unit.member, caseId, '1.2', { type: 'REQUEST_REOPEN', reason: '要改' });
      expect([notCompiler.status, notCompiler.body.code]).toEqual([403, 'SECTION.NOT_COMPILER']);
      const noReason = await sectionEvent(unit.compiler, caseId, '1.2', { type: 'REQUEST_REOPEN', reason: '   ' });
      expect(noReason.status).toBe(400);

      const asked = await sectionEvent(unit.compiler, caseId, '1.2', { type: 'REQUEST_REOPEN', reason: '汇总时发现人员编制数与表 1 不符。' });
      expect(asked.status).toBe(200);
      expect(asked.body).toMatchObject({ state: 'approved', reopenRequest: { requestedBy: unit.compiler.id, reason: '汇总时发现人员编制数与表 1 不符。' } });
      expect((await sectionOf(caseId, '1.2')).reopenRequest).toMatchObject({ requestedBy: unit.compiler.id });
      expect(await taskKinds(unit.leader, caseId, '1.2')).toEqual(['approve_section']);
      expect(await taskKinds(unit.deputy, caseId, '1.2')).toEqual(['approve_section']);

      const again = await sectionEvent(unit.compiler, caseId, '1.2', { type: 'REQUEST_REOPEN', reason: '再催一次' });
      expect(again.status).toBe(409);
      expect(reasonCodes(again.body)).toEqual(['SECTION.REOPEN_ALREADY_REQUESTED']);

      const declined = await sectionEvent(unit.leader, caseId, '1.2', { type: 'DECLINE_REOPEN', reason: '差额在容差之内，不需修改。' });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ state: 'approved', reopenRequest: null });
      expect(await taskKinds(unit.leader, caseId, '1.2')).toEqual([]);
      const declineAgain = await sectionEvent(unit.leader, caseId, '1.2', { type: 'DECLINE_REOPEN', reason: '同上' });
      expect([declineAgain.status, declineAgain.body.code]).toEqual([409, 'SECTION.NO_REOPEN_REQUEST']);

      await sectionEvent(unit.compiler, caseId, '1.2', { type: 'REQUEST_REOPEN', reason: '第 2 段的数字仍有误。' });
      const reopened = await sectionEvent(unit.deputy, caseId, '1.2', { type: 'REOPEN', reason: '同意，请撰写人改正。' });
      expect(reopened.body).toMatchObject({ state: 'drafting', reopenRequest: null });

      const steps = (await historyOf(caseId)).filter((h) => h.details.section === '1.2' && h.event.startsWith('SECTION_')).map((h) => [h.event, h.comment]);
      expect(steps).toEqual([
        ['SECTION_SUBMIT', null],
        ['SECTION_APPROVE', null],
        ['SECTION_REQUEST_REOPEN', '汇总时发现人员编制数与表 1 不符。'],
        ['SECTION_DECLINE_REOPEN', '差额在容差之内，不需修改。'],
        ['SECTION_REQUEST_REOPEN', '第 2 段的数字仍有误。'],
        ['SECTION_REOPEN', '同意，请撰写人改正。'],
      ]);
      expect((await historyOf(caseId)).find((h) => h.event === 'SECTION_REOPEN')!.details).toMatchObject({ reopenRequestedBy: unit.compiler.id });
    });
  });

  describe('撤回 the request for internal review', () => {
    it('takes the case back to self-assessment for the requester, with the approvers’ tasks gone', async () => {
      const caseId = await newCase('internal_review');
      expect(await taskKinds(unit.leader, caseId)).toContain('approve_report');
      const notYours = await caseEvent(unit.leader, caseId, { type: 'WITHDRAW_REVIEW' });
      expect([notYours.status, notYours.body.code]).toEqual([403, 'CASE.ROLE_NOT_ALLOWED']);

      const withdrawn = await caseEvent(unit.compiler, caseId, { type: 'WITHDRAW_REVIEW' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.transition).toEqual({ event: 'WITHDRAW_REVIEW', from: 'internal_review', to: 'self_assessment' });
      expect(await taskKinds(unit.leader, caseId)).not.toContain('approve_report');
      expect(await taskKinds(unit.compiler, caseId)).toContain('request_review');
      expect((await historyOf(caseId)).at(-1)).toMatchObject({ event: 'WITHDRAW_REVIEW', actorId: unit.compiler.id });
      // Nothing else moved: the sections stay approved, so the request can be made again at once.
      expect((await sectionOf(caseId, '1.1')).state).toBe('approved');
      expect((await caseEvent(unit.compiler, caseId, { type: 'REQUEST_REVIEW' })).status).toBe(200);
    });

    it('is refused to another compiler, and once someone approved', async () => {
      const caseId = await newCase('internal_review');
      const group = await t.api.get(unit.admin, `/api/cases/${caseId}`);
      const changed = await t.api.put(unit.admin, `/api/cases/${caseId}/group`, {
        group: {
          leaderId: unit.leader.id,
          deputyLeaderIds: [unit.deputy.id],
          memberIds: [unit.member.id, unit.member2.id],
          compilerIds: [unit.compiler.id, unit.member2.id],
          sealKeeperIds: [unit.sealKeeper.id],
          publisherIds: [unit.publisher.id],
        },
        expectedVersion: group.body.version,
      });
      expect(changed.status).toBe(200);
      const other = await caseEvent(unit.member2, caseId, { type: 'WITHDRAW_REVIEW' });
      expect([other.status, other.body.code]).toEqual([403, 'REVIEW.NOT_REQUESTER']);

      await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
      const late = await caseEvent(unit.compiler, caseId, { type: 'WITHDRAW_REVIEW' });
      expect(late.status).toBe(409);
      expect(reasonCodes(late.body)).toEqual(['REVIEW.ALREADY_ACTED_ON']);
    });

    it('races an approval: exactly one of them wins', async () => {
      for (let round = 0; round < 3; round += 1) {
        const caseId = await newCase('internal_review');
        const [withdraw, approve] = await Promise.all([caseEvent(unit.compiler, caseId, { type: 'WITHDRAW_REVIEW' }), caseEvent(unit.leader, caseId, { type: 'APPROVE' })]);
        expect([withdraw.status, approve.status].sort()).toEqual([200, 409]);
        const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
        expect(detail.body.state).toBe(withdraw.status === 200 ? 'self_assessment' : 'internal_review');
      }
    });
  });

  describe('撤回 the submission to the finance bureau', () => {
    it('takes the report back to sealed for its submitter, keeps the seal and counts no return', async () => {
      const caseId = await newCase('submitted');
      const notYours = await caseEvent(unit.leader, caseId, { type: 'WITHDRAW_SUBMISSION' });
      expect([notYours.status, notYours.body.code]).toEqual([403, 'SUBMISSION.NOT_SUBMITTER']);
      const outsider = await caseEvent(unit.member, caseId, { type: 'WITHDRAW_SUBMISSION' });
      expect([outsider.status, outsider.body.code]).toEqual([403, 'CASE.ROLE_NOT_ALLOWED']);

      const withdrawn = await caseEvent(unit.compiler, caseId, { type: 'WITHDRAW_SUBMISSION' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body.transition).toEqual({ event: 'WITHDRAW_SUBMISSION', from: 'submitted.awaiting_acceptance', to: 'sealed' });
      expect(withdrawn.body.case).toMatchObject({ state: 'sealed', contentVersion: 1 });
      expect(await taskKinds(world.bureau.officer, caseId)).toEqual([]);
      expect((await historyOf(caseId)).at(-1)).toMatchObject({ event: 'WITHDRAW_SUBMISSION', actorId: unit.compiler.id });

      // The bureau's tracking sees an unsubmitted case, not a returned one.
      const tracking = await t.api.get(world.bureau.officer, `/api/cases/${caseId}`);
      expect(tracking.body.state).toBe('sealed');
      await t.api.event(unit.leader, caseId, { type: 'SUBMIT' });
      await t.api.event(world.bureau.officer, caseId, { type: 'ACCEPT' });
      const tooLate = await caseEvent(unit.leader, caseId, { type: 'WITHDRAW_SUBMISSION' });
      expect([tooLate.status, tooLate.body.code]).toEqual([409, 'CASE.TRANSITION_NOT_ALLOWED']);
    });

    it('races the bureau’s acceptance: exactly one of them wins', async () => {
      for (let round = 0; round < 3; round += 1) {
        const caseId = await newCase('submitted');
        const [withdraw, accept] = await Promise.all([
          caseEvent(unit.compiler, caseId, { type: 'WITHDRAW_SUBMISSION' }),
          caseEvent(world.bureau.officer, caseId, { type: 'ACCEPT' }),
        ]);
        expect([withdraw.status, accept.status].sort()).toEqual([200, 409]);
      }
    });
  });
});
