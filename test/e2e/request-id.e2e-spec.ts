import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

/** Every answer names its request, so a log line and an error a person reports can be matched. */
describe('request ids', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('keeps a well-formed incoming X-Request-Id, makes one otherwise, and names it in error bodies', async () => {
    const traced = await request(t.server).get('/api/health').set('X-Request-Id', 'gateway-42.a_b');
    expect(traced.headers['x-request-id']).toBe('gateway-42.a_b');

    const fresh = await request(t.server).get('/api/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const forged = await request(t.server).get('/api/health').set('X-Request-Id', 'two words');
    expect(forged.headers['x-request-id']).not.toContain('two words');

    const refused = await request(t.server).get('/api/auth/me').set('X-Request-Id', 'trace-7');
    expect(refused.status).toBe(401);
    expect(refused.headers['x-request-id']).toBe('trace-7');
    expect(refused.body.requestId).toBe('trace-7');
  });
});
