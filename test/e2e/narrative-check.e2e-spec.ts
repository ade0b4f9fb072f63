import request from 'supertest';
import { approveSections, driveCase, fullScoreSheet, issueCampaign, saveCleanTables, seedDataTableInput } from '../support/api-client';
import { binary, sha256 } from '../support/binary';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';



describe('figures quoted in sections, the versions a case went through, and publishing the file itself', () => {
  let t: TestApp;
  let unit: WorldUnit;
  let officer: WorldUser;

  beforeAll(async () => {
    t = await startTestApp();
    const world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
  }, 60_000);
  afterAll(() => t.close());

  /** A case in self-assessment whose section 1.4 says `paragraph`, every section approved and the tables clean (income 2686.26). */
  async function caseQuoting(paragraph: string): Promise<string> {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'self_assessment');
    const saved = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.4/content`, {
      expectedRevision: 0,
      blocks: [
        { type: 'heading', level: 1, text: '收入支出情况' },
        { type: 'paragraph', text: paragraph },
        { type: 'table', header: ['项目', '金额（万元）'], rows: [['基本支出', '975.88'], ['项目支出', '1726.16']] },
      ],
    });
    expect(saved.status).toBe(200);
    const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    await approveSections(t.api, unit, caseId, detail.body.sections.map((s: { code: string }) => s.code));
    await saveCleanTables(t.api, unit, caseId);
    return caseId;
  }

  async function publishedCase(): Promise<string> {
    const caseId = await caseQuoting('2023年度本单位收入决算2686.26万元，支出决算2702.04万元。');
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(officer, caseId, { type: 'ACCEPT' });
    return caseId;
  }

  async function download(caseId: string, version: number): Promise<Buffer> {
    const token = await t.api.token(unit.publisher);
    const file = await request(t.server).get(`/api/cases/${caseId}/sealed-versions/${version}/document`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    return file.body as Buffer;
  }

  it('refuses the request for review while section 1.4 quotes an income total the table contradicts, and shows the contradiction with the table', async () => {
    const caseId = await caseQuoting('2023年度本单位收入决算2686.29万元，支出决算2702.04万元。');

    const refused = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'REQUEST_REVIEW' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CASE.CONDITIONS_NOT_MET');
    expect(refused.body.details.reasons.map((r: { code: string }) => r.code)).toEqual(['DATA_TABLE.HAS_ERRORS']);

    const data = await t.api.get(unit.leader, `/api/cases/${caseId}/data-table`);
    expect(data.status).toBe(200);
    const mismatches = data.body.problems.filter((p: { code: string }) => p.code === 'DATA_TABLE.NARRATIVE_MISMATCH');
    expect(mismatches).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: 'sections.1.4.blocks.1',
        figures: { quoted: '2686.29', table: '2686.26', difference: '0.03' },
      }),
    ]);
    expect(mismatches[0].message).toContain('收入决算2686.29万元');
  });

  it('accepts the review when the quoted figures agree with the table', async () => {
    const caseId = await caseQuoting('2023年度本单位收入决算2686.26万元，支出决算约2702万元。');
    const data = await t.api.get(unit.leader, `/api/cases/${caseId}/data-table`);
    expect(data.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    expect((await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' })).state).toBe('internal_review');
  });

  it('scores execution against the table\'s rate and the printed self-score against the scores, refusing review until both agree', async () => {
    const caseId = await caseQuoting('2023年度本单位收入决算2686.26万元。经自评，本部门整体支出绩效自评得分为95分，等级为优。');
    // 2323.75 of 2702.04 spent: 85.9998…%, so execution earns 8.6 of 10, not the full 10 the clean sheet gives.
    const data = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, {
      input: { ...seedDataTableInput('2686.26'), execution: { adjustedBudget: '2702.04', spent: '2323.75', printedRate: '86.00' } },
    });
    expect(data.status).toBe(200);

    const scores = await t.api.get(unit.leader, `/api/cases/${caseId}/indicator-scores`);
    expect(scores.body.problems.map((p: { code: string; path: string; figures: Record<string, string> }) => [p.code, p.path, p.figures.expected ?? p.figures.computed])).toEqual([
      ['INDICATORS.EXECUTION_SCORE_MISMATCH', 'indicators.2.1.score', '8.6'],
      ['INDICATORS.TOTAL_MISMATCH', 'sections.1.4.blocks.1', '100'],
    ]);
    const refused = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'REQUEST_REVIEW' });
    expect(refused.status).toBe(409);
    expect(refused.body.details.reasons.map((r: { code: string }) => r.code)).toEqual(['INDICATORS.HAS_ERRORS']);

    const corrected = fullScoreSheet().map((entry) => (entry.code === '2.1' ? { ...entry, score: '8.6', justification: '预算执行率86%，按比率计分' } : entry));
    expect((await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: corrected })).body.problems.map((p: { code: string }) => p.code)).toEqual([
      'INDICATORS.TOTAL_MISMATCH',
    ]);
  });

  it('shows which content version was sealed, submitted, accepted and published', async () => {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'self_assessment');
    const versions = async () => (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.versions;
    expect(await versions()).toEqual({ sealed: null, submitted: null, accepted: null, published: null });

    const detail = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    await approveSections(t.api, unit, caseId, detail.body.sections.map((s: { code: string }) => s.code));
    await saveCleanTables(t.api, unit, caseId);
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    expect(await versions()).toEqual({ sealed: 1, submitted: null, accepted: null, published: null });
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    expect(await versions()).toEqual({ sealed: 1, submitted: 1, accepted: null, published: null });

    // A return by the finance bureau voids version 1; version 2 goes the whole way.
    await t.api.event(officer, caseId, { type: 'RETURN', reason: '自评得分依据不足' });
    expect(await versions()).toEqual({ sealed: null, submitted: null, accepted: null, published: null });
    await approveSections(t.api, unit, caseId, detail.body.sections.map((s: { code: string }) => s.code));
    await saveCleanTables(t.api, unit, caseId);
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(officer, caseId, { type: 'ACCEPT' });
    expect(await versions()).toEqual({ sealed: 2, submitted: 2, accepted: 2, published: null });

    const sealedDigest = (await t.api.get(unit.publisher, `/api/cases/${caseId}`)).body.sealedDigest;
    const published = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedSha256: sealedDigest });
    expect(published.status).toBe(200);
    expect(published.body.case.versions).toEqual({ sealed: 2, submitted: 2, accepted: 2, published: 2 });
    expect(await versions()).toEqual({ sealed: 2, submitted: 2, accepted: 2, published: 2 });
  });

  it('publishes with the published .docx itself when it is the sealed file, and refuses it when one byte differs', async () => {
    const caseId = await publishedCase();
    const docx = await download(caseId, 1);

    const altered = Buffer.from(docx);
    altered[altered.length - 30] = altered[altered.length - 30]! ^ 0xff;
    const refused = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedDocumentBase64: altered.toString('base64') });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PUBLICATION.MISMATCH');
    expect(refused.body.details).toMatchObject({ sealedVersion: 1, publishedSha256: sha256(altered), sealedSha256: sha256(docx) });
    expect((await t.api.get(unit.publisher, `/api/cases/${caseId}`)).body.state).toBe('submitted.accepted');

    const published = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, {
      type: 'PUBLISH',
      publishedDocumentBase64: docx.toString('base64'),
      publishedUrl: 'https://www.xiashan.gov.cn/zwgk/jxgk/2024/report.docx',
    });
    expect(published.status).toBe(200);
    expect(published.body.case.state).toBe('published');
    const history = await t.api.get(unit.publisher, `/api/cases/${caseId}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'PUBLISH', details: { matchedBy: 'document', publishedSha256: sha256(docx) } });
  });

  it('takes the published file only with PUBLISH, and only as base64', async () => {
    const caseId = await publishedCase();
    const misplaced = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'SUBMIT', publishedDocumentBase64: 'AAAA' });
    expect(misplaced.status).toBe(400);
    expect(misplaced.body.code).toBe('VALIDATION.FIELD_NOT_ALLOWED');
    const notBase64 = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedDocumentBase64: '这不是文件' });
    expect(notBase64.status).toBe(400);
    expect((await t.api.get(unit.publisher, `/api/cases/${caseId}`)).body.state).toBe('submitted.accepted');
  });
});
