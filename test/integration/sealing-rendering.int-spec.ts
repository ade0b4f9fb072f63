import { createHash } from 'node:crypto';
import { DEMO_PROJECTS } from '@jixiao/demo';
import { CaseLoader, Clock, ProjectFormChecks, RenderingPool, ReportFacts, reviewGateFacts, SealingService, VersionRenderer, type Principal } from '@jixiao/evaluation';
import { CaseStore, queryStats, RenderingStore, ReportContentStore, SectionStore, Transactor } from '@jixiao/persistence';
import { contextOf } from '@jixiao/workflow';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { binary, sha256 } from '../support/binary';
import { approveSections, driveCase, inDays, issueCampaign, saveCleanTables } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';

describe('a SEAL renders its report before its transaction, once per content', () => {
  let t: TestApp;
  let unit: WorldUnit;
  let officer: WorldUser;

  const principalOf = (user: WorldUser, organisationId: string): Principal => ({
    sessionId: 'test',
    userId: user.id,
    username: user.username,
    displayName: user.username,
    organisationId,
    organisationKind: 'unit',
    organisationName: unit.name,
    roles: user.roles,
  });

  const sealedRows = async (caseId: string): Promise<Array<{ content_version: number; sha256: string }>> =>
    t.app.get(DataSource).query('SELECT content_version, sha256 FROM sealed_versions WHERE case_id = $1 ORDER BY content_version', [caseId]);

  /** Drops every stored rendering, sends the SEAL, and expects it accepted after exactly one rendering. */
  const sealWithRenderingsDropped = async (caseId: string) => {
    const pool = t.app.get(RenderingPool);
    await t.app.get(DataSource).query('DELETE FROM renderings');
    const before = pool.rendered;
    const sealed = await t.api.post(unit.sealKeeper, `/api/cases/${caseId}/events`, { type: 'SEAL' });
    expect(sealed.status).toBe(200);
    expect(pool.rendered - before).toBe(1);
    return sealed;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
  }, 60_000);
  afterAll(() => t.close());

  it('renders nothing for a second SEAL of the same content, and seals the same document', async () => {
    const pool = t.app.get(RenderingPool);
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    const before = pool.rendered;
    await driveCase(t.api, unit, officer, caseId, 'submitted');
    expect(pool.rendered - before).toBe(1);
    const first = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.sealedDigest as string;

    // The finance officer returns it; the unit sends the same content again as version 2.
    await t.api.event(officer, caseId, { type: 'RETURN', reason: '请补充说明' });
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    const sealed = await t.api.post(unit.sealKeeper, `/api/cases/${caseId}/events`, { type: 'SEAL' });
    expect(sealed.status).toBe(200);
    expect(pool.rendered - before).toBe(1);
    expect(sealed.body.case).toMatchObject({ contentVersion: 2, sealedVersion: 2, sealedDigest: first });
    expect(await sealedRows(caseId)).toEqual([
      { content_version: 1, sha256: first },
      { content_version: 2, sha256: first },
    ]);
    const history = await t.api.get(unit.leader, `/api/cases/${caseId}/history`);
    const seals = history.body.filter((r: { event: string }) => r.event === 'SEAL');
    expect(seals.map((r: { details: { contentDigest: string } }) => r.details.contentDigest)).toEqual([first, first]);
    // The snapshots differ by their content version, so their digests do too.
    expect(new Set(seals.map((r: { details: { snapshotSha256: string } }) => r.details.snapshotSha256)).size).toBe(2);

    // The same documents are stored once: both versions name one sealed_documents row and hold no
    // copy of their own, and each version's .docx and PDF download as those bytes.
    const db = t.app.get(DataSource);
    const named: Array<{ content_version: number; own: boolean; pdf_sha256: string }> = await db.query(
      `SELECT content_version, (docx IS NOT NULL OR html IS NOT NULL OR pdf IS NOT NULL) AS own, pdf_sha256 FROM sealed_versions WHERE case_id = $1 ORDER BY content_version`,
      [caseId],
    );
    expect(named.map((row) => row.own)).toEqual([false, false]);
    expect(named[1]!.pdf_sha256).toBe(named[0]!.pdf_sha256);
    const [stored] = await db.query(`SELECT count(*)::int AS n, max(octet_length(pdf)) AS pdf_bytes FROM sealed_documents WHERE docx_sha256 = $1`, [first]);
    expect(stored.n).toBe(1);
    const token = await t.api.token(unit.leader);
    for (const version of [1, 2]) {
      const docx = await request(t.server).get(`/api/cases/${caseId}/sealed-versions/${version}/document`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
      expect(docx.status).toBe(200);
      expect(sha256(docx.body as Buffer)).toBe(first);
      const pdf = await request(t.server).get(`/api/cases/${caseId}/sealed-versions/${version}/pdf`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
      expect(pdf.status).toBe(200);
      expect((pdf.body as Buffer).length).toBe(Number(stored.pdf_bytes));
      expect(sha256(pdf.body as Buffer)).toBe(named[0]!.pdf_sha256);
    }
  });

  it('seals the new content when the report changed after an earlier SEAL was rendered, and renders again when the rendering was dropped', async () => {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'internal_review');
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    const keeper = principalOf(unit.sealKeeper, unit.id);
    const loaded = await t.app.get(CaseLoader).load(t.app.get(Transactor).manager, keeper, caseId);
    const earlier = await t.app.get(SealingService).prepare(loaded);
    expect(earlier).not.toBeNull();

    // Meanwhile the report goes back for a section to change, and through review again.
    await t.api.event(unit.leader, caseId, { type: 'RETURN', reason: '补充收入支出情况', sectionCodes: ['1.4'] });
    const saved = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.4/content`, {
      expectedRevision: 0,
      blocks: [{ type: 'paragraph', text: '2023年度本单位收入合计2686.26万元。' }],
    });
    expect(saved.status).toBe(200);
    await approveSections(t.api, unit, caseId, ['1.4']);
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });

    // Every stored rendering dropped: the SEAL renders the content it is decided on again.
    const sealed = await sealWithRenderingsDropped(caseId);
    expect(sealed.body.case.sealedDigest).not.toBe(earlier!.sha256);
    expect(await sealedRows(caseId)).toEqual([{ content_version: 1, sha256: sealed.body.case.sealedDigest }]);
  });

  it('renders again when the rendering a SEAL found before was dropped since, and seals the same document', async () => {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'submitted');
    const first = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.sealedDigest as string;
    await t.api.event(officer, caseId, { type: 'RETURN', reason: '请补充说明' });
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    // The process still knows the rendering's digest; the row is gone.
    const sealed = await sealWithRenderingsDropped(caseId);
    expect(sealed.body.case.sealedDigest).toBe(first);
    expect(await sealedRows(caseId)).toEqual([
      { content_version: 1, sha256: first },
      { content_version: 2, sha256: first },
    ]);
  });

  it('drops the renderings made two days before or earlier when it stores one, and keeps the newer ones', async () => {
    const store = t.app.get(RenderingStore);
    const db = t.app.get(Transactor).manager;
    const key = (n: number) => `${String(n).padStart(2, '0')}${unit.id.replace(/-/g, '')}`.padEnd(64, 'a').slice(0, 64);
    // The database holds a PDF to its digest, as it does not the .docx.
    const pdf = (n: number) => ({ pdf: Buffer.from([n]), pdfSha256: createHash('sha256').update(Buffer.from([n])).digest('hex'), pdfSm3: createHash('sm3').update(Buffer.from([n])).digest('hex') });
    const rendering = (n: number) => ({ inputSha256: key(n), docx: Buffer.from([n]), html: `<p>${n}</p>`, docxSha256: key(n), ...pdf(n) });
    await store.insert(db, rendering(1));
    await store.insert(db, rendering(2));
    await t.app.get(DataSource).query(`UPDATE renderings SET rendered_at = now() - interval '3 days' WHERE input_sha256 = $1`, [key(1)]);
    await t.app.get(DataSource).query(`UPDATE renderings SET rendered_at = now() - interval '1 day' WHERE input_sha256 = $1`, [key(2)]);
    await store.insert(db, rendering(3));
    expect(await store.digests(db, key(1))).toBeNull();
    expect(await store.digests(db, key(2))).toEqual({ docxSha256: key(2), pdfSm3: pdf(2).pdfSm3 });
    expect(await store.digests(db, key(3))).toEqual({ docxSha256: key(3), pdfSm3: pdf(3).pdfSm3 });
  });

  it('reads a report in one statement, the same content the section, table and project-form reads give', async () => {
    const created = await t.api.post(officer, '/api/campaigns', {
      documentNumber: `渲染财〔2024〕${Math.floor(Math.random() * 1e9)}号`,
      title: '关于开展整体支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds: [unit.id],
    });
    expect(created.status).toBe(201);
    for (const demo of DEMO_PROJECTS) {
      const added = await t.api.post(officer, `/api/campaigns/${created.body.id}/projects`, { unitId: unit.id, code: demo.code, name: demo.name, competentDepartment: demo.competentDepartment, implementingUnit: demo.implementingUnit });
      expect(added.status).toBe(201);
    }
    expect((await t.api.post(officer, `/api/campaigns/${created.body.id}/issue`)).status).toBe(200);
    const listed = await t.api.get(officer, `/api/cases?campaignId=${created.body.id}&limit=10`);
    const caseId = listed.body.items[0].id as string;
    await driveCase(t.api, unit, officer, caseId, 'self_assessment');
    await saveCleanTables(t.api, unit, caseId);
    const section = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.4/content`, {
      expectedRevision: 0,
      blocks: [{ type: 'heading', level: 1, text: '收入支出情况' }, { type: 'table', header: ['项目', '金额（万元）'], rows: [['基本支出', '975.88']] }],
    });
    expect(section.status).toBe(200);
    const forms = await t.api.get(unit.compiler, `/api/cases/${caseId}/project-forms`);
    // Only the first form is saved: the second prints blank.
    const form = await t.api.put(unit.compiler, `/api/cases/${caseId}/project-forms/${forms.body.forms[0].projectId}`, { input: DEMO_PROJECTS[0]!.form, expectedRevision: 0 });
    expect(form.status).toBe(200);

    const db = t.app.get(Transactor).manager;
    const { record, snapshot } = await t.app.get(CaseLoader).load(db, principalOf(unit.leader, unit.id), caseId);
    const contentVersion = contextOf(snapshot).contentVersion;

    // What the snapshot was built from before: thirteen statements through the section, table and form services.
    let counted = queryStats().queries;
    const facts = t.app.get(ReportFacts);
    const context = await facts.context(db, caseId);
    const outline = await t.app.get(CaseStore).sections(db, caseId);
    const contents = new Map((await t.app.get(SectionStore).latestOfCase(db, caseId)).map((c) => [c.code, c]));
    const checkedForms = await t.app.get(ProjectFormChecks).ofCase(db, caseId, contentVersion);
    const dataView = await facts.dataTable(db, caseId, context);
    const scoresView = await facts.indicatorScores(db, caseId, context);
    const dataInput = dataView.input;
    const scoresInput = scoresView.input;
    const separateReads = queryStats().queries - counted;

    counted = queryStats().queries;
    const content = await t.app.get(ReportContentStore).ofCase(db, caseId, contentVersion);
    expect(queryStats().queries - counted).toBe(1);
    expect(separateReads).toBeGreaterThan(1);

    expect(content).toEqual({
      indicatorConfig: null,
      roundingTolerance: context.roundingTolerance,
      acknowledgedKeys: dataView.problems.filter((p) => p.acknowledgement !== null).map((p) => p.key),
      filesDepartmentReport: checkedForms.departmentReport,
      rulePack: null,
      sections: outline.map((s) => ({ code: s.code, title: s.title, revision: contents.get(s.code)!.revision, blocks: contents.get(s.code)!.revision === 0 ? null : contents.get(s.code)!.blocks })),
      dataInput,
      scoresInput,
      projects: checkedForms.forms.map((f) => ({
        code: f.project.code,
        name: f.project.name,
        competentDepartment: f.project.competentDepartment,
        implementingUnit: f.project.implementingUnit,
        input: f.stored?.input ?? null,
        approved: f.stored?.approval != null,
      })),
    });
    // The review gate reads the same as the tables' and forms' own views say.
    const errors = (problems: ReadonlyArray<{ severity: string }>) => problems.filter((p) => p.severity === 'error').length;
    expect(reviewGateFacts(content!)).toEqual({
      dataErrors: errors(dataView.problems),
      unacknowledgedWarnings: dataView.problems.filter((p) => p.severity === 'warning' && p.acknowledgement === null).length,
      indicatorsComplete: scoresView.complete,
      indicatorErrors: errors(scoresView.problems.filter((p) => p.code !== 'INDICATORS.SCORE_BLANK')),
      sectionsWithTemplateText: 0,
      departmentReport: checkedForms.departmentReport,
      projectFormErrors: checkedForms.forms.map((f) => ({ name: f.project.name, count: errors(f.problems) })).filter((f) => f.count > 0),
      projectFormsUnapproved: checkedForms.forms.map((f) => f.project.name),
    });
    expect(dataInput).not.toBeNull();
    expect(content!.projects.map((p) => p.input === null)).toEqual([false, true]);
    expect(content!.sections.find((s) => s.code === '1.4')!.blocks).toHaveLength(2);

    counted = queryStats().queries;
    const built = await t.app.get(VersionRenderer).snapshot(db, record, contentVersion);
    expect(queryStats().queries - counted).toBe(1);
    expect(built.projectForms).toHaveLength(2);
    expect(built.date).toBe(new Date(t.app.get(Clock).now().getTime() + 8 * 3600_000).toISOString().slice(0, 10));
  });
});
