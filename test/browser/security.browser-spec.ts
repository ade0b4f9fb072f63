import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame } from 'playwright-core';
import { MailDispatcher, WORKING_DAYS } from '@jixiao/evaluation';
import { driveCase, issueCampaign } from '../support/api-client';
import { buildConsole, CHROMIUM_PATH, chromiumAvailable, ConsoleDriver, launchChromium } from '../support/browser';
import { newOutboxRow } from '../support/mail';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';
import { testNow } from '../support/clock';

const suite = chromiumAvailable() ? describe : describe.skip;

/** Reports every Content-Security-Policy violation of a document on the console, where the test collects it. */
const REPORT_VIOLATIONS = `document.addEventListener('securitypolicyviolation', (event) => {
  console.error('securitypolicyviolation: ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' in ' + event.documentURI);
});`;

/**
 * Known ways past a hand-written blocklist: a tab and an entity inside "javascript:", script in SVG,
 * MathML namespace confusion (mXSS), handlers, data: and vbscript: links, srcdoc, forms.
 */
const HOSTILE_HTML = [
  '<p><a href="https://www.mof.gov.cn/" target="_self">财政部网站</a></p>',
  '<div onclick="parent.alert(14)" style="padding:4px">可点击的段落</div>',
  '<p><a href="java&#x09;script:parent.alert(1)">制表符链接</a></p>',
  '<p><a href="&#x6A;avascript:parent.alert(2)">实体链接</a></p>',
  '<p><a href=" &#14; javascript:parent.alert(3)">控制字符链接</a></p>',
  '<p><a href="vbscript:msgbox(4)">VB链接</a> <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==">数据链接</a></p>',
  '<img src=x onerror="parent.document.title=\'changed by a mail\'">',
  '<iframe srcdoc="<script>parent.alert(11)</script>"></iframe>',
  '<form action="javascript:parent.alert(12)"><button formaction="javascript:parent.alert(13)">提交</button></form>',
  '<svg><script>parent.alert(6)</script><a xlink:href="javascript:parent.alert(7)"><text y="20">矢量链接</text></a></svg>',
  '<math><mi xlink:href="javascript:parent.alert(10)">数学链接</mi></math>',
  // Last: these leave elements open on purpose.
  '<math><mtext><table><mglyph><style><img src=x onerror="parent.alert(8)">',
  '<form><math><mtext></form><form><mglyph><svg><mtext><style><path id="</style><img onerror=parent.alert(9) src>">',
].join('\n');

/** Run inside the mail's frame: every element and attribute that could run or send something. */
const AUDIT_FRAME = `(() => {
  const elements = Array.from(document.querySelectorAll('*'));
  const dangerous = [];
  for (const element of elements) {
    const tag = element.localName;
    if (['script', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'form', 'button', 'style', 'link', 'base'].includes(tag)) dangerous.push('element ' + tag);
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on') || name === 'srcdoc' || name === 'formaction' || name === 'action') dangerous.push(tag + ' ' + name);
      // What a browser would follow: tabs, newlines and control characters are dropped by the URL parser.
      const compact = attribute.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
      if (/^(javascript|vbscript|data:text)/.test(compact)) dangerous.push(tag + ' ' + name + '=' + attribute.value);
    }
  }
  const links = Array.from(document.querySelectorAll('a[href]')).map((a) => ({ text: a.textContent, protocol: new URL(a.getAttribute('href'), 'https://mail.invalid/').protocol, target: a.getAttribute('target'), rel: a.getAttribute('rel') }));
  const images = Array.from(document.querySelectorAll('img')).map((img) => img.getAttribute('src'));
  return { dangerous, links, images, text: document.body.textContent };
})()`;

suite(`the console under its Content-Security-Policy, and the mailbox's sanitiser${chromiumAvailable() ? '' : ` [skipped: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium]`}`, () => {
  let t: TestApp;
  let webRoot: string;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let ui: ConsoleDriver;
  let unit: WorldUnit;
  let officer: WorldUser;
  let campaignId: string;
  let caseId: string;
  let mailId: string;
  const violations: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    webRoot = buildConsole();
    dataDir = mkdtempSync(join(tmpdir(), 'jixiao-security-browser-'));
    t = await startTestApp({ DATA_DIR: dataDir }, { webRoot });
    // Delivery waits for a working day; this suite is not about the calendar.
    jest.spyOn(t.app.get<{ isWorkingDay(date: string): boolean }>(WORKING_DAYS), 'isWorkingDay').mockReturnValue(true);
    const world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    const issued = await issueCampaign(t.api, officer, [unit.id]);
    campaignId = issued.campaignId;
    caseId = issued.caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'sealed');
    mailId = await newOutboxRow(t.app, { recipientId: officer.id, sendAfter: testNow(), payload: { window: { start: '00:00', end: '24:00' }, unitName: unit.name } });
    expect((await t.app.get(MailDispatcher).deliverDue({ organisationIds: [world.bureau.id] })).sent).toBe(1);

    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    context.setDefaultTimeout(15_000);
    await context.addInitScript(REPORT_VIOLATIONS);
    const address = t.server.address() as { port: number };
    ui = new ConsoleDriver(await context.newPage(), `http://127.0.0.1:${address.port}`);
    ui.page.on('console', (message) => {
      if (/securitypolicyviolation|Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    ui.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Waits until a console page shows its heading and has finished loading its data. */
  async function settled(heading: string | RegExp): Promise<void> {
    await ui.page.getByRole('heading', { name: heading }).first().waitFor();
    await ui.page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
  }

  /** Opens a console address with a full load; answers the policy the page came with. */
  async function load(path: string, heading: string | RegExp): Promise<string | undefined> {
    const response = await ui.page.goto(`${ui.base}${path}`);
    await settled(heading);
    return response?.headers()['content-security-policy'];
  }

  /**
   * Moves to a console address inside the page, as its links do: a full load per page would parse
   * the whole bundle again and only repeat what the first load showed about the policy.
   */
  async function go(path: string, heading: string | RegExp): Promise<void> {
    await ui.page.evaluate(`history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`);
    await settled(heading);
  }

  it('loads the main pages of the console and the API documentation with no Content-Security-Policy violation', async () => {
    const page = ui.page;
    try {
      const signIn = await page.goto(`${ui.base}/sign-in`);
      expect(signIn?.headers()['content-security-policy']).toMatch(/script-src 'self';/);
      await ui.signIn(officer);
      expect(await load('/tasks', '我的待办')).toMatch(/script-src 'self';/);
      await go('/cases', '评价任务');
      await go('/campaigns', '通知管理');
      await go(`/campaigns/${campaignId}`, /测试财/);
      await go(`/campaigns/${campaignId}/tracking`, /报送跟踪/);
      await go(`/campaigns/${campaignId}/statistics`, /统计分析/);
      await go(`/campaigns/${campaignId}/reminders`, '提醒设置');
      await go(`/cases/${caseId}`, '盖章版本');
      // The sealed .docx is fetched and saved through a blob: link, which the policy must not stop.
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /^下载第 1 版 \.docx$/ }).click();
      expect((await download).suggestedFilename()).toMatch(/\.docx$/);
      await go('/calendar', '工作日历');
      await go('/mailbox', '本地邮箱');
      await go(`/mailbox/${mailId}`, /项目绩效情况/);
      await page.frameLocator('iframe[title="邮件正文"]').getByText('项目绩效情况').first().waitFor();
      await go('/admin/mail', '邮件发送情况');
      await go('/settings', '我的设置');
      await ui.signOut();
      await ui.signIn(unit.admin);
      await go('/people', /人员与组室/);
      await go('/invitations', '邀请');
      await ui.signOut();
      // The public page of an invitation link, here one that names no invitation.
      await go('/invite/not-a-token', '设置密码');
      await page.getByText('邀请链接无效', { exact: true }).waitFor();

      const docs = await page.goto(`${ui.base}/api/docs`);
      expect(docs?.headers()['content-security-policy']).toMatch(/script-src 'self';/);
      await page.locator('.swagger-ui .info .title').filter({ hasText: 'Jixiao' }).waitFor();
      await page.locator('.opblock-tag').first().waitFor();
      await ui.screenshot('security-api-docs');
      expect(violations).toEqual([]);
    } catch (failure) {
      await ui.screenshot('security-failure').catch(() => undefined);
      throw failure;
    }
  }, 300_000);

  it("takes every script, handler and script link out of a mail's HTML, whatever its disguise, and keeps the frame sandboxed", async () => {
    const page = ui.page;
    try {
      violations.length = 0;
      const stored = join(dataDir, 'mailbox', `${mailId}.json`);
      const message = JSON.parse(readFileSync(stored, 'utf8')) as { html: string };
      message.html += HOSTILE_HTML;
      writeFileSync(stored, JSON.stringify(message));

      await page.goto(`${ui.base}/sign-in`);
      await page.evaluate('sessionStorage.clear()');
      await ui.signIn(officer);
      await load(`/mailbox/${mailId}`, /项目绩效情况/);
      const iframe = page.locator('iframe[title="邮件正文"]');
      await page.frameLocator('iframe[title="邮件正文"]').getByText('财政部网站').waitFor();
      const sandbox = (await iframe.getAttribute('sandbox')) ?? '';
      expect(sandbox.split(/\s+/).sort()).toEqual(['allow-popups', 'allow-popups-to-escape-sandbox']);

      const frame = (await (await iframe.elementHandle())!.contentFrame()) as Frame;
      const audit = (await frame.evaluate(AUDIT_FRAME)) as {
        dangerous: string[];
        links: Array<{ text: string; protocol: string; target: string | null; rel: string | null }>;
        images: Array<string | null>;
        text: string;
      };
      expect(audit.dangerous).toEqual([]);
      expect(await iframe.getAttribute('srcdoc')).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`);
      // The links that remain go to the web or to mail, open outside the console and tell it nothing.
      for (const link of audit.links) {
        expect(['https:', 'http:', 'mailto:']).toContain(link.protocol);
        expect(link.target).toBe('_blank');
        expect(link.rel).toBe('noopener noreferrer');
      }
      expect(audit.links.map((l) => l.text)).toContain('财政部网站');
      // An image keeps no address the frame would fetch.
      expect(audit.images.filter((src) => src !== null && !src.startsWith('data:image/'))).toEqual([]);
      // What a person reads survives.
      expect(audit.text).toContain('项目绩效情况');
      expect(audit.text).toContain('可点击的段落');
      expect(await page.title()).toBe('绩效自评工作台');
      expect(dialogs).toEqual([]);
      // Chromium checks a handler attribute against the console's policy as soon as a parser meets it, even
      // in DOMPurify's inert document, and reports it refused (script-src-attr): a second wall, not a leak.
      // Nothing else may be refused.
      expect(violations.filter((v) => !/script-src-attr|Executing inline event handler/.test(v))).toEqual([]);

      await ui.screenshot('security-mailbox-message');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.frameLocator('iframe[title="邮件正文"]').getByText('财政部网站').waitFor();
      await ui.screenshot('security-phone-mailbox-message');
      await page.setViewportSize({ width: 1366, height: 768 });
      await go('/mailbox', '本地邮箱');
      await ui.screenshot('security-mailbox');
      await page.setViewportSize({ width: 390, height: 844 });
      await ui.screenshot('security-phone-mailbox');
      await page.setViewportSize({ width: 1366, height: 768 });
      await ui.signOut();
    } catch (failure) {
      await ui.screenshot('security-mailbox-failure').catch(() => undefined);
      throw failure;
    }
  }, 90_000);
});
