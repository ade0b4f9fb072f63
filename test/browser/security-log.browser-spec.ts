import { readFileSync, rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import request from 'supertest';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newSystemAdmin, newWorld, TEST_PASSWORD, type World, type WorldUnit, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

suite(`安全日志 in the console${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let systemAdmin: WorldUser;

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    systemAdmin = await newSystemAdmin(t.app, world.tag);
    // A mistyped password of the unit's member: a failure the unit admin should see.
    await request(t.server).post('/api/auth/login').send({ username: unit.member.username, password: 'wrong-Passw0rd!' });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
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
          await ui.screenshot('security-log-failure').catch(() => undefined);
          throw failure;
        } finally {
          await ui.page.setViewportSize({ width: 1366, height: 768 });
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
        }
      },
      180_000,
    );

  scenario("the unit admin reads the unit's sign-ins in Chinese, the mistyped password among them", async () => {
    const page = ui.page;
    await ui.signIn(unit.admin);
    await page.getByRole('menuitem', { name: '安全日志' }).click();
    await page.getByRole('heading', { name: '安全日志' }).waitFor({ timeout: 60_000 });
    const failed = page.locator('tr', { hasText: unit.member.username }).filter({ hasText: '失败' });
    await failed.first().waitFor();
    expect(await failed.first().innerText()).toContain('登录');
    // Its own sign-in a moment ago is there too.
    await page.locator('tr', { hasText: unit.admin.username }).filter({ hasText: '成功' }).first().waitFor();
    // No export for a unit admin: that is the system administrator's, for auditors.
    expect(await page.getByRole('heading', { name: '导出安全日志' }).count()).toBe(0);
    await ui.screenshot('security-log-unit-admin-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await failed.first().waitFor();
    await ui.screenshot('security-log-unit-admin-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await ui.signOut();
  });

  scenario("the system administrator exports today's events as .xlsx for an auditor", async () => {
    const page = ui.page;
    await ui.open('/sign-in');
    await page.getByLabel('用户名').fill(systemAdmin.username);
    await page.getByLabel('密码').fill(TEST_PASSWORD);
    await ui.button('登录').click();
    await page.getByTestId('signed-in-as').waitFor();
    // The console opens the administrator's first page after sign-in; a click before it lands would be undone.
    await page.getByRole('heading', { name: '财政局管理' }).waitFor({ timeout: 60_000 });
    await page.getByRole('menuitem', { name: '安全日志' }).click();
    await page.getByRole('heading', { name: '导出安全日志' }).waitFor({ timeout: 60_000 });
    // The list is the organisations' own: the system administrator has none, only the export.
    expect(await page.getByRole('heading', { name: /^安全日志$/ }).count()).toBe(0);
    await ui.screenshot('security-log-export-1366');
    const download = page.waitForEvent('download');
    await ui.button('导出').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^安全日志_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.xlsx$/);
    // A .xlsx is a zip: it starts with PK.
    expect(readFileSync((await file.path())!).subarray(0, 2).toString('latin1')).toBe('PK');
    await page.getByText('安全日志已导出。').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('heading', { name: '导出安全日志' }).waitFor();
    await ui.screenshot('security-log-export-phone');
  });
});
