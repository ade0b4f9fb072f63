import ExcelJS from 'exceljs';
import request from 'supertest';
import { inDays, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUser } from '../support/world';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: Array<Array<string | number | null>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('单位名单');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The units a draft campaign covers: chosen from the bureau's list, or imported from a spreadsheet
 * whose every bad row is reported by row and column while nothing is written.
 */
describe('the units of a campaign', () => {
  let t: TestApp;
  let world: World;
  let stranger: World;
  let draftId: string;
  const code = (index: number) => `U${index + 1}-${world.tag}`;
  const name = (index: number) => world.units[index]!.name;

  async function upload(user: WorldUser, campaignId: string, body: Buffer, contentType: string) {
    return request(t.server)
      .post(`/api/campaigns/${campaignId}/units/import`)
      .set('Authorization', `Bearer ${await t.api.token(user)}`)
      .set('Content-Type', contentType)
      .send(body);
  }

  const unitCount = async () => (await t.api.get(world.bureau.officer, `/api/campaigns/${draftId}`)).body.unitCount;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 4 });
    stranger = await newWorld(t.app, { unitCount: 1 });
    const created = await t.api.post(world.bureau.officer, '/api/campaigns', {
      documentNumber: `导入财〔2024〕${world.tag}号`,
      title: '关于开展整体支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds: [world.units[0]!.id],
    });
    expect(created.status).toBe(201);
    draftId = created.body.id;
  }, 60_000);
  afterAll(() => t.close());

  it('reports every bad row of an .xlsx list by row and column, and writes nothing', async () => {
    const file = await workbook([
      ['序号', '单位代码', '单位名称'],
      [1, code(0), name(0)],
      [2, 'NO-SUCH-UNIT', '不存在的单位'],
      [3, code(1), name(1)],
      [4, code(1), name(1)],
      [5, code(2), ''],
      [6, code(3), '别的名字'],
      [7, world.bureau.id.slice(0, 4), name(3)],
    ]);
    const response = await upload(world.bureau.officer, draftId, file, XLSX);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('CAMPAIGN.IMPORT_INVALID');
    expect(response.body.details.problems.map((p: { row: number; field: string; code: string }) => [p.row, p.field, p.code])).toEqual([
      [3, '单位代码', 'IMPORT.UNKNOWN_UNIT'],
      [5, '单位代码', 'IMPORT.DUPLICATE_UNIT'],
      [6, '单位名称', 'IMPORT.EMPTY_CELL'],
      [7, '单位名称', 'IMPORT.NAME_MISMATCH'],
      [8, '单位代码', 'IMPORT.UNKNOWN_UNIT'],
    ]);
    expect(response.body.details.problems[1].message).toContain('第4行');
    expect(await unitCount()).toBe(1);
  });

  it('imports a clean CSV list (UTF-8, with or without a byte-order mark), by code or by name', async () => {
    const csv = `\uFEFF单位名称,单位代码\n${name(1)},${code(1)}\n${name(2)},\n,,\n${name(3)},${code(3)}\n`;
    const response = await upload(world.bureau.officer, draftId, Buffer.from(csv, 'utf8'), 'text/csv; charset=utf-8');
    // The name-only row leaves 单位代码 empty, which a list with both columns does not allow.
    expect(response.status).toBe(422);
    expect(response.body.details.problems).toEqual([expect.objectContaining({ row: 3, field: '单位代码', code: 'IMPORT.EMPTY_CELL' })]);
    const byName = `单位名称\n${name(1)}\n${name(2)}\n`;
    const named = await upload(world.bureau.officer, draftId, Buffer.from(byName, 'utf8'), 'text/csv');
    expect(named.status).toBe(200);
    expect(named.body).toMatchObject({ campaignId: draftId, unitCount: 2, unitIds: [world.units[1]!.id, world.units[2]!.id] });
    const clean = Buffer.from(`单位代码,单位名称\n${code(0)},${name(0)}\n${code(3)},${name(3)}\n`, 'utf8');
    const replaced = await upload(world.bureau.officer, draftId, clean, 'text/csv');
    expect(replaced.status).toBe(200);
    expect(replaced.body.unitIds).toEqual([world.units[0]!.id, world.units[3]!.id]);
    expect(await unitCount()).toBe(2);
  });

  it('refuses files it cannot read, with a code that says why', async () => {
    const cases: Array<[Buffer, string, number, string]> = [
      [Buffer.from('not a workbook'), XLSX, 422, 'CAMPAIGN.IMPORT_INVALID'],
      [Buffer.from('名称,编号\n甲,1\n', 'utf8'), 'text/csv', 422, 'CAMPAIGN.IMPORT_INVALID'],
      [Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0x0a]), 'text/csv', 422, 'CAMPAIGN.IMPORT_INVALID'],
      [Buffer.from('单位代码\n', 'utf8'), 'text/csv', 422, 'CAMPAIGN.IMPORT_INVALID'],
      [Buffer.from('{}'), 'application/json', 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
      [Buffer.alloc(3 * 1024 * 1024, 0x41), 'text/csv', 413, 'REQUEST.TOO_LARGE'],
    ];
    const sheetCodes = [];
    for (const [body, type, status, errorCode] of cases) {
      const response = await upload(world.bureau.officer, draftId, body, type);
      expect({ type, status: response.status, code: response.body.code }).toEqual({ type, status, code: errorCode });
      if (response.body.details?.problems) sheetCodes.push(response.body.details.problems[0].code);
    }
    expect(sheetCodes).toEqual(['IMPORT.UNREADABLE', 'IMPORT.HEADER_MISSING', 'IMPORT.NOT_UTF8', 'IMPORT.NO_ROWS']);
    expect(await unitCount()).toBe(2);
  });

  it('replaces the units with ones chosen from the bureau’s list, refusing unknown and duplicate units', async () => {
    const listed = await t.api.get(world.bureau.officer, `/api/units?search=${encodeURIComponent(world.tag)}&limit=10`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((u: { code: string }) => u.code).sort()).toEqual([0, 1, 2, 3].map(code).sort());
    const chosen = await t.api.put(world.bureau.officer, `/api/campaigns/${draftId}/units`, { unitIds: [world.units[2]!.id, world.units[3]!.id, world.units[1]!.id] });
    expect(chosen.status).toBe(200);
    expect(await unitCount()).toBe(3);
    const unknown = await t.api.put(world.bureau.officer, `/api/campaigns/${draftId}/units`, { unitIds: [world.units[0]!.id, world.bureau.id] });
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 422, code: 'CAMPAIGN.UNKNOWN_UNIT' });
    const twice = await t.api.put(world.bureau.officer, `/api/campaigns/${draftId}/units`, { unitIds: [world.units[0]!.id, world.units[0]!.id] });
    expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 422, code: 'CAMPAIGN.DUPLICATE_UNIT' });
    expect(await unitCount()).toBe(3);
    const unitStaff = await t.api.get(world.units[0]!.admin, '/api/units');
    expect(unitStaff.status).toBe(403);
  });

  it('changes the units of a draft only, and only for its own finance officers', async () => {
    const clean = Buffer.from(`单位代码\n${code(0)}\n`, 'utf8');
    expect((await upload(stranger.bureau.officer, draftId, clean, 'text/csv')).status).toBe(404);
    const covered = await upload(world.units[1]!.admin, draftId, clean, 'text/csv');
    expect({ status: covered.status, code: covered.body.code }).toEqual({ status: 403, code: 'CAMPAIGN.ROLE_NOT_ALLOWED' });
    const { campaignId } = await issueCampaign(t.api, world.bureau.officer, [world.units[0]!.id]);
    const issued = await upload(world.bureau.officer, campaignId, clean, 'text/csv');
    expect({ status: issued.status, code: issued.body.code }).toEqual({ status: 409, code: 'CAMPAIGN.ALREADY_ISSUED' });
    const again = await t.api.post(world.bureau.officer, `/api/campaigns/${campaignId}/issue`);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CAMPAIGN.ALREADY_ISSUED' });
  });

  it('refuses to issue a campaign whose submission deadline has passed', async () => {
    const created = await t.api.post(world.bureau.officer, '/api/campaigns', {
      documentNumber: `过期财〔2024〕${world.tag}号`,
      title: '关于开展整体支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(-1),
      publicationDeadline: inDays(10),
      unitIds: [world.units[0]!.id],
    });
    expect(created.status).toBe(201);
    const issued = await t.api.post(world.bureau.officer, `/api/campaigns/${created.body.id}/issue`);
    expect({ status: issued.status, code: issued.body.code }).toEqual({ status: 422, code: 'CAMPAIGN.DEADLINE_PASSED' });
  });
});

describe('the terms of a draft campaign', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 1 });
  }, 60_000);
  afterAll(() => t.close());

  async function draft(): Promise<string> {
    const created = await t.api.post(world.bureau.officer, '/api/campaigns', {
      documentNumber: `修订财〔2024〕${Math.floor(Math.random() * 1e9)}号`,
      title: '关于开展整体支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds: [world.units[0]!.id],
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  const patch = async (id: string, body: object) =>
    request(t.server).patch(`/api/campaigns/${id}`).set('Authorization', `Bearer ${await t.api.token(world.bureau.officer)}`).send(body);

  it('changes deadlines, approval mode and grade bands of a draft, checked as at creation', async () => {
    const id = await draft();
    const changed = await patch(id, { submissionDeadline: inDays(20), publicationDeadline: inDays(40), approvalMode: 'countersign' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ submissionDeadline: inDays(20), publicationDeadline: inDays(40), approvalMode: 'countersign', status: 'draft', unitCount: 1 });
    expect((await t.api.get(world.bureau.officer, `/api/campaigns/${id}`)).body).toMatchObject({ submissionDeadline: inDays(20), approvalMode: 'countersign' });

    const disorder = await patch(id, { publicationDeadline: inDays(10) });
    expect({ status: disorder.status, code: disorder.body.code }).toEqual({ status: 400, code: 'CAMPAIGN.DEADLINES_OUT_OF_ORDER' });
    const { DEFAULT_INDICATOR_CONFIG } = await import('@jixiao/report');
    const gap = { ...DEFAULT_INDICATOR_CONFIG, bands: [{ grade: '优', from: '90', to: '100' }, { grade: '差', from: '0', to: '80' }] };
    const gapped = await patch(id, { indicatorConfig: gap });
    expect({ status: gapped.status, code: gapped.body.code }).toEqual({ status: 422, code: 'CAMPAIGN.INDICATORS_INVALID' });
    const repeated = await patch(id, { outline: [{ code: '1', title: '一' }, { code: '1', title: '二' }] });
    expect({ status: repeated.status, code: repeated.body.code }).toEqual({ status: 422, code: 'CAMPAIGN.DUPLICATE_SECTION_CODE' });
    expect((await t.api.get(world.bureau.officer, `/api/campaigns/${id}`)).body).toMatchObject({ publicationDeadline: inDays(40), indicatorConfig: null });
  });

  it('keeps the terms of an issued campaign', async () => {
    const id = await draft();
    expect((await t.api.post(world.bureau.officer, `/api/campaigns/${id}/issue`)).status).toBe(200);
    const refused = await patch(id, { title: '改过的标题' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'CAMPAIGN.ALREADY_ISSUED' });
  });
});
