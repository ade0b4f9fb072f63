import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import request from 'supertest';
import { binary } from '../support/binary';
import { driveCase, fullScoreSheet, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { htmlParagraphs, typesetPdf } from '../support/typeset-pdf';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * The case page as the publisher meets it after a return by the finance bureau: uploading the
 * version the return replaced is refused at the top of the 登记公开 form, naming that version; the
 * history names the finance officer and the unit admin, prints alone and exports as .xlsx.
 */
suite(`publication refusals and the history in the console${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let officer: WorldUser;
  let caseId: string;
  const firstPath = join(tmpdir(), `jixiao-first-version-${process.pid}.docx`);
  const pdfPath = join(tmpdir(), `jixiao-typeset-again-${process.pid}.pdf`);

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'submitted');
    const first = await request(t.server)
      .get(`/api/cases/${caseId}/sealed-versions/1/document`)
      .set('Authorization', `Bearer ${await t.api.token(unit.leader)}`)
      .buffer(true)
      .parse(binary);
    writeFileSync(firstPath, first.body as Buffer);
    await t.api.event(officer, caseId, { type: 'RETURN', reason: '自评得分偏高，请核实后重新报送。' });
    const sheet = fullScoreSheet();
    sheet[0] = { ...sheet[0]!, score: String(Number(sheet[0]!.score) - 1), justification: '按财政局意见扣 1 分。' };
    await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: sheet });
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(officer, caseId, { type: 'ACCEPT' });

    browser = await launchChromium();
    context = await newConsoleContext(browser, { viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(firstPath, { force: true });
    rmSync(pdfPath, { force: true });
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  it('refuses the replaced version at the top of the 登记公开 form, in view, at 1366 and at phone width', async () => {
    const page = ui.page;
    await ui.signIn(unit.publisher);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width === 1366 ? 768 : 844 });
      await ui.open(`/cases/${caseId}`);
      await ui.expectCaseState('财政局已接收');
      await page.locator('input[type=file]').setInputFiles(firstPath);
      await ui.button('登记公开').click();
      // Publication asks first (it cannot be undone); the refusal comes after the confirmation.
      const confirm = page.locator('.ant-modal-confirm');
      await ui.button('登记公开', confirm).click();
      await confirm.waitFor({ state: 'detached' });
      const refusal = page.getByTestId('publish-refusal').getByRole('alert');
      await refusal.getByText(/第 1 版.*第 2 版/).waitFor();
      expect(await refusal.isVisible()).toBe(true);
      // In view: the refusal's top is inside the window, not scrolled off.
      const box = (await refusal.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeLessThan(width === 1366 ? 768 : 844);
      await page.screenshot({ path: join('reports/screenshots', `history-publication-refusal-${width}.png`) });
      await ui.screenshot(`publication-refusal-${width}-full`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    await ui.signOut();
  }, 120_000);

  it('reads a PDF typeset again and names the one figure it changed, at 1366 and at phone width', async () => {
    const page = ui.page;
    const preview = await t.api.get(unit.leader, `/api/cases/${caseId}/sealed-versions/2/preview`);
    const paragraphs = htmlParagraphs(preview.text).map((line) => (line.startsWith('收入合计') ? line.replace('2686.26', '2686.00') : line));
    writeFileSync(pdfPath, await typesetPdf(paragraphs));
    await ui.signIn(unit.publisher);
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width === 1366 ? 768 : 844 });
      await ui.open(`/cases/${caseId}`);
      await page.getByText('PDF 可以是盖章版本的原件').waitFor();
      await page.locator('input[type=file]').setInputFiles(pdfPath);
      await ui.button('登记公开').click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.getByText('重新排版的 PDF 逐节、逐个数字比对文字').waitFor();
      await ui.button('登记公开', confirm).click();
      await confirm.waitFor({ state: 'detached' });
      const refusal = page.getByTestId('publish-refusal').getByRole('alert');
      await refusal.getByText(/收入合计/).waitFor();
      expect(await refusal.innerText()).toMatch(/2686\.26[\s\S]*2686\.00|2686\.00[\s\S]*2686\.26/);
      await page.screenshot({ path: join('reports/screenshots', `publication-pdf-refusal-${width}.png`) });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    await ui.signOut();
  }, 120_000);

  it('names the finance officer and the unit admin in the history, prints it alone and exports it', async () => {
    const page = ui.page;
    const me = async (user: WorldUser) => (await t.api.get(user, '/api/auth/me')).body.displayName as string;
    await page.setViewportSize({ width: 1366, height: 768 });
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    const history = page.locator('#case-history');
    await history.getByRole('cell', { name: await me(officer) }).first().waitFor();
    await history.getByRole('cell', { name: await me(unit.admin) }).first().waitFor();
    await ui.screenshot('history-names-1366');

    const download = page.waitForEvent('download');
    await ui.button('导出 Excel').click();
    expect((await download).suggestedFilename()).toMatch(/办理记录\.xlsx$/);

    await page.emulateMedia({ media: 'print' });
    await ui.screenshot('history-print');
    await page.emulateMedia({ media: 'screen' });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await history.getByText(await me(officer)).first().waitFor();
    await history.scrollIntoViewIfNeeded();
    await ui.screenshot('history-names-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await ui.signOut();
  }, 120_000);
});
