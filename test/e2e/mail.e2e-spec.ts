import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { MailDispatcher, WORKING_DAYS } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { issueCampaign } from '../support/api-client';
import { newOutboxRow } from '../support/mail';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';
import { testNow } from '../support/clock';

const ALL_DAY = { start: '00:00', end: '24:00' };

describe('the local mailbox, mail administration and notification preferences', () => {
  let t: TestApp;
  let dataDir: string;
  let world: World;
  let otherWorld: World;
  let memberMail: string;
  let leaderMail: string;
  let failedMail: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jixiao-mailbox-'));
    t = await startTestApp({ DATA_DIR: dataDir, PUBLIC_URL: 'http://jixiao.test' });
    // Any day is a working day here; the calendar has its own tests.
    jest.spyOn(t.app.get<{ isWorkingDay(date: string): boolean }>(WORKING_DAYS), 'isWorkingDay').mockReturnValue(true);
    world = await newWorld(t.app);
    otherWorld = await newWorld(t.app);
    const unit = world.units[0]!;
    await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    memberMail = await newOutboxRow(t.app, { recipientId: unit.member.id, sendAfter: testNow(), payload: { window: ALL_DAY, link: '/cases/abc' } });
    leaderMail = await newOutboxRow(t.app, { recipientId: unit.leader.id, kind: 'urge', sendAfter: testNow(), payload: { window: ALL_DAY, urgedByName: '财政局' } });
    await t.app.get(MailDispatcher).deliverDue({ organisationIds: [unit.id] });
    // A recipient without an address: the delivery fails at once.
    await t.app.get(Transactor).manager.query(`UPDATE users SET email = NULL WHERE id = $1`, [unit.compiler.id]);
    failedMail = await newOutboxRow(t.app, { recipientId: unit.compiler.id, sendAfter: testNow(), payload: { window: ALL_DAY } });
    await t.app.get(MailDispatcher).deliverDue({ organisationIds: [unit.id] });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes each sent message as an .eml file, as it would have gone over SMTP', async () => {
    const parsed = await simpleParser(readFileSync(join(dataDir, 'mailbox', `${memberMail}.eml`)));
    expect(parsed.messageId).toBe(`<outbox.${memberMail}@jixiao>`);
    expect(parsed.subject).toBe('【绩效自评】请于2025年3月14日前完成“项目绩效情况”初稿');
    expect(parsed.text).toContain('http://jixiao.test/cases/abc');
    expect(parsed.html).toContain('项目绩效情况');
  });

  it('lists a person’s own messages, and all of their people’s for an admin', async () => {
    const unit = world.units[0]!;
    const mine = await t.api.get(unit.member, '/api/mailbox');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((m: { id: string }) => m.id)).toEqual([memberMail]);
    expect(mine.body.items[0].subject).toContain('项目绩效情况');
    const admin = await t.api.get(unit.admin, '/api/mailbox?limit=10');
    expect(admin.body.items.map((m: { id: string }) => m.id).sort()).toEqual([memberMail, leaderMail].sort());
    expect(admin.body.total).toBe(2);
    const officer = await t.api.get(world.bureau.officer, '/api/mailbox');
    expect(officer.body.total).toBe(2);
    expect((await t.api.get(unit.compiler, '/api/mailbox')).body.total).toBe(0);
    expect((await t.api.get(otherWorld.units[0]!.admin, '/api/mailbox')).body.total).toBe(0);
  });

  it('shows one message with its headers, text and HTML to its recipient and admins only', async () => {
    const unit = world.units[0]!;
    const message = await t.api.get(unit.member, `/api/mailbox/${memberMail}`);
    expect(message.status).toBe(200);
    expect(message.body).toMatchObject({ id: memberMail, messageId: `<outbox.${memberMail}@jixiao>`, subject: '【绩效自评】请于2025年3月14日前完成“项目绩效情况”初稿' });
    expect(message.body.headers['Message-ID']).toBe(`<outbox.${memberMail}@jixiao>`);
    expect(message.body.text).toContain('截止日期');
    expect(message.body.html).toContain('<a href="http://jixiao.test/cases/abc">');
    expect((await t.api.get(unit.admin, `/api/mailbox/${memberMail}`)).status).toBe(200);
    const other = await t.api.get(unit.leader, `/api/mailbox/${memberMail}`);
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'MAILBOX.MESSAGE_NOT_FOUND' });
    expect((await t.api.get(otherWorld.units[0]!.admin, `/api/mailbox/${memberMail}`)).status).toBe(404);
    expect((await t.api.get(unit.member, '/api/mailbox/not-an-id')).body).toMatchObject({ statusCode: 404, code: 'MAILBOX.MESSAGE_NOT_FOUND' });
  });

  it('lists failed deliveries to admins, and retries one by hand once', async () => {
    const unit = world.units[0]!;
    const failed = await t.api.get(unit.admin, '/api/admin/mail?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.items).toEqual([expect.objectContaining({ id: failedMail, status: 'failed', attempts: 1, lastError: expect.stringContaining('no e-mail address') })]);
    expect((await t.api.get(unit.admin, '/api/admin/mail?status=sent&limit=1')).body).toMatchObject({ total: 2, limit: 1, items: [expect.anything()] });
    const refused = await t.api.get(unit.member, '/api/admin/mail');
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'MAIL.ROLE_NOT_ALLOWED' });
    expect((await t.api.get(unit.admin, '/api/admin/mail?status=lost')).status).toBe(400);
    expect((await t.api.get(unit.admin, '/api/admin/mail?limit=0')).status).toBe(400);

    expect((await t.api.post(unit.member, `/api/admin/mail/${failedMail}/retry`)).status).toBe(403);
    expect((await t.api.post(otherWorld.units[0]!.admin, `/api/admin/mail/${failedMail}/retry`)).body.code).toBe('MAIL.NOT_FOUND');
    const retried = await t.api.post(unit.admin, `/api/admin/mail/${failedMail}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: failedMail, status: 'pending', attempts: 0, lastError: null });
    const again = await t.api.post(world.bureau.officer, `/api/admin/mail/${failedMail}/retry`);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'MAIL.NOT_FAILED' });
    const sent = await t.api.post(unit.admin, `/api/admin/mail/${memberMail}/retry`);
    expect(sent.status).toBe(409);
  });

  it('keeps each person’s choice of a daily digest, refusing anything but a boolean', async () => {
    const member = world.units[0]!.member2;
    expect((await t.api.get(member, '/api/me/notification-preferences')).body).toEqual({ digest: false });
    expect((await t.api.put(member, '/api/me/notification-preferences', { digest: true })).body).toEqual({ digest: true });
    expect((await t.api.get(member, '/api/me/notification-preferences')).body).toEqual({ digest: true });
    for (const body of [{}, { digest: 'yes' }, { digest: true, weekly: true }]) {
      const bad = await t.api.put(member, '/api/me/notification-preferences', body);
      expect(bad.status).toBe(400);
      expect(bad.body.code).toMatch(/^VALIDATION\./);
    }
    expect((await t.api.get(member, '/api/me/notification-preferences')).body).toEqual({ digest: true });
    expect((await t.api.get(world.units[0]!.member, '/api/me/notification-preferences')).body).toEqual({ digest: false });
  });
});

describe('the mailbox API with SMTP_URL set', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SMTP_URL: 'smtp://127.0.0.1:2525' });
  }, 30_000);
  afterAll(() => t.close());

  it('answers 404 MAILBOX.NOT_IN_USE: the mail is in the mail server', async () => {
    const world = await newWorld(t.app);
    const listed = await t.api.get(world.units[0]!.member, '/api/mailbox');
    expect({ status: listed.status, code: listed.body.code }).toEqual({ status: 404, code: 'MAILBOX.NOT_IN_USE' });
    const one = await t.api.get(world.units[0]!.member, `/api/mailbox/${world.units[0]!.id}`);
    expect(one.body.code).toBe('MAILBOX.NOT_IN_USE');
  });
});
