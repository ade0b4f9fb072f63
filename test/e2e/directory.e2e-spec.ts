import request from 'supertest';
import { creditCheckCharacter, MailDispatcher, organisationCheckCharacter } from '@jixiao/evaluation';
import { issueCampaign } from '../support/api-client';
import { CapturingSmtpServer } from '../support/mail';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUser } from '../support/world';

/** A valid 统一社会信用代码 of a government body (机关, 11) registered in 湛江市霞山区, from an 8-digit body. */
function creditCode(body: string): string {
  const first17 = `11440803${body}${organisationCheckCharacter(body)}`;
  return first17 + creditCheckCharacter(first17);
}

interface Problem {
  row: number;
  field: string | null;
  code: string;
  message: string;
}

const csv = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`, 'utf8');

/**
 * The budget-unit directory a finance bureau keeps: units created, renamed, moved and archived with
 * every change recorded; every bad input refused with its code and nothing written; the import's
 * preview and its application in one transaction, inviting the administrators it names.
 */
describe('the budget-unit directory', () => {
  let t: TestApp;
  let smtp: CapturingSmtpServer;
  let world: World;
  let stranger: World;
  let officer: WorldUser;

  const list = async (query = '') => (await t.api.get(officer, `/api/directory/units${query}`)).body as { items: Array<Record<string, unknown>>; total: number };
  const byName = async (name: string) => (await list('?includeArchived=true')).items.find((u) => u.name === name)!;
  const create = (body: object, who: WorldUser = officer) => t.api.post(who, '/api/directory/units', body);
  const upload = async (file: Buffer, query: string, who: WorldUser = officer) =>
    request(t.server)
      .post(`/api/directory/import?${query}`)
      .set('Authorization', `Bearer ${await t.api.token(who)}`)
      .set('Content-Type', 'text/csv')
      .send(file);

  beforeAll(async () => {
    smtp = await new CapturingSmtpServer().start();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://jixiao.test' });
    world = await newWorld(t.app, { unitCount: 2 });
    stranger = await newWorld(t.app, { unitCount: 1 });
    officer = world.bureau.officer;
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('creates units under their 主管部门 and lists them as a tree with derived levels', async () => {
    const top = await create({ code: creditCode('00705712'), name: '霞山区教育局', unitType: 'administrative', contactName: '王芳', contactPhone: '0759-2201234', contactEmail: 'jyj@xiashan.example' });
    expect(top.status).toBe(201);
    expect(top.body).toMatchObject({ codeKind: 'credit_code', level: 1, parentId: null, unitType: 'administrative', adminCount: 0, childCount: 0 });
    const child = await create({ code: '101201', name: '霞山区第一中学', parentId: top.body.id, unitType: 'institution' });
    expect(child.status).toBe(201);
    expect(child.body).toMatchObject({ codeKind: 'budget_code', level: 2, parentName: '霞山区教育局' });

    const listed = await list();
    const names = listed.items.map((u) => u.name);
    expect(names.indexOf('霞山区教育局')).toBe(names.indexOf('霞山区第一中学') - 1);
    expect(listed.items.find((u) => u.name === '霞山区教育局')).toMatchObject({ childCount: 1 });
    // The test world's own units are in the directory, with their administrators counted.
    expect(listed.items.find((u) => u.id === world.units[0]!.id)).toMatchObject({ adminCount: 1, level: 1 });
    expect((await list('?search=一中')).items.map((u) => u.name)).toEqual(['霞山区第一中学']);
  });

  it('refuses each bad unit with its code and writes nothing', async () => {
    const before = (await list('?includeArchived=true')).total;
    const refused = async (body: object, status: number, code: string) => {
      const response = await create(body);
      expect([response.status, response.body.code]).toEqual([status, code]);
      return response.body;
    };
    await refused({ code: 'XS-ZZB', name: '甲' }, 422, 'DIRECTORY.CODE_INVALID');
    await refused({ code: '12', name: '甲' }, 422, 'DIRECTORY.CODE_INVALID');
    const valid = creditCode('00529105');
    const wrong = `${valid.slice(0, 17)}${valid[17] === 'A' ? 'B' : 'A'}`;
    const failed = await refused({ code: wrong, name: '甲' }, 422, 'DIRECTORY.CODE_CHECK_FAILED');
    expect(failed.details).toMatchObject({ position: 18, expected: valid[17] });
    expect(failed.message).toContain(`第 18 位应为“${valid[17]}”`);
    await refused({ code: '101201', name: '另一个单位' }, 409, 'DIRECTORY.CODE_TAKEN');
    await refused({ code: '101202', name: '霞山区第一中学' }, 409, 'DIRECTORY.NAME_TAKEN');
    await refused({ code: '101203', name: '乙', parentId: '00000000-0000-4000-8000-000000000000' }, 422, 'DIRECTORY.UNKNOWN_PARENT');
    await refused({ code: '101204', name: '丙', parentId: stranger.units[0]!.id }, 422, 'DIRECTORY.UNKNOWN_PARENT');
    const staff = await create({ code: '101205', name: '丁' }, world.units[0]!.admin);
    expect([staff.status, staff.body.code]).toEqual([403, 'DIRECTORY.ROLE_NOT_ALLOWED']);

    const top = await byName('霞山区教育局');
    const child = await byName('霞山区第一中学');
    const cycle = await t.api.patch(officer, `/api/directory/units/${top.id}`, { parentId: child.id });
    expect([cycle.status, cycle.body.code]).toEqual([422, 'DIRECTORY.CYCLE']);
    expect(cycle.body.message).toContain('霞山区教育局 → 霞山区第一中学 → 霞山区教育局');
    const self = await t.api.patch(officer, `/api/directory/units/${top.id}`, { parentId: top.id });
    expect(self.body.code).toBe('DIRECTORY.CYCLE');
    const hasChildren = await t.api.post(officer, `/api/directory/units/${top.id}/archive`, { reason: '机构改革' });
    expect([hasChildren.status, hasChildren.body.code]).toEqual([409, 'DIRECTORY.HAS_ACTIVE_CHILDREN']);
    expect(hasChildren.body.message).toContain('霞山区第一中学');
    const notArchived = await t.api.post(officer, `/api/directory/units/${top.id}/restore`);
    expect([notArchived.status, notArchived.body.code]).toEqual([409, 'DIRECTORY.NOT_ARCHIVED']);

    expect((await list('?includeArchived=true')).total).toBe(before);
    expect(await byName('霞山区教育局')).toMatchObject({ parentId: null, archivedAt: null });
  });

  it('renames a unit under issued cases: they follow it under its new name, and its former name and history are kept', async () => {
    const unit = world.units[1]!;
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    const renamed = await t.api.patch(officer, `/api/directory/units/${unit.id}`, { name: '霞山区档案馆（更名）' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: unit.id, name: '霞山区档案馆（更名）', formerNames: [unit.name] });
    const kase = await t.api.get(unit.admin, `/api/cases/${caseId}`);
    expect(kase.status).toBe(200);
    expect(kase.body.unitName ?? kase.body.case?.unitName).toBe('霞山区档案馆（更名）');

    const top = await byName('霞山区教育局');
    await t.api.patch(officer, `/api/directory/units/${unit.id}`, { parentId: top.id, contactName: '李明' });
    const history = await t.api.get(officer, `/api/directory/units/${unit.id}/changes`);
    expect(history.body.map((c: { kind: string }) => c.kind)).toEqual(['updated', 'moved', 'renamed']);
    expect(history.body[2]).toMatchObject({ before: { name: unit.name }, after: { name: '霞山区档案馆（更名）' }, actorName: `officer ${world.tag}` });
    expect(history.body[1]).toMatchObject({ after: { parentName: '霞山区教育局' } });
    expect((await list(`?search=${encodeURIComponent(unit.name)}`)).items.map((u) => u.id)).toEqual([unit.id]);

    // Its case is unpublished in an issued campaign: it stays in the directory.
    await t.api.patch(officer, `/api/directory/units/${unit.id}`, { parentId: null });
    const open = await t.api.post(officer, `/api/directory/units/${unit.id}/archive`, { reason: '撤并' });
    expect([open.status, open.body.code]).toEqual([409, 'DIRECTORY.OPEN_CASE']);
  });

  it('archives and restores a unit; an archived unit cannot be changed nor covered by a new campaign', async () => {
    const child = await byName('霞山区第一中学');
    const blank = await t.api.post(officer, `/api/directory/units/${child.id}/archive`, { reason: '  ' });
    expect(blank.body.code).toBe('DIRECTORY.REASON_REQUIRED');
    const archived = await t.api.post(officer, `/api/directory/units/${child.id}/archive`, { reason: '并入霞山区第二中学' });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archivedReason: '并入霞山区第二中学' });
    expect((await list()).items.some((u) => u.id === child.id)).toBe(false);
    expect((await list('?includeArchived=true')).items.some((u) => u.id === child.id)).toBe(true);
    const changed = await t.api.patch(officer, `/api/directory/units/${child.id}`, { name: '新名' });
    expect([changed.status, changed.body.code]).toEqual([409, 'DIRECTORY.ARCHIVED']);
    const campaign = await t.api.post(officer, '/api/campaigns', {
      documentNumber: `名录财〔2024〕${world.tag}号`,
      title: '关于开展整体支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: '2099-01-01',
      publicationDeadline: '2099-02-01',
      unitIds: [child.id],
    });
    expect([campaign.status, campaign.body.code]).toEqual([422, 'CAMPAIGN.UNKNOWN_UNIT']);
    const units = await t.api.get(officer, '/api/units?limit=200');
    expect(units.body.items.some((u: { id: string }) => u.id === child.id)).toBe(false);
    expect(units.body.items.some((u: { id: string }) => u.id === stranger.units[0]!.id)).toBe(false);

    const restored = await t.api.post(officer, `/api/directory/units/${child.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ archivedAt: null, parentName: '霞山区教育局', level: 2 });
  });

  it("shows another bureau's officer nothing of the directory", async () => {
    const mine = world.units[0]!.id;
    const theirs = stranger.bureau.officer;
    for (const call of [
      () => t.api.get(theirs, `/api/directory/units/${mine}`),
      () => t.api.patch(theirs, `/api/directory/units/${mine}`, { name: '改名' }),
      () => t.api.post(theirs, `/api/directory/units/${mine}/archive`, { reason: '撤并' }),
      () => t.api.get(theirs, `/api/directory/units/${mine}/changes`),
    ]) {
      const response = await call();
      expect([response.status, response.body.code]).toEqual([404, 'ORGANISATION.NOT_FOUND']);
    }
    const listed = await t.api.get(theirs, '/api/directory/units');
    expect(listed.body.items.map((u: { id: string }) => u.id)).toEqual([stranger.units[0]!.id]);
    expect((await t.api.get(theirs, `/api/organisations/${mine}`)).status).toBe(404);
    expect((await t.api.get(officer, `/api/organisations/${mine}`)).status).toBe(200);
  });

  it("invites a unit's administrator one unit at a time, and refuses what it must", async () => {
    const unit = world.units[1]!;
    const path = `/api/directory/units/${unit.id}/administrators`;
    const username = `dir.admin.${world.tag}`;
    const invited = await t.api.post(officer, path, { username, displayName: '周管理', email: `${username}@test.example`, phone: '13800138000' });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ username, organisationId: unit.id, roles: ['unit_admin'], status: 'invited', invitation: expect.objectContaining({ state: 'pending' }) });
    const adminCount = async () => (await t.api.get(officer, `/api/directory/units/${unit.id}`)).body.adminCount as number;
    expect(await adminCount()).toBe(2);

    const again = await t.api.post(officer, path, { username, displayName: '周管理', email: `${username}@test.example` });
    expect([again.status, again.body.code]).toEqual([409, 'USER.USERNAME_TAKEN']);
    const badMail = await t.api.post(officer, path, { username: `${username}.2`, displayName: '周管理', email: 'not-an-address' });
    expect(badMail.status).toBe(400);
    expect(badMail.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email' })]));
    const byStaff = await t.api.post(unit.admin, path, { username: `${username}.3`, displayName: '周管理', email: `${username}.3@test.example` });
    expect([byStaff.status, byStaff.body.code]).toEqual([403, 'DIRECTORY.ROLE_NOT_ALLOWED']);
    const byStranger = await t.api.post(stranger.bureau.officer, path, { username: `${username}.4`, displayName: '周管理', email: `${username}.4@test.example` });
    expect([byStranger.status, byStranger.body.code]).toEqual([404, 'ORGANISATION.NOT_FOUND']);
    // Nothing was written by the refusals: the unit still has the admin of the world and the one invited.
    expect(await adminCount()).toBe(2);
  });

  it('previews a file with several problems, answering all of them by row and column, and applying it writes nothing', async () => {
    const before = (await list('?includeArchived=true')).total;
    const valid = creditCode('30000001');
    const file = csv([
      '单位代码,单位名称,主管部门,单位级次,单位类型,联系人,电话,邮箱,管理员账号',
      `${valid},霞山区卫生健康局,,一级,行政,赵敏,0759-1234567,wjj@xiashan.example,wjj.admin.${world.tag}`,
      `${valid.slice(0, 17)}${valid[17] === '1' ? '2' : '1'},坏校验位,,,,,,,`,
      'ABC,坏代码,,,,,,,',
      `201002,霞山区卫生健康局,,,,,,,`,
      `201003,社区卫生服务中心,不存在的主管部门,,,,,,`,
      `201004,甲单位,201005,,,,,,`,
      `201005,乙单位,201004,,,,,,`,
      `201006,丙单位,${valid},三级,事业,,12,not-an-email,`,
      `201007,丁单位,,,企业,,,,${world.units[0]!.admin.username}`,
      `${valid},重复代码,,,,,,,`,
      ',,,,,,,,x',
    ]);
    const preview = await upload(file, 'mode=preview');
    expect(preview.status).toBe(200);
    const problems = (preview.body.problems as Problem[]).map((p) => [p.row, p.field, p.code]);
    expect(problems).toEqual(
      expect.arrayContaining([
        [3, '单位代码', 'DIRECTORY.CODE_CHECK_FAILED'],
        [4, '单位代码', 'DIRECTORY.CODE_INVALID'],
        [5, '单位名称', 'DIRECTORY.NAME_TAKEN'],
        [6, '主管部门', 'DIRECTORY.UNKNOWN_PARENT'],
        [7, '主管部门', 'DIRECTORY.CYCLE'],
        [8, '主管部门', 'DIRECTORY.CYCLE'],
        [9, '单位级次', 'DIRECTORY.LEVEL_MISMATCH'],
        [9, '电话', 'DIRECTORY.PHONE_INVALID'],
        [9, '邮箱', 'DIRECTORY.EMAIL_INVALID'],
        [10, '单位类型', 'DIRECTORY.UNIT_TYPE_INVALID'],
        [10, '管理员账号', 'USER.USERNAME_TAKEN'],
        [11, '单位代码', 'DIRECTORY.CODE_TAKEN'],
        [12, '单位代码', 'IMPORT.EMPTY_CELL'],
        [12, '单位名称', 'IMPORT.EMPTY_CELL'],
        [12, '管理员账号', 'USER.USERNAME_INVALID'],
      ]),
    );
    const byRow = (row: number) => (preview.body.problems as Problem[]).filter((p) => p.row === row).map((p) => p.message);
    expect(byRow(7)[0]).toContain('201004 → 201005 → 201004');
    expect(byRow(9).join('')).toContain('应为二级');
    expect(byRow(3)[0]).toMatch(/^第3行：统一社会信用代码.*第 18 位应为/);

    const applied = await upload(file, 'mode=apply');
    expect([applied.status, applied.body.code]).toEqual([422, 'DIRECTORY.IMPORT_INVALID']);
    expect(applied.body.details.problems).toHaveLength(preview.body.problems.length);
    expect((await list('?includeArchived=true')).total).toBe(before);
  });

  it('applies a corrected file in one go: units added, renamed and moved, administrators invited by mail', async () => {
    const health = creditCode('30000001');
    const top = await byName('霞山区教育局');
    const admin = `wjj.admin.${world.tag}`;
    const file = csv([
      '统一社会信用代码,单位名称,主管部门,单位级次,单位类型,联系人,电话,邮箱,管理员账号,管理员姓名',
      `${health},霞山区卫生健康局,,一级,行政,赵敏,0759-1234567,wjj@xiashan.example,${admin},赵敏（卫健局）`,
      `201003,社区卫生服务中心,霞山区卫生健康局,二级,事业,钱进,13800138000,sq@xiashan.example,,`,
      `${top.code},霞山区教育和体育局,,1,行政,王芳,0759-2201234,jyj@xiashan.example,,`,
      `101201,霞山区第一中学,${health},2,事业,,,,,`,
    ]);
    const preview = await upload(file, 'mode=preview');
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.rows).toBe(4);
    expect(preview.body.changes).toMatchObject({
      added: [
        { code: health, name: '霞山区卫生健康局', parentName: null },
        { code: '201003', name: '社区卫生服务中心', parentName: '霞山区卫生健康局' },
      ],
      renamed: [{ code: top.code, from: '霞山区教育局', to: '霞山区教育和体育局' }],
      moved: [{ code: '101201', name: '霞山区第一中学', from: '霞山区教育和体育局', to: '霞山区卫生健康局' }],
      archived: [],
      administrators: [{ code: health, username: admin, displayName: '赵敏（卫健局）', email: 'wjj@xiashan.example' }],
    });

    // A change since the preview makes its digest stale.
    await t.api.patch(officer, `/api/directory/units/${top.id}`, { contactName: '王芳芳' });
    const stale = await upload(file, `mode=apply&digest=${preview.body.digest}`);
    expect([stale.status, stale.body.code]).toEqual([409, 'DIRECTORY.CHANGED_SINCE_PREVIEW']);

    const fresh = await upload(file, 'mode=preview');
    const applied = await upload(file, `mode=apply&digest=${fresh.body.digest}`);
    expect(applied.status).toBe(200);
    expect(applied.body.importId).toEqual(expect.any(String));
    const health1 = await byName('霞山区卫生健康局');
    expect(health1).toMatchObject({ level: 1, unitType: 'administrative', adminCount: 1, childCount: 2 });
    expect(await byName('社区卫生服务中心')).toMatchObject({ level: 2, parentName: '霞山区卫生健康局' });
    expect(await byName('霞山区第一中学')).toMatchObject({ level: 2, parentId: health1.id });
    expect(await byName('霞山区教育和体育局')).toMatchObject({ formerNames: ['霞山区教育局'], contactName: '王芳' });
    const history = await t.api.get(officer, `/api/directory/units/${top.id}/changes`);
    expect(history.body.slice(0, 2).map((c: { kind: string; importId: string | null }) => [c.kind, c.importId])).toEqual([
      ['updated', applied.body.importId],
      ['renamed', applied.body.importId],
    ]);

    // The administrator's invitation goes out through the outbox to the unit's mailbox address.
    await t.app.get(MailDispatcher).deliverDue({ organisationIds: [health1.id as string] });
    const mail = smtp.messages.find((m) => m.to.includes('wjj@xiashan.example'));
    expect(mail).toBeDefined();
    expect(mail!.text).toContain('http://jixiao.test/');

    // Applied again, the same file changes nothing.
    const again = await upload(file, 'mode=preview');
    expect(again.body.changes).toMatchObject({ added: [], renamed: [], moved: [], updated: [], administrators: [], unchanged: 4 });
  });

  it('archives the units a file leaves out when asked, refusing those with an unfinished case', async () => {
    const listed = (await list()).items;
    const keep = listed.filter((u) => u.id !== world.units[0]!.id && u.name !== '社区卫生服务中心');
    const lines = ['单位代码,单位名称', ...keep.map((u) => `${u.code},${u.name}`)];
    const refused = await upload(csv(lines), 'mode=preview&archiveMissing=true');
    // world.units[0] has no case; world.units[1] is in the file. Leaving out a unit with a case is refused.
    expect(refused.body.problems).toEqual([]);
    expect(refused.body.changes.archived.map((u: { name: string }) => u.name).sort()).toEqual([world.units[0]!.name, '社区卫生服务中心'].sort());
    const withCase = listed.filter((u) => u.id !== world.units[1]!.id);
    const open = await upload(csv(['单位代码,单位名称', ...withCase.map((u) => `${u.code},${u.name}`)]), 'mode=preview&archiveMissing=true');
    expect(open.body.problems.map((p: Problem) => [p.row, p.code])).toEqual([[0, 'DIRECTORY.OPEN_CASE']]);
    const applied = await upload(csv(lines), 'mode=apply&archiveMissing=true');
    expect(applied.status).toBe(200);
    expect(await byName('社区卫生服务中心')).toMatchObject({ archivedReason: expect.stringContaining('导入') });
  });

  it('refuses the import to anyone but a finance officer, before reading the file', async () => {
    const response = await upload(csv(['单位代码,单位名称']), 'mode=preview', world.units[0]!.admin);
    expect([response.status, response.body.code]).toEqual([403, 'DIRECTORY.ROLE_NOT_ALLOWED']);
  });
});
