import request from 'supertest';
import { DataSource } from 'typeorm';
import { driveCase, issueCampaign } from '../support/api-client';
import { binary } from '../support/binary';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';
import { readEntry } from '../support/zip';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Section 1.1's staffing table, as the seed's text gives it. */
const STAFFING = {
  type: 'table',
  caption: '人员编制情况',
  header: ['机构', '编制数', '在职人数', '离休人数', '退休人数'],
  rows: [
    ['区委组织部', '20', '17', '1', '19'],
    ['区委党史研究室', '3', '2', '0', '0'],
    ['区党建指导中心', '30', '23', '0', '0'],
  ],
};

describe('the draft preview of the report as it stands', () => {
  let t: TestApp;
  let world: World;
  let stranger: World;
  let unit: WorldUnit;
  let officer: WorldUser;
  let caseId: string;

  const html = (user: WorldUser, id = caseId) => t.api.get(user, `/api/cases/${id}/draft.html`);
  const docx = async (user: WorldUser, id = caseId) =>
    request(t.server).get(`/api/cases/${id}/draft.docx`).set('Authorization', `Bearer ${await t.api.token(user)}`).buffer(true).parse(binary);
  const sealedRows = async (id: string) => Number((await t.app.get(DataSource).query('SELECT count(*) AS n FROM sealed_versions WHERE case_id = $1', [id]))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    stranger = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'self_assessment');
    const saved = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.1/content`, {
      expectedRevision: 0,
      blocks: [{ type: 'paragraph', text: '本部内设13个组室。' }, STAFFING],
    });
    expect(saved.status).toBe(200);
  }, 60_000);
  afterAll(() => t.close());

  it('answers the report as HTML marked 草稿, with the section table, under the preview policy and without a digest', async () => {
    const answer = await html(unit.leader);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.headers['content-security-policy']).toContain('sandbox');
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    expect(answer.headers['x-content-sha256']).toBeUndefined();
    expect(answer.text).toContain('草稿（未盖章，仅供审阅）');
    expect(answer.text).toMatch(/生成时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/);
    expect(answer.text).toContain('<h1>整体绩效自评报告（草稿）</h1>');
    expect(answer.text).toContain('<caption>人员编制情况</caption><thead><tr><th>机构</th><th>编制数</th><th>在职人数</th><th>离休人数</th><th>退休人数</th></tr></thead>');
    expect(answer.text).toContain('<td>区党建指导中心</td><td>30</td><td>23</td>');
    expect(answer.text).toContain('本部内设13个组室。');
  });

  it('answers a .docx marked 草稿 in its page header and title, under a Chinese file name, without a digest', async () => {
    const answer = await docx(unit.deputy);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain(DOCX);
    expect(answer.headers['x-content-sha256']).toBeUndefined();
    const disposition = answer.headers['content-disposition'] as string;
    expect(disposition).toContain("filename*=UTF-8''");
    expect(decodeURIComponent(disposition)).toContain(`${unit.name}`);
    expect(decodeURIComponent(disposition)).toContain('整体绩效自评报告（草稿）.docx');
    const file = answer.body as Buffer;
    expect(readEntry(file, 'word/header1.xml')).toContain('草稿（未盖章，仅供审阅）');
    const body = readEntry(file, 'word/document.xml')!;
    expect(body).toContain('整体绩效自评报告（草稿）');
    expect(body).toContain('生成时间：');
    for (const cell of ['人员编制情况', '机构', '退休人数', '区委党史研究室', '23']) expect(body).toContain(`>${cell}</w:t>`);
  });

  it('writes nothing: no sealed version, the case and its history unchanged', async () => {
    const before = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    const history = (await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body.length;
    const answers = await Promise.all([html(unit.leader), docx(unit.compiler), html(officer), docx(unit.member)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(await sealedRows(caseId)).toBe(0);
    const after = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.sealedVersion ?? null).toBeNull();
    expect((await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body.length).toBe(history);
  });

  it('is there at any state, for every person of the unit and the officers of the campaign', async () => {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const issued = caseIds.get(unit.id)!;
    for (const user of [unit.admin, unit.leader, unit.member2, unit.sealKeeper, unit.publisher, officer]) {
      expect([user.username, (await html(user, issued)).status]).toEqual([user.username, 200]);
    }
    expect((await docx(unit.admin, issued)).status).toBe(200);
  });

  it('answers 404 outside the scope, as the case itself does, and 401 signed out', async () => {
    const outsiders = [world.units[1]!.leader, stranger.units[0]!.member, stranger.bureau.officer];
    for (const outsider of outsiders) {
      const [page, file] = await Promise.all([html(outsider), docx(outsider)]);
      expect([page.status, page.body.code, file.status]).toEqual([404, 'CASE.NOT_FOUND', 404]);
    }
    expect((await html(unit.leader, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await request(t.server).get(`/api/cases/${caseId}/draft.html`)).status).toBe(401);
    expect((await request(t.server).get(`/api/cases/${caseId}/draft.docx`)).status).toBe(401);
  });

  it('refuses a section table beyond its limits with 422 and the place at fault, and keeps the saved table', async () => {
    const wide = Array.from({ length: 11 }, (_, i) => `列${i + 1}`);
    const refused = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.1/content`, { expectedRevision: 1, blocks: [{ type: 'table', header: wide, rows: [wide] }] });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('SECTION.INVALID_CONTENT');
    expect(refused.body.message).toContain('最多10列');
    expect(refused.body.details.problems).toEqual([expect.objectContaining({ code: 'SECTION.TABLE_TOO_WIDE', path: 'sections.1.1.blocks.0' })]);
    const read = await t.api.get(unit.member, `/api/cases/${caseId}/sections/1.1/content`);
    expect(read.body).toMatchObject({ revision: 1, blocks: [expect.anything(), STAFFING] });
  });
});
