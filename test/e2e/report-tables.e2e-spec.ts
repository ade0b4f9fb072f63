import { DataSource } from 'typeorm';
import { approveSections, driveCase, fullScoreSheet, issueCampaign, seedDataTableInput } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

describe('the basic data table and the indicator scores of a case', () => {
  let t: TestApp;
  let world: World;
  let unit: WorldUnit;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    unit = world.units[0]!;
  });
  afterAll(() => t.close());

  /** A case in self-assessment with every section assigned; `approved` also approves every section. */
  async function newCase(options: { approved?: boolean; tolerance?: string } = {}): Promise<{ caseId: string; campaignId: string }> {
    const { campaignId, caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    if (options.tolerance !== undefined) {
      await t.app.get(DataSource).query(`UPDATE campaigns SET rounding_tolerance = $2 WHERE id = $1`, [campaignId, options.tolerance]);
    }
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'self_assessment');
    if (options.approved) {
      const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
      await approveSections(t.api, unit, caseId, detail.body.sections.map((s: { code: string }) => s.code));
    }
    return { caseId, campaignId };
  }

  const requestReview = (caseId: string) => t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'REQUEST_REVIEW' });
  const reasonCodes = (body: { details: { reasons: Array<{ code: string }> } }) => body.details.reasons.map((r) => r.code);

  it('refuses the request for review listing the missing tables together with the unapproved sections', async () => {
    const { caseId } = await newCase();
    const refused = await requestReview(caseId);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CASE.CONDITIONS_NOT_MET');
    const codes = reasonCodes(refused.body);
    expect(codes).toEqual(expect.arrayContaining(['DATA_TABLE.HAS_ERRORS', 'INDICATORS.INCOMPLETE']));
    expect(codes.length).toBeGreaterThanOrEqual(3);

    const data = await t.api.get(unit.leader, `/api/cases/${caseId}/data-table`);
    expect(data.status).toBe(200);
    expect(data.body).toMatchObject({ revision: 0, input: null });
    expect(data.body.problems.map((p: { code: string }) => p.code)).toEqual(['DATA_TABLE.MISSING']);
  });

  it("reports the seed's printed income total as an error beyond the default tolerance, and it blocks review", async () => {
    const { caseId } = await newCase({ approved: true });
    const saved = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput(), expectedRevision: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body.revision).toBe(1);
    const mismatch = saved.body.problems.find((p: { code: string }) => p.code === 'DATA_TABLE.TOTAL_MISMATCH');
    expect(mismatch).toMatchObject({ severity: 'error', path: 'income.total' });
    expect(JSON.stringify(mismatch.figures)).toContain('2686.26');

    const scores = await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: fullScoreSheet() });
    expect(scores.status).toBe(200);
    expect(scores.body).toMatchObject({ revision: 1, total: '100', grade: '优', complete: true, problems: [] });

    const refused = await requestReview(caseId);
    expect(refused.status).toBe(409);
    expect(reasonCodes(refused.body)).toEqual(['DATA_TABLE.HAS_ERRORS']);

    const acknowledged = await t.api.post(unit.compiler, `/api/cases/${caseId}/acknowledgements`, { problemKey: mismatch.key, comment: '尾差' });
    expect(acknowledged.status).toBe(422);
    expect(acknowledged.body.code).toBe('ACKNOWLEDGEMENT.NOT_A_WARNING');
  });

  it('makes the same 0.02 a warning within a campaign tolerance of 0.02, which blocks review until acknowledged with a comment', async () => {
    const { caseId } = await newCase({ approved: true, tolerance: '0.02' });
    const saved = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput() });
    expect(saved.status).toBe(200);
    const warning = saved.body.problems.find((p: { severity: string }) => p.severity === 'warning');
    expect(warning).toMatchObject({ path: 'income.total', acknowledgement: null });
    expect(saved.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    expect((await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: fullScoreSheet() })).status).toBe(200);

    const refused = await requestReview(caseId);
    expect(refused.status).toBe(409);
    expect(reasonCodes(refused.body)).toEqual(['DATA_TABLE.WARNINGS_UNACKNOWLEDGED']);

    const blank = await t.api.post(unit.compiler, `/api/cases/${caseId}/acknowledgements`, { problemKey: warning.key, comment: '   ' });
    expect(blank.status).toBeGreaterThanOrEqual(400);
    expect(blank.status).toBeLessThan(500);
    const byLeader = await t.api.post(unit.leader, `/api/cases/${caseId}/acknowledgements`, { problemKey: warning.key, comment: '决算报表四舍五入尾差' });
    expect(byLeader.status).toBe(403);

    const acknowledged = await t.api.post(unit.compiler, `/api/cases/${caseId}/acknowledgements`, { problemKey: warning.key, comment: '决算报表四舍五入尾差' });
    expect(acknowledged.status).toBe(201);
    expect(acknowledged.body).toMatchObject({ problemKey: warning.key, comment: '决算报表四舍五入尾差', userId: unit.compiler.id });
    const read = await t.api.get(unit.deputy, `/api/cases/${caseId}/data-table`);
    expect(read.body.problems.find((p: { key: string }) => p.key === warning.key).acknowledgement).toMatchObject({ comment: '决算报表四舍五入尾差' });

    const accepted = await requestReview(caseId);
    expect(accepted.status).toBe(200);
    expect(accepted.body.case.state).toBe('internal_review');
    const closed = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput('2686.26') });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('REPORT_TABLE.NOT_IN_SELF_ASSESSMENT');
  });

  it('keeps an acknowledgement when the bureau returns the report and the table is not changed, and asks again once it is', async () => {
    const { caseId } = await newCase({ approved: true, tolerance: '0.02' });
    const saved = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput() });
    const warning = saved.body.problems.find((p: { severity: string }) => p.severity === 'warning');
    expect((await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: fullScoreSheet() })).status).toBe(200);
    expect((await t.api.post(unit.compiler, `/api/cases/${caseId}/acknowledgements`, { problemKey: warning.key, comment: '决算报表四舍五入尾差' })).status).toBe(201);
    for (const [actor, type] of [
      [unit.compiler, 'REQUEST_REVIEW'],
      [unit.leader, 'APPROVE'],
      [unit.sealKeeper, 'SEAL'],
      [unit.compiler, 'SUBMIT'],
    ] as const) {
      expect({ type, status: (await t.api.post(actor, `/api/cases/${caseId}/events`, { type })).status }).toEqual({ type, status: 200 });
    }
    const returned = await t.api.post(world.bureau.officer, `/api/cases/${caseId}/events`, { type: 'RETURN', reason: '请补充佐证材料' });
    expect(returned.status).toBe(200);
    expect(returned.body.case.state).toBe('self_assessment');

    // The same table in the new version: its warning is still acknowledged, and review may be asked at once.
    const carried = await t.api.get(unit.compiler, `/api/cases/${caseId}/data-table`);
    expect(carried.body.problems.find((p: { key: string }) => p.key === warning.key).acknowledgement).toMatchObject({ comment: '决算报表四舍五入尾差' });
    const again = await requestReview(caseId);
    expect(again.status).toBe(200);
    expect((await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'WITHDRAW_REVIEW' })).status).toBe(200);

    // A table saved with another income total has another warning, which nobody has acknowledged yet.
    const changed = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput('2686.27') });
    expect(changed.status).toBe(200);
    const other = changed.body.problems.find((p: { severity: string }) => p.severity === 'warning');
    expect(other.key).not.toBe(warning.key);
    expect(other.acknowledgement).toBeNull();
    const refused = await requestReview(caseId);
    expect(refused.status).toBe(409);
    expect(reasonCodes(refused.body)).toEqual(['DATA_TABLE.WARNINGS_UNACKNOWLEDGED']);
  });

  it.each([
    ['a score above the maximum', { '1.1.1': '5' }, 'INDICATORS.SCORE_ABOVE_MAXIMUM'],
    ['a text answer', { '1.1.1': '完成' }, 'INDICATORS.NOT_A_NUMBER'],
    ['too many decimals', { '1.1.1': '3.999' }, 'INDICATORS.TOO_MANY_DECIMALS'],
  ])('refuses %s in the score sheet with 422 and writes nothing', async (_name, change, code) => {
    const { caseId } = await newCase();
    const sheet = fullScoreSheet().map((entry) => (change[entry.code as '1.1.1'] ? { ...entry, score: change[entry.code as '1.1.1'], justification: '说明' } : entry));
    const refused = await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: sheet });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('INDICATORS.INVALID_INPUT');
    expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual(['indicators.1.1.1.score']);
    expect(refused.body.details.problems.map((p: { code: string }) => p.code)).toEqual([code]);
    const read = await t.api.get(unit.compiler, `/api/cases/${caseId}/indicator-scores`);
    expect(read.body).toMatchObject({ revision: 0, input: null, complete: false, grade: null });
  });

  it('refuses an amount with too many decimals or a word for a number in the data table with 422, naming the fields, and writes nothing', async () => {
    const { caseId } = await newCase();
    const input = seedDataTableInput('2686.2612') as { expenditure: { total: string } };
    input.expenditure.total = '两千七百万';
    const refused = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('DATA_TABLE.INVALID_INPUT');
    expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual(['income.total', 'expenditure.total']);
    expect((await t.api.get(unit.compiler, `/api/cases/${caseId}/data-table`)).body.revision).toBe(0);
  });

  it('answers 409 with the current revision to a save from a stale revision, and overwrites nothing', async () => {
    const { caseId } = await newCase();
    const first = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput('2686.26'), expectedRevision: 0 });
    expect(first.body.revision).toBe(1);
    const second = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput(), expectedRevision: 1 });
    expect(second.body.revision).toBe(2);
    const stale = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput('1'), expectedRevision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'REPORT_TABLE.REVISION_CONFLICT', details: { currentRevision: 2 } });
    const read = await t.api.get(unit.compiler, `/api/cases/${caseId}/data-table`);
    expect(read.body).toMatchObject({ revision: 2, input: { income: { total: '2686.28' } } });
  });

  it('lets only the compiler save, and answers 404 to people of another unit', async () => {
    const { caseId } = await newCase();
    for (const user of [unit.leader, unit.member, unit.admin, world.bureau.officer]) {
      const refused = await t.api.put(user, `/api/cases/${caseId}/indicator-scores`, { input: fullScoreSheet() });
      expect({ who: user.username, status: refused.status }).toEqual({ who: user.username, status: 403 });
    }
    const stranger = world.units[1] ?? (await newWorld(t.app)).units[0]!;
    expect((await t.api.put(stranger.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput('2686.26') })).status).toBe(404);
    expect((await t.api.get(stranger.compiler, `/api/cases/${caseId}/indicator-scores`)).status).toBe(404);
    expect((await t.api.get(world.bureau.officer, `/api/cases/${caseId}/indicator-scores`)).status).toBe(200);
  });
});
