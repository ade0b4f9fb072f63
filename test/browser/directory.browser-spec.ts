import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { creditCheckCharacter, organisationCheckCharacter } from '@jixiao/evaluation';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

function creditCode(body: string): string {
  const first17 = `11440803${body}${organisationCheckCharacter(body)}`;
  return first17 + creditCheckCharacter(first17);
}

suite(`单位名录 in the console${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app, { unitCount: 2 });
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
          await ui.screenshot('directory-failure').catch(() => undefined);
          throw failure;
        }
      },
      180_000,
    );

  const education = creditCode('00705712');
  const row = (name: string) => ui.page.locator('.ant-table-tbody tr', { hasText: name }).first();
  const dialog = () => ui.page.locator('.ant-modal:visible');

  /** Waits until the drawer has slid fully in, so that the screenshot shows it and not its animation. */
  async function drawerSettled(): Promise<void> {
    await ui.page.waitForFunction(() => {
      // Run in the page; the test's own TypeScript has no DOM types.
      const page = globalThis as unknown as {
        document: { querySelector(selector: string): object | null };
        innerWidth: number;
        getComputedStyle(element: object): { transform: string };
      };
      const panel = page.document.querySelector('.ant-drawer-open .ant-drawer-content-wrapper') as { getBoundingClientRect(): { left: number; right: number } } | null;
      if (!panel) return false;
      const box = panel.getBoundingClientRect();
      return Math.abs(box.right - page.innerWidth) < 1 && box.left >= -1 && page.getComputedStyle(panel).transform === 'none';
    });
  }

  /** Waits for the toasts of earlier actions to go, so that they do not cover a screenshot. */
  const toastsGone = () => ui.page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });

  async function phoneShot(name: string, ready: () => Promise<unknown>): Promise<void> {
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await ready();
    await toastsGone();
    await ui.screenshot(`${name}-phone`);
    await ui.page.setViewportSize({ width: 1366, height: 768 });
  }

  scenario('the officer adds units, is told which check character is wrong, renames, reads the history and archives', async () => {
    const page = ui.page;
    await ui.signIn(world.bureau.officer);
    await page.locator('.ant-menu').getByText('单位名录', { exact: true }).click();
    await page.getByRole('heading', { name: '单位名录' }).waitFor();
    await row(world.units[0]!.name).waitFor({ timeout: 60_000 });

    await ui.button('新增单位').click();
    const wrong = `${education.slice(0, 17)}${education[17] === 'A' ? 'B' : 'A'}`;
    await page.getByLabel('单位代码', { exact: true }).fill(wrong);
    await page.getByLabel('单位名称', { exact: true }).fill('霞山区教育局');
    await ui.choose('单位类型', '行政单位');
    await page.getByLabel('联系人', { exact: true }).fill('王芳');
    await page.getByLabel('电话', { exact: true }).fill('0759-2201234');
    await ui.button('保存').click();
    await dialog().getByText(`第 18 位应为“${education[17]}”`).first().waitFor();
    await ui.screenshot('directory-check-failed-1366');
    await page.getByLabel('单位代码', { exact: true }).fill(education);
    await ui.button('保存').click();
    await row('霞山区教育局').waitFor();

    await ui.button('新增单位').click();
    await page.getByLabel('单位代码', { exact: true }).fill('101201');
    await page.getByLabel('单位名称', { exact: true }).fill('霞山区第一中学');
    await ui.choose('主管部门', '霞山区教育局');
    await ui.choose('单位类型', '事业单位');
    await ui.button('保存').click();
    await row('霞山区第一中学').getByText('二级').waitFor();

    // 更名: the former name shows under the new one.
    await ui.button('编辑', row('霞山区第一中学')).click();
    await page.getByLabel('单位名称', { exact: true }).fill('霞山区第一中学（集团）');
    await ui.button('保存').click();
    await row('霞山区第一中学（集团）').getByText('曾用名：霞山区第一中学').waitFor();
    await ui.screenshot('directory-list-1366');
    await phoneShot('directory-list', () => row('霞山区教育局').waitFor());

    await ui.button('变动记录', row('霞山区第一中学（集团）')).click();
    const drawer = page.locator('.ant-drawer.ant-drawer-open');
    await drawer.getByText('更名：“霞山区第一中学” → “霞山区第一中学（集团）”').waitFor();
    await drawer.getByText(/新设，名称“霞山区第一中学”/).waitFor();
    await drawerSettled();
    await toastsGone();
    await ui.screenshot('directory-history-1366');
    // On a busy machine a click that lands while the drawer is still moving (after the viewport
    // changes back from phone width) can be lost: wait for it to settle, and click again if it stays.
    const closeDrawer = async () => {
      for (let attempt = 1; ; attempt += 1) {
        await drawerSettled();
        await drawer.locator('.ant-drawer-close').click();
        try {
          await drawer.waitFor({ state: 'detached', timeout: 5_000 });
          return;
        } catch (stillOpen) {
          if (attempt === 3) throw stillOpen;
        }
      }
    };
    await closeDrawer();
    // At phone width the drawer opens over the whole screen.
    await phoneShot('directory-history', async () => {
      await ui.button('变动记录', row('霞山区第一中学（集团）')).click();
      await drawer.getByText(/更名/).waitFor();
      await drawerSettled();
    });
    await closeDrawer();

    // 撤并 is refused while a subordinate is active, with the reason in words.
    await ui.button('撤并', row('霞山区教育局')).click();
    await dialog().getByLabel('撤并原因').fill('机构改革');
    await dialog().getByRole('button', { name: /撤\s*并/ }).click();
    await dialog().getByText(/还有在用的下属单位（霞山区第一中学（集团））/).waitFor();
    await ui.screenshot('directory-archive-refused-1366');
    await dialog().getByRole('button', { name: /取\s*消/ }).click();

    await ui.button('撤并', row('霞山区第一中学（集团）')).click();
    await dialog().getByLabel('撤并原因').fill('并入霞山区第二中学');
    await dialog().getByRole('button', { name: /撤\s*并/ }).click();
    await row('霞山区第一中学（集团）').waitFor({ state: 'detached' });
    await page.getByLabel('显示已撤并的单位').click();
    await row('霞山区第一中学（集团）').getByText('已撤并').waitFor();
    await ui.button('恢复', row('霞山区第一中学（集团）')).click();
    await row('霞山区第一中学（集团）').getByRole('button', { name: /撤\s*并/ }).waitFor();
  });

  scenario('the officer previews an import, sees every problem by row and column, then applies the corrected file', async () => {
    const page = ui.page;
    await ui.open('/directory');
    await row('霞山区教育局').waitFor({ timeout: 60_000 });
    await ui.button('导入名录').click();
    const input = dialog().locator('input[type=file]');
    const header = '单位代码,单位名称,主管部门,单位级次,单位类型,联系人,电话,邮箱,管理员账号';
    const health = creditCode('30000001');
    const bad = [
      header,
      `${health},霞山区卫生健康局,,一级,行政,赵敏,0759-1234567,wjj@xiashan.example,wjj.${world.tag}`,
      `${health.slice(0, 17)}${health[17] === '1' ? '2' : '1'},坏校验位单位,,,,,,,`,
      '201003,社区卫生服务中心,不存在的主管部门,二级,事业,,,,',
      `201004,霞山区教育局,,,,,,,`,
    ].join('\n');
    await input.setInputFiles({ name: '名录.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await dialog().getByText('文件中有 3 处问题').waitFor();
    await dialog().getByText('第 3 行').waitFor();
    await ui.screenshot('directory-import-problems-1366');
    await phoneShot('directory-import-problems', () => dialog().getByText('第 4 行').waitFor());

    const good = [
      header,
      `${health},霞山区卫生健康局,,一级,行政,赵敏,0759-1234567,wjj@xiashan.example,wjj.${world.tag}`,
      `201003,社区卫生服务中心,霞山区卫生健康局,二级,事业,钱进,13800138000,sq@xiashan.example,`,
      `${education},霞山区教育和体育局,,一级,行政,王芳,0759-2201234,,`,
      `101201,霞山区第一中学（集团）,${health},二级,事业,,,,`,
    ].join('\n');
    await input.setInputFiles({ name: '名录-改正.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await dialog().getByRole('region', { name: '新增' }).waitFor();
    await dialog().getByRole('region', { name: '更名' }).getByText('霞山区教育和体育局').waitFor();
    await dialog().getByRole('region', { name: '调整隶属' }).waitFor();
    await dialog().getByRole('region', { name: '管理员' }).getByText(`wjj.${world.tag}`).waitFor();
    await ui.screenshot('directory-import-preview-1366');
    await phoneShot('directory-import-preview', () => dialog().getByRole('region', { name: '新增' }).waitFor());
    await ui.button('确认导入').click();
    await page.getByText(/名录已导入：新增 2 个单位，更名 1 个，调整隶属 1 个/).waitFor();
    await row('社区卫生服务中心').getByText('二级').waitFor();
    await row('霞山区卫生健康局').getByText('1 人').waitFor();
    await ui.screenshot('directory-imported-1366');
  });
  scenario("the officer invites the administrator of a unit that has none, from its row", async () => {
    const page = ui.page;
    await ui.open('/directory');
    const unitRow = row('社区卫生服务中心');
    await unitRow.waitFor({ timeout: 60_000 });
    await ui.button('设管理员', unitRow).click();
    // The directory's contact is offered as the administrator.
    await dialog().locator('input[value="钱进"]').waitFor();
    await dialog().getByLabel('管理员用户名').fill(`sq.admin.${world.tag}`);
    await dialog().getByLabel('管理员邮箱').fill('');
    await ui.button('发送邀请', dialog()).click();
    await dialog().getByText('请填写邮箱，邀请邮件发到这里').waitFor();
    await dialog().getByLabel('管理员邮箱').fill(`sq.admin.${world.tag}@xiashan.example`);
    await dialog().getByText('请填写邮箱，邀请邮件发到这里').waitFor({ state: 'hidden' });
    await ui.screenshot('directory-administrator-1366');
    await phoneShot('directory-administrator', () => dialog().getByLabel('管理员邮箱').waitFor());
    await ui.button('发送邀请', dialog()).click();
    await page.getByText('已向钱进发送邀请邮件，由本人设置密码。').waitFor();
    await unitRow.getByText('1 人').waitFor();
  });
});
