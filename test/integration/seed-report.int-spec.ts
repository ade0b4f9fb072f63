import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEFAULT_OUTLINE } from '@jixiao/workflow';
import { DEMO_CAMPAIGN, SEED_REPORT_DATA_TABLE, SEED_REPORT_INCOME_ACKNOWLEDGEMENT, SEED_REPORT_SCORES, SEED_REPORT_SECTIONS, SEED_REPORT_SELF_SCORE } from '@jixiao/demo';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { sealPng } from '../support/png';
import { htmlParagraphs, typesetPdf } from '../support/typeset-pdf';
import { binary, sha256 } from '../support/binary';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';



describe("the seed unit's report, the whole way through with its real figures", () => {
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

  /**
   * The seed report drafted from the demo content, its real figures entered (the 0.02 gap in the
   * income total acknowledged as a warning) and sent into internal review.
   */
  async function draftIntoReview(caseId: string): Promise<void> {
    await driveCase(t.api, unit, officer, caseId, 'self_assessment');

    // The member drafts every section from the demo content; nothing in it is template text.
    for (const section of SEED_REPORT_SECTIONS) {
      const saved = await t.api.put(unit.member, `/api/cases/${caseId}/sections/${section.code}/content`, { expectedRevision: 0, blocks: section.blocks });
      expect({ code: section.code, status: saved.status }).toEqual({ code: section.code, status: 200 });
      expect({ code: section.code, problems: saved.body.problems ?? [] }).toEqual({ code: section.code, problems: [] });
    }
    for (const section of SEED_REPORT_SECTIONS) {
      const submitted = await t.api.post(unit.member, `/api/cases/${caseId}/sections/${section.code}/events`, { type: 'SUBMIT' });
      expect({ code: section.code, status: submitted.status }).toEqual({ code: section.code, status: 200 });
      const approved = await t.api.post(unit.deputy, `/api/cases/${caseId}/sections/${section.code}/events`, { type: 'APPROVE' });
      expect({ code: section.code, status: approved.status }).toEqual({ code: section.code, status: 200 });
    }

    // The compiler enters the real figures: the 0.02 gap in the income total is a warning only.
    const data = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: SEED_REPORT_DATA_TABLE, expectedRevision: 0 });
    expect(data.status).toBe(200);
    const errors = data.body.problems.filter((p: { severity: string }) => p.severity === 'error');
    expect(errors).toEqual([]);
    const scores = await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: SEED_REPORT_SCORES, expectedRevision: 0 });
    expect(scores.status).toBe(200);
    expect(scores.body).toMatchObject({ total: SEED_REPORT_SELF_SCORE.total, grade: SEED_REPORT_SELF_SCORE.grade, complete: true, problems: [] });

    const refused = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'REQUEST_REVIEW' });
    expect(refused.status).toBe(409);
    expect(refused.body.details.reasons.map((r: { code: string }) => r.code)).toEqual(['DATA_TABLE.WARNINGS_UNACKNOWLEDGED']);

    const table = await t.api.get(unit.compiler, `/api/cases/${caseId}/data-table`);
    const warnings = table.body.problems.filter((p: { severity: string }) => p.severity === 'warning');
    expect(warnings).toEqual([expect.objectContaining({ path: 'income.total', acknowledgement: null })]);
    expect(JSON.stringify(warnings[0].figures)).toContain('2686.26');
    expect(JSON.stringify(warnings[0].figures)).toContain('2686.28');
    const acknowledged = await t.api.post(unit.compiler, `/api/cases/${caseId}/acknowledgements`, { problemKey: warnings[0].key, comment: SEED_REPORT_INCOME_ACKNOWLEDGEMENT });
    expect(acknowledged.status).toBe(201);

    expect((await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' })).state).toBe('internal_review');
  }

  it('covers every section of the default outline', () => {
    expect(SEED_REPORT_SECTIONS.map((s) => s.code)).toEqual(DEFAULT_OUTLINE.map((s) => s.code));
  });

  it('drafts, checks, acknowledges the 0.02 rounding difference, seals, submits, accepts and publishes', async () => {
    // The demo notice's own tolerance: the walk below shows the seed's gap is a warning under it.
    const { campaignId, caseIds } = await issueCampaign(t.api, officer, [unit.id], { roundingTolerance: DEMO_CAMPAIGN.roundingTolerance });
    const caseId = caseIds.get(unit.id)!;
    const db = t.app.get(DataSource);
    const [campaign] = (await db.query(`SELECT rounding_tolerance::text AS tolerance FROM campaigns WHERE id = $1`, [campaignId])) as Array<{ tolerance: string }>;
    expect(Number(campaign!.tolerance)).toBe(0.02);

    await draftIntoReview(caseId);
    expect((await t.api.event(unit.leader, caseId, { type: 'APPROVE' })).state).toBe('internal_review');
    expect((await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' })).state).toBe('sealed');

    // The sealed .docx is the document whose SHA-256 the case records.
    const sealed = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    expect(sealed.body).toMatchObject({ state: 'sealed', sealedVersion: 1 });
    const digest: string = sealed.body.sealedDigest;
    const versions = await t.api.get(unit.leader, `/api/cases/${caseId}/sealed-versions`);
    expect(versions.body).toEqual([expect.objectContaining({ version: 1, sha256: digest })]);
    const file = await request(t.server)
      .get(`/api/cases/${caseId}/sealed-versions/1/document`)
      .set('Authorization', `Bearer ${await t.api.token(unit.leader)}`)
      .buffer(true)
      .parse(binary);
    expect(file.status).toBe(200);
    expect(sha256(file.body as Buffer)).toBe(digest);

    const preview = await t.api.get(unit.leader, `/api/cases/${caseId}/sealed-versions/1/preview`);
    expect(preview.status).toBe(200);
    for (const figure of ['2686.28', '2702.04', '90', '优', '2300.39', '975.88', '1726.16']) expect(preview.text).toContain(figure);
    expect(preview.text).toContain(`自评得分：${SEED_REPORT_SELF_SCORE.total}分，自评等级：${SEED_REPORT_SELF_SCORE.grade}。`);

    expect((await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' })).state).toBe('submitted.awaiting_acceptance');
    expect((await t.api.event(officer, caseId, { type: 'ACCEPT' })).state).toBe('submitted.accepted');
    const published = await t.api.event(unit.publisher, caseId, {
      type: 'PUBLISH',
      publishedSha256: digest,
      publishedUrl: 'https://www.xiashan.gov.cn/zwgk/jxgk/2024/zzb-2023.docx',
    });
    expect(published.state).toBe('published');
    const history = await t.api.get(unit.publisher, `/api/cases/${caseId}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'PUBLISH', details: { matchedBy: 'sha256' } });
  }, 120_000);
  it("seals the seed report with the unit's electronic seal: the bureau and the public link verify its PDF, a copy with one figure changed is refused naming it, the PDF publishes", async () => {
    const seal = await request(t.server)
      .post(`/api/units/${unit.id}/seal?validUntil=${inDays(365)}`)
      .set('Authorization', `Bearer ${await t.api.token(unit.admin)}`)
      .set('Content-Type', 'image/png')
      .send(sealPng(200));
    expect(seal.status).toBe(201);
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id], { roundingTolerance: DEMO_CAMPAIGN.roundingTolerance });
    const caseId = caseIds.get(unit.id)!;
    await draftIntoReview(caseId);
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    expect((await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' })).state).toBe('sealed');

    const file = await request(t.server)
      .get(`/api/cases/${caseId}/sealed-versions/1/pdf`)
      .set('Authorization', `Bearer ${await t.api.token(unit.leader)}`)
      .buffer(true)
      .parse(binary);
    expect(file.status).toBe(200);
    const pdf = file.body as Buffer;
    expect(file.headers['x-content-sha256']).toBe(sha256(pdf));

    // The bureau verifies it: the seed unit's report, version 1, the unit's seal, the signature valid.
    const verified = await request(t.server).post('/api/seals/verify').set('Authorization', `Bearer ${await t.api.token(officer)}`).set('Content-Type', 'application/pdf').send(pdf);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      found: true,
      intact: true,
      sealed: { unitName: unit.name, contentVersion: 1, caseId, electronicSeal: { serial: seal.body.serial, signatureValid: true } },
    });
    // And anyone through the public link, signed out.
    const link = await request(t.server).get(`/api/public${verified.body.sealed.publicPath.replace('/verify/', '/seals/')}`);
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ found: true, sealed: { unitName: unit.name, contentVersion: 1, caseId: null, electronicSeal: { signatureValid: true } } });

    expect((await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' })).state).toBe('submitted.awaiting_acceptance');
    expect((await t.api.event(officer, caseId, { type: 'ACCEPT' })).state).toBe('submitted.accepted');

    // A copy typeset again with the basic expenditure changed, in the narrative and in the data table.
    const preview = await t.api.get(unit.leader, `/api/cases/${caseId}/sealed-versions/1/preview`);
    const changed = htmlParagraphs(preview.text).map((line) => line.replaceAll('975.88', '957.88'));
    const refused = await t.api.post(unit.publisher, `/api/cases/${caseId}/events`, { type: 'PUBLISH', publishedDocumentBase64: (await typesetPdf(changed)).toString('base64') });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PUBLICATION.MISMATCH');
    expect(refused.body.details.differences).toContainEqual({ kind: 'figure_differs', label: '基本支出', sealed: '975.88', published: '957.88' });

    const published = await t.api.event(unit.publisher, caseId, { type: 'PUBLISH', publishedDocumentBase64: pdf.toString('base64'), publishedUrl: 'https://www.xiashan.gov.cn/zwgk/jxgk/2024/zzb-2023.pdf' });
    expect(published.state).toBe('published');
    const history = await t.api.get(unit.publisher, `/api/cases/${caseId}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'PUBLISH', details: { matchedBy: 'pdf', fileSha256: sha256(pdf) } });
  }, 180_000);
});
