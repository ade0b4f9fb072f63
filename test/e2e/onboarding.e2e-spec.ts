import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { loadConfig } from '@jixiao/config';
import { FirstAdministratorService, MailDispatcher } from '@jixiao/evaluation';
import { createApp } from '../../apps/api/src/create-app';
import { inDays } from '../support/api-client';
import { TestClock } from '../support/clock';
import { directoryCsv, directoryRows, type DirectoryRow } from '../support/directory-file';
import { freshDatabase, type FreshDatabase } from '../support/fresh-database';
import { TEST_HISTORY_KEY } from '../support/history-key';
import { CapturingSmtpServer, type CapturedMail } from '../support/mail';

/**
 * A district bureau's first day, from an empty database to an issued notice, through HTTP only:
 * the first administrator, a bureau and its officer, 300 budget units with their administrators
 * imported from a file (one bad row refused first), a unit administrator who follows the link in
 * the invitation mail, sets a password and adds a colleague, and the notice to all 300 units.
 */
const UNITS = 300;
const PUBLIC_URL = 'https://jixiao.xiashan.example.gov.cn';
const OFFICER_PASSWORD = 'Caizheng#2025xs';
const UNIT_ADMIN_PASSWORD = 'Danwei#2025admin';

describe('a bureau starts from an empty database', () => {
  let database: FreshDatabase;
  let smtp: CapturingSmtpServer;
  let app: INestApplication;
  let server: Server;

  beforeAll(async () => {
    database = await freshDatabase('onboarding');
    smtp = await new CapturingSmtpServer().start();
    const config = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DEMO_DATA: 'false', HISTORY_KEY: TEST_HISTORY_KEY, SMTP_URL: smtp.url, PUBLIC_URL });
    app = await createApp(config, { url: database.url, poolMax: database.realServer ? 10 : 1 }, { clock: new TestClock() });
    await app.listen(0, '127.0.0.1');
    server = app.getHttpServer() as Server;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await database?.drop();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  async function signIn(username: string, password: string): Promise<string> {
    const response = await request(server).post('/api/auth/login').send({ username, password });
    expect(response.status).toBe(200);
    return response.body.accessToken as string;
  }
  /** Sends every mail the outbox holds, as the worker would, and answers those that arrived. */
  async function deliverAll(): Promise<CapturedMail[]> {
    const before = smtp.messages.length;
    for (;;) {
      const report = await app.get(MailDispatcher).deliverDue({ organisationIds: null });
      if (report.sent === 0 && report.failed === 0) break;
    }
    return smtp.messages.slice(before);
  }
  /** The one-time link of the invitation mail sent to this address. */
  function invitationLink(mails: readonly CapturedMail[], address: string): string {
    const mail = mails.filter((m) => m.to.includes(address));
    expect(mail).toHaveLength(1);
    const match = new RegExp(`${PUBLIC_URL.replace(/[.]/g, '\\.')}/invite/([A-Za-z0-9_-]+)`).exec(mail[0]!.text);
    expect(match).not.toBeNull();
    return match![1]!;
  }
  async function acceptInvitation(token: string, password: string): Promise<string> {
    const shown = await request(server).get(`/api/invitations/${token}`);
    expect(shown.status).toBe(200);
    const accepted = await request(server).post(`/api/invitations/${token}/accept`).send({ password });
    expect(accepted.status).toBe(200);
    return accepted.body.username as string;
  }

  it('takes the first administrator, a bureau, 300 units and their people to an issued notice', async () => {
    // 1. The first administrator, with the one-time password a production start prints.
    const first = await app.get(FirstAdministratorService).createIfNoAccounts();
    expect(first).not.toBeNull();
    const adminSession = await request(server).post('/api/auth/login').send({ username: first!.username, password: first!.oneTimePassword });
    expect(adminSession.status).toBe(200);
    expect(adminSession.body.user.mustChangePassword).toBe(true);
    const blocked = await request(server).get('/api/bureaus').set(bearer(adminSession.body.accessToken));
    expect(blocked.status).toBe(403);
    const newAdminPassword = 'Xitong#Guanli2025';
    const changed = await request(server)
      .post('/api/auth/password')
      .set(bearer(adminSession.body.accessToken))
      .send({ currentPassword: first!.oneTimePassword, newPassword: newAdminPassword });
    expect(changed.status).toBe(204);
    const admin = await signIn(first!.username, newAdminPassword);

    // 2. The bureau and its first finance officer, invited by mail.
    const bureau = await request(server).post('/api/bureaus').set(bearer(admin)).send({ name: '霞山区财政局', code: 'XSCZJ' });
    expect(bureau.status).toBe(201);
    const officerEmail = 'li.czj@xiashan.example.gov.cn';
    const officerCreated = await request(server)
      .post(`/api/bureaus/${bureau.body.id}/officers`)
      .set(bearer(admin))
      .send({ username: 'czj.li', displayName: '李科长', email: officerEmail });
    expect(officerCreated.status).toBe(201);
    const notYet = await request(server).post('/api/auth/login').send({ username: 'czj.li', password: OFFICER_PASSWORD });
    expect(notYet.status).toBe(403);
    expect(notYet.body.code).toBe('AUTH.INVITATION_PENDING');
    const officerUsername = await acceptInvitation(invitationLink(await deliverAll(), officerEmail), OFFICER_PASSWORD);
    expect(officerUsername).toBe('czj.li');
    const officer = await signIn('czj.li', OFFICER_PASSWORD);

    // 3. The directory: a file with one bad row is refused with that row named, and nothing is written.
    const rows = directoryRows(UNITS);
    const badIndex = 57;
    const bad: DirectoryRow[] = rows.map((row, index) => (index === badIndex ? { ...row, code: '11440800MB2C918753' } : row));
    const importFile = (file: Buffer, query: string) =>
      request(server).post(`/api/directory/import?${query}`).set(bearer(officer)).set('Content-Type', 'text/csv').send(file);
    const refusedPreview = await importFile(directoryCsv(bad), 'mode=preview');
    expect(refusedPreview.status).toBe(200);
    expect(refusedPreview.body.problems).toEqual([
      expect.objectContaining({ row: badIndex + 2, field: '单位代码', code: 'DIRECTORY.CODE_CHECK_FAILED' }),
    ]);
    const refusedApply = await importFile(directoryCsv(bad), 'mode=apply');
    expect(refusedApply.status).toBe(422);
    expect(refusedApply.body.code).toBe('DIRECTORY.IMPORT_INVALID');
    expect(refusedApply.body.details.problems).toHaveLength(1);
    expect(refusedApply.body.message).toContain(`第${badIndex + 2}行`);
    const stillEmpty = await request(server).get('/api/directory/units').set(bearer(officer));
    expect(stillEmpty.body.total).toBe(0);

    // Corrected, previewed, applied in one transaction.
    const good = directoryCsv(rows);
    const preview = await importFile(good, 'mode=preview');
    expect(preview.status).toBe(200);
    expect(preview.body.problems).toEqual([]);
    expect(preview.body.changes.added).toHaveLength(UNITS);
    expect(preview.body.changes.administrators).toHaveLength(UNITS);
    const importStarted = performance.now();
    const applied = await importFile(good, `mode=apply&digest=${encodeURIComponent(preview.body.digest)}`);
    const importSeconds = (performance.now() - importStarted) / 1000;
    expect(applied.status).toBe(200);
    const listed = await request(server).get('/api/directory/units?limit=1000').set(bearer(officer));
    expect(listed.body.total).toBe(UNITS);
    const units = listed.body.items as Array<{ id: string; code: string; name: string; level: number; parentId: string | null }>;
    const byCode = new Map(units.map((u) => [u.code, u]));
    const school = rows[20]!;
    expect(byCode.get(school.code)).toMatchObject({ name: school.name, level: 2, parentId: byCode.get(school.parent)!.id });

    // 4. A unit administrator follows the link in their mail, sets a password and adds a colleague.
    const invitations = await deliverAll();
    expect(invitations.filter((m) => m.subject.includes('请设置您的账号密码'))).toHaveLength(UNITS);
    const unitRow = rows[20]!;
    const unitId = byCode.get(unitRow.code)!.id;
    const adminUsername = await acceptInvitation(invitationLink(invitations, unitRow.email), UNIT_ADMIN_PASSWORD);
    expect(adminUsername).toBe(unitRow.adminUsername);
    const unitAdmin = await signIn(unitRow.adminUsername, UNIT_ADMIN_PASSWORD);
    const colleagueEmail = `leader.${unitRow.code}@units.example.gov.cn`;
    const colleague = await request(server)
      .post(`/api/organisations/${unitId}/users`)
      .set(bearer(unitAdmin))
      .send({ username: `u${unitRow.code}.leader`, displayName: '赵组长', email: colleagueEmail, roles: ['group_leader'] });
    expect(colleague.status).toBe(201);
    expect(colleague.body).toMatchObject({ status: 'invited', invitation: expect.objectContaining({ state: 'pending' }) });
    invitationLink(await deliverAll(), colleagueEmail);

    // 5. The notice to every unit of the directory.
    const issueStarted = performance.now();
    const campaign = await request(server)
      .post('/api/campaigns')
      .set(bearer(officer))
      .send({
        documentNumber: '霞财绩〔2026〕1号',
        title: '关于开展2025年度部门整体支出绩效自评工作的通知',
        fiscalYear: 2025,
        submissionDeadline: inDays(30),
        publicationDeadline: inDays(45),
        unitIds: units.map((u) => u.id),
      });
    expect(campaign.status).toBe(201);
    const issued = await request(server).post(`/api/campaigns/${campaign.body.id}/issue`).set(bearer(officer));
    const issueSeconds = (performance.now() - issueStarted) / 1000;
    expect(issued.status).toBe(200);
    const cases = await request(server).get(`/api/cases?campaignId=${campaign.body.id}&limit=1`).set(bearer(officer));
    expect(cases.body.total).toBe(UNITS);
    const own = await request(server).get('/api/cases').set(bearer(unitAdmin));
    expect(own.body.items).toEqual([expect.objectContaining({ unitId, state: 'notice_issued' })]);

    // Figures for the closing note; never asserted.
    process.stdout.write(`\nonboarding: ${UNITS}-unit import applied in ${importSeconds.toFixed(2)} s, notice created and issued in ${issueSeconds.toFixed(2)} s\n`);
  }, 300_000);
});
