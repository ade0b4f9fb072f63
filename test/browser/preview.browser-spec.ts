import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, FrameLocator } from 'playwright-core';
import { approveSections, driveCase, inDays, issueCampaign, saveCleanTables } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext, SCREENSHOT_DIR } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';
import { readEntry } from '../support/zip';

const suite = chromiumAvailable() ? describe : describe.skip;

/** The staffing table of section 1.1, as the seed's text gives it: the header typed, the rows pasted from a spreadsheet. */
const HEADER = ['机构', '编制数', '在职人数', '离休人数', '退休人数'];
const ROWS = [
  ['区委组织部', '20', '17', '1', '19'],
  ['区委党史研究室', '3', '2', '0', '0'],
  ['区改制企业离休干部安置管理中心', '1', '1', '0', '0'],
  ['区党员现代远程教育管理中心', '4', '3', '0', '0'],
  ['区党建指导中心', '30', '23', '0', '0'],
];

/**
 * Issue 14, items 2 and 5, walked in the browser: a writer puts section 1.1's staffing table into the
 * section editor, saves, reloads and finds it, then sees it in the draft preview; the approver of a
 * section and the leader approving the report open the preview beside their approve button, and the
 * leader downloads the draft .docx, marked 草稿.
 */
suite(`preview and tables: the report before approving it, a table in a section${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let officer: WorldUser;
  let caseId: string;

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    const issued = await issueCampaign(t.api, officer, [unit.id], { submissionDeadline: inDays(30), publicationDeadline: inDays(45) });
    caseId = issued.caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'self_assessment');
    browser = await launchChromium();
    context = await newConsoleContext(browser, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  const scenario = (name: string, fn: () => Promise<void>, timeout = 120_000) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('preview-failure').catch(() => undefined);
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
          throw failure;
        }
      },
      timeout,
    );

  /** Narrows the window to a phone's and lets the menu fold its items (a moment after the resize) before a screenshot. */
  const atPhoneWidth = () => ui.atPhoneWidth();
  const atDesktop = () => ui.atDesktop();
  const cell = (row: number, column: number) => ui.page.getByLabel(row < 0 ? `第 2 块表格 表头第 ${column + 1} 列` : `第 2 块表格 第 ${row + 1} 行第 ${column + 1} 列`, { exact: true });

  /** Opens the draft preview with the named button and answers its frame once the report is in it. */
  const openPreview = async (label: string): Promise<FrameLocator> => {
    await ui.button(label).click();
    await ui.page.locator('.ant-drawer-title', { hasText: '报告预览（草稿）' }).waitFor();
    const frame = ui.page.frameLocator('[data-testid="draft-frame"]');
    await frame.locator('.draft-banner').waitFor();
    return frame;
  };
  /** The open drawer as the person sees it: the window, not the page behind it. */
  const drawerShot = (name: string) => ui.page.screenshot({ path: join(SCREENSHOT_DIR, `preview-${name}.png`) });
  const closePreview = async () => {
    await ui.page.locator('.ant-drawer-close').click();
    await ui.page.locator('.ant-drawer iframe').waitFor({ state: 'hidden' });
  };

  scenario('a writer adds the staffing table to 1.1, saves, reloads and sees it, and finds it in the draft preview', async () => {
    const page = ui.page;
    await ui.signIn(unit.member);
    await ui.open(`/cases/${caseId}/sections/1.1`);
    await page.getByLabel('第 1 段', { exact: true }).fill('本部内设办公室、干部组等13个组室，下属事业单位4个。人员编制情况见下表。');
    await ui.button('插入表格').click();
    await page.getByLabel('第 2 块表格的标题', { exact: true }).fill('人员编制情况');
    // Three columns to start with: two more, then the header typed cell by cell.
    await ui.button('添加列').click();
    await ui.button('添加列').click();
    for (const [column, text] of HEADER.entries()) await cell(-1, column).fill(text);
    // The rows come from a spreadsheet: pasted into the first cell, they fill the grid and add the rows they need.
    await cell(0, 0).evaluate((input, text) => {
      // The browser's own classes; the tests compile without the DOM library.
      const browser = globalThis as unknown as { DataTransfer: new () => { setData(type: string, value: string): void }; ClipboardEvent: new (type: string, init: object) => unknown };
      const data = new browser.DataTransfer();
      data.setData('text/plain', text);
      input.dispatchEvent(new browser.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }) as Parameters<typeof input.dispatchEvent>[0]);
    }, `${ROWS.map((r) => r.join('\t')).join('\r\n')}\r\n`);
    await cell(4, 0).waitFor();
    expect(await cell(4, 0).inputValue()).toBe('区党建指导中心');
    expect(await cell(2, 4).inputValue()).toBe('0');
    await page.getByText('5 行 × 5 列；最多 50 行、10 列').waitFor();
    // A row added by mistake is removed again; the table moves above the paragraph and back.
    await ui.button('添加行').click();
    await page.getByText('6 行 × 5 列').waitFor();
    await page.getByRole('button', { name: '删除第 6 行' }).click();
    await page.getByText('5 行 × 5 列').waitFor();
    await page.getByRole('button', { name: '上移第 2 块' }).click();
    await page.getByTestId('table-editor-0').waitFor();
    await page.getByRole('button', { name: '下移第 1 块' }).click();
    await page.getByTestId('table-editor-1').waitFor();
    await ui.screenshot('preview-table-editor');
    await atPhoneWidth();
    await ui.screenshot('preview-table-editor-phone');
    await atDesktop();

    await ui.button('保存').click();
    await page.getByText('已保存为新的修订版本。').waitFor();
    await page.reload();
    await cell(4, 0).waitFor();
    expect(await cell(-1, 2).inputValue()).toBe('在职人数');
    expect(await cell(4, 0).inputValue()).toBe('区党建指导中心');
    expect(await page.getByLabel('第 2 块表格的标题', { exact: true }).inputValue()).toBe('人员编制情况');
    const saved = await t.api.get(unit.member, `/api/cases/${caseId}/sections/1.1/content`);
    expect(saved.body.blocks[1]).toEqual({ type: 'table', caption: '人员编制情况', header: HEADER, rows: ROWS });

    const frame = await openPreview('预览报告（草稿）');
    await frame.getByText('草稿（未盖章，仅供审阅）', { exact: false }).first().waitFor();
    await frame.locator('caption', { hasText: '人员编制情况' }).waitFor();
    await frame.locator('table', { has: frame.locator('caption', { hasText: '人员编制情况' }) }).locator('td', { hasText: '区改制企业离休干部安置管理中心' }).waitFor();
    await frame.locator('th', { hasText: '离休人数' }).first().waitFor();
    await drawerShot('writer-draft');
    await closePreview();
    await ui.signOut();
  });

  scenario('the approver of a section opens the draft preview beside 审核通过, then approves', async () => {
    const page = ui.page;
    expect((await t.api.post(unit.member, `/api/cases/${caseId}/sections/1.1/events`, { type: 'SUBMIT' })).status).toBe(200);
    await ui.signIn(unit.deputy);
    await ui.open(`/cases/${caseId}/sections/1.1`);
    await ui.button('审核通过').waitFor();
    // Read-only for the approver: the table shows as a table, not as inputs.
    await page.locator('.ant-table-cell', { hasText: '区党建指导中心' }).waitFor();
    const frame = await openPreview('先预览报告（草稿）');
    await frame.locator('table', { has: frame.locator('caption', { hasText: '人员编制情况' }) }).locator('td', { hasText: '区党建指导中心' }).waitFor();
    await closePreview();
    await ui.button('审核通过').click();
    await page.getByText('章节已审核通过。').waitFor();
    await ui.signOut();
  });

  scenario('the leader reads the report beside 审核通过报告, downloads the draft .docx marked 草稿, and approves', async () => {
    const page = ui.page;
    const codes: string[] = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.sections.map((s: { code: string }) => s.code);
    await approveSections(t.api, unit, caseId, codes);
    await saveCleanTables(t.api, unit, caseId);
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });

    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    await ui.expectCaseState('内部审核中');
    const approve = page.locator('[data-action="APPROVE"]');
    await approve.waitFor();
    // The preview sits beside the approve button, in the same row.
    const beside = page.locator('.ant-space', { has: approve }).getByRole('button', { name: '先预览报告（草稿）' });
    await beside.waitFor();
    const frame = await openPreview('先预览报告（草稿）');
    await frame.locator('h1', { hasText: '整体绩效自评报告（草稿）' }).waitFor();
    await frame.locator('table', { has: frame.locator('caption', { hasText: '人员编制情况' }) }).locator('td', { hasText: '区委党史研究室' }).waitFor();
    await drawerShot('leader-before-approve');
    await atPhoneWidth();
    await drawerShot('leader-before-approve-phone');
    await atDesktop();

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.ant-drawer').getByTestId('draft-docx').click()]);
    expect(download.suggestedFilename()).toMatch(/整体绩效自评报告（草稿）\.docx$/);
    expect(download.suggestedFilename()).toContain(unit.name);
    const path = join(tmpdir(), `jixiao-draft-${world.tag}.docx`);
    await download.saveAs(path);
    const docx = readFileSync(path);
    expect(readEntry(docx, 'word/header1.xml')).toContain('草稿（未盖章，仅供审阅）');
    const body = readEntry(docx, 'word/document.xml')!;
    expect(body).toContain('整体绩效自评报告（草稿）');
    expect(body).toContain('>区党建指导中心</w:t>');
    rmSync(path, { force: true });
    await closePreview();

    await ui.button('审核通过报告').click();
    await page.getByText('已审批').waitFor();
    await ui.signOut();

    // The seal keeper finds the preview beside 盖章定稿 too, and at phone width.
    await ui.signIn(unit.sealKeeper);
    await ui.open(`/cases/${caseId}`);
    const seal = page.locator('[data-action="SEAL"]');
    await seal.waitFor();
    await page.locator('.ant-space', { has: seal }).getByRole('button', { name: '先预览报告（草稿）' }).waitFor();
    await page.getByTestId('draft-actions').waitFor();
    await ui.screenshot('preview-seal-keeper');
    await atPhoneWidth();
    await ui.screenshot('preview-seal-keeper-phone');
    await atDesktop();

    // Once sealed, the sealed version opens in the same drawer: the same report, without the draft's marks.
    await ui.button('盖章定稿').click();
    await ui.button('盖章', page.locator('.ant-popconfirm')).click();
    await ui.expectCaseState('已盖章');
    await page.getByTestId('sealed-preview').click();
    const sealed = page.frameLocator('[data-testid="sealed-frame"]');
    await sealed.locator('h1', { hasText: /^整体绩效自评报告$/ }).waitFor();
    await sealed.locator('table', { has: sealed.locator('caption', { hasText: '人员编制情况' }) }).locator('td', { hasText: '区党建指导中心' }).waitFor();
    expect(await sealed.locator('.draft-banner').count()).toBe(0);
    await drawerShot('sealed-version');
    await closePreview();
    await ui.signOut();
  });
});
