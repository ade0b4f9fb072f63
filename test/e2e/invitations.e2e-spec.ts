import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { Clock, MailDispatcher } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { ApiClient } from '../support/api-client';
import { CapturingSmtpServer, type CapturedMail } from '../support/mail';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newSystemAdmin, newWorld, type World, type WorldUser } from '../support/world';

const NEW_PASSWORD = 'Neu#Kennwort2026';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const LINK = /https:\/\/jixiao\.example\.gov\.cn\/invite\/([A-Za-z0-9_-]{43})/;

/**
 * Accounts made without a password: the invitation mail arrives through the outbox and a real SMTP
 * server, its link sets the password once, within 72 hours, and sending it again revokes the old
 * link. Bureaus and their first officers are the system administrator's.
 */
describe('invitations and bureaus', () => {
  let t: TestApp;
  let smtp: CapturingSmtpServer;
  let world: World;
  let api: ApiClient;
  let now: Date;
  let systemAdmin: WorldUser;
  const organisations: string[] = [];

  const deliver = () => t.app.get(MailDispatcher).deliverDue({ organisationIds: organisations });
  const anonymous = () => request(t.server);
  const mailsTo = (address: string): CapturedMail[] => smtp.messages.filter((m) => m.to.includes(address));
  const tokenIn = (mail: CapturedMail | undefined): string => {
    const found = LINK.exec(mail?.text ?? '');
    if (!found) throw new Error(`no invitation link in ${JSON.stringify(mail?.text)}`);
    return found[1]!;
  };
  const signIn = (username: string, password: string) => anonymous().post('/api/auth/login').send({ username, password });


  beforeAll(async () => {
    smtp = await new CapturingSmtpServer().start();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://jixiao.example.gov.cn' });
    // A Sunday night in Shanghai: invitations do not wait for working hours.
    now = new Date('2026-03-01T23:10:00+08:00');
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
    world = await newWorld(t.app, { unitCount: 2 });
    organisations.push(world.bureau.id, world.units[0]!.id, world.units[1]!.id);
    systemAdmin = await newSystemAdmin(t.app, world.tag);
    api = new ApiClient(t.server);
  }, 60_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
    await smtp.stop();
  });

  it('invites a person without a password: one mail with the link, the password set once, then sign-in', async () => {
    const unit = world.units[0]!;
    const username = `wang.${world.tag}`;
    const email = `${username}@test.example`;
    const body = { username, displayName: '王五', email, phone: '138 1234 5678', roles: ['member'] };

    const noEmail = await api.post(unit.admin, `/api/organisations/${unit.id}/users`, { ...body, email: undefined });
    expect(noEmail.status).toBe(422);
    expect(noEmail.body).toMatchObject({ code: 'USER.EMAIL_REQUIRED', fields: [expect.objectContaining({ field: 'email' })] });
    const badPhone = await api.post(unit.admin, `/api/organisations/${unit.id}/users`, { ...body, phone: '12345' });
    expect(badPhone.status).toBe(422);
    expect(badPhone.body).toMatchObject({ code: 'USER.PHONE_INVALID', fields: [expect.objectContaining({ field: 'phone' })] });

    const created = await api.post(unit.admin, `/api/organisations/${unit.id}/users`, body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username, phone: '13812345678', status: 'invited', invitation: { state: 'pending' } });
    expect(new Date(created.body.invitation.expiresAt).getTime() - now.getTime()).toBe(72 * 3600_000);

    const early = await signIn(username, NEW_PASSWORD);
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('AUTH.INVITATION_PENDING');

    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(await deliver()).toMatchObject({ sent: 0 });
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('请设置您的账号密码');
    expect(mails[0]!.text).toContain(username);
    expect(mails[0]!.text).toContain(unit.name);
    expect(mails[0]!.text).toContain('2026年3月4日 23:10（北京时间）');
    expect(mails[0]!.messageId).toMatch(/^<outbox\.[0-9a-f-]+@jixiao>$/);
    const token = tokenIn(mails[0]);
    // Once sent, the outbox keeps no usable link; the invitations table only the token's hash.
    const [row] = await t.app.get(Transactor).manager.query(`SELECT payload FROM mail_outbox WHERE kind = 'invitation' AND recipient_id = $1`, [created.body.id]);
    expect(JSON.stringify(row.payload)).not.toContain(token);
    const stored = await t.app.get(Transactor).manager.query(`SELECT token_hash FROM invitations WHERE user_id = $1`, [created.body.id]);
    expect(stored.map((r: { token_hash: string }) => r.token_hash)).not.toContain(token);

    const shown = await anonymous().get(`/api/invitations/${token}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ username, displayName: '王五', organisationName: unit.name, expiresAt: created.body.invitation.expiresAt });

    const weak = await anonymous().post(`/api/invitations/${token}/accept`).send({ password: 'short' });
    expect(weak.status).toBe(422);
    expect(weak.body.code).toBe('AUTH.PASSWORD_TOO_WEAK');

    const accepted = await anonymous().post(`/api/invitations/${token}/accept`).send({ password: NEW_PASSWORD });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ username });
    expect((await signIn(username, NEW_PASSWORD)).status).toBe(200);

    const again = await anonymous().post(`/api/invitations/${token}/accept`).send({ password: 'Another#Passw0rd' });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('INVITATION.USED');
    expect((await anonymous().get(`/api/invitations/${token}`)).body.code).toBe('INVITATION.USED');
    expect((await anonymous().get(`/api/invitations/${'x'.repeat(43)}`)).status).toBe(404);
    expect((await anonymous().get('/api/invitations/nonsense')).body.code).toBe('INVITATION.NOT_FOUND');

    const people = await api.get(unit.admin, `/api/organisations/${unit.id}/users`);
    expect(people.body.find((p: { id: string }) => p.id === created.body.id)).toMatchObject({ status: 'active', invitation: { state: 'accepted' } });
    const resent = await api.post(unit.admin, `/api/users/${created.body.id}/invitation`);
    expect(resent.status).toBe(409);
    expect(resent.body.code).toBe('INVITATION.ALREADY_ACCEPTED');
    const events = await t.app.get(Transactor).manager.query(`SELECT kind, outcome FROM security_events WHERE user_id = $1 ORDER BY at`, [created.body.id]);
    expect(events).toEqual(expect.arrayContaining([{ kind: 'invitation_accepted', outcome: 'success' }, { kind: 'login', outcome: 'refused' }]));
    // The security log names the route, never the link's token.
    const [accept] = await t.app.get(Transactor).manager.query(`SELECT details FROM security_events WHERE kind = 'invitation_accepted' AND user_id = $1`, [created.body.id]);
    expect(JSON.stringify(accept.details)).not.toContain(token);
    expect(accept.details.path).toBe('/api/invitations/[token]/accept');
  });

  it('sends again on request: the old link is revoked, the new one works; a finance officer resends to units\u2019 admins only', async () => {
    const unit = world.units[1]!;
    const username = `li.${world.tag}`;
    const email = `${username}@test.example`;
    const created = await api.post(unit.admin, `/api/organisations/${unit.id}/users`, { username, displayName: '李四', email, roles: ['unit_admin'] });
    expect(created.status).toBe(201);
    await deliver();
    const first = tokenIn(mailsTo(email)[0]);

    // The bureau's officer may resend to the unit's administrators, not to its other people.
    const resent = await api.post(world.bureau.officer, `/api/users/${created.body.id}/invitation`);
    expect(resent.status).toBe(201);
    const member = await api.post(world.bureau.officer, `/api/users/${unit.member.id}/invitation`);
    expect(member.status).toBe(403);
    expect(member.body.code).toBe('INVITATION.ROLE_NOT_ALLOWED');
    const other = await api.post(world.units[0]!.admin, `/api/users/${created.body.id}/invitation`);
    expect(other.status).toBe(404);

    await deliver();
    const mails = mailsTo(email);
    expect(mails).toHaveLength(2);
    const second = tokenIn(mails[1]);
    expect(second).not.toBe(first);
    const revoked = await anonymous().post(`/api/invitations/${first}/accept`).send({ password: NEW_PASSWORD });
    expect(revoked.status).toBe(410);
    expect(revoked.body.code).toBe('INVITATION.REVOKED');

    const listed = await api.get(world.bureau.officer, '/api/invitations?state=pending');
    expect(listed.status).toBe(200);
    expect(listed.body.map((i: { userId: string }) => i.userId)).toContain(created.body.id);
    expect(listed.body.find((i: { userId: string }) => i.userId === created.body.id)).toMatchObject({ organisationName: unit.name, state: 'pending', sentBy: { id: world.bureau.officer.id } });
    const ownList = await api.get(unit.admin, '/api/invitations');
    expect(ownList.body.map((i: { userId: string }) => i.userId)).toEqual([created.body.id]);
    expect((await api.get(unit.member, '/api/invitations')).status).toBe(403);

    expect((await anonymous().post(`/api/invitations/${second}/accept`).send({ password: NEW_PASSWORD })).status).toBe(200);
  });

  it('lets a link expire after 72 hours', async () => {
    const unit = world.units[0]!;
    const username = `zhao.${world.tag}`;
    const email = `${username}@test.example`;
    const created = await api.post(unit.admin, `/api/organisations/${unit.id}/users`, { username, displayName: '赵六', email, roles: ['compiler'] });
    expect(created.status).toBe(201);
    await deliver();
    const token = tokenIn(mailsTo(email)[0]);
    const start = now;
    try {
      now = new Date(start.getTime() + 72 * 3600_000 - 1000);
      expect((await anonymous().get(`/api/invitations/${token}`)).status).toBe(200);
      now = new Date(start.getTime() + 72 * 3600_000);
      const expired = await anonymous().post(`/api/invitations/${token}/accept`).send({ password: NEW_PASSWORD });
      expect(expired.status).toBe(410);
      expect(expired.body.code).toBe('INVITATION.EXPIRED');
      const fresh = new ApiClient(t.server);
      const listed = await fresh.get(unit.admin, '/api/invitations?state=expired');
      expect(listed.body.map((i: { userId: string }) => i.userId)).toEqual([created.body.id]);
      const people = await fresh.get(unit.admin, `/api/organisations/${unit.id}/users`);
      expect(people.body.find((p: { id: string }) => p.id === created.body.id)).toMatchObject({ status: 'invited', invitation: { state: 'expired' } });
    } finally {
      now = start;
    }
  });

  itOnRealServer('lets exactly one of two simultaneous accepts set the password', async () => {
    const unit = world.units[0]!;
    const username = `sun.${world.tag}`;
    const email = `${username}@test.example`;
    expect((await api.post(unit.admin, `/api/organisations/${unit.id}/users`, { username, displayName: '孙七', email, roles: ['member'] })).status).toBe(201);
    await deliver();
    const token = tokenIn(mailsTo(email)[0]);
    const answers = await Promise.all(
      ['First#Passw0rd1', 'Second#Passw0rd2'].map((password) => anonymous().post(`/api/invitations/${token}/accept`).send({ password })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    const winner = answers.findIndex((a) => a.status === 200);
    expect((await signIn(username, winner === 0 ? 'First#Passw0rd1' : 'Second#Passw0rd2')).status).toBe(200);
  });

  itOnRealServer('leaves one open link when the invitation is sent again ten times at once', async () => {
    const unit = world.units[0]!;
    const username = `qin.${world.tag}`;
    const created = await api.post(unit.admin, `/api/organisations/${unit.id}/users`, { username, displayName: '秦九', email: `${username}@test.example`, roles: ['member'] });
    expect(created.status).toBe(201);
    await api.token(unit.admin);
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.post(unit.admin, `/api/users/${created.body.id}/invitation`)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    const [open] = await t.app.get(Transactor).manager.query(`SELECT count(*)::int AS n FROM invitations WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL`, [created.body.id]);
    expect(open.n).toBe(1);
  });

  it('lets the system administrator create a bureau and invite its officers, and nobody else', async () => {
    const code = `CZJ-${randomUUID().slice(0, 8)}`;
    const name = `测试区财政局 ${world.tag}`;
    const created = await api.post(systemAdmin, '/api/bureaus', { name, code });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name, code, officerCount: 0, unitCount: 0 });
    organisations.push(created.body.id);
    expect((await api.post(systemAdmin, '/api/bureaus', { name: `${name}2`, code })).body.code).toBe('BUREAU.CODE_TAKEN');
    expect((await api.post(systemAdmin, '/api/bureaus', { name, code: `${code}X` })).body.code).toBe('BUREAU.NAME_TAKEN');

    const username = `czj.${world.tag}`;
    const email = `${username}@test.example`;
    const officer = await api.post(systemAdmin, `/api/bureaus/${created.body.id}/officers`, { username, displayName: '钱八', email, phone: '021-12345678' });
    expect(officer.status).toBe(201);
    expect(officer.body).toMatchObject({ username, roles: ['finance_officer'], status: 'invited', phone: '021-12345678' });
    const officers = await api.get(systemAdmin, `/api/bureaus/${created.body.id}/officers`);
    expect(officers.body.map((p: { username: string }) => p.username)).toEqual([username]);
    const bureaus = await api.get(systemAdmin, '/api/bureaus');
    expect(bureaus.body.find((b: { id: string }) => b.id === created.body.id)).toMatchObject({ officerCount: 1 });
    const invitations = await api.get(systemAdmin, '/api/invitations?state=pending');
    expect(invitations.body.map((i: { userId: string }) => i.userId)).toContain(officer.body.id);
    expect((await api.post(systemAdmin, `/api/users/${officer.body.id}/invitation`)).status).toBe(201);
    // The system administrator invites bureaus' people, not units'.
    expect((await api.post(systemAdmin, `/api/users/${world.units[0]!.member.id}/invitation`)).status).toBe(404);

    await deliver();
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1); // the first, revoked before it went, was cancelled
    expect(mails[0]!.text).toContain(name);
    expect((await anonymous().post(`/api/invitations/${tokenIn(mails[0])}/accept`).send({ password: NEW_PASSWORD })).status).toBe(200);
    expect((await signIn(username, NEW_PASSWORD)).status).toBe(200);

    // Anyone else is refused: 403 for the bureau lists and for one's own bureau, 404 for another bureau.
    for (const someone of [world.bureau.officer, world.units[0]!.admin]) {
      for (const call of [api.get(someone, '/api/bureaus'), api.post(someone, '/api/bureaus', { name: '另一个局', code: `X-${world.tag}` }), api.get(someone, `/api/bureaus/${world.bureau.id}/officers`)]) {
        const refused = await call;
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('BUREAU.ROLE_NOT_ALLOWED');
      }
      const elsewhere = await api.get(someone, `/api/bureaus/${created.body.id}/officers`);
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body.code).toBe('BUREAU.NOT_FOUND');
    }
  });

  describe('the people import', () => {
    const upload = async (user: WorldUser, unitId: string, mode: 'preview' | 'apply', body: Buffer, type = 'text/csv') =>
      request(t.server)
        .post(`/api/organisations/${unitId}/users/import?mode=${mode}`)
        .set('Authorization', `Bearer ${await api.token(user)}`)
        .set('Content-Type', type)
        .send(body);
    const csv = (lines: string[][]) => Buffer.from(lines.map((l) => l.join(',')).join('\r\n'), 'utf8');
    const peopleOf = async (unitId: string) => (await api.get(world.units[0]!.admin, `/api/organisations/${unitId}/users`)).body as Array<{ username: string; status: string; roles: string[]; phone: string | null; subOfficeId: string | null }>;

    it('lists every problem of every row at once, and writes nothing on apply', async () => {
      const unit = world.units[0]!;
      const tag = world.tag;
      const before = (await peopleOf(unit.id)).length;
      const file = csv([
        ['姓名', '账号', '邮箱', '手机', '角色', '组室'],
        ['', `a1.${tag}`, `a1.${tag}@test.example`, '', '小组成员', ''],
        ['甲', 'x y', `a2.${tag}@test.example`, '', '小组成员', ''],
        ['乙', `a3.${tag}`, 'not-an-email', '', '小组成员', ''],
        ['丙', `a4.${tag}`, `a4.${tag}@test.example`, '12345', '小组成员', ''],
        ['丁', `a5.${tag}`, `a5.${tag}@test.example`, '', '小组成员', ''],
        ['戊', `a5.${tag}`, `a5b.${tag}@test.example`, '', '小组成员', ''],
        ['己', world.units[1]!.member.username, `a6.${tag}@test.example`, '', '小组成员', ''],
        ['庚', `a7.${tag}`, `a7.${tag}@test.example`, '', '组长；秘书', ''],
        ['辛', `a8.${tag}`, `a8.${tag}@test.example`, '', '财政局绩效科人员', ''],
        ['壬', `a9.${tag}`, '', '', '填报人员', ''],
        ['癸', `b1.${tag}`, `b1.${tag}@test.example`, '13912345678', '填报人员、小组成员', '新设组室'],
      ]);
      const preview = await upload(unit.admin, unit.id, 'preview', file);
      expect(preview.status).toBe(200);
      const found = preview.body.problems.map((p: { row: number; field: string; code: string }) => [p.row, p.field, p.code]);
      expect(found).toEqual([
        [2, '姓名', 'IMPORT.EMPTY_CELL'],
        [3, '账号', 'USER.USERNAME_INVALID'],
        [4, '邮箱', 'USER.EMAIL_INVALID'],
        [5, '手机', 'USER.PHONE_INVALID'],
        [7, '账号', 'USER.DUPLICATE_IN_FILE'],
        [8, '账号', 'USER.USERNAME_TAKEN_ELSEWHERE'],
        [9, '角色', 'USER.ROLE_UNKNOWN'],
        [10, '角色', 'USER.ROLE_NOT_IN_ORGANISATION'],
        [11, '邮箱', 'USER.EMAIL_REQUIRED'],
      ]);
      expect(preview.body.problems[4].message).toContain('第7行');
      expect(preview.body.changes).toMatchObject({ subOffices: ['新设组室'] });
      expect(preview.body.rows).toBe(11);

      const applied = await upload(unit.admin, unit.id, 'apply', file);
      expect(applied.status).toBe(422);
      expect(applied.body.code).toBe('USER.IMPORT_INVALID');
      expect(applied.body.details.problems).toHaveLength(9);
      expect((await peopleOf(unit.id)).length).toBe(before);
      const organisation = await api.get(unit.admin, `/api/organisations/${unit.id}`);
      expect(organisation.body.subOffices.map((o: { name: string }) => o.name)).not.toContain('新设组室');
    });

    it('previews, then adds and updates people in one go; each new person gets an invitation', async () => {
      const unit = world.units[0]!;
      const tag = world.tag;
      const rows = [
        ['姓名', '账号', '邮箱', '手机', '角色', '组室'],
        ['周一', `zhou1.${tag}`, `zhou1.${tag}@test.example`, '13912345678', '填报人员、小组成员', '新设组室'],
        ['周二', `zhou2.${tag}`, `zhou2.${tag}@test.example`, '021-87654321', '分管领导', '办公室'],
        [`u1.member ${tag}`, unit.member.username, '', '13700000000', '', '新设组室'],
        [`u1.leader ${tag}`, unit.leader.username, '', '', '评价小组组长', ''],
      ];
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('人员');
      rows.forEach((row) => sheet.addRow(row));
      const file = Buffer.from(await workbook.xlsx.writeBuffer());

      const preview = await upload(unit.admin, unit.id, 'preview', file, XLSX);
      expect(preview.status).toBe(200);
      expect(preview.body.problems).toEqual([]);
      expect(preview.body.changes.added.map((p: { username: string; roles: string[] }) => [p.username, p.roles])).toEqual([
        [`zhou1.${tag}`, ['compiler', 'member']],
        [`zhou2.${tag}`, ['deputy_leader']],
      ]);
      expect(preview.body.changes.updated).toEqual([expect.objectContaining({ username: unit.member.username, changed: ['phone', 'subOffice'] })]);
      expect(preview.body.changes).toMatchObject({ unchanged: 1, subOffices: ['新设组室'] });
      expect((await peopleOf(unit.id)).map((p) => p.username)).not.toContain(`zhou1.${tag}`);

      const applied = await upload(unit.admin, unit.id, 'apply', file, XLSX);
      expect(applied.status).toBe(200);
      expect(applied.body.changes.added).toHaveLength(2);
      const people = await peopleOf(unit.id);
      expect(people.find((p) => p.username === `zhou1.${tag}`)).toMatchObject({ status: 'invited', roles: ['compiler', 'member'], phone: '13912345678' });
      expect(people.find((p) => p.username === unit.member.username)).toMatchObject({ status: 'active', phone: '13700000000' });
      await deliver();
      expect(mailsTo(`zhou1.${tag}@test.example`)).toHaveLength(1);
      expect(mailsTo(`zhou2.${tag}@test.example`)).toHaveLength(1);

      // The same file again changes nothing.
      const again = await upload(unit.admin, unit.id, 'preview', file, XLSX);
      expect(again.body.changes).toMatchObject({ added: [], updated: [], unchanged: 4, subOffices: [] });
    });

    it('is the unit admin\u2019s only', async () => {
      const unit = world.units[0]!;
      const file = csv([['姓名', '账号'], ['某人', `c1.${world.tag}`]]);
      expect((await upload(unit.member, unit.id, 'preview', file)).body.code).toBe('ORG.ROLE_NOT_ALLOWED');
      expect((await upload(world.units[1]!.admin, unit.id, 'preview', file)).status).toBe(404);
      const noHeader = await upload(unit.admin, unit.id, 'preview', csv([['名字', '其他'], ['某人', 'x']]));
      expect(noHeader.body.problems).toEqual([expect.objectContaining({ row: 0, code: 'USER.IMPORT_HEADER_MISSING' })]);
    });
  });
});
