import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { approveSections, driveCase, issueCampaign, saveCleanTables } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit } from '../support/world';

const suite = chromiumAvailable() ? describe : describe.skip;

/** Why it came back: a returned section's reason on its page, and the bureau's return on the case header. */
suite(`return reasons in the console${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let ui: ConsoleDriver;
  let world: World;
  let unit: WorldUnit;

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(20_000);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  async function phoneShot(name: string, ready: () => Promise<unknown>): Promise<void> {
    await ui.page.setViewportSize({ width: 390, height: 844 });
    await ready();
    await ui.screenshot(`${name}-phone`);
    await ui.page.setViewportSize({ width: 1366, height: 768 });
  }

  it('shows the writer why a section came back, with the earlier round folded, and the bureau’s reason on the case until it is sent again', async () => {
    const page = ui.page;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'self_assessment');
    const put = (revision: number) =>
      t.api.put(unit.member, `/api/cases/${caseId}/sections/1.1/content`, {
        blocks: [{ type: 'paragraph', text: `本部门设办公室等十三个组室，年末实有人员四十二人（第${revision + 1}稿）。` }],
        expectedRevision: revision,
      });
    const section = (who: typeof unit.member, body: object) => t.api.post(who, `/api/cases/${caseId}/sections/1.1/events`, body);
    expect((await put(0)).status).toBe(200);
    expect((await section(unit.member, { type: 'SUBMIT' })).status).toBe(200);
    expect((await section(unit.leader, { type: 'RETURN', reason: '请写明编制数与实有人数。' })).status).toBe(200);
    expect((await put(1)).status).toBe(200);
    expect((await section(unit.member, { type: 'SUBMIT' })).status).toBe(200);
    expect((await section(unit.leader, { type: 'RETURN', reason: '实有人数与基础数据表不一致，请核对后修改。' })).status).toBe(200);

    await ui.signIn(unit.member);
    await ui.open(`/cases/${caseId}/sections/1.1`);
    const notice = page.getByTestId('section-return');
    await notice.getByText('实有人数与基础数据表不一致，请核对后修改。').waitFor();
    await notice.getByText(new RegExp(`u1\\.leader ${world.tag} 于 .*（北京时间）退回`)).first().waitFor();
    await notice.getByText('此前还退回过 1 次').click();
    await notice.getByText('请写明编制数与实有人数。').waitFor();
    // The fold opens with an animation: the screenshot waits for it to end.
    await notice.locator('[class*="ant-motion-collapse"]').waitFor({ state: 'detached' });
    await ui.screenshot('returns-section-1366');
    await phoneShot('returns-section', () => notice.waitFor());
    await ui.signOut();

    // The bureau returns the submitted report: the reason heads the case page until the unit submits again.
    const codes: string[] = (await t.api.get(unit.leader, `/api/cases/${caseId}`)).body.sections.map((s: { code: string }) => s.code);
    expect((await put(2)).status).toBe(200);
    await approveSections(t.api, unit, caseId, codes);
    await saveCleanTables(t.api, unit, caseId);
    await t.api.event(unit.compiler, caseId, { type: 'REQUEST_REVIEW' });
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    await t.api.event(unit.sealKeeper, caseId, { type: 'SEAL' });
    await t.api.event(unit.compiler, caseId, { type: 'SUBMIT' });
    await t.api.event(world.bureau.officer, caseId, { type: 'RETURN', reason: '整体支出绩效指标分析过于简略，请补充各项指标的完成值。' });

    await ui.signIn(unit.leader);
    await ui.open(`/cases/${caseId}`);
    const header = page.getByTestId('case-return');
    await header.getByText('财政局退回了报送的报告，请修改后重新报送').waitFor();
    await header.getByText('整体支出绩效指标分析过于简略，请补充各项指标的完成值。').waitFor();
    await ui.screenshot('returns-case-1366');
    await phoneShot('returns-case', () => header.waitFor());
  }, 240_000);
});
