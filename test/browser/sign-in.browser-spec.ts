import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';

const suite = chromiumAvailable() ? describe : describe.skip;

/** The sign-in page of a demo start: every demo account, grouped by organisation, one click from the user name field. */
suite(`the demo accounts on the sign-in page${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let ui: ConsoleDriver;

  beforeAll(async () => {
    webRoot = buildConsole();
    // DEMO_DATA=true tells the sign-in page that the demo accounts exist; the data itself is not loaded here.
    t = await startTestApp({ DEMO_DATA: 'true' }, { webRoot });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(20_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  it('lists every demo account by organisation and fills the user name on a click', async () => {
    const page = ui.page;
    await ui.open('/sign-in');
    for (const organisation of ['湛江市霞山区财政局', '中共湛江市霞山区委组织部', '湛江市霞山区档案馆', '系统管理']) {
      await page.getByRole('region', { name: organisation }).waitFor();
    }
    const accounts = await page.locator('.ant-alert li code').allTextContents();
    expect(accounts).toEqual(expect.arrayContaining(['czj.officer', 'zzb.member2', 'daj.admin', 'daj.leader', 'daj.member', 'sys.admin']));
    expect(accounts).toHaveLength(13);
    await page.getByRole('region', { name: '湛江市霞山区档案馆' }).getByRole('button', { name: 'daj.leader' }).click();
    expect(await page.getByLabel('用户名').inputValue()).toBe('daj.leader');
    await ui.screenshot('sign-in-demo-accounts-1366');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('region', { name: '系统管理' }).waitFor();
    await ui.screenshot('sign-in-demo-accounts-phone');
  });
});
