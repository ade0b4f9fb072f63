import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { DueItemsService } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * For the bureau (issue 14, item 11), walked as a finance officer: from the tracking view, open a
 * unit and see who inside it is late with what (from the table, and from the card at phone width);
 * then accept several submitted units at once while someone else accepts one of them first, and
 * return units with one reason, each unit answered on its own.
 */
suite(`bureau: lateness inside a unit and batch decisions${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let officer: WorldUser;
  let campaignId: string;
  let caseOf: (index: number) => string;
  const name = (index: number) => world.units[index]!.name;
  // By aria-label: getByRole's name did not find labels with a space before Latin letters or digits here.
  const labelled = (label: string) => `[aria-label="${label}"]`;

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app, { unitCount: 4 });
    officer = world.bureau.officer;
    const issued = await issueCampaign(t.api, officer, world.units.map((u) => u.id));
    campaignId = issued.campaignId;
    caseOf = (index) => issued.caseIds.get(world.units[index]!.id)!;
    await driveCase(t.api, world.units[0]!, officer, caseOf(0), 'self_assessment');
    for (const index of [1, 2, 3]) await driveCase(t.api, world.units[index]!, officer, caseOf(index), 'submitted');
    // Unit 1's first section was due a week ago.
    const transactor = t.app.get(Transactor);
    await transactor.manager.query(
      `UPDATE case_sections SET due_date = $2 WHERE case_id = $1 AND position = (SELECT min(position) FROM case_sections WHERE case_id = $1)`,
      [caseOf(0), inDays(-7)],
    );
    await transactor.run((tx) => t.app.get(DueItemsService).refresh(tx, [caseOf(0)]));
    browser = await launchChromium();
    context = await newConsoleContext(browser, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    // Two cores shared by several suites: a page may take a while to answer a click.
    context.setDefaultTimeout(45_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  const scenario = (title: string, fn: () => Promise<void>, timeout = 240_000) =>
    it(
      title,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('bureau-failure').catch(() => undefined);
          throw failure;
        }
      },
      timeout,
    );

  const atPhoneWidth = async () => {
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await ui.page.getByTestId('tracking-cards').waitFor();
  };
  const atDesktop = () => ui.page.setViewportSize({ width: 1366, height: 768 });
  const state = async (index: number) => (await t.api.get(officer, `/api/cases/${caseOf(index)}`)).body.state as string;

  scenario('opens a unit from its row and from its card and shows who is late with which section', async () => {
    const page = ui.page;
    await ui.signIn(officer);
    await ui.open(`/campaigns/${campaignId}/tracking`);
    await page.getByTestId('tracking-total').getByText('共 4 个单位', { exact: false }).waitFor();
    await page.locator(`button${labelled(`逾期情况 ${name(0)}`)}`).first().click();
    const drawer = page.locator('.ant-drawer.ant-drawer-open');
    await drawer.getByText(`逾期情况：${name(0)}`).waitFor();
    await drawer.getByTestId('lateness-summary').getByText('共 1 项逾期。').waitFor();
    const member = `u1.member ${world.tag}`;
    await drawer.getByTestId('lateness-people').getByText(new RegExp(`${member}：待办 \\d+ 项，逾期 1 项`)).waitFor();
    const lateRow = drawer.locator('.ant-table-row').first();
    await lateRow.getByText(/逾期 \d+ 个工作日/).waitFor();
    expect(await lateRow.textContent()).toContain(member);
    expect(await drawer.locator('.ant-table-row').nth(1).textContent()).toContain('未逾期');
    await ui.screenshot('bureau-lateness');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });

    await atPhoneWidth();
    const card = page.getByTestId('tracking-cards').locator('.ant-card', { hasText: name(0) });
    await card.locator(`button${labelled(`逾期情况 ${name(0)}`)}`).click();
    await drawer.getByTestId('lateness-summary').getByText('共 1 项逾期。').waitFor();
    await drawer.getByTestId('lateness-sections').getByText(/逾期 \d+ 个工作日/).first().waitFor();
    await ui.screenshot('bureau-lateness-phone');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await atDesktop();
  });

  scenario('accepts three submitted units at once; the one someone accepted first is answered with the reason', async () => {
    const page = ui.page;
    await ui.open(`/campaigns/${campaignId}/tracking`);
    await page.getByTestId('tracking-total').getByText('共 4 个单位', { exact: false }).waitFor();
    for (const index of [1, 2, 3]) await page.locator(`input${labelled(`选择 ${name(index)}`)}`).check();
    // A unit that is not submitted cannot be chosen.
    expect(await page.locator(`input${labelled(`选择 ${name(0)}`)}`).isDisabled()).toBe(true);
    await ui.button('批量接收（3）').click();
    const dialog = page.locator('.ant-modal:visible', { hasText: '批量接收（3 个单位）' });
    // The list may be shortened with an ellipsis, which measures with hidden copies of the text: the first is the one shown.
    await dialog.getByTestId('batch-units').getByText(name(1), { exact: false }).first().waitFor();
    await ui.screenshot('bureau-batch-accept-confirm');
    // Meanwhile another officer's single accept lands first on unit 3.
    await t.api.event(officer, caseOf(3), { type: 'ACCEPT' });
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    const result = page.locator('.ant-modal:visible', { hasText: '批量接收结果' });
    await result.getByTestId('batch-summary').getByText('已接收 2 个单位，1 个未处理（原因见下）').waitFor();
    const refused = result.locator('.ant-list-item', { hasText: name(3) });
    await refused.getByText('未处理').waitFor();
    await refused.getByText(/不能进行这个操作/).waitFor();
    await ui.screenshot('bureau-batch-accept-result');
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await ui.screenshot('bureau-batch-accept-result-phone');
    await atDesktop();
    await result.locator('.ant-modal-footer .ant-btn-primary').click();
    await result.waitFor({ state: 'hidden' });
    expect(await Promise.all([1, 2, 3].map(state))).toEqual(['submitted.accepted', 'submitted.accepted', 'submitted.accepted']);
    // The selection is cleared once the batch is done.
    await page.getByRole('button', { name: '批量接收' }).waitFor();
  });

  scenario('returns two units with one reason, kept as a saved phrase, from the cards at phone width', async () => {
    const page = ui.page;
    await atPhoneWidth();
    for (const index of [1, 2]) await page.getByTestId('tracking-cards').locator(`input${labelled(`选择 ${name(index)}`)}`).check();
    await ui.button('批量退回（2）').click();
    const dialog = page.locator('.ant-modal:visible', { hasText: '批量退回（2 个单位）' });
    // Sending without a reason is stopped in the form.
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.getByText('请填写退回理由').waitFor();
    const reason = '项目支出绩效目标未细化量化，请补充后重新报送';
    const field = dialog.getByLabel('退回理由（各单位相同）');
    await field.fill(reason);
    // Saved as a phrase (常用语), then taken from the picker into an emptied field.
    const picker = dialog.getByTestId('phrase-picker-return');
    await ui.button('存为常用语', picker).click();
    await page.getByText('已存为常用语。').waitFor();
    await field.fill('');
    await ui.button('常用语', picker).click();
    await page.getByTestId('phrases-return').getByRole('button', { name: reason, exact: true }).click();
    expect(await field.inputValue()).toBe(reason);
    await ui.screenshot('bureau-batch-return-phone');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    const result = page.locator('.ant-modal:visible', { hasText: '批量退回结果' });
    await result.getByTestId('batch-summary').getByText('已退回 2 个单位。').waitFor();
    await ui.screenshot('bureau-batch-return-result-phone');
    await result.locator('.ant-modal-footer .ant-btn-primary').click();
    await atDesktop();
    await ui.screenshot('bureau-tracking-after-batches');
    expect([await state(1), await state(2)]).toEqual(['self_assessment', 'self_assessment']);
    const history = (await t.api.get(officer, `/api/cases/${caseOf(1)}/history`)).body as Array<{ event: string; comment: string }>;
    expect(history.at(-1)).toMatchObject({ event: 'RETURN', comment: reason });
  });
});
