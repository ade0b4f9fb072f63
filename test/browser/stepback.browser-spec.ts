import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { driveCase, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext, SCREENSHOT_DIR } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * Taking a step back, walked in the browser (issue 14 item 3): the writer withdraws a submitted
 * section; the compiler asks for an approved section to be reopened, and a leader sees the request
 * and reopens or declines it with a reason; the compiler withdraws the review request and the
 * submission. Each step asks first and says what will happen; the history names who did it.
 */
suite(`taking a step back: 撤回 and 重新打开${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let officer: WorldUser;
  let caseId: string;

  const sectionEvent = async (user: WorldUser, code: string, body: object) => {
    const response = await t.api.post(user, `/api/cases/${caseId}/sections/${code}/events`, body);
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    caseId = await newCase('self_assessment');
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

  async function newCase(target: Parameters<typeof driveCase>[4]): Promise<string> {
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    const id = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, id, target);
    return id;
  }

  const scenario = (name: string, fn: () => Promise<void>, timeout = 120_000) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('stepback-failure').catch(() => undefined);
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
          throw failure;
        }
      },
      timeout,
    );

  const atPhoneWidth = () => ui.atPhoneWidth();
  const atDesktop = () => ui.atDesktop();
  /** What the person sees in the window, where a full-page shot of a long case page is too tall to read. */
  const windowShot = (name: string) => ui.page.screenshot({ path: join(SCREENSHOT_DIR, `stepback-window-${name}.png`) });
  /** Opens a case-page confirmation again at phone width, so that it is placed for the narrow window, and shoots it. */
  const confirmAtPhoneWidth = async (button: string, title: string, name: string) => {
    const confirm = ui.page.locator('.ant-popconfirm');
    await ui.button('取消', confirm).click();
    await confirm.waitFor({ state: 'hidden' });
    await atPhoneWidth();
    await ui.button(button).click();
    await confirm.getByText(title).waitFor();
    await ui.page.waitForTimeout(300);
    await windowShot(name);
    await ui.screenshot(name);
  };
  const sectionState = (label: string) => ui.page.getByTestId('section-state').filter({ hasText: new RegExp(`^${label}$`) }).waitFor();
  const stateOf = async (code: string) => (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.sections.find((s: { code: string }) => s.code === code).state;

  scenario('the writer withdraws a submitted section after a confirmation that says what happens', async () => {
    const page = ui.page;
    await sectionEvent(unit.member, '1.1', { type: 'SUBMIT' });
    await ui.signIn(unit.member);
    await ui.open(`/cases/${caseId}/sections/1.1`);
    await sectionState('待审核');
    await ui.button('撤回').click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText('撤回提交？').waitFor();
    await confirm.getByText(/审核人的待办随之撤销/).waitFor();
    await page.waitForTimeout(300);
    await ui.screenshot('stepback-section-withdraw-confirm');
    await atPhoneWidth();
    await ui.screenshot('stepback-section-withdraw-confirm-phone');
    await atDesktop();
    await ui.button('撤回', confirm).click();
    await sectionState('撰写中');
    await page.getByLabel('第 1 段', { exact: true }).waitFor();
    expect(await page.getByLabel('第 1 段', { exact: true }).getAttribute('readonly')).toBeNull();
    expect(await stateOf('1.1')).toBe('drafting');
    await ui.signOut();
  });

  scenario('the compiler asks for an approved section to be reopened, with a reason, and sees the request waiting', async () => {
    const page = ui.page;
    await sectionEvent(unit.member, '1.2', { type: 'SUBMIT' });
    await sectionEvent(unit.deputy, '1.2', { type: 'APPROVE' });
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${caseId}/sections/1.2`);
    await sectionState('已审核');
    await ui.button('申请重新打开').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('申请重新打开这个章节？').waitFor();
    // Nothing to confirm until the reason is written.
    expect(await ui.button('提出申请', dialog).isDisabled()).toBe(true);
    await dialog.getByLabel('理由').fill('汇总时发现人员编制数与基础数据表不符。');
    await ui.screenshot('stepback-request-reopen-dialog');
    await ui.button('提出申请', dialog).click();
    await page.getByTestId('reopen-request').getByText('理由：汇总时发现人员编制数与基础数据表不符。').waitFor();
    // Asked once: the button stays, disabled, saying why.
    await page.getByTestId('reasons-REQUEST_REOPEN').getByText(/正等待评价小组组长或分管领导处理/).waitFor();
    // Found by its action mark: since the merge with the comments panel the query by role and name does not find this
    // disabled button although the page shows it (cause not yet understood); the mark names the same button.
    expect(await page.locator('[data-action="REQUEST_REOPEN"] button').isDisabled()).toBe(true);
    await ui.screenshot('stepback-request-reopen-waiting');
    await atPhoneWidth();
    await ui.screenshot('stepback-request-reopen-waiting-phone');
    await atDesktop();
    await ui.signOut();
  });

  scenario('the leader finds the request among the tasks and on the section, and reopens it with a reason', async () => {
    const page = ui.page;
    await ui.signIn(unit.leader);
    await page.getByText('审核章节').first().waitFor();
    await ui.open(`/cases/${caseId}`);
    await page.locator('.ant-tag', { hasText: '申请重新打开' }).waitFor();
    await ui.open(`/cases/${caseId}/sections/1.2`);
    const notice = page.getByTestId('reopen-request');
    await notice.getByText(/等待评价小组组长或分管领导处理/).waitFor();
    await ui.screenshot('stepback-leader-sees-request');
    await atPhoneWidth();
    await ui.screenshot('stepback-leader-sees-request-phone');
    await atDesktop();
    await ui.button('重新打开').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('重新打开这个已审核的章节？').waitFor();
    await dialog.getByText(/待处理的重新打开申请随之办结/).waitFor();
    await dialog.getByLabel('理由').fill('同意，请撰写人按基础数据表改正编制数。');
    await ui.screenshot('stepback-reopen-dialog');
    await atPhoneWidth();
    await ui.screenshot('stepback-reopen-dialog-phone');
    await atDesktop();
    await ui.button('重新打开', dialog).click();
    await sectionState('撰写中');
    await notice.waitFor({ state: 'detached' });
    expect(await stateOf('1.2')).toBe('drafting');

    // The history names who asked and who reopened, with their reasons.
    await ui.open(`/cases/${caseId}`);
    const history = page.locator('#case-history');
    const leaderName = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.group.find((m: { userId: string }) => m.userId === unit.leader.id).displayName;
    await history.locator('tr', { hasText: '重新打开章节' }).filter({ hasText: leaderName }).filter({ hasText: '同意，请撰写人按基础数据表改正编制数。' }).waitFor();
    await history.locator('tr', { hasText: '申请重新打开章节' }).filter({ hasText: '汇总时发现人员编制数与基础数据表不符。' }).waitFor();
    await history.locator('tr', { hasText: '撤回章节' }).waitFor();
    // The history card alone: the full case page is long, and a full-page shot of it can outlast the timeout on a busy machine.
    await history.screenshot({ path: join(SCREENSHOT_DIR, 'stepback-history.png'), timeout: 60_000 });
    await ui.signOut();
  });

  scenario('the writer of the reopened section sees why, who reopened it and when, and can write again', async () => {
    const page = ui.page;
    await ui.signIn(unit.member);
    await ui.open(`/cases/${caseId}/sections/1.2`);
    const notice = page.getByTestId('section-return');
    await notice.getByText('本章节审核通过后被重新打开，请按下面的意见修改后重新提交').waitFor();
    await notice.getByText('同意，请撰写人按基础数据表改正编制数。').waitFor();
    await notice.getByText(/重新打开$/).waitFor();
    expect(await page.getByLabel('第 1 段', { exact: true }).getAttribute('readonly')).toBeNull();
    await ui.screenshot('stepback-writer-sees-reopen');
    await atPhoneWidth();
    await ui.screenshot('stepback-writer-sees-reopen-phone');
    await atDesktop();
    await ui.signOut();
  });

  scenario('a leader declines a request with a reason; the section stays approved', async () => {
    const page = ui.page;
    await sectionEvent(unit.member, '1.3', { type: 'SUBMIT' });
    await sectionEvent(unit.deputy, '1.3', { type: 'APPROVE' });
    await sectionEvent(unit.compiler, '1.3', { type: 'REQUEST_REOPEN', reason: '第 2 段的数字需要再核。' });
    await ui.signIn(unit.deputy);
    await ui.open(`/cases/${caseId}/sections/1.3`);
    await page.getByTestId('reopen-request').waitFor();
    await ui.button('不同意重新打开').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('不同意重新打开？').waitFor();
    await dialog.getByLabel('理由').fill('已与基础数据表核对一致，不需修改。');
    await ui.button('不同意', dialog).click();
    await page.getByText('已答复：不同意重新打开。').waitFor();
    await page.getByTestId('reopen-request').waitFor({ state: 'detached' });
    await sectionState('已审核');
    expect(await stateOf('1.3')).toBe('approved');
    await ui.screenshot('stepback-declined');
    await ui.signOut();
  });

  scenario('a refused answer keeps the dialog open with the reason typed and says why inside it', async () => {
    const page = ui.page;
    await sectionEvent(unit.member, '1.4', { type: 'SUBMIT' });
    await sectionEvent(unit.deputy, '1.4', { type: 'APPROVE' });
    await sectionEvent(unit.compiler, '1.4', { type: 'REQUEST_REOPEN', reason: '项目数与明细不符。' });
    await ui.signIn(unit.deputy);
    await ui.open(`/cases/${caseId}/sections/1.4`);
    await page.getByTestId('reopen-request').waitFor();
    await ui.button('不同意重新打开').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('理由').fill('明细已核对，无需修改。');
    // Meanwhile the leader answers the same request: the deputy's answer comes too late.
    await sectionEvent(unit.leader, '1.4', { type: 'DECLINE_REOPEN', reason: '已核对。' });
    await ui.button('不同意', dialog).click();
    await dialog.getByTestId('step-back-refusal').waitFor();
    expect(await dialog.getByLabel('理由').inputValue()).toBe('明细已核对，无需修改。');
    await ui.screenshot('stepback-refused-in-dialog');
    await atPhoneWidth();
    await ui.screenshot('stepback-refused-in-dialog-phone');
    await atDesktop();
    // 重新加载 in the dialog closes it and shows the section as it now stands: the request answered by the leader.
    await ui.button('重新加载', dialog).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('reopen-request').waitFor({ state: 'detached' });
    await ui.signOut();
  });

  scenario('the compiler withdraws the review request from the case page after a confirmation', async () => {
    const page = ui.page;
    const reviewCaseId = await newCase('internal_review');
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${reviewCaseId}`);
    await ui.expectCaseState('内部审核中');
    await ui.button('撤回审核申请').click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText('撤回内部审核申请？').waitFor();
    await confirm.getByText(/审批人的待办随之撤销/).waitFor();
    await ui.screenshot('stepback-withdraw-review-confirm');
    await confirmAtPhoneWidth('撤回审核申请', '撤回内部审核申请？', 'stepback-withdraw-review-confirm-phone');
    await atDesktop();
    await ui.button('撤回', confirm).click();
    await ui.expectCaseState('自评中');
    await page.getByText('已撤回审核申请，报告回到自评阶段。').waitFor();
    await page.locator('#case-history tr', { hasText: '撤回审核申请' }).waitFor();
    await ui.signOut();
  });

  scenario('the compiler withdraws the submission before the bureau acts, and submits again', async () => {
    const page = ui.page;
    const submittedCaseId = await newCase('submitted');
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${submittedCaseId}`);
    await ui.expectCaseState('已报送，待财政局接收');
    await ui.button('撤回报送').click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.getByText('撤回报送？').waitFor();
    await confirm.getByText(/第 1 版报告从财政局撤回/).waitFor();
    await ui.screenshot('stepback-withdraw-submission-confirm');
    await confirmAtPhoneWidth('撤回报送', '撤回报送？', 'stepback-withdraw-submission-confirm-phone');
    await atDesktop();
    await ui.button('撤回', confirm).click();
    await ui.expectCaseState('已盖章');
    await page.locator('#case-history tr', { hasText: '撤回报送' }).waitFor();
    await ui.button('报送财政局').waitFor();
    await ui.screenshot('stepback-withdrawn-submission');
    await ui.signOut();
  });
});
