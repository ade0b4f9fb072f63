import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { driveCase, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, TEST_PASSWORD, type World, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * Every control a person can reach on the main pages has a name a screen reader can announce (a
 * label, aria-label, aria-labelledby or its own text), and signing in works from the keyboard
 * alone. Lists what is unnamed, page by page, when it fails.
 */
// Runs in the page (plain JavaScript: the server's TypeScript project has no DOM types).
const UNNAMED_CONTROLS = `(() => {
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  };
  const textOf = (ids) => ids.split(/\\s+/).map((id) => (document.getElementById(id)?.textContent ?? '').trim()).join('');
  const named = (el) => {
    if (el.type === 'hidden') return true;
    if ((el.getAttribute('aria-label') ?? '').trim() !== '') return true;
    if (el.hasAttribute('aria-labelledby') && textOf(el.getAttribute('aria-labelledby')) !== '') return true;
    if (el.labels && [...el.labels].some((label) => (label.textContent ?? '').trim() !== '')) return true;
    if ((el.getAttribute('title') ?? '').trim() !== '') return true;
    // A button or link is named by its content, an icon inside it by its own label.
    if (el.tagName === 'BUTTON' || el.getAttribute('role') === 'button' || el.tagName === 'A') {
      return (el.textContent ?? '').trim() !== '' || el.querySelector('[aria-label]:not([aria-label=""])') !== null;
    }
    return false;
  };
  // What the keyboard cannot reach (disabled, or taken out of the tab order) is left to its container.
  const reachable = (el) => !el.disabled && el.getAttribute('tabindex') !== '-1';
  const controls = document.querySelectorAll('input, textarea, select, button, a[href], [role="combobox"], [role="switch"], [role="checkbox"], [role="radio"]');
  return [...controls].filter((el) => visible(el) && reachable(el) && !named(el)).map((el) => el.outerHTML.slice(0, 160));
})()`;

async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(UNNAMED_CONTROLS);
}

suite(`labels and keyboard in Chromium${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let campaignId: string;
  let caseId: string;

  beforeAll(async () => {
    webRoot = buildConsole();
    dataDir = mkdtempSync(join(tmpdir(), 'jixiao-a11y-browser-'));
    t = await startTestApp({ DATA_DIR: dataDir }, { webRoot });
    world = await newWorld(t.app);
    const unit = world.units[0]!;
    const issued = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    campaignId = issued.campaignId;
    caseId = issued.caseIds.get(unit.id)!;
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
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in with the keyboard alone', async () => {
    const page = ui.page;
    const member = world.units[0]!.member;
    await page.goto(`${ui.base}/sign-in`);
    const focusedLabel = () => page.evaluate<string>(`document.activeElement?.labels?.[0]?.textContent?.trim() ?? ''`);
    for (let presses = 0; presses < 15 && (await focusedLabel()) !== '用户名'; presses += 1) await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('用户名');
    await page.keyboard.type(member.username);
    await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('密码');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByTestId('signed-in-as').waitFor();
    await ui.signOut();
  });

  it('names every control on the main pages', async () => {
    const unit = world.units[0]!;
    const visits: Array<[WorldUser, string[]]> = [
      [unit.member, ['/tasks', '/cases', `/cases/${caseId}`, `/cases/${caseId}/sections/1.1`, '/settings', '/mailbox']],
      [unit.compiler, [`/cases/${caseId}/data-table`, `/cases/${caseId}/indicator-scores`]],
      [unit.admin, ['/people', '/invitations']],
      [world.bureau.officer, ['/campaigns', `/campaigns/${campaignId}`, `/campaigns/${campaignId}/tracking`, `/campaigns/${campaignId}/statistics`, '/admin/mail', '/security-log']],
    ];
    const unnamed: Record<string, string[]> = {};
    for (const [user, paths] of visits) {
      await ui.signIn(user);
      for (const path of paths) {
        await ui.open(path);
        await ui.page.locator('main').first().waitFor();
        await ui.page.waitForLoadState('networkidle');
        const found = await unnamedControls(ui.page);
        if (found.length > 0) unnamed[path] = found;
      }
      await ui.signOut();
    }
    expect(unnamed).toEqual({});
  }, 120_000);
});
