import { driveCase, fullScoreSheet, inDays, issueCampaign, seedDataTableInput } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

interface Task {
  kind: string;
  caseId: string;
  unitName: string;
  documentNumber: string;
  dueDate: string | null;
  link: string;
  sectionCode: string | null;
  warnings: number | null;
}

describe('review guards, 加签 and the task list', () => {
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

  async function newCase(target: Parameters<typeof driveCase>[4], overrides: Record<string, unknown> = {}, forUnit = unit): Promise<string> {
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [forUnit.id], overrides);
    const caseId = caseIds.get(forUnit.id)!;
    await driveCase(t.api, forUnit, world.bureau.officer, caseId, target);
    return caseId;
  }

  async function tasksOf(user: WorldUser): Promise<{ items: Task[]; counts: Record<string, number>; total: number }> {
    const response = await t.api.get(user, '/api/me/tasks');
    expect(response.status).toBe(200);
    return response.body;
  }

  describe('the request for review', () => {
    it('is refused while a section holds template text and a deduction has no justification, with every other reason at once', async () => {
      const caseId = await newCase('self_assessment');
      const saved = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.1/content`, {
        blocks: [{ type: 'paragraph', text: '请填写本单位的主要职能和机构设置情况。' }],
        expectedRevision: 0,
      });
      expect(saved.status).toBe(200);
      await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput() });
      const sheet = fullScoreSheet();
      sheet[0] = { code: sheet[0]!.code, score: String(Number(sheet[0]!.score) - 1) };
      const scores = await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: sheet });
      expect(scores.status).toBe(200);

      const refused = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'REQUEST_REVIEW' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('CASE.CONDITIONS_NOT_MET');
      const codes = refused.body.details.reasons.map((r: { code: string }) => r.code);
      expect(codes).toEqual(['SECTION.NOT_APPROVED', 'DATA_TABLE.HAS_ERRORS', 'INDICATORS.HAS_ERRORS', 'SECTION.TEMPLATE_TEXT']);
      expect(refused.body.details.reasons.find((r: { code: string }) => r.code === 'SECTION.TEMPLATE_TEXT')).toEqual({
        code: 'SECTION.TEMPLATE_TEXT',
        params: { count: 1 },
        message: '还有 1 个章节保留着模板中的示例文字，请改写后再提交。',
      });
      // The refusal's own text joins its reasons' texts.
      expect(refused.body.message).toMatch(/^条件尚未满足：.+；.+/);
      expect(refused.body.message).not.toMatch(/[A-Za-z]{3,}/);
    });

    it('passes with clean tables and sections that were never saved', async () => {
      const caseId = await newCase('internal_review');
      const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
      expect(detail.body.state).toBe('internal_review');
    });
  });

  describe('加签 (adding an approver in internal review)', () => {
    it('makes sealing wait for the added approver in single mode, and records the addition', async () => {
      const caseId = await newCase('internal_review', { approvalMode: 'single' });
      const added = await t.api.post(unit.leader, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '涉及专项资金，请复核' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ mode: 'single', approverIds: [unit.leader.id, unit.member2.id], extraApproverIds: [unit.member2.id] });

      await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
      const early = await t.api.post(unit.sealKeeper, `/api/cases/${caseId}/events`, { type: 'SEAL' });
      expect(early.status).toBe(409);
      expect(early.body.details.reasons.map((r: { code: string }) => r.code)).toEqual(['REVIEW.APPROVALS_MISSING']);
      expect((await tasksOf(unit.member2)).items.filter((i) => i.caseId === caseId).map((i) => i.kind)).toEqual(['approve_report']);

      await t.api.event(unit.member2, caseId, { type: 'APPROVE' });
      await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
      const history = await t.api.get(unit.leader, `/api/cases/${caseId}/history`);
      expect(history.body.find((h: { event: string }) => h.event === 'ADD_APPROVER')).toMatchObject({
        actorId: unit.leader.id,
        comment: '涉及专项资金，请复核',
        details: { userId: unit.member2.id },
      });
    });

    it('is the group leader’s alone, for a person of the unit who does not approve yet', async () => {
      const caseId = await newCase('internal_review');
      for (const user of [unit.deputy, unit.member, unit.compiler, unit.admin]) {
        const refused = await t.api.post(user, `/api/cases/${caseId}/approvers`, { userId: unit.member2.id, reason: '复核' });
        expect({ who: user.username, status: refused.status }).toEqual({ who: user.username, status: 403 });
      }
      const foreign = await t.api.post(unit.leader, `/api/cases/${caseId}/approvers`, { userId: otherUnit.member.id, reason: '复核' });
      expect(foreign.status).toBe(422);
      expect(foreign.body.code).toBe('REVIEW.APPROVER_NOT_IN_UNIT');
      const twice = await t.api.post(unit.leader, `/api/cases/${caseId}/approvers`, { userId: unit.leader.id, reason: '复核' });
      expect(twice.status).toBe(422);
      expect(twice.body.code).toBe('REVIEW.ALREADY_AN_APPROVER');
      const outsider = await t.api.post(otherUnit.leader, `/api/cases/${caseId}/approvers`, { userId: otherUnit.member.id, reason: '复核' });
      expect(outsider.status).toBe(404);
    });
  });

  describe('my tasks', () => {
    // A world of its own, so the cases of the tests above do not add to anyone's list.
    beforeAll(async () => {
      world = await newWorld(t.app, { unitCount: 2 });
      unit = world.units[0]!;
      otherUnit = world.units[1]!;
    });

    it('lists section drafts, section approvals, the report to approve, seal and submit, with counts, and never another unit’s items', async () => {
      const drafting = await newCase('self_assessment');
      // Due dates out of outline order, so the sorting shows.
      await t.api.put(unit.leader, `/api/cases/${drafting}/sections/1.2/assignment`, { assigneeId: unit.member.id, dueDate: inDays(3) });
      await t.api.put(unit.leader, `/api/cases/${drafting}/sections/1.3/assignment`, { assigneeId: unit.member.id, dueDate: inDays(5) });
      const submitted = await t.api.post(unit.member, `/api/cases/${drafting}/sections/1.1/events`, { type: 'SUBMIT' });
      expect(submitted.status).toBe(200);
      const warned = await t.api.put(unit.compiler, `/api/cases/${drafting}/data-table`, { input: seedDataTableInput('2686.27') });
      expect(warned.status).toBe(200);
      const inReview = await newCase('internal_review');
      const theirs = await newCase('self_assessment', {}, otherUnit);

      const sectionCount = (await t.api.get(unit.leader, `/api/cases/${drafting}`)).body.sections.length as number;
      const member = await tasksOf(unit.member);
      expect(member.items.every((i) => i.kind === 'draft_section' && i.caseId === drafting && i.unitName === unit.name)).toBe(true);
      expect(member.counts.draft_section).toBe(sectionCount - 1);
      expect(member.items.slice(0, 2).map((i) => [i.sectionCode, i.dueDate])).toEqual([
        ['1.2', inDays(3)],
        ['1.3', inDays(5)],
      ]);
      const dueDates = member.items.map((i) => i.dueDate!);
      expect(dueDates).toEqual([...dueDates].sort());
      expect(member.items[0]!.link).toBe(`/api/cases/${drafting}/sections/1.2/content`);

      const deputy = await tasksOf(unit.deputy);
      expect(deputy.items.filter((i) => i.kind === 'approve_section').map((i) => [i.caseId, i.sectionCode])).toEqual([[drafting, '1.1']]);
      expect(deputy.counts).toMatchObject({ approve_section: 1, approve_report: 0, draft_section: 0 });

      const leader = await tasksOf(unit.leader);
      expect(leader.counts).toMatchObject({ approve_section: 1, approve_report: 1, seal: 0, submit: 0 });
      expect(leader.items.find((i) => i.kind === 'approve_report')).toMatchObject({ caseId: inReview, link: `/api/cases/${inReview}/events` });

      const compiler = await tasksOf(unit.compiler);
      // The warning waits for an acknowledgement and the score sheet is still blank.
      expect(compiler.items.map((i) => [i.kind, i.caseId, i.warnings])).toEqual([
        ['acknowledge_warning', drafting, 1],
        ['fill_scores', drafting, null],
      ]);

      expect((await tasksOf(unit.sealKeeper)).total).toBe(0);
      await t.api.event(unit.leader, inReview, { type: 'APPROVE' });
      const sealKeeper = await tasksOf(unit.sealKeeper);
      expect(sealKeeper.items.map((i) => [i.kind, i.caseId])).toEqual([['seal', inReview]]);
      expect(sealKeeper.counts).toMatchObject({ seal: 1, approve_report: 0 });
      expect((await tasksOf(unit.leader)).counts.approve_report).toBe(0);

      await t.api.event(unit.sealKeeper, inReview, { type: 'SEAL' });
      expect((await tasksOf(unit.compiler)).counts.submit).toBe(1);

      const ours = new Set([drafting, inReview]);
      for (const user of [otherUnit.member, otherUnit.deputy, otherUnit.leader, otherUnit.compiler]) {
        const list = await tasksOf(user);
        expect(list.items.filter((i) => ours.has(i.caseId))).toEqual([]);
        expect(list.items.every((i) => i.caseId === theirs && i.unitName === otherUnit.name)).toBe(true);
      }
      expect((await tasksOf(otherUnit.member)).counts.draft_section).toBe(sectionCount);
      expect((await tasksOf(world.bureau.officer)).total).toBe(0);
    });
  });
});
