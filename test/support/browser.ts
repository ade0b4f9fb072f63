import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { clockPinned, testNow } from './clock';
import { TEST_PASSWORD, type WorldUser } from './world';

/** Debian's Chromium; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve('reports/screenshots');

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Builds the console from the working tree's sources into a fresh directory, so a test never
 * serves a stale dist/web; the build takes a few seconds.
 */
export function buildConsole(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'jixiao-web-'));
  const root = resolve(__dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/web/vite.config.mts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return outDir;
}

export function launchChromium(): Promise<Browser> {
  // Flags as STACK.md gives them: no sandbox as root, and no background traffic on a closed network.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A browser context on the tests' clock: with TEST_TODAY the page's Date starts at the same instant
 * as the API's and runs on, so the console's "today" (overdue tags, defaults) agrees with the server.
 */
export async function newConsoleContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  if (clockPinned()) await context.clock.install({ time: testNow() });
  return context;
}

/** Buttons of two Chinese characters get a space inserted by antd ("登 录"); match either way. */
export function buttonName(text: string): RegExp {
  return new RegExp(`^${[...text].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*')}$`);
}

/** One person at the console: signs in and out through the sign-in page, clicks and types as they would. */
export class ConsoleDriver {
  private shots = 0;

  constructor(
    readonly page: Page,
    readonly base: string,
  ) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }

  button(text: string, within: Page | Locator = this.page): Locator {
    return within.getByRole('button', { name: buttonName(text) });
  }

  async signIn(user: WorldUser): Promise<void> {
    await this.page.goto(`${this.base}/sign-in`);
    await this.page.getByLabel('用户名').fill(user.username);
    await this.page.getByLabel('密码').fill(TEST_PASSWORD);
    await this.button('登录').click();
    await this.page.getByTestId('signed-in-as').waitFor();
    await this.page.getByRole('heading', { name: '我的待办' }).waitFor();
  }

  async signOut(): Promise<void> {
    await this.button('退出登录').click();
    await this.page.getByLabel('用户名').waitFor();
  }

  async open(path: string): Promise<void> {
    await this.page.goto(`${this.base}${path}`);
  }

  /** Picks an option of an antd Select by the label of its form field. */
  async choose(label: string, option: string): Promise<void> {
    const input = this.page.getByLabel(label, { exact: true });
    const field = this.page.locator('.ant-form-item', { has: input });
    // The dropdown opens with an animation; a click that lands mid-way selects nothing, so check and try again.
    for (let attempt = 1; ; attempt += 1) {
      await input.click();
      await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
      await this.page.keyboard.press('Escape');
      // The chosen label shows as text or as a title, depending on the Select's mode.
      const chosen = await field.evaluate((element, wanted) => element.textContent?.includes(wanted) || element.querySelector(`[title="${wanted}"]`) !== null, option);
      if (chosen) return;
      if (attempt === 3) throw new Error(`could not choose ${option} in ${label}`);
    }
  }

  /** In a searching Select (the unit picker), types `search` and picks the option showing `option`. */
  async pick(label: string, search: string, option: string): Promise<void> {
    const input = this.page.getByLabel(label, { exact: true });
    await input.click();
    await input.fill(search);
    await this.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    await this.page.keyboard.press('Escape');
    await this.page.locator('.ant-form-item', { has: input }).locator('.ant-select-selection-item', { hasText: option }).first().waitFor();
  }

  /** Types a date into an antd DatePicker and confirms it. */
  async date(label: string, value: string): Promise<void> {
    const input = this.page.getByLabel(label, { exact: true });
    await input.click();
    await input.fill(value);
    await input.press('Enter');
  }

  async expectCaseState(label: string): Promise<void> {
    await this.page.getByTestId('case-state').filter({ hasText: new RegExp(`^${label}$`) }).waitFor();
  }

  /**
   * Narrows the window to a phone's (390 × 844) and waits until nothing sticks out sideways: the
   * menu folds its items and tables fit their frames a moment after the resize, and a screenshot
   * taken at once showed the campaigns page 818 px wide where it settles at 390. Throws if the
   * page is still wider than the window after 5 s (a wide table must scroll inside its own frame).
   */
  async atPhoneWidth(): Promise<void> {
    await this.page.setViewportSize({ width: 390, height: 844 });
    // Polled with evaluate: the console's policy refuses waitForFunction's string eval.
    for (let tries = 0; ; tries += 1) {
      const [scrollWidth, innerWidth] = await this.page.evaluate<[number, number]>('[document.documentElement.scrollWidth, window.innerWidth]');
      if (scrollWidth <= innerWidth) return;
      if (tries === 50) throw new Error(`the page is ${scrollWidth} px wide at a ${innerWidth} px phone width`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Back to the desktop window the browser tests start in (1366 × 768). */
  async atDesktop(): Promise<void> {
    await this.page.setViewportSize({ width: 1366, height: 768 });
  }

  /** A full-page screenshot in reports/screenshots, numbered in the order taken. */
  async screenshot(name: string): Promise<void> {
    this.shots += 1;
    await this.page.screenshot({ path: join(SCREENSHOT_DIR, `${String(this.shots).padStart(2, '0')}-${name}.png`), fullPage: true });
  }
}
