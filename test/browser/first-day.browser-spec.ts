import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext } from 'playwright-core';
import { loadConfig } from '@jixiao/config';
import { FirstAdministratorService, MailDispatcher } from '@jixiao/evaluation';
import { createApp } from '../../apps/api/src/create-app';
import { inDays } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium } from '../support/browser';
import { TestClock } from '../support/clock';
import { directoryCsv, directoryRows } from '../support/directory-file';
import { freshDatabase, type FreshDatabase } from '../support/fresh-database';
import { TEST_HISTORY_KEY } from '../support/history-key';
import { CapturingSmtpServer } from '../support/mail';

const suite = chromiumAvailable() ? describe : describe.skip;
const UNITS = 300;
const ADMIN_PASSWORD = 'Xitong#Guanli2026';
const OFFICER_PASSWORD = 'Caizheng#Keyuan2026';
const UNIT_ADMIN_PASSWORD = 'Danwei#Guanli2026';

/**
 * A bureau's first day in the console, on an empty database of its own: the first administrator
 * changes the one-time password and creates the bureau and its officer; the officer follows the
 * invitation, imports 300 units with their administrators (a file with one bad row first); one unit
 * administrator follows their invitation and invites a colleague; the notice goes to all 300 units.
 */
suite(`a bureau's first day in the console${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let database: FreshDatabase;
  let smtp: CapturingSmtpServer;
  let app: INestApplication;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;

  beforeAll(async () => {
    webRoot = buildConsole();
    database = await freshDatabase('first_day');
    smtp = await new CapturingSmtpServer().start();
    const config = loadConfig({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DEMO_DATA: 'false', HISTORY_KEY: TEST_HISTORY_KEY, SMTP_URL: smtp.url });
    app = await createApp(config, { url: database.url, poolMax: database.realServer ? 10 : 1 }, { clock: new TestClock(), webRoot });
    await app.listen(0, '127.0.0.1');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(20_000);
    const address = (app.getHttpServer() as Server).address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.stop();
    await database?.drop();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  async function deliverAll(): Promise<void> {
    for (;;) {
      const report = await app.get(MailDispatcher).deliverDue({ organisationIds: null });
      if (report.sent === 0 && report.failed === 0) return;
    }
  }
  /** The path of the invitation link in the last mail to this address, as a person would click it. */
  function invitationPath(address: string): string {
    const mail = smtp.messages.filter((m) => m.to.includes(address)).at(-1);
    const found = /https?:\/\/[^/\s]+(\/invite\/[A-Za-z0-9_-]+)/.exec(mail?.text ?? '');
    if (!found) throw new Error(`no invitation mail to ${address}`);
    return found[1]!;
  }
  async function signInByHand(username: string, password: string, landing = () => ui.page.getByTestId('signed-in-as').waitFor()): Promise<void> {
    await ui.open('/sign-in');
    await ui.page.getByLabel('用户名').fill(username);
    await ui.page.getByLabel('密码').fill(password);
    await ui.button('登录').click();
    await landing();
  }
  async function setPasswordFromInvitation(path: string, password: string): Promise<void> {
    await ui.open(path);
    await ui.page.getByRole('heading', { name: '设置密码' }).waitFor();
    await ui.page.getByLabel('新密码', { exact: true }).fill(password);
    await ui.page.getByLabel('再次输入新密码').fill(password);
    await ui.button('设置密码').click();
    await ui.page.getByText('密码已设置').waitFor();
  }
  async function phoneShot(name: string, ready: () => Promise<unknown>): Promise<void> {
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await ready();
    await ui.screenshot(`${name}-phone`);
    await ui.page.setViewportSize({ width: 1366, height: 768 });
  }
  const dialog = () => ui.page.locator('.ant-modal:visible');

  it('goes from the first administrator to a notice issued to 300 imported units', async () => {
    const page = ui.page;
    try {
      // The first administrator: the one-time password, changed before anything else.
      const first = (await app.get(FirstAdministratorService).createIfNoAccounts())!;
      await signInByHand(first.username, first.oneTimePassword, () => page.getByRole('heading', { name: '请先修改密码' }).waitFor());
      await page.getByLabel('一次性密码').fill(first.oneTimePassword);
      await page.getByLabel('新密码', { exact: true }).fill(ADMIN_PASSWORD);
      await page.getByLabel('再次输入新密码').fill(ADMIN_PASSWORD);
      await ui.button('修改密码').click();
      await page.locator('.ant-menu').getByText('财政局管理', { exact: true }).click();
      await page.getByRole('heading', { name: '财政局管理' }).waitFor();

      // The bureau and its first officer.
      await page.getByLabel('名称', { exact: true }).fill('霞山区财政局');
      await page.getByLabel('代码', { exact: true }).fill('XSCZJ');
      await ui.button('新建财政局').click();
      await page.getByRole('heading', { name: '霞山区财政局：财政局人员' }).waitFor();
      await page.getByLabel('姓名', { exact: true }).fill('李科长');
      await page.getByLabel('用户名', { exact: true }).fill('czj.li');
      await page.getByLabel('电子邮箱', { exact: true }).fill('li.czj@xiashan.example.gov.cn');
      await ui.button('发送邀请').click();
      await page.getByRole('table', { name: '财政局人员' }).getByText('czj.li').waitFor();
      await ui.screenshot('first-day-bureau-1366');
      await phoneShot('first-day-bureau', () => page.getByRole('table', { name: '财政局人员' }).getByText('李科长').waitFor());
      await ui.signOut();

      // The officer follows the link in the mail.
      await deliverAll();
      await setPasswordFromInvitation(invitationPath('li.czj@xiashan.example.gov.cn'), OFFICER_PASSWORD);
      await ui.screenshot('first-day-officer-password-set-1366');
      await signInByHand('czj.li', OFFICER_PASSWORD);

      // The officer invites a colleague of the bureau (本局人员: no 组室 there).
      await page.locator('.ant-menu').getByText('本局人员', { exact: true }).click();
      await page.getByRole('heading', { name: '本局人员：霞山区财政局' }).waitFor();
      expect(await page.getByRole('heading', { name: '组室与下属单位' }).count()).toBe(0);
      await page.getByLabel('姓名', { exact: true }).fill('王科员');
      await page.getByLabel('用户名', { exact: true }).fill('czj.wang');
      await page.getByLabel('电子邮箱', { exact: true }).fill('wang.czj@xiashan.example.gov.cn');
      await ui.choose('角色', '财政局绩效科');
      await ui.button('添加', page.locator('.ant-card', { has: page.getByRole('heading', { name: '新增人员' }) })).click();
      await page.getByText('已添加 王科员，邀请邮件已发出。').waitFor();
      await page.getByRole('row', { name: /王科员/ }).getByText('待接受邀请').waitFor();
      await ui.screenshot('first-day-bureau-people-1366');
      await phoneShot('first-day-bureau-people', () => page.getByRole('row', { name: /王科员/ }).getByText('待接受邀请').waitFor());

      // 300 units: one bad 统一社会信用代码 is named by its row, nothing is written; then the corrected file.
      await page.locator('.ant-menu').getByText('单位名录', { exact: true }).click();
      await page.getByRole('heading', { name: '单位名录' }).waitFor();
      const rows = directoryRows(UNITS, 'units.example.gov.cn');
      const badRow = 57;
      const bad = rows.map((row, index) => (index === badRow ? { ...row, code: '11440800MB2C918753' } : row));
      await ui.button('导入名录').click();
      const input = dialog().locator('input[type=file]');
      await input.setInputFiles({ name: '单位名录.csv', mimeType: 'text/csv', buffer: directoryCsv(bad) });
      await dialog().getByText('文件中有 1 处问题').waitFor();
      await dialog().getByText(`第 ${badRow + 2} 行`).waitFor();
      await ui.screenshot('first-day-import-refused-1366');
      await input.setInputFiles({ name: '单位名录-改正.csv', mimeType: 'text/csv', buffer: directoryCsv(rows) });
      await dialog().getByText(`新增 ${UNITS}`).first().waitFor();
      await dialog().getByText(`导入后向 ${UNITS} 位管理员发送设置密码的邀请邮件`).waitFor();
      await ui.screenshot('first-day-import-preview-1366');
      await ui.button('确认导入', dialog()).click();
      await page.getByText(`名录已导入：新增 ${UNITS} 个单位`).waitFor({ timeout: 60_000 });
      await page.getByText(rows[20]!.name).first().waitFor();
      await ui.screenshot('first-day-directory-1366');
      await ui.signOut();

      // A unit administrator follows their invitation and invites a colleague.
      await deliverAll();
      const unitRow = rows[20]!;
      await setPasswordFromInvitation(invitationPath(unitRow.email), UNIT_ADMIN_PASSWORD);
      await signInByHand(unitRow.adminUsername, UNIT_ADMIN_PASSWORD);
      await page.locator('.ant-menu').getByText('人员与组室', { exact: true }).click();
      await page.getByRole('heading', { name: '新增人员' }).waitFor();
      const colleague = `u${unitRow.code}.leader`;
      await page.getByLabel('姓名', { exact: true }).fill('赵组长');
      await page.getByLabel('用户名', { exact: true }).fill(colleague);
      await page.getByLabel('电子邮箱', { exact: true }).fill(`leader.${unitRow.code}@units.example.gov.cn`);
      await ui.choose('角色', '评价小组组长');
      await ui.button('添加', page.locator('.ant-card', { has: page.getByRole('heading', { name: '新增人员' }) })).click();
      await page.getByText('已添加 赵组长，邀请邮件已发出。').waitFor();
      await page.getByRole('row', { name: new RegExp(colleague) }).getByText('待接受邀请').waitFor();
      await ui.screenshot('first-day-colleague-invited-1366');
      await phoneShot('first-day-colleague-invited', () => page.getByText('待接受邀请').first().waitFor());
      await ui.signOut();
      await deliverAll();
      expect(invitationPath(`leader.${unitRow.code}@units.example.gov.cn`)).toMatch(/^\/invite\//);

      // The notice to every unit of the directory.
      await signInByHand('czj.li', OFFICER_PASSWORD);
      await ui.open('/campaigns');
      await page.getByLabel('文号').fill('霞财绩〔2026〕1号');
      await page.getByLabel('标题').fill('关于开展2025年度部门整体支出绩效自评工作的通知');
      await page.getByLabel('评价年度').fill('2025');
      await ui.date('报送截止日期', inDays(30));
      await ui.date('公开截止日期', inDays(45));
      await page.keyboard.press('Escape');
      await ui.button('选择名录中全部在用单位').click();
      await page.getByText(`已选 ${UNITS} 个单位`).waitFor({ timeout: 30_000 });
      // The field's own check ran on the empty choice when the button took the focus; it clears with the choice.
      await page.getByText('请至少选择一个参评单位').waitFor({ state: 'hidden' });
      await ui.screenshot('first-day-notice-all-units-1366');
      await phoneShot('first-day-notice-all-units', () => page.getByText(`已选 ${UNITS} 个单位`).waitFor());
      await page.locator('button:visible', { hasText: /^保\s*存\s*草\s*稿$/ }).click();
      const row = page.getByRole('row', { name: /霞财绩〔2026〕1号/ });
      await ui.button('下发', row).click();
      await ui.button('下发', page.locator('.ant-popconfirm')).click();
      await row.getByText('已下发').waitFor({ timeout: 60_000 });
      await ui.screenshot('first-day-notice-issued-1366');
    } catch (failure) {
      await ui.screenshot('first-day-failure').catch(() => undefined);
      throw failure;
    }
  }, 400_000);
});
