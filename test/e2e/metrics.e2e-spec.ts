import request from 'supertest';
import { driveCase, issueCampaign } from '../support/api-client';
import { ServingState } from '../../apps/api/src/health/serving-state';
import { startTestApp, type TestApp } from '../support/test-app';
import { newWorld } from '../support/world';

const TOKEN = 'm'.repeat(40);

/** GET /api/metrics for a scraper with METRICS_TOKEN, and the liveness and readiness probes. */
describe('metrics and health probes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  it('answers 404 without the token or with a wrong one, as if the route did not exist', async () => {
    const missing = await request(t.server).get('/api/metrics');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ROUTE.NOT_FOUND');
    expect((await request(t.server).get('/api/metrics').set('Authorization', `Bearer ${'x'.repeat(40)}`)).status).toBe(404);
  });

  it('counts requests by route pattern and lifecycle events by outcome, with the process and database figures', async () => {
    const world = await newWorld(t.app);
    const unit = world.units[0]!;
    const { caseIds } = await issueCampaign(t.api, world.bureau.officer, [unit.id]);
    const caseId = caseIds.get(unit.id)!;
    await driveCase(t.api, unit, world.bureau.officer, caseId, 'internal_review');
    // Sealing before the leader approved is refused.
    expect((await t.api.post(unit.sealKeeper, `/api/cases/${caseId}/events`, { type: 'SEAL' })).status).toBe(409);
    // Nest answers unknown paths through its catch-all route, whose pattern is the label.
    await request(t.server).get('/api/no-such-route');
    expect((await request(t.server).post('/api/auth/login').send({ username: unit.member.username, password: 'not-the-password-1A!' })).status).toBe(401);

    const scraped = await request(t.server).get('/api/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain/);
    const text = scraped.text;
    // The route's pattern, never the case's id: the label values stay bounded.
    expect(text).toMatch(/jixiao_http_request_duration_seconds_count\{route="\/api\/cases\/:id\/events",method="POST",status="200"\} [1-9]/);
    expect(text).toMatch(/jixiao_http_request_duration_seconds_count\{route="\/api\/cases\/:id\/events",method="POST",status="409"\} 1\n/);
    expect(text).toMatch(/jixiao_http_request_duration_seconds_count\{route="\*path",method="GET",status="404"\} 1\n/);
    expect(text).not.toContain(caseId);
    expect(text).toMatch(/jixiao_lifecycle_events_total\{type="FORM_GROUP",outcome="accepted"\} [1-9]/);
    expect(text).toMatch(/jixiao_lifecycle_events_total\{type="SEAL",outcome="refused"\} 1\n/);
    for (const name of ['jixiao_mail_outbox_depth', 'jixiao_mail_oldest_waiting_seconds', 'jixiao_mail_failed', 'jixiao_due_items_overdue', 'jixiao_sign_in_failures_last_hour', 'jixiao_sign_in_throttled_last_hour']) {
      expect(text).toMatch(new RegExp(`\\n${name} \\d+(\\.\\d+)?\\n`));
    }
    expect(Number(/\njixiao_sign_in_failures_last_hour (\d+)\n/.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/\njixiao_database_read_ok 1\n/);
    expect(text).toMatch(/jixiao_db_pool_connections\{state="max"\} [1-9]/);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers liveness and readiness while running; /api/health as before', async () => {
    expect((await request(t.server).get('/api/health/live')).body).toEqual({ status: 'ok' });
    expect((await request(t.server).get('/api/health/ready')).body).toEqual({ status: 'ok', database: 'ok' });
    expect((await request(t.server).get('/api/health')).body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('turns not-ready from the start of a shutdown, closing each connection it answers; liveness still answers', async () => {
    const serving = t.app.get(ServingState);
    serving.stopping = true;
    try {
      const ready = await request(t.server).get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.code).toBe('SERVER.STOPPING');
      expect(ready.headers.connection).toBe('close');
      expect((await request(t.server).get('/api/health/live')).status).toBe(200);
    } finally {
      serving.stopping = false;
    }
  });
});

describe('metrics without METRICS_TOKEN', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('are off: 404 whatever the request carries', async () => {
    expect((await request(t.server).get('/api/metrics')).status).toBe(404);
    expect((await request(t.server).get('/api/metrics').set('Authorization', 'Bearer ')).status).toBe(404);
  });
});
