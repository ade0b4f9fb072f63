import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { driveCase, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * Hearing about it at once: the leader returns a section in the browser, and the writer sees the
 * bell count it, opens the notice, lands on the section and the count goes back to none; the same
 * at a phone's width, and the page of every notice.
 */
suite(`in-console notifications: the bell, its list and the notifications page${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let caseId: string;

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'self_assessment');
    browser = await launchChromium();
    context = await newConsoleContext(browser, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  const section = (who: typeof unit.member, body: object) => t.api.post(who, `/api/cases/${caseId}/sections/1.1/events`, body);
  const bell = () => ui.page.getByTestId('notification-bell');
  const bellSays = (label: string) => ui.page.getByRole('button', { name: label, exact: true }).waitFor();

  it('the writer of a returned section sees the bell count it, opens the notice, lands on the section, and the count is gone', async () => {
    const page = ui.page;
    expect((await section(unit.member, { type: 'SUBMIT' })).status).toBe(200);
    // What the writer was told before (assignments, the start) is read already: the bell starts at none.
    expect((await t.api.post(unit.member, '/api/me/notifications/read', { all: true })).status).toBe(200);

    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}/sections/1.1`);
    await page.getByLabel('退回理由').fill('人员编制数与基础数据表不一致，请核对。');
    await ui.button('退回修改').click();
    await page.getByText('已退回撰写人修改。').waitFor();
    await ui.signOut();

    await ui.signIn(unit.member);
    await bellSays('通知，1 条未读');
    await page.getByRole('link', { name: /撰写章节：1\.1/ }).waitFor();
    await ui.screenshot('notifications-bell-1366');
    await bell().click();
    const list = page.getByTestId('notification-list');
    const item = list.getByTestId('notification-item').first();
    await item.getByText(/退回了你撰写的章节「.+」：人员编制数与基础数据表不一致，请核对。/).waitFor();
    expect(await item.getAttribute('data-unread')).toBe('true');
    await ui.screenshot('notifications-list-1366');
    await item.click();
    await page.waitForURL(`**/cases/${caseId}/sections/1.1`);
    await page.getByTestId('section-return').getByText('人员编制数与基础数据表不一致，请核对。').first().waitFor();
    await bellSays('通知');
    expect((await t.api.get(unit.member, '/api/me/notifications/count')).body.unread).toBe(0);
    await ui.screenshot('notifications-landed-1366');
  }, 120_000);

  it('works the same at a phone’s width, and lists every notice on the notifications page', async () => {
    const page = ui.page;
    expect((await section(unit.member, { type: 'SUBMIT' })).status).toBe(200);
    expect((await section(unit.leader, { type: 'RETURN', reason: '请补充年末实有人数。' })).status).toBe(200);
    await page.setViewportSize({ width: 390, height: 844 });
    // A short page, so that the screenshots show the header and the list rather than a long table.
    await ui.open('/settings');
    await bellSays('通知，1 条未读');
    await ui.screenshot('notifications-bell-phone');
    await bell().click();
    const item = page.getByTestId('notification-list').getByTestId('notification-item').first();
    await item.getByText(/请补充年末实有人数。/).waitFor();
    // The list fits the phone's screen.
    const box = await page.locator('.ant-popover', { has: page.getByTestId('notification-list') }).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await ui.screenshot('notifications-list-phone');
    await item.click();
    await page.waitForURL(`**/cases/${caseId}/sections/1.1`);
    await bellSays('通知');

    await ui.open('/notifications');
    await page.getByRole('heading', { name: '通知' }).waitFor();
    const rows = page.getByTestId('notification-row');
    await rows.filter({ hasText: '请补充年末实有人数。' }).waitFor();
    await rows.filter({ hasText: '人员编制数与基础数据表不一致，请核对。' }).waitFor();
    await ui.screenshot('notifications-page-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await ui.screenshot('notifications-page-1366');
  }, 120_000);
});
