import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { driveCase, issueCampaign, seedDataTableInput } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium, newConsoleContext } from '../support/browser';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type World, type WorldUnit, type WorldUser } from '../support/world';

interface ApiAction {
  type: string;
  available: boolean;
  reasons: Array<{ kind: string; code: string }>;
}

const suite = chromiumAvailable() ? describe : describe.skip;

/**
 * The case page's controls are the case view's actions, nothing more: in sampled states, for the
 * person whose step it is and for people whose step it is not, the marked controls on the page are
 * exactly the actions that are available or wait only on conditions, enabled exactly when available.
 */
suite(`the case page draws its controls from the actions${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let browser: Browser;
  let world: World;
  let unit: WorldUnit;
  const drivers: ConsoleDriver[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    webRoot = buildConsole();
    t = await startTestApp({}, { webRoot });
    world = await newWorld(t.app);
    unit = world.units[0]!;
    browser = await launchChromium();
    const address = t.server.address() as { port: number };
    for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
      const context = await newConsoleContext(browser, { viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      drivers.push(new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`));
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  async function caseIn(target: Parameters<typeof driveCase>[4] | 'notice_issued'): Promise<string> {
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    if (target !== 'notice_issued') await driveCase(t.api, unit, world.bureau.officer, caseId, target);
    return caseId;
  }

  /** The controls the page shows for `user`, against what the view says, at both widths; one screenshot each. */
  async function expectControlsMatch(user: WorldUser, caseId: string, shot: string): Promise<ApiAction[]> {
    const view = await t.api.get(user, `/api/cases/${caseId}`);
    const actions = view.body.actions as ApiAction[];
    const expected = actions
      .filter((a) => a.available || a.reasons.every((r) => r.kind === 'condition'))
      .map((a) => `${a.type}:${a.available}`)
      .sort();
    for (const [index, ui] of drivers.entries()) {
      await ui.signIn(user);
      await ui.open(`/cases/${caseId}`);
      await ui.page.getByRole('heading', { name: '可办理的操作' }).waitFor();
      await ui.page.getByTestId('case-state').waitFor();
      const shown = await ui.page.locator('[data-action]').evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-action')}:${n.getAttribute('data-available')}`));
      expect({ user: user.username, shown: shown.sort() }).toEqual({ user: user.username, shown: expected });
      await ui.screenshot(`${shot}-${index === 0 ? '1366' : 'phone'}`);
      await ui.signOut();
    }
    return actions;
  }

  it('gives the unit admin the group to form, and nobody else a control', async () => {
    const caseId = await caseIn('notice_issued');
    const actions = await expectControlsMatch(unit.admin, caseId, 'actions-notice-admin');
    expect(actions.find((a) => a.type === 'FORM_GROUP')!.available).toBe(true);
    await expectControlsMatch(unit.compiler, caseId, 'actions-notice-compiler');
  }, 240_000);

  it('shows the compiler why review cannot be requested yet, in Chinese, beside the disabled button', async () => {
    const caseId = await caseIn('self_assessment');
    await t.api.put(unit.compiler, `/api/cases/${caseId}/data-table`, { input: seedDataTableInput('2686.00') });
    const actions = await expectControlsMatch(unit.compiler, caseId, 'actions-review-blocked');
    const request = actions.find((a) => a.type === 'REQUEST_REVIEW')!;
    expect(request.available).toBe(false);
    const ui = drivers[0]!;
    await ui.signIn(unit.compiler);
    await ui.open(`/cases/${caseId}`);
    const reasons = ui.page.getByTestId('reasons-REQUEST_REVIEW');
    await reasons.waitFor();
    const text = await reasons.innerText();
    expect(text).not.toMatch(/[A-Za-z]{3,}\s+[A-Za-z]{3,}/);
    expect(text).toMatch(/还有 \d+ 个章节（共 \d+ 个）没有审核通过/);
    expect(text).toMatch(/基础数据表还有 1 处错误/);
    expect(request.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['SECTION.NOT_APPROVED']));
    await ui.signOut();
  }, 240_000);

  it('keeps the approve control only while the leader has not approved, and gives the finance officer none before submission', async () => {
    const caseId = await caseIn('internal_review');
    await expectControlsMatch(unit.leader, caseId, 'actions-review-leader');
    await t.api.event(unit.leader, caseId, { type: 'APPROVE' });
    const after = await expectControlsMatch(unit.leader, caseId, 'actions-review-leader-approved');
    expect(after.find((a) => a.type === 'APPROVE')!.available).toBe(false);
    await expectControlsMatch(world.bureau.officer, caseId, 'actions-review-officer');
  }, 240_000);

  it('gives the finance officer accept and return once the report is submitted', async () => {
    const caseId = await caseIn('submitted');
    const actions = await expectControlsMatch(world.bureau.officer, caseId, 'actions-submitted-officer');
    expect(actions.filter((a) => a.available).map((a) => a.type).sort()).toEqual(['ACCEPT', 'RETURN']);
  }, 240_000);
});
