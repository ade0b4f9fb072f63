import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import request from 'supertest';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { binary } from '../support/binary';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { visibleEnglish } from '../support/english';
import { pngClaiming, sealPng } from '../support/png';
import { startTestApp, type TestApp } from '../support/test-app';
import { newSystemAdmin, newWorld, TEST_PASSWORD, type World, type WorldUnit, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The electronic seal in the console: the unit admin sets it up on 电子印章, the case is sealed,
 * the bureau officer verifies the downloaded PDF on 核验签章, and anyone signed out opens the public
 * link and checks a file against it (the original agrees, an altered copy does not).
 */
suite(`electronic seal and verification in the console${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let officer: WorldUser;
  let caseId: string;
  let documentNumber: string;
  let pdf: Buffer;
  let publicLink: string;

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    browser = await launchChromium();
    context = await newConsoleContext(browser, { viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  /** Each step depends on the one before: a failure leaves a screenshot and stops the rest. */
  const step = (name: string, fn: () => Promise<void>) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('electronic-seal-failure').catch(() => undefined);
          throw failure;
        } finally {
          await ui.page.setViewportSize({ width: 1366, height: 768 });
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
        }
      },
      180_000,
    );

  /** The page as it stands, at 1366 × 768 and at a phone's 390 × 844; no English on it. */
  async function bothWidths(name: string): Promise<void> {
    expect(await visibleEnglish(ui.page)).toEqual([]);
    await ui.screenshot(`${name}-1366`);
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await ui.page.waitForTimeout(300);
    await ui.screenshot(`${name}-phone`);
    await ui.page.setViewportSize({ width: 1366, height: 768 });
  }

  step('the unit admin sets up the unit’s seal on 电子印章, after a confirmation that keeps the old one for verifying', async () => {
    const page = ui.page;
    await ui.signIn(unit.admin);
    // The menu folds its later entries behind "···" at 1366 px: open the page by its address.
    await ui.open('/seal');
    await page.getByRole('heading', { name: '电子印章', exact: true }).waitFor();
    await page.getByText('尚未设置电子印章').waitFor();
    await page.getByText('具有法律效力的电子签章需要依法设立的电子认证服务机构颁发的证书').waitFor();
    await bothWidths('seal-none');
    await page.locator('input[type=file]').setInputFiles({ name: '公章.png', mimeType: 'image/png', buffer: sealPng(160) });
    const confirm = page.locator('.ant-modal-confirm');
    // Enter in the date field confirms the date and sets nothing up: the button does.
    await ui.date('到期日期', inDays(365));
    await page.waitForTimeout(500);
    expect(await confirm.count()).toBe(0);
    await ui.button('设置印章').click();
    await confirm.waitFor();
    await ui.button('设置', confirm).click();
    const record = page.getByTestId('unit-seal');
    await record.waitFor();
    expect(await record.innerText()).toContain(unit.name);
    expect(await record.innerText()).toContain('在用');
    expect(await record.innerText()).toContain(inDays(365));
    await page.getByRole('img', { name: '电子印章图片' }).waitFor();
    // Replacing it asks first, and says the old seal stays for what it signed.
    await page.locator('input[type=file]').setInputFiles({ name: '公章.png', mimeType: 'image/png', buffer: sealPng(160) });
    await ui.date('到期日期', inDays(365));
    await ui.button('更换印章').click();
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('会保留，用于核验它已盖章的文件');
    await bothWidths('seal-replace-confirm');
    await ui.button('取消', confirm).click();
    await bothWidths('seal-active');
  });

  step('the sealed case offers its PDF beside the .docx, and the bureau officer verifies it on 核验签章', async () => {
    const page = ui.page;
    const campaign = await issueCampaign(t.api, officer, [unit.id]);
    caseId = campaign.caseIds.get(unit.id)!;
    documentNumber = (await t.api.get(officer, `/api/campaigns/${campaign.campaignId}`)).body.documentNumber;
    await driveCase(t.api, unit, officer, caseId, 'submitted');
    const fetched = await request(t.server)
      .get(`/api/cases/${caseId}/sealed-versions/1/pdf`)
      .set('Authorization', `Bearer ${await t.api.token(unit.leader)}`)
      .buffer(true)
      .parse(binary);
    expect(fetched.status).toBe(200);
    pdf = fetched.body as Buffer;

    await ui.signIn(officer);
    await ui.open(`/cases/${caseId}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载第 1 版 PDF/ }).click()]);
    const pdfPath = join(tmpdir(), `jixiao-sealed-${world.tag}.pdf`);
    await download.saveAs(pdfPath);
    expect(sha256(readFileSync(pdfPath))).toBe(sha256(pdf));
    rmSync(pdfPath, { force: true });
    await bothWidths('case-sealed-versions');
    await page.getByRole('link', { name: '核验' }).click();
    await page.getByRole('heading', { name: '核验签章' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({ name: '自评报告.pdf', mimeType: 'application/pdf', buffer: pdf });
    const facts = page.getByTestId('seal-facts');
    await facts.waitFor();
    const text = await facts.innerText();
    for (const fact of [unit.name, '整体绩效自评报告', '2023 年度', documentNumber, '第 1 版', '否，是最新的盖章版本', 'SM2/SM3', '完整，与盖章文件一致', '有效', inDays(365)]) expect(text).toContain(fact);
    expect(await page.getByTestId('seal-verdict').innerText()).toContain('是本系统盖章的文件，文件完整');
    publicLink = await page.getByTestId('public-link').innerText();
    expect(publicLink).toMatch(/\/verify\/[A-Za-z0-9_-]{32}$/);
    await bothWidths('verify-found');

    // One byte changed: not a file sealed here.
    const altered = Buffer.from(pdf);
    altered[Math.floor(altered.length / 2)] ^= 0x01;
    await page.locator('input[type=file]').setInputFiles({ name: '改过的报告.pdf', mimeType: 'application/pdf', buffer: altered });
    await page.getByTestId('seal-verdict').filter({ hasText: '不是本系统盖章的文件，或盖章后已被改动' }).waitFor();
    await bothWidths('verify-not-found');
  });

  step('the public link opens signed out, shows the same facts, and tells the original (一致) from an altered copy (不一致)', async () => {
    const page = ui.page;
    await page.goto(publicLink);
    const facts = page.getByTestId('seal-facts');
    await facts.waitFor();
    const text = await facts.innerText();
    for (const fact of [unit.name, '整体绩效自评报告', documentNumber, '第 1 版', 'SM2/SM3', '有效']) expect(text).toContain(fact);
    expect(await page.getByLabel('用户名').count()).toBe(0);
    await bothWidths('public-verify');

    await page.locator('input[type=file]').setInputFiles({ name: '下载的报告.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByTestId('check-verdict').filter({ hasText: '一致，是这份盖章文件的原件' }).waitFor();
    const altered = Buffer.concat([pdf, Buffer.from('%% appended\n')]);
    await page.locator('input[type=file]').setInputFiles({ name: '改过的报告.pdf', mimeType: 'application/pdf', buffer: altered });
    await page.getByTestId('check-verdict').filter({ hasText: '不一致' }).waitFor();
    await bothWidths('public-verify-altered');

    // A link that names nothing says so in the code's words.
    await page.goto(publicLink.replace(/\/verify\/.*$/, `/verify/${'x'.repeat(32)}`));
    await page.getByText('核验链接无效，或这份报告不提供公开核验').waitFor();
    await ui.screenshot('public-verify-unknown-1366');
  });

  step('the system administrator names the unit, sees its seal, and an over-size image is refused in words', async () => {
    const page = ui.page;
    const systemAdmin = await newSystemAdmin(t.app, world.tag);
    await ui.open('/sign-in');
    await page.getByLabel('用户名').fill(systemAdmin.username);
    await page.getByLabel('密码').fill(TEST_PASSWORD);
    await ui.button('登录').click();
    await page.getByRole('heading', { name: '财政局管理' }).waitFor({ timeout: 60_000 });
    await ui.open('/seal');
    await page.getByLabel('单位编号（ID）').fill(unit.id);
    await ui.button('查看该单位的电子印章').click();
    await page.getByTestId('unit-seal').filter({ hasText: unit.name }).waitFor();
    expect(page.url()).toContain(`/units/${unit.id}/seal`);
    await page.locator('input[type=file]').setInputFiles({ name: '扫描件.png', mimeType: 'image/png', buffer: pngClaiming(3000, 3000) });
    const confirm = page.locator('.ant-modal-confirm');
    await ui.date('到期日期', inDays(365));
    await ui.button('更换印章').click();
    await ui.button('更换', confirm).click();
    await page.getByRole('alert').filter({ hasText: '印章图片不能使用' }).waitFor();
    await bothWidths('seal-refused');
    // Nothing changed: the seal set up by the unit admin is still the active one.
    expect(await page.getByTestId('unit-seal').innerText()).toContain('在用');
  });
});
