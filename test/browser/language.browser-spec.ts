import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { DEFAULT_INDICATOR_CONFIG, indicatorLeaves } from '@jixiao/report';
import { fullScoreSheet, inDays, seedDataTableInput } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { englishIn, visibleEnglish } from '../support/english';
import { caseInSelfAssessment } from '../support/reminders';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

describe('the English finder the console pages are read with', () => {
  it('finds the English sentences people met on Chinese screens', () => {
    expect(englishIn('条件尚未满足… • The basic data table has 1 error(s).')).toEqual(['The basic data table has 1 error(s).']);
    expect(englishIn('审核通过报告\nYou have already approved this version.')).toEqual(['You have already approved this version.']);
    expect(englishIn('出错了：Not found.')).toEqual(['Not found.']);
  });

  it('lets codes, digests, files, addresses, product names and named usernames through', () => {
    const text = [
      'CASE.NOT_FOUND 找不到这个评价任务',
      'SHA-256 3f2a… 下载 report-2024.docx 或 .xlsx',
      '公开网址 https://www.xiashan.gov.cn/zwgk/report.docx，联系 u1.member.ab12@test.example',
      '导出 Excel 导出 CSV，接口文档 Swagger UI',
      '已登录：u1.compiler.ab12',
      '本单位 Lin Wei Ming',
    ].join('\n');
    expect(englishIn(text, ['Lin Wei Ming'])).toEqual([]);
  });
});

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * No English sentence on a console page: the main pages for every role of a unit and of the finance
 * bureau, and the refusals a new user met (a review requested with an error in the data table, a
 * report approved twice, a deputy leader outside their remit). Also checks that every problem of
 * the data table is shown where it is: at its figure, or, for a figure a section quotes, in a list
 * that links to that section.
 */
suite(`Chinese only on the console's pages, and every table problem shown where it is${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
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
  /** The section that quotes the income total, and one outside the deputy's remit (2.1). */
  let quoting: string;
  let outsideRemit: string;
  /** Usernames and display names the pages show by design. */
  let names: string[];

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    // A tolerance of 0.02 万元 makes the seed's 0.02 gap in the income a warning rather than an error.
    const terms = { submissionDeadline: inDays(30), publicationDeadline: inDays(45), roundingTolerance: '0.02' };
    ({ campaignId, caseId, codes } = await caseInSelfAssessment(t.api, unit, officer, terms, {}));
    quoting = codes.find((code) => code !== '2.1')!;
    outsideRemit = codes.find((code) => code !== '2.1' && code !== quoting)!;
    // The table as printed in the seed report (income 2686.28, its parts 2686.26: a warning) and a section quoting 2686.26 (an error).
    const saved = await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput() });
    expect(saved.status).toBe(200);
    expect((await t.api.put(unit.compiler, `/api/cases/${caseId}/indicator-scores`, { input: fullScoreSheet() })).status).toBe(200);
    const quoted = await t.api.put(unit.member, `/api/cases/${caseId}/sections/${quoting}/content`, {
      expectedRevision: 0,
      blocks: [{ type: 'paragraph', text: '2023年度收入决算为2686.26万元，支出决算为2702.04万元。' }],
    });
    expect(quoted.status).toBe(200);
    const detail = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body as { group: Array<{ displayName: string }> };
    const all = [officer, unit.admin, unit.leader, unit.deputy, unit.member, unit.member2, unit.compiler, unit.sealKeeper, unit.publisher];
    names = [...all.map((u) => u.username), ...detail.group.map((m) => m.displayName), ...all.map((u) => u.username.replace(/\.[^.]+$/, ''))];
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
          await ui.screenshot('language-failure').catch(() => undefined);
          await ui.page.evaluate('sessionStorage.clear()').catch(() => undefined);
          throw failure;
        }
      },
      timeout,
    );

  /** The member submits and the group leader approves every section not yet approved. */
  const approveAllSections = async () => {
    const sections = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.sections as Array<{ code: string; state: string }>;
    for (const { code, state } of sections) {
      if (state === 'approved') continue;
      if (state !== 'submitted') expect((await t.api.post(unit.member, `/api/cases/${caseId}/sections/${code}/events`, { type: 'SUBMIT' })).status).toBe(200);
      expect((await t.api.post(unit.leader, `/api/cases/${caseId}/sections/${code}/events`, { type: 'APPROVE' })).status).toBe(200);
    }
  };

  const atPhoneWidth = () => ui.atPhoneWidth();

  /** Waits until the page has loaded what it shows, then answers the English on it. */
  const englishOnPage = async (): Promise<string[]> => {
    await ui.page.locator('main').first().waitFor();
    await ui.page.waitForLoadState('networkidle');
    await ui.page.locator('.ant-spin-spinning, .ant-card-loading-content').first().waitFor({ state: 'detached' }).catch(() => undefined);
    return visibleEnglish(ui.page, names);
  };

  scenario(
    'shows no English on the main pages of any role',
    async () => {
      // A key project for the walk: its form (never saved, so every blank says 待填写) and the case's list of forms; deleted after, so the review below is not waiting on it.
      const project = await t.api.post(officer, `/api/campaigns/${campaignId}/projects`, { unitId: unit.id, code: 'P01', name: '基层财务人员业务培训项目', competentDepartment: '区财政局' });
      expect(project.status).toBe(201);
      const form = `/cases/${caseId}/project-forms/${project.body.projectId as string}`;
      const pages: Array<[WorldUser, string[]]> = [
        [officer, ['/tasks', '/cases', `/cases/${caseId}`, '/campaigns', `/campaigns/${campaignId}`, `/campaigns/${campaignId}/tracking`, `/campaigns/${campaignId}/statistics`, `/campaigns/${campaignId}/reminders`, '/admin/mail', '/calendar', '/settings', '/mailbox', '/invitations', '/security-log']],
        [unit.admin, ['/tasks', '/people', `/cases/${caseId}`, '/admin/mail', '/invitations', '/security-log']],
        [unit.leader, ['/tasks', `/cases/${caseId}`, `/cases/${caseId}/sections/${quoting}`, form]],
        [unit.deputy, ['/tasks', `/cases/${caseId}`]],
        [unit.member, ['/tasks', '/cases', `/cases/${caseId}/sections/${quoting}`]],
        [unit.compiler, ['/tasks', `/cases/${caseId}`, `/cases/${caseId}/data-table`, `/cases/${caseId}/indicator-scores`, form]],
        [unit.sealKeeper, ['/tasks', `/cases/${caseId}`]],
        [unit.publisher, ['/tasks', `/cases/${caseId}`]],
      ];
      const english: Record<string, string[]> = {};
      await ui.open('/sign-in');
      await ui.page.getByLabel('用户名').waitFor();
      const onSignIn = await visibleEnglish(ui.page);
      if (onSignIn.length > 0) english['/sign-in'] = onSignIn;
      for (const [user, paths] of pages) {
        await ui.signIn(user);
        for (const path of paths) {
          await ui.open(path);
          const found = await englishOnPage();
          if (found.length > 0) english[`${user.username} ${path}`] = found;
        }
        await ui.signOut();
      }
      expect((await t.api.delete(officer, `/api/campaigns/${campaignId}/projects/${project.body.projectId as string}`)).status).toBe(204);
      expect(english).toEqual({});
    },
    420_000,
  );

  scenario('shows each problem of the tables at its figure, and a figure a section quotes wrongly as a link to that section', async () => {
    const page = ui.page;
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${caseId}/data-table`);
    const summary = page.getByTestId('table-problem-summary');
    await summary.getByText('已保存的基础数据表还有 1 个错误，1 个警告未确认，改正并确认后才能提请内部审核。').waitFor();
    // The warning at the income total, with the control that acknowledges it.
    const income = page.locator('.ant-form-item', { has: page.getByLabel('收入合计', { exact: true }) });
    await income.getByText(/警告：.*2686\.26/).waitFor();
    await income.getByLabel('确认说明：收入合计').waitFor();
    // The error has no figure of its own: it is listed with a link to the section that quotes it.
    const listed = page.getByTestId('section-problems');
    await listed.getByText(new RegExp(`错误：第 ${quoting.replace('.', '\\.')} 节写“收入决算为2686\\.26万元”`)).waitFor();
    expect(await visibleEnglish(page, names)).toEqual([]);
    await ui.screenshot('language-data-table-problems');
    await atPhoneWidth();
    await ui.screenshot('language-data-table-problems-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await listed.getByRole('link', { name: new RegExp(`^打开第 ${quoting.replace('.', '\\.')} 节.*（第 1 段）修改正文`) }).click();
    await page.waitForURL(`**/cases/${caseId}/sections/${quoting}`);
    await page.getByLabel('第 1 段', { exact: true }).waitFor();

    // On the score sheet a score above its maximum is refused at that score as it is typed.
    const leaf = indicatorLeaves(DEFAULT_INDICATOR_CONFIG)[0]!;
    await ui.open(`/cases/${caseId}/indicator-scores`);
    await page.getByTestId('table-problem-summary').getByText('已保存的指标评分表没有妨碍提请内部审核的问题。').waitFor();
    await page.getByLabel(`${leaf.code} ${leaf.name} 得分`).fill(leaf.maximum.plus(1).toFixed());
    const row = page.locator(`.ant-table-row[data-row-key="${leaf.code}"]`);
    await row.getByRole('status').getByText(/^错误：/).first().waitFor();
    await page.getByTestId('table-problem-summary').getByText(/页面上有尚未保存的修改/).waitFor();
    expect(await visibleEnglish(page, names)).toEqual([]);
    await ui.screenshot('language-indicator-score-problem');
    await atPhoneWidth();
    await ui.screenshot('language-indicator-score-problem-phone');
    await page.setViewportSize({ width: 1366, height: 768 });
    await ui.signOut();
  });

  scenario('refuses a deputy leader outside their remit in Chinese', async () => {
    const page = ui.page;
    expect((await t.api.post(unit.member, `/api/cases/${caseId}/sections/${outsideRemit}/events`, { type: 'SUBMIT' })).status).toBe(200);
    await ui.signIn(unit.deputy);
    await ui.open(`/cases/${caseId}/sections/${outsideRemit}`);
    await page.getByTestId('section-state').filter({ hasText: '待审核' }).waitFor();
    const approve = ui.button('审核通过');
    // Where the console still offers the approval, the refusal must be in Chinese; once it no longer does, nothing is refused.
    if ((await approve.count()) > 0) {
      await approve.click();
      await page.getByRole('alert').first().waitFor();
      await ui.screenshot('language-remit-refused');
    }
    expect(await englishOnPage()).toEqual([]);
    await ui.signOut();
  });

  scenario('says in Chinese why review cannot be requested while the data table has an error', async () => {
    const page = ui.page;
    await approveAllSections();
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${caseId}`);
    // The button waits on the table, disabled, with the reason beside it; the server says the same.
    await page.getByTestId('reasons-REQUEST_REVIEW').getByText(/基础数据表还有 \d+ 处错误/).waitFor();
    await page.locator('[data-action="REQUEST_REVIEW"][data-available="false"] button[disabled]').waitFor();
    const refused = await t.api.post(unit.compiler, `/api/cases/${caseId}/events`, { type: 'REQUEST_REVIEW' });
    expect({ status: refused.status, message: refused.body.message }).toEqual({ status: 409, message: expect.stringMatching(/^条件尚未满足：基础数据表还有 \d+ 处错误/) });
    await ui.screenshot('language-review-refused');
    expect(await visibleEnglish(page, names)).toEqual([]);
    await ui.signOut();
  });

  scenario('says in Chinese that the report is approved already', async () => {
    const page = ui.page;
    await approveAllSections();
    // The table corrected (the section's 2686.26 now agrees), the review requested.
    const current = (await t.api.get(unit.compiler, `/api/cases/${caseId}/data-table`)).body as { revision: number };
    expect((await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput('2686.26'), expectedRevision: current.revision })).status).toBe(200);
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    await ui.button('审核通过报告').click();
    await page.getByText('已审批').waitFor();
    // A second approval is not offered: the button stays disabled with the reason beside it.
    await page.getByTestId('reasons-APPROVE').getByText('您已经审批过这一版本。').waitFor();
    // Marked by the page as its APPROVE action, not available (the button's own name waits on antd's rendering).
    await page.locator('[data-action="APPROVE"][data-available="false"] button[disabled]').waitFor();
    await ui.screenshot('language-approved-twice');
    expect(await englishOnPage()).toEqual([]);
    await ui.signOut();
  });
});
