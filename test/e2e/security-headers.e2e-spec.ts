import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { driveCase, issueCampaign } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld, type WorldUnit, type WorldUser } from '../support/world';

/** A Content-Security-Policy header as directive → sources. */
function policy(response: Response): Map<string, string[]> {
  const header = response.headers['content-security-policy'];
  if (typeof header !== 'string') throw new Error(`no Content-Security-Policy on ${response.status} ${response.type}`);
  return new Map(
    header
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** What every answer carries, whatever it is. */
function expectCommonHeaders(response: Response): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(response.headers['x-powered-by']).toBeUndefined();
  // No HSTS unless PUBLIC_URL says the service is reached over HTTPS (see the unit spec).
  expect(response.headers['strict-transport-security']).toBeUndefined();
}

function expectConsolePolicy(response: Response): void {
  expectCommonHeaders(response);
  const csp = policy(response);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
  expect(csp.get('connect-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
}

/** JSON, errors and files of the API: nothing in them may run, load anything or be framed, nor be cached. */
function expectApiPolicy(response: Response): void {
  expectCommonHeaders(response);
  const csp = policy(response);
  expect([...csp.keys()].sort()).toEqual(['default-src', 'frame-ancestors']);
  expect(csp.get('default-src')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(response.headers['cache-control']).toBe('no-store');
}

describe('security headers on the console, the API, its files and the sealed preview', () => {
  let t: TestApp;
  let webRoot: string;
  let unit: WorldUnit;
  let officer: WorldUser;
  let caseId: string;

  beforeAll(async () => {
    // A stand-in for the built console: the server's headers do not depend on what the files hold.
    webRoot = mkdtempSync(join(tmpdir(), 'jixiao-headers-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>');
    writeFileSync(join(webRoot, 'assets', 'index-Ab12Cd34.js'), 'document.title = "绩效自评工作台";\n');
    t = await startTestApp({}, { webRoot });
    const world = await newWorld(t.app);
    unit = world.units[0]!;
    officer = world.bureau.officer;
    const { caseIds } = await issueCampaign(t.api, officer, [unit.id]);
    caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, officer, caseId, 'sealed');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  it("sends the console's policy, with no inline or evaluated script, on its index page, its deep links and its assets", async () => {
    const index = await request(t.server).get('/').set('Accept', 'text/html');
    expect(index.status).toBe(200);
    expectConsolePolicy(index);
    const deepLink = await request(t.server).get(`/cases/${caseId}`).set('Accept', 'text/html');
    expect(deepLink.status).toBe(200);
    expect(deepLink.type).toBe('text/html');
    expectConsolePolicy(deepLink);
    const asset = await request(t.server).get('/assets/index-Ab12Cd34.js');
    expect(asset.status).toBe(200);
    expect(asset.type).toBe('text/javascript');
    expectConsolePolicy(asset);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // Files keep the ETag static serving gives them; the API's answers have none (below).
    expect(asset.headers.etag).toEqual(expect.any(String));
  });

  it('sends a policy that allows nothing, and no-store, with API JSON, errors and file downloads', async () => {
    const me = await t.api.get(unit.leader, '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.type).toBe('application/json');
    expectApiPolicy(me);
    // No-store answers: nothing to revalidate, so no ETag is worked out for them.
    expect(me.headers.etag).toBeUndefined();

    const unauthenticated = await request(t.server).get(`/api/cases/${caseId}`);
    expect(unauthenticated.status).toBe(401);
    expectApiPolicy(unauthenticated);
    const missing = await t.api.get(unit.leader, '/api/cases/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CASE.NOT_FOUND');
    expectApiPolicy(missing);
    const noRoute = await request(t.server).get('/api/no-such-route');
    expect(noRoute.status).toBe(404);
    expectApiPolicy(noRoute);
    const malformed = await request(t.server).post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":');
    expect(malformed.status).toBe(400);
    expectApiPolicy(malformed);

    const docx = await t.api.get(unit.leader, `/api/cases/${caseId}/sealed-versions/1/document`);
    expect(docx.status).toBe(200);
    expect(docx.headers['content-disposition']).toMatch(/^attachment;/);
    expectApiPolicy(docx);
  });

  it('serves the sealed preview under a policy of its own: no script at all, sandboxed, never framed', async () => {
    const preview = await t.api.get(unit.leader, `/api/cases/${caseId}/sealed-versions/1/preview`);
    expect(preview.status).toBe(200);
    expect(preview.type).toBe('text/html');
    expect(preview.text).toContain('<h1>');
    expectCommonHeaders(preview);
    const csp = policy(preview);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toEqual(["'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(['data:']);
    expect(csp.get('sandbox')).toEqual([]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.has('script-src')).toBe(false);
    expect(preview.headers['cache-control']).toBe('no-store');
  });

  it('lets the API documentation load its own scripts and styles, with no inline script', async () => {
    const docs = await request(t.server).get('/api/docs');
    expect(docs.status).toBe(200);
    expectConsolePolicy(docs);
    // Swagger UI's page must work under script-src 'self': every script of it is a file.
    const scripts = [...docs.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src=/);
      expect(body!.trim()).toBe('');
    }
    const init = await request(t.server).get('/api/docs/swagger-ui-init.js');
    expect(init.status).toBe(200);
    expectConsolePolicy(init);
  });
});
