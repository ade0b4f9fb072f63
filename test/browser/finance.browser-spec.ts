import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import { MailDispatcher, WORKING_DAYS } from '@jixiao/evaluation';
import { Transactor } from '@jixiao/persistence';
import { driveCase, inDays, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { newOutboxRow } from '../support/mail';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUser } from '../support/world';
import { testNow } from '../support/clock';

const suite = chromiumAvailable() ? describe : describe.skip;

suite(`the finance bureau's tracking view and the mailbox in Chromium${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let world: World;
  let officer: WorldUser;
  let campaignId: string;
  let caseIds: Map<string, string>;
  let mailId: string;
  let failedMailId: string;
  let lastYear: { id: string; documentNumber: string };

  beforeAll(async () => {
    webRoot = buildConsole();
    // No SMTP_URL: mail goes to the local mailbox under this directory.
    dataDir = mkdtempSync(join(tmpdir(), 'jixiao-finance-browser-'));
    t = await startTestApp({ DATA_DIR: dataDir }, { webRoot });
    jest.spyOn(t.app.get<{ isWorkingDay(date: string): boolean }>(WORKING_DAYS), 'isWorkingDay').mockReturnValue(true);
    world = await newWorld(t.app, { unitCount: 4 });
    officer = world.bureau.officer;
    ({ campaignId, caseIds } = await issueCampaign(t.api, officer, world.units.map((u) => u.id)));
    // Units in several states: two submitted, one drafting, one not started.
    const [first, second, third, fourth] = world.units;
    await driveCase(t.api, first!, officer, caseIds.get(first!.id)!, 'submitted');
    await driveCase(t.api, second!, officer, caseIds.get(second!.id)!, 'submitted');
    await driveCase(t.api, third!, officer, caseIds.get(third!.id)!, 'self_assessment');
    // An earlier campaign to set beside this one in the statistics.
    const earlier = await issueCampaign(t.api, officer, [world.units[0]!.id], { fiscalYear: 2022 });
    lastYear = { id: earlier.campaignId, documentNumber: (await t.api.get(officer, `/api/campaigns/${earlier.campaignId}`)).body.documentNumber };
    // One reminder to the officer, delivered into the local mailbox as the worker would.
    mailId = await newOutboxRow(t.app, { recipientId: officer.id, sendAfter: testNow(), payload: { window: { start: '00:00', end: '24:00' }, unitName: third!.name } });
    const report = await t.app.get(MailDispatcher).deliverDue({ organisationIds: [world.bureau.id] });
    expect(report.sent).toBe(1);
    // And one that fails at once: its recipient has no e-mail address.
    await t.app.get(Transactor).manager.query('UPDATE users SET email = NULL WHERE id = $1', [fourth!.compiler.id]);
    failedMailId = await newOutboxRow(t.app, { recipientId: fourth!.compiler.id, sendAfter: testNow(), payload: { window: { start: '00:00', end: '24:00' } } });
    expect((await t.app.get(MailDispatcher).deliverDue({ organisationIds: [fourth!.id] })).failed).toBe(1);
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
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** The dialog's OK button (the dialog that is open now; a closing one may still be in the page). */
  const confirmDialog = () => ui.page.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary').click();

  const trackingRow = async (unitId: string) => {
    const answer = await t.api.get(officer, `/api/campaigns/${campaignId}/tracking?limit=50`);
    return answer.body.items.find((item: { unitId: string }) => item.unitId === unitId);
  };

  it('filters, exports, returns one unit with a reason, re-checks another and extends a deadline in the tracking view', async () => {
    const page = ui.page;
    const [first, second, third, fourth] = world.units as [World['units'][0], World['units'][0], World['units'][0], World['units'][0]];
    const total = page.getByTestId('tracking-total');
    try {
      await ui.signIn(officer);
      await ui.open('/campaigns');
      await page.getByRole('row').filter({ hasText: '报送跟踪' }).first().waitFor();
      await ui.open(`/campaigns/${campaignId}/tracking`);
      await total.filter({ hasText: '共 4 个单位' }).waitFor();
      await page.getByRole('row', { name: new RegExp(third.name) }).getByText('自评中').waitFor();
      await ui.screenshot('finance-tracking-all-units');

      // The filter goes into the address, and the view follows it.
      await ui.choose('环节', '已报送（全部）');
      await page.waitForURL(/state=submitted/);
      await total.filter({ hasText: '共 2 个单位' }).waitFor();
      await ui.screenshot('finance-tracking-filtered-submitted');

      // The export carries the same filter: the two submitted units, under Chinese headers, in an .xlsx that reads back.
      const [download] = await Promise.all([page.waitForEvent('download'), ui.button('导出 Excel').click()]);
      expect(download.suggestedFilename()).toMatch(/跟踪表.*\.xlsx$/);
      const xlsxPath = join(dataDir, 'tracking.xlsx');
      await download.saveAs(xlsxPath);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(xlsxPath);
      const sheet = workbook.worksheets[0]!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(headers).toEqual(expect.arrayContaining(['单位名称', '单位代码', '状态', '自评分', '复核分', '最近退回原因']));
      const names: string[] = [];
      sheet.eachRow((row, number) => {
        if (number > 1) names.push(String(row.getCell(1).value));
      });
      expect(names.sort()).toEqual([first.name, second.name].sort());

      // Return the first unit with a reason: it leaves the submitted filter, and the reason is kept.
      await page.getByRole('button', { name: `退回 ${first.name}` }).click();
      await page.getByLabel('退回理由').fill('绩效指标佐证材料不全，请补充后重新报送');
      await confirmDialog();
      await total.filter({ hasText: '共 1 个单位' }).waitFor();
      expect(await trackingRow(first.id)).toMatchObject({ state: 'self_assessment', returns: 1, lastReturnReason: '绩效指标佐证材料不全，请补充后重新报送' });

      // Re-check the second unit; an impossible score is refused next to the field first.
      await page.getByRole('button', { name: `复核 ${second.name}` }).click();
      await page.getByLabel('复核分').fill('120');
      await page.getByLabel('复核意见').fill('产出指标佐证不足，扣减 14.5 分');
      await confirmDialog();
      await page.locator('.ant-modal .ant-form-item', { has: page.getByLabel('复核分') }).getByText('复核分须是 0 到 100 之间的数，最多两位小数。').waitFor();
      await ui.screenshot('finance-tracking-recheck-refused');
      await page.getByLabel('复核分').fill('85.5');
      await confirmDialog();
      await page.getByRole('row', { name: new RegExp(second.name) }).getByText('85.5', { exact: true }).waitFor();
      expect(await trackingRow(second.id)).toMatchObject({ recheckScore: '85.5', recheckRemarks: '产出指标佐证不足，扣减 14.5 分' });

      // A bookmarked address opens the same view: units returned at least once, with the last reason.
      await ui.open(`/campaigns/${campaignId}/tracking?returned=true`);
      await total.filter({ hasText: '共 1 个单位' }).waitFor();
      await page.getByRole('row', { name: new RegExp(first.name) }).getByText('绩效指标佐证材料不全', { exact: false }).first().waitFor();
      await ui.screenshot('finance-tracking-returned');

      // Search a unit by name and extend its deadline.
      await ui.open(`/campaigns/${campaignId}/tracking`);
      await page.getByLabel('单位名称或代码', { exact: true }).fill(fourth.name);
      await page.getByLabel('单位名称或代码', { exact: true }).press('Enter');
      await page.waitForURL(/unit=/);
      await total.filter({ hasText: '共 1 个单位' }).waitFor();
      await page.getByRole('button', { name: `延期 ${fourth.name}` }).click();
      await ui.date('新的报送截止日期', inDays(40));
      await page.getByLabel('延期理由').fill('单位主要负责人出差');
      await confirmDialog();
      await page.getByRole('row', { name: new RegExp(fourth.name) }).getByText('已延期').waitFor();
      expect(await trackingRow(fourth.id)).toMatchObject({ deadline: inDays(40), deadlineExtended: true });

      // On a phone the rows become cards.
      await page.setViewportSize({ width: 390, height: 844 });
      await ui.open(`/campaigns/${campaignId}/tracking`);
      await page.getByTestId('tracking-cards').locator('.ant-card').filter({ hasText: second.name }).getByText('85.5', { exact: false }).first().waitFor();
      await ui.screenshot('finance-phone-tracking');
      await page.setViewportSize({ width: 1366, height: 768 });

      // The statistics, with the figures of the returns and the re-check.
      await ui.open(`/campaigns/${campaignId}/statistics`);
      await page.getByRole('cell', { name: '按时报送率' }).waitFor();
      await page.getByRole('cell', { name: '绩效指标佐证材料不全，请补充后重新报送' }).waitFor();
      await ui.choose('对比通知', lastYear.documentNumber);
      await page.waitForURL(new RegExp(`compareWith=${lastYear.id}`));
      await page.getByRole('columnheader', { name: `${lastYear.documentNumber}（2022 年度）` }).waitFor();
      await ui.screenshot('finance-statistics');
    } catch (failure) {
      await ui.screenshot('finance-failure').catch(() => undefined);
      throw failure;
    }
  }, 90_000);

  it('changes a draft, chooses its units from the list, and shows every bad row of an imported unit list', async () => {
    const page = ui.page;
    const [first, second, third, fourth] = world.units as [World['units'][0], World['units'][0], World['units'][0], World['units'][0]];
    const created = await t.api.post(officer, '/api/campaigns', {
      documentNumber: `草稿财〔2025〕${world.tag}号`,
      title: '关于开展2024年度部门整体支出绩效自评的通知',
      fiscalYear: 2024,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds: [first.id],
    });
    expect(created.status).toBe(201);
    const draftId: string = created.body.id;
    const unitCount = page.getByTestId('unit-count');
    try {
      await ui.open(`/campaigns/${draftId}`);
      await unitCount.filter({ hasText: /^1$/ }).waitFor();
      await page.getByLabel('标题').fill('关于开展2024年度部门整体支出绩效自评工作的通知');
      await ui.button('保存修改').click();
      await page.getByText('已保存通知的修改。').waitFor();
      expect((await t.api.get(officer, `/api/campaigns/${draftId}`)).body.title).toBe('关于开展2024年度部门整体支出绩效自评工作的通知');

      await ui.pick('参评单位', world.tag, second.name);
      await ui.pick('参评单位', world.tag, third.name);
      await ui.button('保存参评单位').click();
      await unitCount.filter({ hasText: /^2$/ }).waitFor();

      // A list with an unknown code and a repeated unit: nothing is imported, each row's problem is listed.
      const code = (unit: World['units'][0]) => `U${world.units.indexOf(unit) + 1}-${world.tag}`;
      const bad = `单位代码,单位名称\n${code(first)},${first.name}\nNO-SUCH-UNIT,不存在的单位\n${code(first)},${first.name}\n`;
      await page.locator('input[type=file]').setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      const problems = page.getByRole('table').filter({ hasText: '第 3 行' });
      await problems.getByRole('row', { name: /第 3 行/ }).getByText('不是本局名录中的预算单位。', { exact: true }).waitFor();
      await problems.getByRole('row', { name: /第 4 行/ }).getByText('这个单位在前面已经列出。', { exact: true }).waitFor();
      await ui.screenshot('finance-import-problems');
      await unitCount.filter({ hasText: /^2$/ }).waitFor();

      const good = `单位代码,单位名称\n${[first, second, third, fourth].map((u) => `${code(u)},${u.name}`).join('\n')}\n`;
      await page.locator('input[type=file]').setInputFiles({ name: 'units.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await unitCount.filter({ hasText: /^4$/ }).waitFor();
      await page.getByText('已从名单导入 4 个参评单位。').waitFor();
    } catch (failure) {
      await ui.screenshot('finance-draft-failure').catch(() => undefined);
      throw failure;
    }
  }, 60_000);

  it('shows the local mailbox with a delivered reminder, sends a failed delivery again, and keeps the mail preference', async () => {
    const page = ui.page;
    try {
      // Whatever a message's HTML carries, nothing of it runs: scripts, handlers and script links are taken out.
      const stored = join(dataDir, 'mailbox', `${mailId}.json`);
      const message = JSON.parse(readFileSync(stored, 'utf8')) as { html: string };
      message.html += `<script>parent.document.title = 'changed by a mail'</script><img src="x" onerror="parent.document.title = 'changed by a mail'"><a href="javascript:parent.alert(1)">可疑链接</a>`;
      writeFileSync(stored, JSON.stringify(message));

      await ui.open('/tasks');
      await page.getByRole('menuitem', { name: '本地邮箱' }).click();
      const subject = '【绩效自评】请于2025年3月14日前完成“项目绩效情况”初稿';
      await page.getByRole('link', { name: subject }).click();
      await page.waitForURL(new RegExp(`/mailbox/${mailId}$`));
      await page.getByTestId('mail-text').getByText(/截止日期/).waitFor();
      // The HTML body is in a frame that runs no script.
      const frame = page.frameLocator('iframe[title="邮件正文"]');
      await frame.getByText('项目绩效情况').first().waitFor();
      expect(await page.locator('iframe[title="邮件正文"]').getAttribute('sandbox')).not.toContain('allow-scripts');
      await frame.getByText('可疑链接').waitFor();
      expect(await frame.getByText('可疑链接').getAttribute('href')).toBeNull();
      expect(await frame.locator('script').count()).toBe(0);
      expect(await frame.locator('img[onerror]').count()).toBe(0);
      expect(await page.title()).toBe('绩效自评工作台');
      await ui.screenshot('finance-mailbox-message');

      // The failed delivery, sent again by hand from the mail page.
      await page.getByRole('menuitem', { name: '邮件发送' }).click();
      await page.getByRole('button', { name: /^重新发送给 / }).first().waitFor();
      await ui.screenshot('finance-failed-mail');
      await page.getByRole('button', { name: /^重新发送给 / }).first().click();
      await page.getByText('没有发送失败的邮件').waitFor();
      const retried = await t.api.get(officer, '/api/admin/mail?status=pending&limit=50');
      expect(retried.body.items.map((m: { id: string }) => m.id)).toContain(failedMailId);

      await ui.open('/settings');
      await page.getByLabel(/每日汇总/).click();
      await page.getByTestId('notification-preference').filter({ hasText: '每日汇总' }).waitFor();
      expect((await t.api.get(officer, '/api/me/notification-preferences')).body).toEqual({ digest: true });
      await ui.screenshot('finance-settings');
      await ui.signOut();
    } catch (failure) {
      await ui.screenshot('mailbox-failure').catch(() => undefined);
      throw failure;
    }
  }, 60_000);
});
