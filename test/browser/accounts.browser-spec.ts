import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { DataSource } from 'typeorm';
import { buildConsole, buttonName, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World, type WorldUnit } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

suite(`停用/启用 and the one-time password in the console${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  const scenario = (name: string, fn: () => Promise<void>) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('accounts-failure').catch(() => undefined);
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
          throw failure;
        }
      },
      180_000,
    );

  async function signInByHand(username: string, password: string): Promise<void> {
    await ui.open('/sign-in');
    await ui.page.getByLabel('用户名').fill(username);
    await ui.page.getByLabel('密码').fill(password);
    await ui.button('登录').click();
  }

  scenario('the unit admin disables an account after confirming, sees 已停用, and the person is refused in Chinese', async () => {
    const page = ui.page;
    const name = `u1.member2 ${world.tag}`;
    await ui.signIn(unit.admin);
    await ui.open('/people');
    // antd marks each row with its key, the person's id.
    const row = page.locator(`tr[data-row-key="${unit.member2.id}"]`);
    // The first load of the page on a busy machine may take longer than a click's wait.
    await row.locator('.ant-tag', { hasText: '已启用' }).waitFor({ timeout: 60_000 });
    // No button to switch oneself off.
    const own = page.locator(`tr[data-row-key="${unit.admin.id}"]`);
    await own.waitFor();
    expect(await ui.button('停用', own).count()).toBe(0);

    await ui.button('停用', row).click();
    const confirm = page.locator('.ant-popover:visible');
    await confirm.getByText(`停用${name}的账号？`).waitFor();
    await confirm.getByRole('button', { name: buttonName('停用') }).click();
    await row.locator('.ant-tag', { hasText: '已停用' }).waitFor();
    await ui.screenshot('accounts-people-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await row.locator('.ant-tag', { hasText: '已停用' }).waitFor();
    await ui.screenshot('accounts-people-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await ui.signOut();

    await signInByHand(unit.member2.username, TEST_PASSWORD);
    await page.getByText('这个账号已停用，请联系本单位管理员启用。').waitFor();
    await ui.screenshot('accounts-disabled-sign-in');

    await ui.signIn(unit.admin);
    await ui.open('/people');
    await ui.button('启用', row).click();
    await page.locator('.ant-popover:visible').getByRole('button', { name: buttonName('启用') }).click();
    await row.locator('.ant-tag', { hasText: '已启用' }).waitFor();
    await ui.signOut();
    await ui.signIn(unit.member2);
    await ui.signOut();
  });

  scenario('an account with a one-time password sees only the change-password page until it is changed', async () => {
    const page = ui.page;
    await t.app.get(DataSource).query('UPDATE users SET must_change_password = true WHERE id = $1', [unit.compiler.id]);
    await signInByHand(unit.compiler.username, TEST_PASSWORD);
    await page.getByRole('heading', { name: '请先修改密码' }).waitFor();
    await ui.screenshot('accounts-change-password-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot('accounts-change-password-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    // Any other address shows the same page.
    await ui.open('/cases');
    await page.getByRole('heading', { name: '请先修改密码' }).waitFor();

    await page.getByLabel('一次性密码').fill(TEST_PASSWORD);
    await page.getByLabel('新密码', { exact: true }).fill('Mine#Passw0rd2026');
    await page.getByLabel('再次输入新密码').fill('Mine#Passw0rd2026');
    await ui.button('修改密码').click();
    // The console opens where the person was: the case list.
    await page.getByRole('heading', { name: '评价任务' }).waitFor();
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByRole('heading', { name: '请先修改密码' }).count()).toBe(0);
    await ui.signOut();
  });
});
