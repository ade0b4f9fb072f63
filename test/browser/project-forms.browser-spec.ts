import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { driveCase, inDays } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext, SCREENSHOT_DIR } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/** Three indicator rows as a compiler types them: each part's target, actual value, points and score. */
const INDICATORS = [
  { level1: '产出指标', level2: '数量指标', level3: '培训基层财务人员人次', target: '≥1000人次', actual: '1050人次', points: '50', score: '50' },
  { level1: '效益指标', level2: '社会效益指标', level3: '预算绩效管理知晓率', target: '≥90%', actual: '92%', points: '30', score: '30' },
  { level1: '满意度指标', level2: '服务对象满意度指标', level3: '参训人员满意度', target: '≥90%', actual: '95%', points: '10', score: '10' },
];

/**
 * Issue 15 in the console: the finance officer gives a unit two key projects and lets it file
 * project forms only; the compiler fills one form, sees a wrong score refused at the field as they
 * type, fixes it and saves; the group leader approves the form. Screenshots at desktop and phone
 * width of the settings, the case's card and the form.
 */
suite(`project forms: settings, live checks, save and approval${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
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

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    const created = await t.api.post(officer, '/api/campaigns', {
      documentNumber: `测试财〔2024〕${Math.floor(Math.random() * 1e9)}号`,
      title: '关于开展2023年度项目支出绩效自评的通知',
      fiscalYear: 2023,
      submissionDeadline: inDays(30),
      publicationDeadline: inDays(45),
      unitIds: [unit.id],
    });
    if (created.status !== 201) throw new Error(`create campaign → ${created.status} ${JSON.stringify(created.body)}`);
    campaignId = created.body.id;
    browser = await launchChromium();
    context = await newConsoleContext(browser, { viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
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
          await ui.screenshot('project-forms-failure').catch(() => undefined);
          throw failure;
        }
      },
      timeout,
    );

  /** What the person sees, not the whole page: at 1366×768 and at 390×844, scrolled to `scrollTo` first. */
  const shoot = async (name: string, scrollTo?: string) => {
    // The confirmations float over the page for a few seconds: shoot what is under them.
    await ui.page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    for (const [width, height, suffix] of [[1366, 768, 'desktop'], [390, 844, 'phone']] as const) {
      await ui.page.setViewportSize({ width, height });
      if (scrollTo) await ui.page.getByTestId(scrollTo).first().scrollIntoViewIfNeeded();
      await ui.page.waitForTimeout(300);
      await ui.page.screenshot({ path: join(SCREENSHOT_DIR, `project-forms-${name}-${suffix}.png`) });
    }
    await ui.page.setViewportSize({ width: 1366, height: 768 });
  };

  scenario('the officer gives the unit two key projects and lets it file the project forms only', async () => {
    const page = ui.page;
    await ui.signIn(officer);
    await ui.open(`/campaigns/${campaignId}`);
    const rules = page.getByTestId('rule-pack-card');
    await rules.getByText('全国通用', { exact: false }).first().waitFor();
    // Choosing the provincial variant shows what it changes before anything is saved.
    await ui.choose('规则', '四川');
    await rules.getByTestId('rule-pack-differences').getByText('调整后预算数', { exact: false }).waitFor();
    await shoot('rule-pack', 'rule-pack-card');
    await ui.choose('规则', '全国通用');

    const projects = page.getByTestId('unit-projects').filter({ hasText: unit.name });
    for (const [code, name] of [
      ['P01', '基层财务人员业务培训项目'],
      ['P02', '预算绩效管理信息系统运维项目'],
    ] as const) {
      await ui.button('添加项目', projects).click();
      await projects.getByLabel('项目编码').fill(code);
      await projects.getByLabel('项目名称').fill(name);
      await projects.getByLabel('主管部门').fill('区财政局');
      await projects.getByLabel('实施单位').fill(unit.name);
      await ui.button('添加', projects).click();
      await projects.getByTestId('campaign-project').filter({ hasText: name }).waitFor();
    }
    await projects.getByRole('switch').click();
    await page.getByText('只报送项目支出绩效自评表', { exact: false }).first().waitFor();
    await shoot('campaign-settings', 'projects-card');

    const listed = await t.api.get(officer, `/api/campaigns/${campaignId}/projects`);
    expect(listed.body.projects.map((p: { code: string }) => p.code).sort()).toEqual(['P01', 'P02']);
    expect(listed.body.units).toEqual([expect.objectContaining({ unitId: unit.id, filesDepartmentReport: false })]);
    await ui.signOut();

    const issued = await t.api.post(officer, `/api/campaigns/${campaignId}/issue`);
    expect(issued.status).toBe(200);
    const cases = await t.api.get(officer, `/api/cases?campaignId=${campaignId}&limit=10`);
    caseId = cases.body.items[0].id;
    await driveCase(t.api, unit, officer, caseId, 'self_assessment');
  });

  scenario('the compiler fills a form: a wrong score is refused at its field as it is typed, the fixed form saves', async () => {
    const page = ui.page;
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${caseId}`);
    const card = page.getByTestId('project-forms-card');
    await card.getByText('不报送部门整体支出绩效自评报告', { exact: false }).waitFor();
    await card.getByRole('link', { name: '基层财务人员业务培训项目' }).waitFor();
    await card.getByRole('link', { name: '预算绩效管理信息系统运维项目' }).waitFor();
    await shoot('case-card', 'project-forms-card');
    await card.getByRole('link', { name: '基层财务人员业务培训项目' }).click();
    await page.getByRole('heading', { name: '项目支出绩效自评表' }).waitFor();

    await page.getByLabel('项目负责人').fill('王明');
    await page.getByLabel('联系电话').fill('028-86001234');
    for (const [row, budget, spent] of [
      ['年度资金总额', '100', '95'],
      ['其中：当年财政拨款', '100', '95'],
      ['上年结转资金', '0', '0'],
      ['其他资金', '0', '0'],
    ] as const) {
      await page.getByLabel(`${row}：年初预算数`, { exact: true }).fill(budget);
      await page.getByLabel(`${row}：全年预算数`, { exact: true }).fill(budget);
      await page.getByLabel(`${row}：全年执行数`, { exact: true }).fill(spent);
    }
    // Derived, never typed: 95 of 100 spent.
    await page.getByTestId('derived-rate').filter({ hasText: '95%' }).waitFor();
    await page.getByLabel('预期目标').fill('全年培训基层财务人员不少于1000人次，提升预算绩效管理水平。');
    await page.getByLabel('实际完成情况').fill('全年培训1050人次，参训人员满意度95%。');
    for (const [index, row] of INDICATORS.entries()) {
      const n = index + 1;
      // The first rows start with their 一级指标 chosen.
      await page.getByLabel(`第 ${n} 行二级指标`).fill(row.level2);
      await page.getByLabel(`第 ${n} 行三级指标`).fill(row.level3);
      await page.getByLabel(`第 ${n} 行年度指标值`).fill(row.target);
      await page.getByLabel(`第 ${n} 行实际完成值`).fill(row.actual);
      await page.getByLabel(`第 ${n} 行分值`).fill(row.points);
      await page.getByLabel(`第 ${n} 行得分`).fill(n === 1 ? '55' : row.score);
    }
    // 55 of 50 points: answered at the field while the person is still on the form.
    const firstRow = page.getByTestId('indicator-row').first();
    const scoreError = firstRow.locator('.ant-alert-error', { hasText: '得分 55 分超过分值 50 分' });
    await scoreError.first().waitFor();
    expect(await page.locator('.ant-form-item-has-error', { has: page.getByLabel('第 1 行得分') }).count()).toBe(1);
    await page.getByTestId('form-check-summary').filter({ hasText: '错误' }).waitFor();
    await shoot('form-error', 'indicator-row');
    await page.getByLabel('第 1 行得分').fill('50');
    await firstRow.locator('.ant-alert-error').first().waitFor({ state: 'detached' });
    await page.getByTestId('derived-total').filter({ hasText: '99.5' }).waitFor();
    await page.getByTestId('derived-grade').filter({ hasText: '优' }).waitFor();
    await ui.button('保存自评表').click();
    await page.getByText('自评表已保存。').waitFor();
    await page.getByText('第 1 次保存', { exact: false }).waitFor();
    await page.getByTestId('form-status').filter({ hasText: '待审核' }).waitFor();
    await shoot('form', 'form-status');
    await shoot('form-result', 'form-result');

    const projectId = new URL(page.url()).pathname.split('/').at(-1)!;
    const saved = await t.api.get(unit.compiler, `/api/cases/${caseId}/project-forms/${projectId}`);
    expect(saved.body.revision).toBe(1);
    expect(saved.body.input.indicators[0]).toMatchObject({ level1: '产出指标', score: '50' });
    expect(saved.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    await ui.signOut();
  });

  scenario('the group leader approves the saved form; the case lists it as approved', async () => {
    const page = ui.page;
    await ui.signIn(unit.leader);
    // The saved form waits among the leader's tasks, and the task leads to it.
    await ui.open('/tasks');
    const task = page.getByRole('link', { name: '审核项目支出绩效自评表：基层财务人员业务培训项目' });
    await task.waitFor();
    await shoot('tasks');
    await task.click();
    await page.getByRole('heading', { name: '项目支出绩效自评表' }).waitFor();
    await ui.open(`/cases/${caseId}`);
    const card = page.getByTestId('project-forms-card');
    await card.getByRole('link', { name: '基层财务人员业务培训项目' }).click();
    await page.getByRole('heading', { name: '项目支出绩效自评表' }).waitFor();
    // Read-only for the leader: the figures show, nothing can be typed.
    expect(await page.getByLabel('年度资金总额：全年执行数', { exact: true }).getAttribute('readonly')).not.toBeNull();
    await ui.button('审核通过').click();
    await page.getByTestId('form-status').filter({ hasText: '已审核' }).waitFor();
    await shoot('form-approved', 'form-status');
    await ui.open(`/cases/${caseId}`);
    await card.locator('.ant-table-row', { hasText: '基层财务人员业务培训项目' }).getByText('已审核').waitFor();
    await card.locator('.ant-table-row', { hasText: '基层财务人员业务培训项目' }).getByText('99.5').waitFor();
    await shoot('case-card-approved', 'project-forms-card');
  });

  scenario('the leader returns the other form with a reason; the form says so to whoever opens it', async () => {
    const page = ui.page;
    const forms = (await t.api.get(unit.compiler, `/api/cases/${caseId}/project-forms`)).body.forms as Array<{ projectId: string; code: string }>;
    const other = forms.find((f) => f.code === 'P02')!.projectId;
    const input = {
      header: { projectName: '预算绩效管理信息系统运维项目', competentDepartment: '区财政局', implementingUnit: unit.name },
      funding: { total: { budget: '50', spent: '50' }, currentYearAppropriation: { budget: '50', spent: '50' } },
      goals: { expected: '系统全年稳定运行。', actual: '系统全年稳定运行，无重大故障。' },
      indicators: INDICATORS,
    };
    expect((await t.api.put(unit.compiler, `/api/cases/${caseId}/project-forms/${other}`, { input, expectedRevision: 0 })).status).toBe(200);
    await ui.open(`/cases/${caseId}/project-forms/${other}`);
    await page.getByTestId('form-status').filter({ hasText: '待审核' }).waitFor();
    const reason = '年度指标值与上年相同，请按本年任务细化后重新填写。';
    await page.getByLabel('退回理由').fill(reason);
    await ui.button('退回修改').click();
    await page.getByTestId('form-status').filter({ hasText: '已退回' }).waitFor();
    await page.getByText(`退回理由：${reason}`).waitFor();
    await shoot('form-returned', 'form-status');
    // The case's list of forms says which one came back, beside the one approved.
    await ui.open(`/cases/${caseId}`);
    const card = page.getByTestId('project-forms-card');
    await card.locator('tr').filter({ hasText: '预算绩效管理信息系统运维项目' }).filter({ hasText: '已退回' }).waitFor();
    await shoot('case-card-returned', 'project-forms-card');
  });
});
