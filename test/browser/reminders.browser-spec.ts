import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { inDays } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { caseInSelfAssessment } from '../support/reminders';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const suite = chromiumAvailable() ? describe : describe.skip;

suite(`reminders, the working-day calendar and 催办 in the console${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let officer: WorldUser;
  let campaignId: string;
  let caseId: string;
  let codes: string[];

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    ({ campaignId, caseId, codes } = await caseInSelfAssessment(t.api, unit, officer, { submissionDeadline: inDays(30), publicationDeadline: inDays(45) }, {}));
    browser = await launchChromium();
    context = await newConsoleContext(browser, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  /** Runs a scenario; on failure keeps what the browser showed next to the other screenshots. */
  const scenario = (name: string, fn: () => Promise<void>) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('reminders-failure').catch(() => undefined);
          // The next scenario starts at the sign-in page.
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
          throw failure;
        }
      },
      60_000,
    );

  scenario("lets the campaign's finance officer change its reminder ladder, explaining refused working hours under the field", async () => {
    const page = ui.page;
    const { documentNumber } = (await t.api.get(officer, `/api/campaigns/${campaignId}`)).body;
    await ui.signIn(officer);
    await ui.open('/campaigns');
    await page.getByRole('link', { name: `${documentNumber} 的提醒与催办` }).click();
    await page.getByRole('heading', { name: '提醒设置' }).waitFor();
    await page.getByTestId('ladder-kind').filter({ hasText: '默认设置' }).waitFor();

    await page.getByLabel('逾期几个工作日后向上级督办').fill('3');
    await page.getByLabel('截止当日上午提醒').click();
    await page.getByLabel('发送时段开始').fill('18:00');
    await page.getByLabel('发送时段结束').fill('09:00');
    await ui.button('保存提醒设置').click();
    const endField = page.locator('.ant-form-item', { has: page.getByLabel('发送时段结束') });
    await endField.getByText(/结束时间要晚于开始时间/).waitFor();
    await ui.screenshot('reminders-ladder-hours-refused');
    expect((await t.api.get(officer, `/api/campaigns/${campaignId}/reminder-ladder`)).body.isDefault).toBe(true);

    await page.getByLabel('发送时段开始').fill('09:00');
    await page.getByLabel('发送时段结束').fill('17:00');
    // Corrected, the field's complaint goes before anything is sent; Enter in the field saves the form.
    await endField.getByText(/结束时间要晚于开始时间/).waitFor({ state: 'detached' });
    await page.getByLabel('发送时段结束').press('Enter');
    await page.getByTestId('ladder-kind').filter({ hasText: '本通知自定' }).waitFor();
    await ui.screenshot('reminders-ladder-saved');
    expect((await t.api.get(officer, `/api/campaigns/${campaignId}/reminder-ladder`)).body).toEqual({
      campaignId,
      isDefault: false,
      ladder: { beforeWorkingDays: [3, 1], onDueDate: false, overdueEveryWorkingDay: true, escalateAfterWorkingDays: 3, workingHours: { start: '09:00', end: '17:00' } },
    });

    // Back to the default; the form shows it again.
    await ui.button('恢复默认').click();
    await ui.button('恢复默认', page.locator('.ant-popconfirm')).click();
    await page.getByTestId('ladder-kind').filter({ hasText: '默认设置' }).waitFor();
    expect(await page.getByLabel('发送时段开始').inputValue()).toBe('08:30');
    expect((await t.api.get(officer, `/api/campaigns/${campaignId}/reminder-ladder`)).body.isDefault).toBe(true);
    await ui.signOut();
  });

  scenario('lets a finance officer set a day off with a reason, shown in the month view, and remove it', async () => {
    const page = ui.page;
    // Overrides are global: a far-off date of this run's own, so parallel suites never meet it.
    const month = `2093-0${1 + Math.floor(Math.random() * 9)}`;
    const date = `${month}-1${Math.floor(Math.random() * 9)}`;
    const reason = `防台风停工 ${world.tag}`;
    await ui.signIn(officer);
    await ui.open(`/calendar?month=${month}`);
    await page.getByRole('heading', { name: '工作日历' }).waitFor();
    await ui.date('调整日期', date);
    await page.getByLabel('休息').check();
    await page.getByLabel('调整原因').fill(reason);
    await ui.button('保存调整').click();
    await page.getByTestId(`override-${date}`).filter({ hasText: `本地调整·休息：${reason}` }).waitFor();
    const listed = page.locator(`.ant-table-row[data-row-key="${date}"]`);
    await listed.filter({ hasText: reason }).waitFor();
    await ui.screenshot('reminders-calendar-override');
    await ui.atPhoneWidth();
    await ui.screenshot('reminders-calendar-override-phone');
    await ui.atDesktop();
    expect((await t.api.get(unit.member, `/api/calendar?from=${date}&to=${date}`)).body.days[0]).toMatchObject({ date, working: false, source: 'override', name: reason });

    // Everyone reads the calendar; only finance officers change it.
    await ui.signOut();
    await ui.signIn(unit.member);
    await ui.open(`/calendar?month=${month}`);
    await page.getByTestId(`override-${date}`).waitFor();
    expect(await page.getByLabel('调整原因').count()).toBe(0);
    await ui.signOut();

    await ui.signIn(officer);
    await ui.open(`/calendar?month=${month}`);
    await ui.button('取消调整', page.locator(`.ant-table-row[data-row-key="${date}"]`)).click();
    await ui.button('取消调整', page.locator('.ant-popconfirm')).click();
    await page.getByText('本月没有本地调整。').waitFor();
    expect(await page.getByTestId(`override-${date}`).count()).toBe(0);
    expect((await t.api.get(unit.member, `/api/calendar?from=${date}&to=${date}`)).body.days[0].source).not.toBe('override');
    await ui.signOut();
  });

  scenario('lets the group leader urge a member on an open section from the case page, and explains why a second urge the same day is refused', async () => {
    const page = ui.page;
    const detail = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body;
    const memberName: string = detail.group.find((m: { userId: string }) => m.userId === unit.member.id).displayName;
    const code = codes[0]!;
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    await page.getByRole('heading', { name: '待办与催办' }).waitFor();
    const urgeButton = page.getByRole('button', { name: new RegExp(`^催办 ${escape(memberName)} 撰写章节：${escape(code)} `) });

    await urgeButton.click();
    await page.getByLabel('催办留言').fill('请于本周五前提交初稿。');
    await ui.button('发送催办').click();
    await page.getByText(new RegExp(`已催办 ${escape(memberName)}`)).waitFor();
    await page.getByRole('cell', { name: `催办 ${memberName}；请于本周五前提交初稿。` }).waitFor();
    await ui.screenshot('reminders-urged');
    // The first dialog closes with an animation; a click on its fading 发送催办 would send nothing.
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await urgeButton.click();
    await ui.button('发送催办').click();
    await page.getByRole('alert').getByText(/这个工作日已经就这项任务催办过此人/).waitFor();
    await ui.screenshot('reminders-urge-refused-same-day');
    await ui.signOut();

    const history = (await t.api.get(unit.leader, `/api/cases/${caseId}/history`)).body as Array<{ event: string; actorId: string; details: Record<string, unknown> }>;
    const urges = history.filter((h) => h.event === 'URGE');
    expect(urges).toHaveLength(1);
    expect(urges[0]).toMatchObject({ actorId: unit.leader.id, details: { recipientId: unit.member.id, task: { kind: 'draft_section', sectionCode: code } } });
  });
});
