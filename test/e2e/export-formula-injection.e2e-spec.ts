import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { Transactor } from '@jixiao/persistence';
import { binary } from '../support/binary';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

/**
 * Text typed by people (a return reason, re-check remarks, unit names and codes) that starts like a
 * formula reaches the exported spreadsheets as text, prefixed with a single quote as OWASP
 * recommends; numbers, negative ones included, stay numbers.
 */
describe('formula injection in the tracking export', () => {
  let t: TestApp;
  let world: World;
  let campaignId: string;
  const REASON = '=HYPERLINK("http://x","y")';
  const REMARKS = '+SUM(1,1) 复核意见';
  let names: string[];
  let codes: string[];

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app, { unitCount: 2 });
    const officer = world.bureau.officer;
    const issued = await issueCampaign(t.api, officer, world.units.map((u) => u.id));
    campaignId = issued.campaignId;
    const caseOf = (index: number) => issued.caseIds.get(world.units[index]!.id)!;
    await driveCase(t.api, world.units[0]!, officer, caseOf(0), 'submitted');
    await t.api.event(officer, caseOf(0), { type: 'RETURN', reason: REASON });
    await driveCase(t.api, world.units[1]!, officer, caseOf(1), 'submitted');
    expect((await t.api.post(officer, `/api/cases/${caseOf(1)}/recheck`, { score: '80', remarks: REMARKS })).status).toBe(200);
    // No route renames a unit: the names and codes a bureau's own list might hold are written directly.
    names = [`-单位 ${world.tag}`, `@单位 ${world.tag}`];
    codes = [`\t=1+1-${world.tag}`, `\r=2-${world.tag}`];
    const manager = t.app.get(Transactor).manager;
    for (const [index, unit] of world.units.entries()) {
      await manager.query(`UPDATE organisations SET name = $2, code = $3 WHERE id = $1`, [unit.id, names[index], codes[index]]);
    }
    // Ten days past the deadline: the returned unit's working days left are a negative number.
    await manager.query(`UPDATE campaigns SET submission_deadline = $2 WHERE id = $1`, [campaignId, inDays(-10)]);
  }, 120_000);
  afterAll(() => t.close());

  async function download(format: 'csv' | 'xlsx'): Promise<Buffer> {
    const response = await request(t.server)
      .get(`/api/campaigns/${campaignId}/tracking/export?sort=unit&format=${format}`)
      .set('Authorization', `Bearer ${await t.api.token(world.bureau.officer)}`)
      .buffer(true)
      .parse(binary);
    expect(response.status).toBe(200);
    return response.body as Buffer;
  }

  /** `lineEnd`: a carriage return as read back (an XML reader turns it into a line feed). */
  function expectNeutralised(rows: Array<(title: string) => unknown>, lineEnd = '\r') {
    const byName = (name: string) => rows.find((cell) => cell('单位名称') === `'${name}`)!;
    const returned = byName(names[0]!);
    const rechecked = byName(names[1]!);
    expect(returned).toBeDefined();
    expect(rechecked).toBeDefined();
    expect(returned('最近退回原因')).toBe(`'${REASON}`);
    expect(returned('单位代码')).toBe(`'${codes[0]}`);
    expect(rechecked('单位代码')).toBe(`'${codes[1]!.replace('\r', lineEnd)}`);
    expect(rechecked('复核意见')).toBe(`'${REMARKS}`);
    const daysLeft = returned('距截止工作日');
    expect(typeof daysLeft).toBe('number');
    expect(daysLeft as number).toBeLessThan(0);
  }

  it('writes formula-like text as text in the CSV, and negative numbers as numbers', async () => {
    const text = (await download('csv')).toString('utf8').slice(1);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text).toMatch(/,-\d+,/);
    // Read back as a spreadsheet reads it, keeping every field's text (a tab or CR prefix survives quoting).
    const sheet = await new ExcelJS.Workbook().csv.read(Readable.from([text]), { map: (value: string) => (/^-?\d+$/.test(value) ? Number(value) : value) } as never);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, index) => (title: string) => sheet.getRow(index + 2).getCell(header.indexOf(title) + 1).value);
    expectNeutralised(rows);
  });

  it('writes formula-like text as text cells in the .xlsx, and negative numbers as number cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('xlsx')) as never);
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, index) => (title: string) => sheet.getRow(index + 2).getCell(header.indexOf(title) + 1).value);
    expectNeutralised(rows, '\n');
  });
});
