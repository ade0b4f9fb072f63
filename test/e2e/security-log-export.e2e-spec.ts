import ExcelJS from 'exceljs';
import request from 'supertest';
import { binary } from '../support/binary';
import { testToday } from '../support/clock';
import { startTestApp, type TestApp } from '../support/test-app';
import { newSystemAdmin, newWorld, type World, type WorldUser } from '../support/world';

/** The security log for auditors (等保 2.0): every event of a date range as CSV or .xlsx, for the system administrator. */
describe('the security log export', () => {
  let t: TestApp;
  let world: World;
  let systemAdmin: WorldUser;

  beforeAll(async () => {
    t = await startTestApp();
    world = await newWorld(t.app);
    systemAdmin = await newSystemAdmin(t.app, world.tag);
    // A failed and a successful sign-in of the unit's member: two events of today.
    await request(t.server).post('/api/auth/login').send({ username: world.units[0]!.member.username, password: 'wrong-Passw0rd!' });
    await t.api.token(world.units[0]!.member);
  }, 60_000);
  afterAll(() => t.close());

  const exportAs = async (user: WorldUser, query: string) =>
    request(t.server).get(`/api/security-events/export?${query}`).set('Authorization', `Bearer ${await t.api.token(user)}`).buffer(true).parse(binary);

  it("gives the system administrator today's events as CSV, in Chinese, with a byte-order mark", async () => {
    const today = testToday();
    const response = await exportAs(systemAdmin, `from=${today}&to=${today}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(decodeURIComponent(response.headers['content-disposition'] as string)).toContain(`安全日志_${today}_${today}.csv`);
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF时间（北京时间）,事件,结果,账号')).toBe(true);
    const member = text.split('\n').filter((line) => line.includes(world.units[0]!.member.username));
    expect(member).toEqual(expect.arrayContaining([expect.stringMatching(/,登录,失败,/), expect.stringMatching(/,登录,成功,/)]));
  });

  it('gives the same as .xlsx', async () => {
    const today = testToday();
    const response = await exportAs(systemAdmin, `from=${today}&to=${today}&format=xlsx`);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as never);
    const sheet = workbook.getWorksheet('安全日志')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('时间（北京时间）');
    const usernames: unknown[] = [];
    sheet.eachRow((row) => usernames.push(row.getCell(4).value));
    expect(usernames).toContain(world.units[0]!.member.username);
  });

  it('refuses everyone but the system administrator, a range backwards or longer than a year, and a date that is none', async () => {
    const today = testToday();
    const admin = await exportAs(world.units[0]!.admin, `from=${today}&to=${today}&format=csv`);
    expect(admin.status).toBe(403);
    expect(JSON.parse((admin.body as Buffer).toString('utf8')).code).toBe('SECURITY_LOG.EXPORT_ROLE_NOT_ALLOWED');
    const backwards = await exportAs(systemAdmin, `from=2026-02-01&to=2026-01-31&format=csv`);
    expect(backwards.status).toBe(422);
    expect(JSON.parse((backwards.body as Buffer).toString('utf8'))).toMatchObject({ code: 'SECURITY_LOG.RANGE_INVALID' });
    expect((await exportAs(systemAdmin, `from=2024-01-01&to=2025-12-31&format=csv`)).status).toBe(422);
    expect((await exportAs(systemAdmin, `from=2026-02-30&to=2026-03-01&format=csv`)).status).toBe(400);
    expect((await exportAs(systemAdmin, `from=${today}&to=${today}&format=pdf`)).status).toBe(400);
  });
});
