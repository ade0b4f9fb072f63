import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * Issue 14 item 13 as people use it: a report approved 依次 (the deputy, then the group leader), the
 * approval panel showing the order, who approved and whose turn it is; 前加签 and 后加签 by the
 * approver whose turn it is; 传阅 to people of the unit, who find it under 待阅 and mark it 已阅.
 */
suite(`approval modes: 依次, 前加签, 后加签, 传阅${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let officer: WorldUser;

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
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

  const scenario = (name: string, fn: () => Promise<void>, timeout = 300_000) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('approval-modes-failure').catch(() => undefined);
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
          throw failure;
        }
      },
      timeout,
    );

  const sequentialCase = async (): Promise<string> => {
    const issued = await issueCampaign(t.api, officer, [unit.id], { submissionDeadline: inDays(30), publicationDeadline: inDays(45), approvalMode: 'sequential' });
    const caseId = issued.caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'internal_review');
    return caseId;
  };
  const atPhoneWidth = () => ui.atPhoneWidth();
  const atDesktop = () => ui.atDesktop();
  const panel = () => ui.page.getByTestId('approval-panel');
  const step = (user: WorldUser) => panel().getByTestId(`approver-${user.id}`);
  /**
   * Picks people in a Select inside a dialog by their user name (shown in the option), without Escape,
   * which would close the dialog. A click that lands while the dropdown is still opening selects
   * nothing, so each choice is checked and tried again.
   */
  const pickIn = async (dialog: Locator, label: string, users: WorldUser[]) => {
    const field = dialog.locator('.ant-form-item', { has: ui.page.getByLabel(label, { exact: true }) });
    for (const user of users) {
      for (let attempt = 1; !((await field.textContent()) ?? '').includes(`（${user.username}）`); attempt += 1) {
        if (attempt > 3) throw new Error(`could not pick ${user.username} in ${label}`);
        if ((await ui.page.locator('.ant-select-dropdown:visible').count()) === 0) await dialog.getByLabel(label, { exact: true }).click();
        await ui.page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: `（${user.username}）` }).first().click();
        await ui.page.waitForTimeout(200);
      }
    }
    await dialog.locator('.ant-modal-title').click();
  };
  /** A screenshot, tried once more when the first times out on a page still settling under load. */
  const shot = async (name: string) => {
    await ui.screenshot(name).catch(() => ui.screenshot(name));
  };

  let caseId: string;

  scenario('依次: the leader sees the deputy’s turn and waits', async () => {
    const page = ui.page;
    caseId = await sequentialCase();
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    await ui.expectCaseState('内部审核中');
    await panel().getByText('依次审批：按顺序逐一审核通过').waitFor();
    expect(await step(unit.deputy).getAttribute('data-turn')).toBe('true');
    expect(await step(unit.leader).getAttribute('data-turn')).toBe('false');
    await page.locator('[data-action="APPROVE"]').getByText('还没有轮到您审批：须等排在您前面的审批人审核通过。').waitFor();
    expect(await ui.button('审核通过报告').isDisabled()).toBe(true);
    await shot('approval-sequential-leader-waits');
    await atPhoneWidth();
    await shot('approval-sequential-leader-waits-phone');
    await atDesktop();
    await ui.signOut();
  });

  scenario('前加签: the deputy adds someone before themselves, who then approves first', async () => {
    const page = ui.page;
    await ui.signIn(unit.deputy);
    await ui.open(`/cases/${caseId}`);
    await panel().waitFor();
    await ui.button('前加签').click();
    const dialog = page.locator('.ant-modal', { hasText: '前加签：请此人在您之前审批' });
    await pickIn(dialog, '加签人', [unit.member2]);
    await dialog.getByLabel('理由', { exact: true }).fill('涉及专项资金，请先复核');
    await shot('approval-before-dialog');
    await ui.button('前加签', dialog).click();
    await page.getByText('已前加签，待其审核通过后再由您审批。').waitFor();
    await panel().getByText(/^由 .* 前加签$/).waitFor();
    for (let tries = 0; (await step(unit.member2).getAttribute('data-turn').catch(() => null)) !== 'true'; tries += 1) {
      if (tries === 100) throw new Error('the person added before is not at their turn');
      await page.waitForTimeout(100);
    }
    expect(await step(unit.deputy).getAttribute('data-turn')).toBe('false');
    await page.locator('[data-action="APPROVE"]').getByText(/还没有轮到您审批/).waitFor();
    await shot('approval-before-added');
    await atPhoneWidth();
    await shot('approval-before-added-phone');
    await atDesktop();
    await ui.signOut();
  });

  scenario('后加签: after the person added before has approved, the deputy adds someone after themselves and approves', async () => {
    const page = ui.page;
    // The person added approves; then it is the deputy's turn again, who adds after themselves.
    await ui.signIn(unit.member2);
    await ui.open(`/cases/${caseId}`);
    await ui.button('审核通过报告').click();
    await page.getByText('已审核通过。').waitFor();
    await ui.signOut();

    await ui.signIn(unit.deputy);
    await ui.open(`/cases/${caseId}`);
    await panel().waitFor();
    await ui.button('后加签').click();
    const after = page.locator('.ant-modal', { hasText: '后加签：请此人在您之后审批' });
    await pickIn(after, '加签人', [unit.member]);
    await after.getByLabel('理由', { exact: true }).fill('请撰写人核对文字');
    await ui.button('后加签', after).click();
    await page.getByText('已后加签，您审核通过后由其接着审批。').waitFor();
    await panel().getByText(/^由 .* 后加签$/).waitFor();
    await ui.button('审核通过报告').click();
    await page.getByText('已审核通过。').waitFor();
    for (let tries = 0; (await step(unit.member).getAttribute('data-turn').catch(() => null)) !== 'true'; tries += 1) {
      if (tries === 100) throw new Error('the person added after is not at their turn');
      await page.waitForTimeout(100);
    }
    const order = await panel().locator('[data-testid^="approver-"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid')));
    expect(order).toEqual([unit.member2, unit.deputy, unit.member, unit.leader].map((u) => `approver-${u.id}`));
    await shot('approval-after-added');
    // The history names every step.
    await page.locator('#case-history').getByText(/前加签 .*（在其之前审批）/).first().waitFor();
    await page.locator('#case-history').getByText(/后加签 .*（在其之后审批）/).first().waitFor();
    await ui.signOut();
  });

  scenario('传阅: a leader sends the report for reading; the reader finds it under 待阅 and marks it 已阅; the case shows who has read it', async () => {
    const page = ui.page;
    const caseId = await sequentialCase();
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    const circulation = page.getByTestId('circulation-panel');
    await ui.button('传阅报告', circulation).click();
    const dialog = page.locator('.ant-modal', { hasText: '传阅报告' });
    await pickIn(dialog, '传阅给', [unit.member, unit.compiler]);
    await dialog.getByLabel('附言', { exact: true }).fill('请阅知本年度自评报告');
    await shot('circulate-dialog');
    await ui.button('传阅', dialog).click();
    await page.getByText('已传阅给 2 人。').waitFor();
    await circulation.getByText('已阅 0 / 2 人').waitFor();
    await shot('circulate-sent');
    await ui.signOut();

    await ui.signIn(unit.member);
    const reading = page.getByTestId('reading-list');
    await reading.getByText('未阅 1 份').waitFor();
    await reading.getByText('请阅知本年度自评报告').waitFor();
    await shot('circulate-reading-list');
    await atPhoneWidth();
    await shot('circulate-reading-list-phone');
    await atDesktop();
    await reading.getByRole('link', { name: /自评报告/ }).first().click();
    await ui.button('已阅', page.getByTestId('circulation-panel')).click();
    await page.getByText('已标记为已阅。').waitFor();
    await page.getByTestId('circulation-panel').getByText(/^您已于 .* 阅知$/).waitFor();
    await page.getByTestId('circulation-panel').getByText('已阅 1 / 2 人').waitFor();
    await shot('circulate-read');
    await atPhoneWidth();
    await shot('circulate-read-phone');
    await atDesktop();
    await ui.signOut();

    // Reading blocks nothing and is nobody's task: the member's 待办 has nothing of this case.
    const tasks = (await t.api.get(unit.member, '/api/me/tasks')).body.items as Array<{ caseId: string }>;
    expect(tasks.filter((i) => i.caseId === caseId)).toEqual([]);
  });
});
