import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Clock, MailDispatcher } from '@jixiao/evaluation';
import { buildConsole, buttonName, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium } from '../support/browser';
import { visibleEnglish } from '../support/english';
import { CapturingSmtpServer } from '../support/mail';
import { startTestApp, type TestApp } from '../support/test-app';
import { newSystemAdmin, newWorld, TEST_PASSWORD, type World, type WorldUnit, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;
const LINK = /\/invite\/([A-Za-z0-9_-]{43})/;
const NEW_PASSWORD = 'Yaoqing#2026ok';

suite(`bureaus, invitations and the people import in the console${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let smtp: CapturingSmtpServer;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let systemAdmin: WorldUser;
  const organisations: string[] = [];
  const files: string[] = [];

  const deliver = () => t.app.get(MailDispatcher).deliverDue({ organisationIds: organisations });
  const linkTo = (address: string): string => {
    const mail = smtp.messages.filter((m) => m.to.includes(address)).at(-1);
    const found = LINK.exec(mail?.text ?? '');
    if (!found) throw new Error(`no invitation mail to ${address}`);
    return found[1]!;
  };
  const csvFile = (name: string, lines: string[][]): string => {
    const path = join(tmpdir(), `${name}-${world.tag}.csv`);
    writeFileSync(path, lines.map((l) => l.join(',')).join('\r\n'), 'utf8');
    files.push(path);
    return path;
  };

  beforeAll(async () => {
    webRoot = buildConsole();
    smtp = await new CapturingSmtpServer().start();
    t = await startTestApp({ SMTP_URL: smtp.url }, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    organisations.push(world.bureau.id, unit.id);
    systemAdmin = await newSystemAdmin(t.app, world.tag, '系统管理员');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await browser?.close();
    await t?.close();
    await smtp?.stop();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
    for (const file of files) rmSync(file, { force: true });
  });

  const scenario = (name: string, fn: () => Promise<void>) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('onboarding-failure').catch(() => undefined);
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
          throw failure;
        }
      },
      180_000,
    );

  /** Both widths of the page as it stands; no English sentence on it (display names of the test world aside). */
  async function shots(name: string): Promise<void> {
    expect(await visibleEnglish(ui.page, [world.tag])).toEqual([]);
    await ui.screenshot(`${name}-1366`);
    await ui.page.setViewportSize({ width: 390, height: 844 });
    // Nothing sticks out sideways at phone width (the menu folds a moment after the resize; wide tables scroll in their own frame).
    for (let tries = 0; ; tries += 1) {
      const [scrollWidth, innerWidth] = await ui.page.evaluate<[number, number]>('[document.documentElement.scrollWidth, window.innerWidth]');
      if (scrollWidth <= innerWidth) break;
      if (tries === 50) {
        const wide = await ui.page.evaluate<string[]>(
          `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(-5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`,
        );
        throw new Error(`${name}: the page is ${scrollWidth} px wide at a ${innerWidth} px phone width: ${wide.join(' | ')}`);
      }
      await ui.page.waitForTimeout(100);
    }
    await ui.screenshot(`${name}-phone`);
    await ui.page.setViewportSize({ width: 1366, height: 768 });
  }

  /** A button pressed before: antd may leave its fading loading icon in the name ("loading 设置密码"). */
  const again = (text: string, within: Page | Locator = ui.page) => within.getByRole('button', { name: new RegExp(`${[...text].join('\\s*')}$`) });

  async function signInByHand(username: string, password: string): Promise<void> {
    await ui.open('/sign-in');
    await ui.page.getByLabel('用户名').fill(username);
    await ui.page.getByLabel('密码').fill(password);
    await ui.button('登录').click();
    await ui.page.getByTestId('signed-in-as').waitFor();
  }

  scenario('the system administrator creates a bureau and invites its first officer', async () => {
    const page = ui.page;
    await signInByHand(systemAdmin.username, TEST_PASSWORD);
    await page.getByRole('heading', { name: '财政局管理' }).waitFor({ timeout: 60_000 });
    await page.getByRole('menuitem', { name: '财政局管理' }).waitFor();
    const name = `示范区财政局 ${world.tag}`;
    await page.getByLabel('名称', { exact: true }).fill(name);
    await page.getByLabel('代码', { exact: true }).fill(`SFQ-${world.tag}`);
    await ui.button('新建财政局').click();
    await page.getByRole('heading', { name: `${name}：财政局人员` }).waitFor();
    await page.getByText('还没有财政局人员，请在下方邀请。').waitFor();

    // The same code again: refused in Chinese beside the field.
    await page.getByLabel('名称', { exact: true }).fill(`${name}二`);
    await page.getByLabel('代码', { exact: true }).fill(`SFQ-${world.tag}`);
    await again('新建财政局').click();
    await page.getByText('这个代码已被其他财政局或单位使用。').first().waitFor();

    const officers = page.locator('.ant-card', { has: page.getByRole('heading', { name: `${name}：财政局人员` }) });
    await officers.getByLabel('姓名').fill('钱局员');
    await officers.getByLabel('用户名').fill(`sfq.qian.${world.tag}`);
    await officers.getByLabel('电子邮箱').fill(`sfq.qian.${world.tag}@test.example`);
    await officers.getByLabel('手机').fill('13912345678');
    await ui.button('发送邀请', officers).click();
    const row = officers.locator('tr', { hasText: `sfq.qian.${world.tag}` });
    await row.locator('.ant-tag', { hasText: '待接受邀请' }).waitFor();
    await shots('onboarding-bureaus');
    await ui.button('重新发送邀请', row).click();
    await page.getByText('已重新向钱局员发送邀请，原链接作废。').waitFor();
    await ui.signOut();
  });

  scenario('a unit admin adds a person by invitation, and the person sets a password through the mailed link', async () => {
    const page = ui.page;
    await ui.signIn(unit.admin);
    await ui.open('/people');
    await page.getByRole('heading', { name: '新增人员' }).waitFor({ timeout: 60_000 });
    const username = `zhou.${world.tag}`;
    const email = `${username}@test.example`;
    await page.getByLabel('姓名', { exact: true }).fill('周同事');
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('电子邮箱').fill(email);
    await page.getByLabel('手机').fill('021-1234');
    await ui.choose('角色', '填报人员');
    await ui.button('添加').first().click();
    await page.getByText('电话号码格式不正确').first().waitFor();
    await page.getByLabel('手机').fill('021-12345678');
    await ui.button('添加').first().click();
    const row = page.locator('tr', { hasText: username });
    await row.locator('.ant-tag', { hasText: '待接受邀请' }).waitFor();
    await ui.button('重新发送邀请', row).waitFor();
    await shots('onboarding-people');

    await ui.open('/invitations');
    await page.getByRole('heading', { name: '邀请' }).waitFor();
    await page.locator('tr', { hasText: username }).waitFor();
    await shots('onboarding-invitations');
    await ui.signOut();

    // Before the link: sign-in says to use the invitation.
    await ui.open('/sign-in');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(NEW_PASSWORD);
    await ui.button('登录').click();
    await page.getByText('这个账号还没有设置密码').waitFor();

    await deliver();
    const token = linkTo(email);
    await ui.open(`/invite/${token}`);
    await page.getByRole('heading', { name: '设置密码' }).waitFor();
    await page.getByText(unit.name).waitFor();
    await shots('onboarding-invite');
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await ui.button('设置密码').click();
    await page.getByText('密码强度不够').first().waitFor();
    await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
    await again('设置密码').click();
    await page.getByText('密码已设置').waitFor();
    await shots('onboarding-invite-done');
    await ui.button('去登录').click();
    expect(await page.getByLabel('用户名').inputValue()).toBe(username);
    await page.getByLabel('密码').fill(NEW_PASSWORD);
    await ui.button('登录').click();
    await page.getByTestId('signed-in-as').waitFor();
    await ui.signOut();

    // The same link again: its own page, in Chinese.
    await ui.open(`/invite/${token}`);
    await page.getByText('邀请链接已经用过', { exact: true }).waitFor();
    await page.getByText(/请联系管理员重新发送邀请/).waitFor();
    await shots('onboarding-invite-used');
  });

  scenario('an expired link says so and how to get a new one', async () => {
    const page = ui.page;
    await ui.signIn(unit.admin);
    await ui.open('/people');
    await page.getByRole('heading', { name: '新增人员' }).waitFor({ timeout: 60_000 });
    const username = `wu.${world.tag}`;
    await page.getByLabel('姓名', { exact: true }).fill('吴同事');
    await page.getByLabel('用户名', { exact: true }).fill(username);
    await page.getByLabel('电子邮箱').fill(`${username}@test.example`);
    await ui.choose('角色', '小组成员');
    await ui.button('添加').first().click();
    await page.locator('tr', { hasText: username }).locator('.ant-tag', { hasText: '待接受邀请' }).waitFor();
    await ui.signOut();
    await deliver();
    const token = linkTo(`${username}@test.example`);
    const clock = t.app.get(Clock);
    const later = new Date(clock.now().getTime() + 73 * 3600_000);
    const spy = jest.spyOn(clock, 'now').mockImplementation(() => later);
    try {
      await ui.open(`/invite/${token}`);
      await page.getByText('邀请链接已过期', { exact: true }).waitFor();
      await page.getByText(/请联系管理员重新发送邀请/).waitFor();
      await shots('onboarding-invite-expired');
    } finally {
      spy.mockRestore();
    }
  });

  scenario('a unit admin imports people: every problem first, then a preview to confirm', async () => {
    const page = ui.page;
    await ui.signIn(unit.admin);
    await ui.open('/people');
    await page.getByRole('heading', { name: '导入人员' }).waitFor({ timeout: 60_000 });
    const header = ['姓名', '账号', '邮箱', '手机', '角色', '组室'];
    const download = page.waitForEvent('download');
    await ui.button('下载模板').click();
    const template = await download;
    expect(template.suggestedFilename()).toBe('人员名单模板.csv');
    expect(readFileSync((await template.path())!, 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(header.join(','));
    const bad = csvFile('people-bad', [
      header,
      ['郑一', `zheng1.${world.tag}`, `zheng1.${world.tag}@test.example`, '13800000001', '填报人员', '综合组'],
      ['郑二', `zheng2.${world.tag}`, '', '12345', '财政局绩效科人员', ''],
    ]);
    const chooser = page.waitForEvent('filechooser');
    await ui.button('选择名单文件并预览').click();
    await (await chooser).setFiles(bad);
    await page.getByText('名单中有 3 处问题，没有导入。').waitFor();
    await page.getByRole('table', { name: '导入问题' }).getByText('第3行：新人员须填写邮箱').waitFor();
    await shots('onboarding-import-problems');

    const good = csvFile('people-good', [
      header,
      ['郑一', `zheng1.${world.tag}`, `zheng1.${world.tag}@test.example`, '13800000001', '填报人员', '综合组'],
      ['郑二', `zheng2.${world.tag}`, `zheng2.${world.tag}@test.example`, '', '小组成员、分管领导', ''],
    ]);
    const second = page.waitForEvent('filechooser');
    await again('选择名单文件并预览').click();
    await (await second).setFiles(good);
    await page.getByText('名单共 2 行，没有问题。确认后将：').waitFor();
    await page.getByText('新建组室：综合组。').waitFor();
    await shots('onboarding-import-preview');
    await ui.button('确认导入').click();
    await page.getByText('已导入：新增 2 人（已发送邀请邮件），更新 0 人。').waitFor();
    await page.locator('tr', { hasText: `zheng2.${world.tag}` }).locator('.ant-tag', { hasText: '待接受邀请' }).waitFor();
    expect(await page.getByRole('button', { name: buttonName('确认导入') }).count()).toBe(0);
    await ui.signOut();
  });
});
