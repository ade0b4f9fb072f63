import { inflateRawSync } from 'node:zlib';
import request from 'supertest';
import { DEMO_PROJECTS } from '@jixiao/demo';
import { approveSections, driveCase, inDays, saveCleanTables } from '../support/api-client';
import { binary } from '../support/binary';
import { ResponseSchemas } from '../support/openapi-schema';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';

/** The text of word/document.xml of a .docx, its runs joined. */
function docxText(zip: Buffer): string {
  let end = zip.length - 22;
  while (zip.readUInt32LE(end) !== 0x06054b50) end--;
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    if (zip.toString('utf8', offset + 46, offset + 46 + nameLength) === 'word/document.xml') {
      const local = zip.readUInt32LE(offset + 42);
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + zip.readUInt32LE(offset + 20));
      const xml = (zip.readUInt16LE(offset + 10) === 0 ? data : inflateRawSync(data)).toString('utf8');
      return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    }
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  throw new Error('word/document.xml is not in the zip');
}

const [DEMO_P01, DEMO_P02] = DEMO_PROJECTS as [(typeof DEMO_PROJECTS)[number], (typeof DEMO_PROJECTS)[number]];

/** The demo's first form with one indicator scored above its points: an error, not bad input. */
function formWithError() {
  const indicators = DEMO_P01.form.indicators!.map((row, index) => (index === 0 ? { ...row, score: '25' } : row));
  return { ...DEMO_P01.form, indicators };
}

describe('project forms (项目支出绩效自评表): configuration, saving, checks, approval, the review gate and the sealed document', () => {
  let t: TestApp;
  let unitA: WorldUnit;
  let unitB: WorldUnit;
  let officer: WorldUser;
  let schemas: ResponseSchemas;

  beforeAll(async () => {
    t = await startTestApp();
    schemas = new ResponseSchemas((await request(t.server).get('/api/docs-json')).body as never);
    const world = await newWorld(t.app, { unitCount: 2 });
    [unitA, unitB] = world.units as [WorldUnit, WorldUnit];
    officer = world.bureau.officer;
  }, 60_000);
  afterAll(() => t.close());

  function draftCampaign(unitIds: string[], extra: Record<string, unknown> = {}) {
    return t.api.post(officer, '/api/campaigns', {
      documentNumber: `项目财〔2024〕${Math.floor(Math.random() * 1e9)}号`,
      title: '关于开展重点项目支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds,
      ...extra,
    });
  }

  it('refuses an invalid rule pack with every problem and writes nothing; a shipped pack is taken by its id', async () => {
    const packs = await t.api.get(unitA.compiler, '/api/rule-packs');
    expect(packs.status).toBe(200);
    schemas.assertFits('get', '/api/rule-packs', packs);
    const ids = packs.body.packs.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['national-2020', 'sichuan-2021']));
    const national = packs.body.packs.find((p: { id: string }) => p.id === 'national-2020');

    const documentNumber = `规则财〔2024〕${Math.floor(Math.random() * 1e9)}号`;
    const broken = { ...national, weights: { ...national.weights, output: '60' }, deviationThreshold: '一成' };
    const refused = await draftCampaign([unitA.id], { documentNumber, rulePack: broken });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CAMPAIGN.RULE_PACK_INVALID');
    const problems: Array<{ code: string; path: string }> = refused.body.details.problems;
    expect(problems.length).toBeGreaterThanOrEqual(2);
    expect(problems.every((p) => p.code.startsWith('RULE_PACK.'))).toBe(true);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^weights/), 'deviationThreshold']));

    const unknown = await draftCampaign([unitA.id], { documentNumber, rulePack: 'atlantis-2020' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('CAMPAIGN.RULE_PACK_INVALID');

    // Nothing was written: the document number is still free.
    const created = await draftCampaign([unitA.id], { documentNumber, rulePack: 'sichuan-2021' });
    expect(created.status).toBe(201);
    expect(created.body.rulePack.id).toBe('sichuan-2021');
    schemas.assertFits('post', '/api/campaigns', created);
    schemas.assertFits('post', '/api/campaigns', refused);

    const patched = await t.api.patch(officer, `/api/campaigns/${created.body.id}`, { rulePack: broken });
    expect(patched.status).toBe(422);
    expect((await t.api.get(officer, `/api/campaigns/${created.body.id}`)).body.rulePack.id).toBe('sichuan-2021');

    const plain = await draftCampaign([unitA.id]);
    expect(plain.body.rulePack.id).toBe('national-2020');
  });

  it('adds, lists and deletes key projects, refusing what does not hold', async () => {
    const campaign = (await draftCampaign([unitA.id])).body;
    const path = `/api/campaigns/${campaign.id}/projects`;
    const added = await t.api.post(officer, path, { unitId: unitA.id, code: ' P01 ', name: ' 档案数字化项目 ', competentDepartment: '区档案局' });
    expect(added.status).toBe(201);
    schemas.assertFits('post', '/api/campaigns/{id}/projects', added);
    expect(added.body).toMatchObject({ unitId: unitA.id, code: 'P01', name: '档案数字化项目', competentDepartment: '区档案局', implementingUnit: '', formStarted: false });

    const refusals = [
      [{ unitId: unitA.id, code: 'P01', name: '重名编号' }, 409, 'PROJECT.CODE_TAKEN'],
      [{ unitId: unitB.id, code: 'P02', name: '不在通知范围的单位' }, 422, 'PROJECT.UNIT_NOT_IN_CAMPAIGN'],
      [{ unitId: unitA.id, code: 'P03', name: '   ' }, 422, 'PROJECT.NAME_REQUIRED'],
      [{ unitId: unitA.id, code: 'P04', name: 'x'.repeat(201) }, 400, 'VALIDATION.FIELD_INVALID'],
      [{ unitId: unitA.id, code: 'P05', name: '多余字段', budget: '1' }, 400, 'VALIDATION.UNKNOWN_FIELD'],
    ] as const;
    for (const [body, status, code] of refusals) {
      const response = await t.api.post(officer, path, body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status, code });
    }
    expect((await t.api.post(unitA.compiler, path, { unitId: unitA.id, code: 'P09', name: '单位自己加' })).status).toBe(403);

    const listed = await t.api.get(officer, path);
    expect(listed.status).toBe(200);
    schemas.assertFits('get', '/api/campaigns/{id}/projects', listed);
    expect(listed.body.units).toEqual([{ unitId: unitA.id, unitName: unitA.name, filesDepartmentReport: true }]);
    expect(listed.body.projects.map((p: { code: string }) => p.code)).toEqual(['P01']);

    // Changing a draft's units keeps the projects of the units it keeps, and drops those of a unit taken off.
    expect((await t.api.put(officer, `/api/campaigns/${campaign.id}/units`, { unitIds: [unitA.id, unitB.id] })).status).toBe(200);
    expect((await t.api.post(officer, path, { unitId: unitB.id, code: 'B01', name: '乙单位项目' })).status).toBe(201);
    expect((await t.api.put(officer, `/api/campaigns/${campaign.id}/units`, { unitIds: [unitA.id] })).status).toBe(200);
    expect((await t.api.get(officer, path)).body.projects.map((p: { code: string }) => p.code)).toEqual(['P01']);

    expect((await t.api.delete(officer, `${path}/${added.body.projectId}`)).status).toBe(204);
    expect((await t.api.get(officer, path)).body.projects).toEqual([]);

    const nothing = await t.api.patch(officer, `/api/campaigns/${campaign.id}/units/${unitA.id}`, { filesDepartmentReport: false });
    expect(nothing.status).toBe(422);
    expect(nothing.body.code).toBe('PROJECT.NOTHING_TO_FILE');

    for (let i = 1; i <= 20; i++) {
      const each = await t.api.post(officer, path, { unitId: unitA.id, code: `Q${i}`, name: `项目${i}` });
      expect(each.status).toBe(201);
    }
    const tooMany = await t.api.post(officer, path, { unitId: unitA.id, code: 'Q21', name: '第二十一个' });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('PROJECT.TOO_MANY');
  });

  it('takes a unit from two project forms and its report through every check to one sealed document; a unit filing forms only needs no data table', async () => {
    const campaign = (await draftCampaign([unitA.id, unitB.id])).body;
    const projectsPath = `/api/campaigns/${campaign.id}/projects`;
    for (const demo of DEMO_PROJECTS) {
      const added = await t.api.post(officer, projectsPath, { unitId: unitA.id, code: demo.code, name: demo.name, competentDepartment: demo.competentDepartment, implementingUnit: demo.implementingUnit });
      expect(added.status).toBe(201);
    }
    expect((await t.api.post(officer, projectsPath, { unitId: unitB.id, code: 'B01', name: DEMO_P02.name })).status).toBe(201);
    const filing = await t.api.patch(officer, `/api/campaigns/${campaign.id}/units/${unitB.id}`, { filesDepartmentReport: false });
    expect(filing.body).toEqual({ unitId: unitB.id, filesDepartmentReport: false });
    schemas.assertFits('patch', '/api/campaigns/{id}/units/{unitId}', filing);
    expect((await t.api.post(officer, `/api/campaigns/${campaign.id}/issue`)).status).toBe(200);
    const cases = await t.api.get(officer, `/api/cases?campaignId=${campaign.id}&limit=10`);
    const caseOf = new Map<string, string>(cases.body.items.map((c: { unitId: string; id: string }) => [c.unitId, c.id]));
    const caseA = caseOf.get(unitA.id)!;
    const caseB = caseOf.get(unitB.id)!;

    await driveCase(t.api, unitA, officer, caseA, 'self_assessment');
    const listed = await t.api.get(unitA.member, `/api/cases/${caseA}/project-forms`);
    expect(listed.status).toBe(200);
    expect(listed.body.departmentReport).toBe(true);
    schemas.assertFits('get', '/api/cases/{id}/project-forms', listed);
    expect(listed.body.forms.map((f: { code: string; revision: number }) => [f.code, f.revision])).toEqual([['P01', 0], ['P02', 0]]);
    const [p01, p02] = listed.body.forms.map((f: { projectId: string }) => f.projectId) as [string, string];
    const formPath = (projectId: string) => `/api/cases/${caseA}/project-forms/${projectId}`;

    // Bad input, field by field: refused with a stable code at the field, nothing written.
    const bad: Array<[Record<string, unknown>, string, string]> = [
      [{ funding: { total: { budget: '一百二十' } } }, 'PROJECT_FORM.NOT_A_NUMBER', 'funding.total.budget'],
      [{ funding: { total: { spent: '112.1234567' } } }, 'PROJECT_FORM.TOO_MANY_DECIMALS', 'funding.total.spent'],
      [{ funding: { carriedOver: { budget: '-20.00' } } }, 'PROJECT_FORM.NEGATIVE', 'funding.carriedOver.budget'],
      [{ header: { projectName: '项'.repeat(201) } }, 'PROJECT_FORM.TEXT_TOO_LONG', 'header.projectName'],
      [{ header: { colour: '红' } }, 'PROJECT_FORM.UNKNOWN_FIELD', 'header.colour'],
      [{ indicators: [{ level3: '页数', points: 20 }] }, 'PROJECT_FORM.NOT_TEXT', 'indicators.0.points'],
      [{ indicators: Array.from({ length: 61 }, () => ({ level3: '页数' })) }, 'PROJECT_FORM.TOO_MANY_ROWS', 'indicators'],
    ];
    for (const [input, code, field] of bad) {
      const refused = await t.api.put(unitA.compiler, formPath(p01), { input, expectedRevision: 0 });
      expect({ field, status: refused.status, code: refused.body.code }).toEqual({ field, status: 422, code: 'PROJECT_FORM.INVALID_INPUT' });
      expect(refused.body.details.errors).toEqual(expect.arrayContaining([expect.objectContaining({ code, path: field })]));
    }
    const untouched = await t.api.get(unitA.compiler, formPath(p01));
    expect(untouched.body).toMatchObject({ revision: 0, input: null, approval: null });
    expect((await t.api.put(unitA.compiler, formPath(p01), { input: 'not a form' })).status).toBe(400);

    // A form with an error is saved (work in progress) and its problems are live.
    const first = await t.api.put(unitA.compiler, formPath(p01), { input: formWithError(), expectedRevision: 0 });
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(1);
    schemas.assertFits('put', '/api/cases/{id}/project-forms/{projectId}', first);
    expect(first.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', path: 'indicators.0.score' })]));

    // Two saves of the same revision: one wins, the other is told the revision now current.
    const race = await Promise.all([1, 2].map(() => t.api.put(unitA.compiler, formPath(p01), { input: formWithError(), expectedRevision: 1 })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const lost = race.find((r) => r.status === 409)!;
    expect(lost.body.code).toBe('PROJECT_FORM.REVISION_CONFLICT');
    expect(lost.body.details.currentRevision).toBe(2);

    const read = await t.api.get(unitA.leader, formPath(p01));
    expect(read.status).toBe(200);
    schemas.assertFits('get', '/api/cases/{id}/project-forms/{projectId}', read);
    expect(read.body.rulePack.id).toBe('national-2020');
    expect(read.body.project).toMatchObject({ code: 'P01', name: DEMO_P01.name });
    expect(read.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ severity: 'error', path: 'indicators.0.score', key: expect.any(String) })]));
    expect(read.body.actions.find((a: { type: string }) => a.type === 'APPROVE')).toMatchObject({ available: false });

    // A form with errors, or never saved, is the compiler's to fill, on their task list.
    const compilerTasks = (await t.api.get(unitA.compiler, '/api/me/tasks')).body.items as Array<{ kind: string; caseId: string; projectId: string | null }>;
    expect(compilerTasks.filter((task) => task.caseId === caseA && task.kind === 'fill_project_form').map((task) => task.projectId)).toEqual([p01, p02]);
    const withErrors = await t.api.post(unitA.deputy, `${formPath(p01)}/approve`, {});
    expect(withErrors.status).toBe(409);
    expect(withErrors.body.code).toBe('PROJECT_FORM.HAS_ERRORS');
    const neverSaved = await t.api.post(unitA.deputy, `${formPath(p02)}/approve`, {});
    expect(neverSaved.body.code).toBe('PROJECT_FORM.NOT_SAVED');

    // The rest of the report is ready; the forms hold the request for review.
    const detail = await t.api.get(unitA.leader, `/api/cases/${caseA}`);
    await approveSections(t.api, unitA, caseA, detail.body.sections.map((s: { code: string }) => s.code));
    await saveCleanTables(t.api, unitA, caseA);
    const held = await t.api.post(unitA.compiler, `/api/cases/${caseA}/events`, { type: 'REQUEST_REVIEW' });
    expect(held.status).toBe(409);
    expect(held.body.code).toBe('CASE.CONDITIONS_NOT_MET');
    expect(held.body.details.reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'PROJECT_FORM.HAS_ERRORS', params: expect.objectContaining({ name: DEMO_P01.name }) }),
        expect.objectContaining({ code: 'PROJECT_FORM.HAS_ERRORS', params: expect.objectContaining({ name: DEMO_P02.name }) }),
      ]),
    );

    // Fixed, both forms are clean; the one who saved them does not approve them.
    const fixed = await t.api.put(unitA.compiler, formPath(p01), { input: DEMO_P01.form, expectedRevision: 2 });
    expect(fixed.status).toBe(200);
    expect(fixed.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    expect(fixed.body.result).toMatchObject({ complete: true, grade: '优' });
    expect((await t.api.put(unitA.compiler, formPath(p02), { input: DEMO_P02.form, expectedRevision: 0 })).status).toBe(200);
    expect((await t.api.post(unitA.compiler, `${formPath(p01)}/approve`, {})).status).toBe(403);
    // Both clean forms wait on the leaders' task lists, each by its project; none on the compiler's.
    const formTasks = async (user: typeof unitA.deputy) =>
      ((await t.api.get(user, '/api/me/tasks')).body.items as Array<{ kind: string; caseId: string; projectId: string | null; projectName: string | null; link: string }>)
        .filter((task) => task.caseId === caseA && task.kind.endsWith('_project_form'))
        .map((task) => [task.kind, task.projectName, task.link]);
    expect(await formTasks(unitA.deputy)).toEqual([
      ['approve_project_form', DEMO_P01.name, formPath(p01)],
      ['approve_project_form', DEMO_P02.name, formPath(p02)],
    ]);
    expect(await formTasks(unitA.compiler)).toEqual([]);
    const approved = await t.api.post(unitA.deputy, `${formPath(p01)}/approve`, {});
    expect(approved.status).toBe(200);
    schemas.assertFits('post', '/api/cases/{id}/project-forms/{projectId}/approve', approved);

    const unapproved = await t.api.post(unitA.compiler, `/api/cases/${caseA}/events`, { type: 'REQUEST_REVIEW' });
    expect(unapproved.status).toBe(409);
    expect((await formTasks(unitA.deputy)).map(([, name]) => name)).toEqual([DEMO_P02.name]);
    expect(unapproved.body.details.reasons.filter((r: { code: string }) => r.code.startsWith('PROJECT_FORM.'))).toEqual([
      expect.objectContaining({ code: 'PROJECT_FORM.NOT_APPROVED', params: { name: DEMO_P02.name }, message: expect.stringContaining(DEMO_P02.name) }),
    ]);

    // Returned with a reason, then approved; a save after approval withdraws it.
    const blank = await t.api.post(unitA.leader, `${formPath(p02)}/return`, { reason: '  ' });
    expect(blank.status).toBe(422);
    expect(blank.body.code).toBe('RETURN.REASON_REQUIRED');
    const returned = await t.api.post(unitA.leader, `${formPath(p02)}/return`, { reason: '请补充库房改造的验收资料。' });
    expect(returned.status).toBe(200);
    schemas.assertFits('post', '/api/cases/{id}/project-forms/{projectId}/return', returned);
    expect((await t.api.get(unitA.compiler, formPath(p02))).body.returned).toMatchObject({ reason: '请补充库房改造的验收资料。', userId: unitA.leader.id });
    expect((await t.api.post(unitA.leader, `${formPath(p02)}/approve`, {})).status).toBe(200);
    expect((await t.api.get(unitA.compiler, formPath(p02))).body).toMatchObject({ returned: null, approval: { userId: unitA.leader.id } });
    expect((await t.api.put(unitA.compiler, formPath(p02), { input: DEMO_P02.form, expectedRevision: 1 })).status).toBe(200);
    expect((await t.api.get(unitA.compiler, formPath(p02))).body.approval).toBeNull();
    expect((await t.api.post(unitA.leader, `${formPath(p02)}/approve`, {})).status).toBe(200);

    // A project whose form was saved stays.
    const keep = await t.api.delete(officer, `${projectsPath}/${p01}`);
    expect(keep.status).toBe(409);
    expect(keep.body.code).toBe('PROJECT.FORM_STARTED');

    await t.api.event(unitA.compiler, caseA, { type: 'REQUEST_REVIEW' });
    await t.api.event(unitA.leader, caseA, { type: 'APPROVE' });
    await t.api.event(unitA.sealKeeper, caseA, { type: 'SEAL' });
    const token = await t.api.token(unitA.leader);
    const file = await request(t.server).get(`/api/cases/${caseA}/sealed-versions/1/document`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
    expect(file.status).toBe(200);
    const text = docxText(file.body as Buffer);
    expect(text).toContain(DEMO_P01.name);
    expect(text).toContain(DEMO_P02.name);
    expect(text).toContain('112.80');
    const preview = await t.api.get(unitA.leader, `/api/cases/${caseA}/sealed-versions/1/preview`);
    expect(preview.text).toContain(DEMO_P01.name);
    expect(preview.text).toContain(DEMO_P02.name);
    const sealed = await t.api.put(unitA.compiler, formPath(p01), { input: DEMO_P01.form });
    expect(sealed.status).toBe(409);
    expect((await t.api.post(officer, projectsPath, { unitId: unitA.id, code: 'P09', name: '盖章后再加' })).body.code).toBe('PROJECT.CASE_CLOSED');

    // The unit filing its project form only goes to review without a data table or scores.
    await driveCase(t.api, unitB, officer, caseB, 'self_assessment');
    const formsB = await t.api.get(unitB.compiler, `/api/cases/${caseB}/project-forms`);
    expect(formsB.body.departmentReport).toBe(false);
    const b01 = formsB.body.forms[0].projectId as string;
    expect((await t.api.put(unitB.compiler, `/api/cases/${caseB}/project-forms/${b01}`, { input: DEMO_P02.form, expectedRevision: 0 })).status).toBe(200);
    expect((await t.api.post(unitB.leader, `/api/cases/${caseB}/project-forms/${b01}/approve`, {})).status).toBe(200);
    const detailB = await t.api.get(unitB.leader, `/api/cases/${caseB}`);
    await approveSections(t.api, unitB, caseB, detailB.body.sections.map((s: { code: string }) => s.code));
    expect((await t.api.event(unitB.compiler, caseB, { type: 'REQUEST_REVIEW' })).state).toBe('internal_review');
    // In review the document is fixed for the approvers: no project is added behind the gate.
    const late = await t.api.post(officer, projectsPath, { unitId: unitB.id, code: 'B09', name: '审核中再加' });
    expect([late.status, late.body.code]).toEqual([409, 'PROJECT.CASE_CLOSED']);
    // What it files is project forms only, and the draft's file name says so.
    const draft = await t.api.get(unitB.leader, `/api/cases/${caseB}/draft.docx`);
    expect(decodeURIComponent(String(draft.headers['content-disposition']))).toContain('年度项目支出绩效自评表（草稿）.docx');
  }, 120_000);
});
