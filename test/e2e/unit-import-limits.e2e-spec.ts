import ExcelJS from 'exceljs';
import request from 'supertest';
import { Transactor } from '@jixiao/persistence';
import { inDays } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';
import { deflateRepeated, SHEET_HEAD, SHEET_TAIL, sheetXml, workbookAround } from '../support/zip';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MiB = 1024 * 1024;

/**
 * Hostile unit lists: zip bombs, a zip whose sizes lie, and files with far too many rows. Each is
 * refused with a stable code while the campaign's units stay as they were, and the service keeps
 * answering /api/health while it reads them (how fast is for bench/import, not for a test).
 */
describe('unit lists that would stall the server', () => {
  let t: TestApp;
  let world: World;
  let draftId: string;

  async function upload(body: Buffer, contentType: string) {
    const health = request(t.server).get('/api/health').then((response) => response.status);
    const answer = await request(t.server)
      .post(`/api/campaigns/${draftId}/units/import`)
      .set('Authorization', `Bearer ${await t.api.token(world.bureau.officer)}`)
      .set('Content-Type', contentType)
      .send(body);
    expect(await health).toBe(200);
    return answer;
  }

  async function units() {
    return t.app.get(Transactor).manager.query(`SELECT unit_id FROM campaign_units WHERE campaign_id = $1 ORDER BY unit_id`, [draftId]);
  }

  function expectProblem(response: request.Response, code: string) {
    expect({ status: response.status, code: response.body.code }).toEqual({ status: 422, code: 'CAMPAIGN.IMPORT_INVALID' });
    expect(response.body.details.problems).toEqual([expect.objectContaining({ row: 0, field: null, code })]);
  }

  let before: unknown;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    const created = await t.api.post(world.bureau.officer, '/api/campaigns', {
      documentNumber: `限额财〔2024〕${world.tag}号`,
      title: '关于开展整体支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds: [world.units[0]!.id],
    });
    expect(created.status).toBe(201);
    draftId = created.body.id;
    before = await units();
  }, 60_000);
  afterAll(() => t.close());

  afterEach(async () => {
    expect(await units()).toEqual(before);
  });

  it('refuses an .xlsx whose sheet inflates to hundreds of MiB from a small file', async () => {
    const sheet = await deflateRepeated(SHEET_HEAD, '<row/>', 256 * MiB, SHEET_TAIL);
    const file = workbookAround(sheet);
    expect(file.length).toBeLessThan(2 * MiB);
    expectProblem(await upload(file, XLSX), 'IMPORT.UNPACKED_TOO_LARGE');
  });

  it('counts the bytes an entry really inflates to, not the size the zip declares', async () => {
    const sheet = await deflateRepeated(SHEET_HEAD, '          ', 64 * MiB, SHEET_TAIL);
    const file = workbookAround(sheet, { declaredSheetSize: 200 });
    expectProblem(await upload(file, XLSX), 'IMPORT.UNPACKED_TOO_LARGE');
  });

  it('reads a workbook whose declared sizes are too large, by what it really holds', async () => {
    const file = workbookAround(sheetXml([['单位代码'], [`U2-${world.tag}`]]), { declaredSheetSize: 0xfffffff0 });
    const response = await upload(file, XLSX);
    expect(response.status).toBe(200);
    expect(response.body.unitIds).toEqual([world.units[1]!.id]);
    // Put the campaign back as it was for the other tests.
    const restored = await t.api.put(world.bureau.officer, `/api/campaigns/${draftId}/units`, { unitIds: [world.units[0]!.id] });
    expect(restored.status).toBe(200);
  });

  it('stops reading a CSV at the row limit: 600,000 rows, then bytes that are not even UTF-8', async () => {
    const file = Buffer.concat([Buffer.from(`单位代码\n${'x\n'.repeat(600_000)}`, 'utf8'), Buffer.from([0xff, 0xfe, 0x0a])]);
    expectProblem(await upload(file, 'text/csv'), 'IMPORT.TOO_MANY_ROWS');
  });

  it('stops reading an .xlsx at the row limit: rows beyond it are never parsed', async () => {
    const rows = [['单位代码'], ...Array.from({ length: 6000 }, (_, index) => [`X${index}`])];
    // The sheet is broken after its 6,001 rows; a reader that parsed every row would say "unreadable".
    const file = workbookAround(sheetXml(rows, '<row r="6002"><c r="A6002" t="inlineStr"><is><t>broken'));
    expectProblem(await upload(file, XLSX), 'IMPORT.TOO_MANY_ROWS');
  });

  it('still reads a list written by exceljs with shared strings, numbers and formulas', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名单');
    sheet.addRow(['序号', '单位名称', '单位代码']);
    sheet.addRow([1, world.units[1]!.name, { formula: `"U2-"&"${world.tag}"`, result: `U2-${world.tag}` }]);
    sheet.addRow([]);
    sheet.addRow([2, { richText: [{ text: world.units[0]!.name.slice(0, 2) }, { text: world.units[0]!.name.slice(2), font: { bold: true } }] }, `U1-${world.tag}`]);
    const response = await upload(Buffer.from(await book.xlsx.writeBuffer()), XLSX);
    expect(response.status).toBe(200);
    expect(response.body.unitIds).toEqual([world.units[1]!.id, world.units[0]!.id]);
    const restored = await t.api.put(world.bureau.officer, `/api/campaigns/${draftId}/units`, { unitIds: [world.units[0]!.id] });
    expect(restored.status).toBe(200);
  });
});
