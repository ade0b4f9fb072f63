import { Clock, DigestComposer, ListedWorkingDays, MailDispatcher, WORKING_DAYS } from '@jixiao/evaluation';
import { MailOutboxStore, Transactor, type OutboxRow } from '@jixiao/persistence';
import { CapturingSmtpServer, newOutboxRow, shanghai } from '../support/mail';
import { itOnRealServer, startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

/**
 * Delivery of the mail outbox through a real SMTP server: the Chinese mail as received, the stable
 * Message-ID, working hours and holidays, retries with back-off, the digest, and claims.
 */
describe('mail delivery', () => {
  let t: TestApp;
  let smtp: CapturingSmtpServer;
  let world: World;
  let scope: { organisationIds: string[] };
  let now: Date;

  const dispatcher = () => t.app.get(MailDispatcher);
  const row = (id: string) => t.app.get(MailOutboxStore).find(t.app.get(Transactor).manager, id) as Promise<OutboxRow>;
  const deliver = () => dispatcher().deliverDue(scope);
  const setDigest = (userId: string, digest: boolean) =>
    t.app.get(Transactor).run((tx) => t.app.get(MailOutboxStore).setDigestPreference(tx, userId, digest, now));

  beforeAll(async () => {
    smtp = await new CapturingSmtpServer().start();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_MAX_ATTEMPTS: '3', MAIL_RETRY_BASE_SECONDS: '60', PUBLIC_URL: 'https://jixiao.example.gov.cn' });
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
    // 2025: Spring Festival 1-28 to 2-4 off, Saturday 2-8 worked (调休).
    const calendar = new ListedWorkingDays(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04'], ['2025-01-26', '2025-02-08']);
    jest.spyOn(t.app.get<{ isWorkingDay(date: string): boolean }>(WORKING_DAYS), 'isWorkingDay').mockImplementation((date) => calendar.isWorkingDay(date));
  }, 30_000);
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    world = await newWorld(t.app);
    scope = { organisationIds: [world.units[0]!.id, world.bureau.id] };
    smtp.rejecting = false;
    now = shanghai('2025-03-12 10:00');
  });

  it('sends a reminder in Chinese, plain text and HTML, under a Message-ID derived from its row', async () => {
    const member = world.units[0]!.member;
    const id = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: shanghai('2025-03-12 09:00'), payload: { caseId: 'c1', link: '/cases/c1/sections/2.1' } });
    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    const [mail] = smtp.withId(`<outbox.${id}@jixiao>`);
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('【绩效自评】请于2025年3月14日前完成“项目绩效情况”初稿');
    expect(mail!.from).toMatch(/^"?绩效自评"? <noreply@jixiao\.local>$/);
    expect(mail!.to).toContain(`${member.username}@test.example`);
    expect(mail!.text).toContain('截止日期为2025年3月14日（星期五），还有2个工作日');
    expect(mail!.text).toContain('湛霞财〔2024〕68号');
    expect(mail!.text).toContain('https://jixiao.example.gov.cn/cases/c1/sections/2.1');
    expect(mail!.html).toContain('中共湛江市霞山区委组织部');
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1, messageId: `<outbox.${id}@jixiao>`, transport: 'smtp' });
    expect(await deliver()).toMatchObject({ sent: 0 });
    expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(1);
  });

  it('never sends at night, at the weekend or on a holiday: the row waits for the next window', async () => {
    const member = world.units[0]!.member;
    now = shanghai('2025-03-14 18:00'); // Friday evening
    const id = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: shanghai('2025-03-14 17:45') });
    expect(await deliver()).toMatchObject({ sent: 0, deferred: 1 });
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: shanghai('2025-03-17 08:30') });
    now = shanghai('2025-03-15 11:00'); // Saturday
    expect(await deliver()).toMatchObject({ sent: 0, deferred: 0 });
    now = shanghai('2025-03-17 08:30');
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(1);
  });

  it('skips the Spring Festival holiday and sends on the adjusted working Saturday', async () => {
    const member = world.units[0]!.member;
    now = shanghai('2025-01-27 17:40'); // Monday evening, before the holiday
    const id = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: shanghai('2025-01-27 17:35') });
    await deliver();
    expect((await row(id)).nextAttemptAt).toEqual(shanghai('2025-02-05 08:30'));
    now = shanghai('2025-02-07 20:00'); // Friday night after the holiday
    const later = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: shanghai('2025-02-07 19:00') });
    await deliver();
    expect((await row(later)).nextAttemptAt).toEqual(shanghai('2025-02-08 08:30'));
  });

  it('retries with back-off while the server refuses, then marks the row failed with the error', async () => {
    const member = world.units[0]!.member;
    const id = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: now });
    smtp.rejecting = true;
    expect(await deliver()).toMatchObject({ retried: 1 });
    let current = await row(id);
    expect(current).toMatchObject({ status: 'pending', attempts: 1 });
    expect(current.nextAttemptAt).toEqual(new Date(now.getTime() + 60_000));
    expect(current.lastError).toMatch(/451/);
    now = new Date(now.getTime() + 60_000);
    expect(await deliver()).toMatchObject({ retried: 1 });
    expect((await row(id)).nextAttemptAt).toEqual(new Date(now.getTime() + 120_000));
    now = new Date(now.getTime() + 119_000);
    expect(await deliver()).toMatchObject({ retried: 0, failed: 0 });
    now = new Date(now.getTime() + 1_000);
    expect(await deliver()).toMatchObject({ failed: 1 });
    current = await row(id);
    expect(current).toMatchObject({ status: 'failed', attempts: 3 });
    expect(current.lastError).toMatch(/temporarily unavailable/);
    now = new Date(now.getTime() + 3600_000);
    expect(await deliver()).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(0);
    // The relay is mended; the unit admin retries the row by hand and it goes out under its own Message-ID.
    smtp.rejecting = false;
    const retried = await t.api.post(world.units[0]!.admin, `/api/admin/mail/${id}/retry`);
    expect(retried.body).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(1);
  });

  it('takes over a row whose worker died after claiming it, once its lease has run out', async () => {
    const member = world.units[0]!.member;
    const id = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: now });
    const store = t.app.get(MailOutboxStore);
    // A worker claims the row and dies before sending: nothing else happens to it.
    const [claimed] = await store.claim(t.app.get(Transactor).manager, { now, token: 'dead-worker:1', leaseSeconds: 300, limit: 10, organisationIds: scope.organisationIds });
    expect(claimed!.id).toBe(id);
    expect(await deliver()).toMatchObject({ sent: 0 });
    now = new Date(now.getTime() + 301_000);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    // The dead worker's late mark changes nothing.
    expect(await store.markSent(t.app.get(Transactor).manager, id, 'dead-worker:1', { messageId: 'x', at: now, transport: 'smtp' })).toBe(false);
    expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(1);
  });

  it('does not send a row cancelled after it was claimed', async () => {
    const member = world.units[0]!.member;
    const id = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: now });
    const store = t.app.get(MailOutboxStore);
    const original = store.stillClaimed.bind(store);
    // The due date moves while the worker holds the row: the changing transaction cancels it.
    const spy = jest.spyOn(store, 'stillClaimed').mockImplementationOnce(async (tx, rowId, token) => {
      await t.app.get(Transactor).manager.query(`UPDATE mail_outbox SET status = 'cancelled', cancelled_at = now(), cancel_reason = 'due date moved' WHERE id = $1`, [rowId]);
      return original(tx, rowId, token);
    });
    expect(await deliver()).toMatchObject({ sent: 0, lost: 1 });
    spy.mockRestore();
    expect(await row(id)).toMatchObject({ status: 'cancelled' });
    expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(0);
  });

  it('gives a digest user one mail a day with all their items, and sends 催办 at once', async () => {
    const member = world.units[0]!.member;
    await setDigest(member.id, true);
    now = shanghai('2025-03-12 07:00');
    const first = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: shanghai('2025-03-12 06:00') });
    const second = await newOutboxRow(t.app, { recipientId: member.id, kind: 'overdue', sendAfter: shanghai('2025-03-12 06:00'), payload: { taskKind: 'submit', sectionCode: null, sectionTitle: null, dueDate: '2025-03-10', workingDaysLeft: -2 } });
    const urge = await newOutboxRow(t.app, { recipientId: member.id, kind: 'urge', sendAfter: shanghai('2025-03-12 06:00'), payload: { urgedByName: '组长', window: { start: '00:00', end: '24:00' } } });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(await row(urge)).toMatchObject({ status: 'sent' });
    expect(await row(first)).toMatchObject({ status: 'pending' });
    // Before the window opens nothing is composed; at its start one digest carries both.
    expect(await t.app.get(DigestComposer).compose(scope)).toBe(0);
    now = shanghai('2025-03-12 08:30');
    expect(await t.app.get(DigestComposer).compose(scope)).toBe(1);
    const digested = await row(first);
    expect(digested).toMatchObject({ status: 'digested' });
    expect(await row(second)).toMatchObject({ status: 'digested', digestId: digested.digestId });
    expect(await deliver()).toMatchObject({ sent: 1 });
    const digest = smtp.withId(`<outbox.${digested.digestId}@jixiao>`);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe('【绩效自评】2025年3月12日待办汇总：2项（其中1项已逾期）');
    expect(digest[0]!.text).toContain('【已逾期】向财政局报送自评报告');
    expect(digest[0]!.text).toContain('【提醒】完成“项目绩效情况”初稿');
    // A reminder due later the same day waits for tomorrow's digest.
    now = shanghai('2025-03-12 11:00');
    const late = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: shanghai('2025-03-12 10:30') });
    expect(await t.app.get(DigestComposer).compose(scope)).toBe(0);
    expect(await row(late)).toMatchObject({ status: 'pending', nextAttemptAt: shanghai('2025-03-13 08:30') });
    expect(await deliver()).toMatchObject({ sent: 0 });
    // Without the digest the held row goes out on its own.
    await setDigest(member.id, false);
    now = shanghai('2025-03-13 08:30');
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(smtp.withId(`<outbox.${late}@jixiao>`)).toHaveLength(1);
  });

  it('fails a row at once when its recipient has no e-mail address', async () => {
    const member = world.units[0]!.member;
    await t.app.get(Transactor).manager.query(`UPDATE users SET email = NULL WHERE id = $1`, [member.id]);
    const id = await newOutboxRow(t.app, { recipientId: member.id, sendAfter: now });
    expect(await deliver()).toMatchObject({ failed: 1 });
    expect((await row(id)).lastError).toMatch(/no e-mail address/);
  });

  itOnRealServer('sends each row once when two dispatchers run at once', async () => {
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, i) => newOutboxRow(t.app, { recipientId: (i % 2 ? world.units[0]!.member : world.units[0]!.leader).id, sendAfter: now })),
    );
    const reports = await Promise.all([deliver(), deliver(), deliver()]);
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(30);
    for (const id of ids) expect(smtp.withId(`<outbox.${id}@jixiao>`)).toHaveLength(1);
  });
});
