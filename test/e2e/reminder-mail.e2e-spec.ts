import { Clock, MailDispatcher, ReminderSweep } from '@jixiao/evaluation';
import { ApiClient } from '../support/api-client';
import { CapturingSmtpServer } from '../support/mail';
import { caseInSelfAssessment, outboxOf, shanghai } from '../support/reminders';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

/**
 * Deciding and delivering together: the sweep queues a reminder from the case's real state, the
 * dispatcher sends it through a real SMTP server on the Chinese calendar, a finished task is never
 * reminded again, and a 催办 arrives in the person's mailbox the same morning.
 */
describe('reminders from a case to the inbox', () => {
  let t: TestApp;
  let smtp: CapturingSmtpServer;
  let world: World;
  let api: ApiClient;
  let now: Date;

  const at = (date: string, time: string) => {
    now = shanghai(date, time);
  };
  const deliver = () => t.app.get(MailDispatcher).deliverDue({ organisationIds: [world.units[0]!.id, world.bureau.id] });
  const sweep = (campaignId: string) => t.app.get(ReminderSweep).run(now, { campaignId });

  beforeAll(async () => {
    smtp = await new CapturingSmtpServer().start();
    t = await startTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://jixiao.example.gov.cn' });
    jest.spyOn(t.app.get(Clock), 'now').mockImplementation(() => now);
    world = await newWorld(t.app);
    api = new ApiClient(t.server);
  }, 60_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
    await smtp.stop();
  });

  it('reminds before the due date, skips the Spring Festival holiday, stops once the section is submitted, and delivers a 催办', async () => {
    const unit = world.units[0]!;
    at('2024-02-01', '10:00');
    // 2.1 is due Friday 2024-02-09, the last working day before Spring Festival (02-10 to 02-17).
    const { campaignId, caseId } = await caseInSelfAssessment(api, unit, world.bureau.officer, { submissionDeadline: '2024-02-29', publicationDeadline: '2024-03-15' }, { '2.1': '2024-02-09' });

    // Three working days before: Tuesday 02-06. Queued before office hours, sent once they open.
    at('2024-02-06', '07:00');
    await sweep(campaignId);
    expect(await deliver()).toMatchObject({ sent: 0 });
    at('2024-02-06', '08:31');
    await deliver();
    const reminder = (await outboxOf(t.app, campaignId)).find((row) => row.rule === 'before-3' && row.item_key.includes(':draft_section:2.1@'));
    expect(reminder).toMatchObject({ status: 'sent', recipient_id: unit.member.id });
    const [mail] = smtp.withId(`<outbox.${reminder!.id}@jixiao>`);
    expect(mail).toBeDefined();
    expect(mail!.subject).toContain('2024年2月9日');
    expect(mail!.to).toContain(`${unit.member.username}@test.example`);
    expect(mail!.text).toContain('还有3个工作日');
    expect(mail!.text).toContain(`https://jixiao.example.gov.cn/cases/${caseId}/sections/2.1`);
    expect(mail!.html).toContain(unit.name);

    // The member finishes 2.1 before the holiday: nothing more about it is queued or sent.
    const content = await api.put(unit.member, `/api/cases/${caseId}/sections/2.1/content`, {
      blocks: [{ type: 'paragraph', text: '本部门二〇二三年度项目支出均按计划执行，资金使用规范。' }],
      expectedRevision: 0,
    });
    expect(content.status).toBe(200);
    expect((await api.post(unit.member, `/api/cases/${caseId}/sections/2.1/events`, { type: 'SUBMIT' })).status).toBe(200);
    const before = smtp.messages.length;
    for (const day of ['2024-02-08', '2024-02-09', '2024-02-19', '2024-02-20']) {
      at(day, '09:00');
      await sweep(campaignId);
      await deliver();
    }
    const about21 = (await outboxOf(t.app, campaignId)).filter((row) => row.item_key.includes(':draft_section:2.1@'));
    expect(about21.map((row) => row.rule)).toEqual(['before-3']);
    // The task moved to those who approve 2.1 (the deputy whose remit it is, and the leader): they are reminded, the member is not.
    const toMember = smtp.messages.slice(before).filter((m) => m.to.includes(unit.member.username) && m.text.includes('2.1'));
    expect(toMember).toHaveLength(0);
    const approve21 = (await outboxOf(t.app, campaignId)).filter((row) => row.item_key.includes(':approve_section:2.1@'));
    expect(approve21.length).toBeGreaterThan(0);
    expect([...new Set(approve21.map((row) => row.recipient_id))].sort()).toEqual([unit.deputy.id, unit.leader.id].sort());

    // The leader urges the member on 1.1 on a working morning: one mail now, a second urge refused the same day.
    at('2024-02-19', '10:00');
    api = new ApiClient(t.server); // sessions signed in on 02-01 have long expired on the fake clock
    const urged = await api.post(unit.leader, `/api/cases/${caseId}/urges`, {
      recipientId: unit.member.id,
      task: { kind: 'draft_section', sectionCode: '1.1' },
      message: '请于本周内提交初稿。',
    });
    expect(urged.status).toBe(201);
    expect((await api.post(unit.leader, `/api/cases/${caseId}/urges`, { recipientId: unit.member.id, task: { kind: 'draft_section', sectionCode: '1.1' } })).body.code).toBe(
      'URGE.ALREADY_URGED_TODAY',
    );
    await deliver();
    const urge = (await outboxOf(t.app, campaignId)).find((row) => row.kind === 'urge');
    expect(urge).toMatchObject({ status: 'sent', recipient_id: unit.member.id });
    const [urgeMail] = smtp.withId(`<outbox.${urge!.id}@jixiao>`);
    expect(urgeMail!.text).toContain('请于本周内提交初稿。');
    // Display names in the test world are the user name with a space before the tag.
    expect(urgeMail!.text).toContain(unit.leader.username.replace(/\.([^.]+)$/, ' $1'));
  });
});
