import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { DEFAULT_INDICATOR_CONFIG, indicatorLeaves } from '@jixiao/report';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * The console's small frictions, walked in the browser: a step that cannot be undone asks first;
 * what is only not filled yet reads as progress, not as an error; the assignment form starts afresh
 * after a batch; no frame around the page; grade bands that do not seem to overlap; no green bar for
 * the units not yet scored.
 */
suite(`console polish: confirmations, progress instead of errors, small things${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let officer: WorldUser;
  let campaignId: string;
  let caseId: string;
  let codes: string[];

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    const issued = await issueCampaign(t.api, officer, [unit.id], { submissionDeadline: inDays(30), publicationDeadline: inDays(45) });
    campaignId = issued.campaignId;
    caseId = issued.caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'group_formed');
    codes = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.sections.map((s: { code: string }) => s.code);
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

  /** Runs a scenario; on failure keeps what the browser showed next to the other screenshots. */
  const scenario = (name: string, fn: () => Promise<void>, timeout = 90_000) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('polish-failure').catch(() => undefined);
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
          throw failure;
        }
      },
      timeout,
    );

  /** Waits until the locator matches `count` elements (the page settles after a reload). */
  const countIs = async (locator: Locator, count: number) => {
    for (let tries = 0; ; tries += 1) {
      const found = await locator.count();
      if (found === count) return;
      if (tries === 100) throw new Error(`expected ${count} of ${locator.toString()}, found ${found}`);
      await ui.page.waitForTimeout(100);
    }
  };
  /** Narrows the window to a phone's and lets the menu fold its items (a moment after the resize) before a screenshot. */
  const atPhoneWidth = () => ui.atPhoneWidth();
  const atDesktop = () => ui.atDesktop();

  scenario('after a batch the assignment form starts afresh: the sections still unassigned, no field marked as missing', async () => {
    const page = ui.page;
    // All but three sections are assigned already; the leader assigns two of the three in the browser.
    for (const code of codes.slice(0, -3)) {
      expect((await t.api.put(unit.leader, `/api/cases/${caseId}/sections/${code}/assignment`, { assigneeId: unit.member.id, dueDate: inDays(10) })).status).toBe(200);
    }
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    const form = page.locator('[data-action="ASSIGN_SECTIONS"]');
    await countIs(form.locator('.ant-select-selection-item'), 3);
    // Backspace in the multiple select drops the last section chosen.
    await page.getByLabel('章节', { exact: true }).click();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await countIs(form.locator('.ant-select-selection-item'), 2);
    const member = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.group.find((m: { userId: string }) => m.userId === unit.member.id);
    await ui.choose('撰写人', member.displayName);
    // Typed and confirmed with Enter, as people do: Enter confirms the date and does not send the form.
    await page.getByLabel('完成期限', { exact: true }).fill(inDays(10));
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    expect(await page.getByText(/已分配 \d+ 个章节。/).count()).toBe(0);
    await countIs(form.locator('.ant-select-selection-item'), 2);
    expect(await page.getByLabel('完成期限', { exact: true }).inputValue()).toBe(inDays(10));
    await ui.button('分配', form).click();
    await page.getByText('已分配 2 个章节。').waitFor();
    // The form now holds the one section left, and nothing in it is red.
    await countIs(form.locator('.ant-select-selection-item'), 1);
    await form.locator('.ant-select-selection-item', { hasText: codes.at(-1)! }).waitFor();
    expect(await form.locator('.ant-form-item-explain-error').count()).toBe(0);
    await ui.screenshot('polish-assignment-after-batch');
    await atPhoneWidth();
    await ui.screenshot('polish-assignment-after-batch-phone');
    await atDesktop();
    await ui.signOut();
  });

  scenario('starting the self-assessment asks first and says what happens; cancelling changes nothing', async () => {
    const page = ui.page;
    const last = codes.at(-1)!;
    expect((await t.api.put(unit.leader, `/api/cases/${caseId}/sections/${last}/assignment`, { assigneeId: unit.member.id, dueDate: inDays(10) })).status).toBe(200);
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    await ui.expectCaseState('已成立评价小组');
    await ui.button('开始自评').click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText('开始自评？').waitFor();
    await confirm.getByText(/不能再回到成立小组阶段/).waitFor();
    await ui.screenshot('polish-start-confirm');
    await ui.button('取消', confirm).click();
    await confirm.waitFor({ state: 'hidden' });
    expect((await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.state).toBe('group_formed');
    await atPhoneWidth();
    await ui.button('开始自评').click();
    await confirm.getByText('开始自评？').waitFor();
    await ui.screenshot('polish-start-confirm-phone');
    await ui.button('开始自评', confirm).click();
    await ui.expectCaseState('自评中');
    await atDesktop();
    await ui.signOut();
  });

  scenario('an empty section opens with what is still to write in grey, and shows the error only after a save', async () => {
    const page = ui.page;
    const code = codes[0]!;
    await ui.signIn(unit.member);
    await ui.open(`/cases/${caseId}/sections/${encodeURIComponent(code)}`);
    await page.getByLabel('第 1 段', { exact: true }).waitFor();
    await page.getByTestId('unfilled').getByText(/^待填写：.*还没有正文内容/).waitFor();
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    expect(await page.locator('textarea.ant-input-status-error').count()).toBe(0);
    await ui.screenshot('polish-empty-section');
    await atPhoneWidth();
    await ui.screenshot('polish-empty-section-phone');
    await atDesktop();
    // Saved empty: the check that ran on the save is shown as the error it is.
    await ui.button('保存').click();
    await page.getByText('保存后系统检查发现的问题').waitFor();
    await page.locator('.ant-alert-error', { hasText: /还没有正文内容/ }).first().waitFor();
    await ui.screenshot('polish-empty-section-saved');
    await ui.signOut();
  });

  scenario('an empty score sheet and data table open with what is still to fill in grey, not with errors', async () => {
    const page = ui.page;
    const leaves = indicatorLeaves(DEFAULT_INDICATOR_CONFIG);
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${caseId}/indicator-scores`);
    await page.getByLabel(`${leaves[0]!.code} ${leaves[0]!.name} 得分`).waitFor();
    await countIs(page.getByTestId('unfilled').filter({ hasText: /尚未评分/ }), leaves.length);
    // Nothing scored is not a score of 0.
    const total = page.locator('.ant-statistic', { hasText: '自评得分' }).locator('.ant-statistic-content');
    expect((await total.innerText()).trim()).toBe('—');
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    expect(await page.locator('input.ant-input-status-error, .ant-input-status-error').count()).toBe(0);
    await ui.screenshot('polish-empty-score-sheet');
    await atPhoneWidth();
    await ui.screenshot('polish-empty-score-sheet-phone');
    await atDesktop();
    // What is wrong is still red at once: a score above its maximum.
    await page.getByLabel(`${leaves[0]!.code} ${leaves[0]!.name} 得分`).fill(leaves[0]!.maximum.plus(1).toFixed());
    await page.locator(`.ant-table-row[data-row-key="${leaves[0]!.code}"]`).locator('.ant-alert-error').first().waitFor();
    // One score in: the total says how many of the sheet's scores it counts.
    await total.getByText(`（已评 1/${leaves.length} 项）`).waitFor();

    await ui.open(`/cases/${caseId}/data-table`);
    await page.getByLabel('收入合计', { exact: true }).waitFor();
    await page.getByTestId('unfilled').first().waitFor();
    expect(await page.locator('.ant-alert-error').count()).toBe(0);
    await ui.screenshot('polish-empty-data-table');
    await atPhoneWidth();
    await ui.screenshot('polish-empty-data-table-phone');
    await atDesktop();
    await ui.signOut();
  });

  scenario('statistics: no frame around the page, grade bands that do not overlap, and no green bar for the units not yet scored', async () => {
    const page = ui.page;
    await ui.signIn(officer);
    await ui.open(`/campaigns/${campaignId}/statistics`);
    await page.getByText('良（80–<90 分）：0 个单位').waitFor();
    await page.getByText('优（90–100 分）：0 个单位').waitFor();
    await page.getByText('未完成评分：1 个单位').waitFor();
    expect(await page.evaluate<string>('getComputedStyle(document.body).margin')).toBe('0px');
    // The full bar of the units not yet scored is grey, not antd's green of a finished task.
    expect(await page.locator('.ant-progress-status-success').count()).toBe(0);
    await ui.screenshot('polish-statistics');
    await atPhoneWidth();
    await ui.screenshot('polish-statistics-phone');
    await atDesktop();
    await ui.signOut();
  });
});
