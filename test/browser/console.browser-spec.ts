import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEFAULT_INDICATOR_CONFIG, indicatorLeaves } from '@jixiao/report';
import { LIFECYCLE_EVENT_TYPES } from '@jixiao/workflow';
import { SEED_REPORT_DATA_TABLE, SEED_REPORT_INCOME_ACKNOWLEDGEMENT, SEED_REPORT_SCORES, SEED_REPORT_SECTIONS, SEED_REPORT_SELF_SCORE } from '@jixiao/demo';
import { inDays } from '../support/api-client';
import { buildConsole, buttonName, CHROMIUM_PATH, SCREENSHOT_DIR, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const suite = chromiumAvailable() ? describe : describe.skip;
if (!chromiumAvailable()) {
  process.stdout.write(`\nBrowser tests skipped: no Chromium at ${CHROMIUM_PATH}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.\n`);
}

suite(`the web console in Chromium${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
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
    context = await newConsoleContext(browser, { viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves the console at / and at console paths, and leaves /api to the API', async () => {
    const address = t.server.address() as { port: number };
    const page = await fetch(`http://127.0.0.1:${address.port}/cases/some-case/sections/1.1`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`http://127.0.0.1:${address.port}/api/no-such-route`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ code: 'ROUTE.NOT_FOUND' });
  });

  it("takes the seed unit's report from the notice to publication, each step in the browser by the person whose step it is", async () => {
    try {
      await noticeToPublication();
    } catch (failure) {
      // What the browser showed when a step failed, next to the other screenshots.
      await ui.screenshot('failure').catch(() => undefined);
      throw failure;
    }
  }, 240_000);

  async function noticeToPublication(): Promise<void> {
    const page = ui.page;
    const documentNumber = `浏览器测试〔2024〕${world.tag}号`;

    // The finance officer drafts the notice and issues it.
    await ui.signIn(officer);
    await ui.open('/campaigns');
    await page.getByLabel('文号').fill(documentNumber);
    await page.getByLabel('标题').fill('关于开展2023年度部门整体支出绩效自评的通知');
    await page.getByLabel('评价年度').fill('2023');
    await ui.date('报送截止日期', inDays(30));
    // Enter confirmed the date typed and did not send the half-filled notice: no field says it is missing.
    await page.waitForTimeout(500);
    expect(await page.locator('.ant-form-item-explain-error').count()).toBe(0);
    expect(await page.getByLabel('报送截止日期', { exact: true }).inputValue()).toBe(inDays(30));
    // The publication deadline before the submission deadline: the API's refusal is shown in words under the field at fault.
    await ui.date('公开截止日期', inDays(20));
    await page.getByLabel('尾差容许范围（万元）').fill('0.02');
    await ui.pick('参评单位', world.tag, unit.name);
    // Public verification of sealed PDFs is on unless the officer turns it off.
    expect(await page.getByRole('switch', { name: '允许公开核验盖章文件' }).getAttribute('aria-checked')).toBe('true');
    await ui.button('保存草稿').click();
    await page.locator('.ant-form-item', { has: page.getByLabel('公开截止日期') }).getByText('公开截止日期不能早于报送截止日期。').waitFor();
    await ui.screenshot('campaign-field-error');
    await ui.atPhoneWidth();
    await ui.screenshot('campaign-form-phone');
    await ui.atDesktop();
    await ui.date('公开截止日期', inDays(45));
    await page.keyboard.press('Escape');
    // By element and text: right after the field's error clears, Chromium's accessibility tree can
    // lag behind the page, and a role query then misses this button although it is on screen.
    await page.locator('button:visible', { hasText: buttonName('保存草稿') }).click();
    const row = page.getByRole('row', { name: new RegExp(escape(documentNumber)) });
    await row.waitFor();

    // The draft's own page: Enter in a date field confirms the date there and saves nothing; the button saves.
    const draftId: string = (await t.api.get(officer, '/api/campaigns?limit=100')).body.items.find((c: { documentNumber: string }) => c.documentNumber === documentNumber).id;
    await ui.open(`/campaigns/${draftId}`);
    await ui.date('报送截止日期', inDays(31));
    await page.waitForTimeout(500);
    expect(await page.getByText('已保存通知的修改。').count()).toBe(0);
    expect((await t.api.get(officer, `/api/campaigns/${draftId}`)).body.submissionDeadline).toBe(inDays(30));
    await page.keyboard.press('Escape');
    await ui.screenshot('campaign-draft-terms');
    await ui.atPhoneWidth();
    await ui.screenshot('campaign-draft-terms-phone');
    await ui.atDesktop();
    await ui.button('保存修改').click();
    await page.getByText('已保存通知的修改。').waitFor();
    expect((await t.api.get(officer, `/api/campaigns/${draftId}`)).body.submissionDeadline).toBe(inDays(31));
    await ui.open('/campaigns');
    await ui.button('下发', row).click();
    await ui.button('下发', page.locator('.ant-popconfirm')).click();
    await row.getByText('已下发').waitFor();
    await ui.screenshot('campaigns');
    await ui.signOut();
    const campaigns = await t.api.get(officer, '/api/campaigns?limit=100');
    const campaignId: string = campaigns.body.items.find((c: { documentNumber: string }) => c.documentNumber === documentNumber).id;
    expect(campaigns.body.items.find((c: { id: string }) => c.id === campaignId).publicSealVerification).toBe(true);
    const cases = await t.api.get(officer, `/api/cases?campaignId=${campaignId}`);
    const caseId: string = cases.body.items[0].id;

    // The unit admin forms the working group; the form is preset from people's roles.
    await ui.signIn(unit.admin);
    await ui.open(`/cases/${caseId}`);
    await ui.expectCaseState('已下发通知');
    await ui.button('成立评价小组').click();
    await ui.expectCaseState('已成立评价小组');
    await ui.signOut();

    // The group leader assigns every section to a member with a due date and starts the self-assessment.
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    const member = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.group.find((m: { userId: string }) => m.userId === unit.member.id);
    await ui.choose('撰写人', member.displayName);
    await ui.date('完成期限', inDays(10));
    await ui.button('分配').click();
    await page.getByRole('cell', { name: member.displayName }).first().waitFor();
    await ui.screenshot('case-assigned');
    // Starting the self-assessment cannot be undone: the console asks first.
    await ui.button('开始自评').click();
    await ui.button('开始自评', page.locator('.ant-popconfirm')).click();
    await ui.expectCaseState('自评中');
    await ui.signOut();

    // A member drafts a section in the editor: template text is flagged as it is typed, then replaced.
    const drafted = SEED_REPORT_SECTIONS.find((s) => s.blocks.every((b) => b.type === 'paragraph'))!;
    const paragraphs = drafted.blocks.map((b) => (b.type === 'paragraph' ? b.text : ''));
    await ui.signIn(unit.member);
    await page.getByRole('link', { name: new RegExp(`^撰写章节：${escape(drafted.code)} `) }).waitFor();
    await ui.screenshot('member-tasks');
    await page.getByRole('link', { name: new RegExp(`^撰写章节：${escape(drafted.code)} `) }).click();
    await page.getByLabel('第 1 段', { exact: true }).fill('请填写本节内容');
    await page.getByRole('status').getByText(/请填写/).first().waitFor();
    await ui.screenshot('section-template-text-flagged');
    for (const [index, text] of paragraphs.entries()) {
      if (index > 0) await ui.button('添加一段').click();
      await page.getByLabel(`第 ${index + 1} 段`, { exact: true }).fill(text);
    }
    expect(await page.getByRole('status').count()).toBe(0);
    await ui.button('保存').click();
    await page.getByText('第 1 次保存 ·').waitFor();
    await ui.button('提交审核').click();
    await page.getByTestId('section-state').filter({ hasText: '待审核' }).waitFor();
    await ui.screenshot('section-submitted');
    await ui.signOut();

    // The other sections are not the point of the console test: drafted and submitted through the API.
    for (const section of SEED_REPORT_SECTIONS.filter((s) => s.code !== drafted.code)) {
      expect((await t.api.put(unit.member, `/api/cases/${caseId}/sections/${section.code}/content`, { expectedRevision: 0, blocks: section.blocks })).status).toBe(200);
      expect((await t.api.post(unit.member, `/api/cases/${caseId}/sections/${section.code}/events`, { type: 'SUBMIT' })).status).toBe(200);
    }

    // The deputy leader approves the drafted section in the browser, the rest through the API.
    await ui.signIn(unit.deputy);
    await page.getByRole('link', { name: new RegExp(`^审核章节：${escape(drafted.code)} `) }).click();
    await ui.button('审核通过').click();
    await page.getByTestId('section-state').filter({ hasText: '已审核' }).waitFor();
    await ui.signOut();
    for (const section of SEED_REPORT_SECTIONS.filter((s) => s.code !== drafted.code)) {
      expect((await t.api.post(unit.deputy, `/api/cases/${caseId}/sections/${section.code}/events`, { type: 'APPROVE' })).status).toBe(200);
    }

    // The compiler types the basic data table and sees the seed's 0.02 万元 gap next to the income total as it types.
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${caseId}/data-table`);
    const amounts: Record<string, string> = {
      收入合计: '2686.28',
      一般公共预算财政拨款收入: '2300.39',
      政府性基金预算财政拨款收入: '381.59',
      其他收入: '4.28',
      支出合计: '2702.04',
      基本支出: '975.88',
      项目支出: '1726.16',
    };
    for (const [label, value] of Object.entries(amounts)) await page.getByLabel(label, { exact: true }).fill(value);
    for (const [index, row] of (SEED_REPORT_DATA_TABLE.staffing ?? []).entries()) {
      await ui.button('添加一行').click();
      const n = index + 1;
      await page.getByLabel(`第 ${n} 行机构名称`).fill(row.organ);
      await page.getByLabel(`第 ${n} 行编制数`).fill(String(row.authorizedPosts));
      await page.getByLabel(`第 ${n} 行实有在职人数`).fill(String(row.staffInPost));
      await page.getByLabel(`第 ${n} 行退休人数`).fill(String(row.retired));
      await page.getByLabel(`第 ${n} 行离休人数`).fill(String(row.retiredBefore1949));
    }
    const liveWarning = page.getByRole('status').filter({ hasText: '2686.26' });
    await liveWarning.first().waitFor();
    await ui.screenshot('data-table-live-check');
    await ui.button('保存数据表').click();
    await page.getByText('第 1 次保存').waitFor();
    await page.getByLabel('确认说明').fill(SEED_REPORT_INCOME_ACKNOWLEDGEMENT);
    await ui.button('确认警告').click();
    await page.getByText(/^已确认：/).waitFor();

    // The indicator scores: the total and grade follow the typing; every deduction carries its reason.
    await ui.open(`/cases/${caseId}/indicator-scores`);
    const names = new Map(indicatorLeaves(DEFAULT_INDICATOR_CONFIG).map((leaf) => [leaf.code, leaf.name]));
    for (const entry of SEED_REPORT_SCORES) {
      await page.getByLabel(`${entry.code} ${names.get(entry.code)} 得分`).fill(entry.score ?? '');
      if (entry.justification) await page.getByLabel(`${entry.code} ${names.get(entry.code)} 扣分理由`).fill(entry.justification);
    }
    await page.locator('.ant-statistic', { hasText: '自评得分' }).getByText(SEED_REPORT_SELF_SCORE.total, { exact: true }).waitFor();
    await page.locator('.ant-statistic', { hasText: '自评等级' }).getByText(SEED_REPORT_SELF_SCORE.grade, { exact: true }).waitFor();
    await ui.screenshot('indicator-scores');
    await ui.button('保存评分').click();
    await page.getByText('第 1 次保存').waitFor();
    await ui.open(`/cases/${caseId}`);
    await ui.button('提请内部审核').click();
    await ui.expectCaseState('内部审核中');
    await ui.signOut();

    // The group leader approves the report.
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    await ui.button('审核通过报告').click();
    await page.getByText('已审批').waitFor();
    await ui.screenshot('internal-review-approved');
    await ui.signOut();

    /** The open confirmation, seen again at phone width, then back to the desktop. */
    const confirmationAtPhoneWidth = async (name: string) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(300);
      // What the phone shows around the open confirmation, not the whole long page.
      await page.locator('.ant-popconfirm:visible, .ant-modal-confirm').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOT_DIR, `console-${name}.png`) });
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.waitForTimeout(300);
    };

    // The seal keeper seals and downloads the sealed .docx: the very file whose SHA-256 the case records.
    await ui.signIn(unit.sealKeeper);
    await ui.open(`/cases/${caseId}`);
    // Sealing asks first, and says which content version is frozen and that the report becomes read-only.
    await ui.button('盖章定稿').click();
    const sealConfirm = page.locator('.ant-popconfirm');
    await sealConfirm.getByText('盖章定稿第 1 版？').waitFor();
    await sealConfirm.getByText(/只读/).waitFor();
    await ui.screenshot('seal-confirm');
    await confirmationAtPhoneWidth('seal-confirm-phone');
    await ui.button('盖章', sealConfirm).click();
    await ui.expectCaseState('已盖章');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载第 1 版 \.docx/ }).click()]);
    const docxPath = join(tmpdir(), `jixiao-sealed-${world.tag}.docx`);
    await download.saveAs(docxPath);
    const sealed = await t.api.get(unit.leader, `/api/cases/${caseId}`);
    expect(createHash('sha256').update(readFileSync(docxPath)).digest('hex')).toBe(sealed.body.sealedDigest);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    await ui.screenshot('sealed');
    await ui.signOut();

    // The compiler goes to submit, but the group leader submits first (through the API): the
    // compiler's click is refused as stale, explained, and a reload shows what happened.
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${caseId}`);
    await ui.button('报送财政局').waitFor();
    await t.api.event(unit.leader, caseId, { type: 'SUBMIT' });
    await ui.button('报送财政局').click();
    await page.locator('.ant-popconfirm').getByText(/财政局接收或退回/).waitFor();
    await ui.screenshot('submit-confirm');
    await confirmationAtPhoneWidth('submit-confirm-phone');
    await ui.button('报送', page.locator('.ant-popconfirm')).click();
    await page.getByRole('alert').getByText('其他人已先一步操作').waitFor();
    await ui.screenshot('conflict-explained');
    await ui.button('重新加载').click();
    await ui.expectCaseState('已报送，待财政局接收');
    await ui.signOut();
    await ui.signIn(officer);
    await ui.open(`/cases/${caseId}`);
    await ui.button('接收报告').click();
    await ui.expectCaseState('财政局已接收');
    await ui.signOut();

    // The publisher records the publication with the published file, which must be the sealed one.
    await ui.signIn(unit.publisher);
    await ui.open(`/cases/${caseId}`);
    await page.locator('input[type=file]').setInputFiles(docxPath);
    await page.getByLabel('公开网址').fill('https://www.xiashan.gov.cn/zwgk/jxgk/2024/report.docx');
    await ui.button('登记公开').click();
    // Publication asks first, and says the file is compared with the sealed version.
    const publishConfirm = page.locator('.ant-modal-confirm');
    await publishConfirm.getByText(/与盖章的第 1 版逐字节比对/).waitFor();
    await ui.screenshot('publish-confirm');
    await confirmationAtPhoneWidth('publish-confirm-phone');
    await ui.button('登记公开', publishConfirm).click();
    await ui.expectCaseState('已公开');
    await page.getByRole('cell', { name: '登记公开' }).waitFor();
    await ui.screenshot('published-with-history');

    // Reading on a phone: the same case, narrow.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await ui.expectCaseState('已公开');
    await ui.screenshot('phone-case-overview');
    await page.setViewportSize({ width: 1366, height: 768 });
    await ui.signOut();
    rmSync(docxPath, { force: true });

    const history = await t.api.get(unit.publisher, `/api/cases/${caseId}/history`);
    // Section assignments and section moves are recorded too; the lifecycle is these.
    const lifecycle: string[] = ['ISSUE', ...LIFECYCLE_EVENT_TYPES];
    expect(history.body.map((h: { event: string }) => h.event).filter((event: string) => lifecycle.includes(event))).toEqual([
      'ISSUE',
      'FORM_GROUP',
      'START_SELF_ASSESSMENT',
      'REQUEST_REVIEW',
      'APPROVE',
      'SEAL',
      'SUBMIT',
      'ACCEPT',
      'PUBLISH',
    ]);
    expect(history.body.at(-1)).toMatchObject({ actorId: unit.publisher.id, details: { matchedBy: 'document' } });
    expect(history.body.find((h: { event: string }) => h.event === 'SUBMIT')).toMatchObject({ actorId: unit.leader.id });
  }
});
