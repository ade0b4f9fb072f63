import ExcelJS from 'exceljs';
import request from 'supertest';
import { stateLabel } from '@jixiao/workflow';
import { binary } from '../support/binary';
import { driveCase, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUser } from '../support/world';

/**
 * The history of a case names everyone who acted, the finance officer and the unit admin outside
 * the working group included, and the people its entries name; its .xlsx export says the same in
 * Chinese, with text that starts like a formula written as text.
 */
describe('the history of a case, read and exported', () => {
  let t: TestApp;
  let world: World;
  let stranger: World;
  let caseId: string;
  const REASON = '=HYPERLINK("http://x","y") 自评依据不足';

  const nameOf = async (user: WorldUser) => (await t.api.get(user, '/api/auth/me')).body.displayName as string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    stranger = await newWorld(t.app);
    const unit = world.units[0]!;
    const officer = world.bureau.officer;
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'submitted');
    await t.api.event(officer, caseId, { type: 'RETURN', reason: REASON });
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(officer, caseId, { type: 'ACCEPT' });
  }, 120_000);
  afterAll(() => t.close());

  async function workbook(user: WorldUser) {
    return request(t.server)
      .get(`/api/cases/${caseId}/history.xlsx`)
      .set('Authorization', `Bearer ${await t.api.token(user)}`)
      .buffer(true)
      .parse(binary);
  }

  it('names the finance officer (RETURN, ACCEPT), the unit admin (FORM_GROUP) and the people entries name', async () => {
    const unit = world.units[0]!;
    const officer = world.bureau.officer;
    const history = (await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body as Array<Record<string, unknown>>;
    const entry = (event: string) => history.find((h) => h.event === event)!;
    expect(entry('FORM_GROUP')).toMatchObject({ actorId: unit.admin.id, actorName: await nameOf(unit.admin) });
    expect(entry('RETURN')).toMatchObject({ actorId: officer.id, actorName: await nameOf(officer), comment: REASON });
    expect(entry('ACCEPT')).toMatchObject({ actorId: officer.id, actorName: await nameOf(officer) });
    expect(entry('ASSIGN_SECTION')).toMatchObject({ details: { assigneeId: unit.member.id }, detailNames: { [unit.member.id]: await nameOf(unit.member) } });
    for (const h of history) if (h.actorId !== null) expect(h.actorName).toEqual(expect.any(String));
  });

  it('exports the history as .xlsx with Chinese headers, names and states, formula-like text as text', async () => {
    const unit = world.units[0]!;
    const officer = world.bureau.officer;
    const history = (await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body as Array<Record<string, unknown>>;
    const response = await workbook(unit.leader);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(response.headers['content-disposition'] as string)).toContain('办理记录.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as never);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['时间（北京时间）', '操作人', '代理', '事件', '状态变化', '意见/原因']);
    expect(sheet.rowCount - 1).toBe(history.length);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, index) => (title: string) => sheet.getRow(index + 2).getCell(header.indexOf(title) + 1).value);
    const returned = rows.find((cell) => cell('事件') === '退回')!;
    expect(returned('操作人')).toBe(await nameOf(officer));
    expect(returned('状态变化')).toBe(`${stateLabel('submitted.awaiting_acceptance')} → ${stateLabel('self_assessment')}`);
    expect(returned('意见/原因')).toBe(`'${REASON}`);
    expect(returned('时间（北京时间）')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(rows.find((cell) => cell('事件') === '成立评价小组')!('操作人')).toBe(await nameOf(unit.admin));
    expect(rows.find((cell) => cell('事件') === '接收')!('操作人')).toBe(await nameOf(officer));
    expect(rows.find((cell) => cell('事件') === '分配章节')!('意见/原因')).toContain(`交 ${await nameOf(unit.member)}`);
  });

  it('gives the export to whoever may read the history: the finance officer yes, another unit no', async () => {
    expect((await workbook(world.bureau.officer)).status).toBe(200);
    const refused = await workbook(stranger.units[0]!.leader);
    expect(refused.status).toBe((await t.api.get(stranger.units[0]!.leader, `/api/cases/${caseId}/history`)).status);
    expect(refused.status).toBeGreaterThanOrEqual(403);
  });
});
