import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { driveCase, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * Comments where the text is, walked in the browser: the leader reads a submitted section as text,
 * comments on one paragraph with a saved phrase (常用语) and returns the section with another; the
 * writer sees the open comment on the case page and beside the text, and resolves it.
 */
suite(`comments and saved phrases${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;
  let caseId: string;
  const paragraph = '2023 年度部门预算执行率为 98.6%，较上年提高 2.1 个百分点，全年支出 2702.04 万元，其中基本支出 975.88 万元。';

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    const issued = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    caseId = issued.caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'self_assessment');
    const saved = await t.api.put(unit.member, `/api/cases/${caseId}/sections/1.2/content`, {
      blocks: [
        { type: 'heading', text: '（一）预算执行情况' },
        { type: 'paragraph', text: paragraph },
        { type: 'paragraph', text: '项目支出 1726.16 万元，主要用于党员教育培训和基层党建工作。' },
      ],
      expectedRevision: 0,
    });
    expect(saved.status).toBe(200);
    expect((await t.api.post(unit.member, `/api/cases/${caseId}/sections/1.2/events`, { type: 'SUBMIT' })).status).toBe(200);
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

  const scenario = (name: string, fn: () => Promise<void>, timeout = 120_000) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (failure) {
          await ui.screenshot('comments-failure').catch(() => undefined);
          throw failure;
        }
      },
      timeout,
    );

  const atPhoneWidth = () => ui.atPhoneWidth();
  const atDesktop = () => ui.atDesktop();

  scenario('the leader reads the section as text, comments on a paragraph with a saved phrase, and returns it with another', async () => {
    const page = ui.page;
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}/sections/1.2`);
    // The text is read as text: no text boxes, the paragraph as it will print.
    await page.getByText(paragraph).waitFor();
    expect(await page.getByRole('textbox', { name: '第 2 段' }).count()).toBe(0);
    const panel = page.getByTestId('comments-panel');
    await panel.getByText('还没有评论。').waitFor();

    await page.getByRole('button', { name: '评论第 2 段' }).click();
    const newComment = page.getByTestId('new-comment');
    await newComment.getByText('评论第 2 段').waitFor();
    await ui.button('常用语', newComment.getByTestId('phrase-picker-comment')).click();
    const phrases = page.getByTestId('phrases-comment');
    await phrases.getByRole('button', { name: '请核对此处数字。' }).click();
    const box = page.getByLabel('评论内容');
    expect(await box.inputValue()).toBe('请核对此处数字。');
    await box.fill('请核对此处数字。执行率与决算报表不一致。');
    // Saved for next time: the leader's own phrase replaces the defaults in the list.
    await ui.button('存为常用语', newComment).click();
    await page.getByText('已存为常用语。').waitFor();
    await ui.screenshot('comments-leader-writing');
    await ui.button('发表评论', newComment).click();
    await page.getByText('评论已发表。').waitFor();
    const thread = panel.getByTestId('comment-thread');
    await thread.getByText('请核对此处数字。执行率与决算报表不一致。').waitFor();
    await thread.getByText(/^第 2 段：2023 年度部门预算执行率为 98\.6%/).waitFor();
    await panel.getByText('1 条待解决').waitFor();
    await page.getByRole('button', { name: '评论第 2 段' }).filter({ hasText: '（1）' }).waitFor();

    // The return reason offers the return phrases.
    await ui.button('常用语', page.getByTestId('phrase-picker-return')).click();
    await page.getByTestId('phrases-return').getByRole('button', { name: '请按意见修改后重新提交。' }).click();
    expect(await page.getByLabel('退回理由', { exact: true }).inputValue()).toBe('请按意见修改后重新提交。');
    await ui.screenshot('comments-leader-commented');
    await atPhoneWidth();
    await ui.screenshot('comments-leader-commented-phone');
    await atDesktop();
    await ui.button('退回修改').click();
    await page.getByText('已退回撰写人修改。').waitFor();

    const listed = await t.api.get(unit.leader, `/api/me/phrases?kind=comment`);
    expect(listed.body).toMatchObject([{ text: '请核对此处数字。执行率与决算报表不一致。', builtIn: false }]);
    await ui.signOut();
  });

  scenario('the writer sees the open comment on the case page and beside the text, and resolves it', async () => {
    const page = ui.page;
    await ui.signIn(unit.member);
    await ui.open(`/cases/${caseId}`);
    await page.getByText('1 条评论待解决').waitFor();
    await ui.screenshot('comments-case-page');
    await atPhoneWidth();
    await ui.screenshot('comments-case-page-phone');
    await atDesktop();

    await page.getByRole('link', { name: /^1\.2 / }).click();
    const panel = page.getByTestId('comments-panel');
    const thread = panel.getByTestId('comment-thread');
    await thread.getByText('请核对此处数字。执行率与决算报表不一致。').waitFor();
    // The writer edits: the text is in text boxes again, the comment beside it.
    await page.getByRole('textbox', { name: '第 2 段' }).waitFor();
    await ui.screenshot('comments-writer-sees');
    await ui.button('回复', thread).click();
    await page.getByLabel('回复内容').fill('已与决算报表核对，执行率改为 98.5%。');
    await ui.button('发表回复', thread).click();
    await page.getByText('已回复。').waitFor();
    await ui.button('解决', thread).click();
    await page.getByText('已标为解决。').waitFor();
    await panel.getByText('没有待解决的评论。').waitFor();
    await panel.getByText('全部（1）').click();
    await thread.getByText('已解决', { exact: true }).waitFor();
    await thread.getByText(/标为已解决$/).waitFor();
    await ui.screenshot('comments-writer-resolved');
    await atPhoneWidth();
    await ui.screenshot('comments-writer-resolved-phone');
    await atDesktop();

    const comments = await t.api.get(unit.member, `/api/cases/${caseId}/sections/1.2/comments`);
    expect(comments.body).toMatchObject({ open: 0, threads: [{ resolvedById: unit.member.id, replies: [{ text: '已与决算报表核对，执行率改为 98.5%。' }] }] });
  });

  scenario('the leader approves the report with an opinion taken from the saved phrases, and the history keeps it', async () => {
    const page = ui.page;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const reviewed = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, reviewed, 'internal_review');
    await ui.signOut().catch(() => undefined);
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${reviewed}`);
    const approve = page.locator('[data-action="APPROVE"]');
    await ui.button('常用语', approve).click();
    await page.getByTestId('phrases-approval').getByRole('button', { name: '同意，请按程序办理。' }).click();
    expect(await page.getByLabel('审批意见（可不填）').inputValue()).toBe('同意，请按程序办理。');
    await ui.screenshot('comments-approval-opinion');
    await atPhoneWidth();
    await ui.screenshot('comments-approval-opinion-phone');
    await atDesktop();
    await ui.button('审核通过报告', approve).click();
    await page.getByText('已审核通过。').waitFor();
    const history = await t.api.get(unit.leader, `/api/cases/${reviewed}/history`);
    expect(history.body.at(-1)).toMatchObject({ event: 'APPROVE', comment: '同意，请按程序办理。' });
  });
});
