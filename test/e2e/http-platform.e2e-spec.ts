import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * What the api answered on Express and still answers on Fastify, where Fastify's defaults differ:
 * an empty JSON body, a body of another type, routing by case and trailing slash, the query string's
 * shape, a URL the router cannot decode, and HEAD. The contract of the other e2e files covers the rest.
 */
describe('the HTTP platform keeps what Express did', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reads an empty JSON body as {} (validation answers it, not the parser)', async () => {
    const answer = await request(t.server).post('/api/auth/login').set('Content-Type', 'application/json').send('');
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION.FIELD_INVALID');
  });

  it('refuses a JSON top level that is not an object or an array, and a charset other than UTF-8', async () => {
    const scalar = await request(t.server).post('/api/auth/login').set('Content-Type', 'application/json').send('"zhang"');
    expect({ status: scalar.status, code: scalar.body.code }).toEqual({ status: 400, code: 'REQUEST.MALFORMED_JSON' });
    const latin = await request(t.server).post('/api/auth/login').set('Content-Type', 'application/json; charset=latin1').send('{}');
    expect({ status: latin.status, code: latin.body.code }).toEqual({ status: 415, code: 'REQUEST.UNSUPPORTED_ENCODING' });
  });

  it('refuses a body of a type no route reads with 415, with the security headers and the request id', async () => {
    const answer = await request(t.server).post('/api/auth/login').set('Content-Type', 'text/plain').set('X-Request-Id', 'plain-1').send('username=zhang');
    expect({ status: answer.status, code: answer.body.code, requestId: answer.body.requestId }).toEqual({ status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', requestId: 'plain-1' });
    expect(answer.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('routes without regard to case or a trailing slash, and answers HEAD on GET routes', async () => {
    expect((await request(t.server).get('/api/health/')).status).toBe(200);
    expect((await request(t.server).get('/api/Health/live')).status).toBe(200);
    const head = await request(t.server).head('/api/health/live');
    expect(head.status).toBe(200);
    expect(head.headers['x-request-id']).toBeDefined();
  });

  it('parses the query as Express 5 did: a repeated key is an array, brackets nest nothing', async () => {
    const repeated = await request(t.server).get('/api/auth/sign-in-options?a=1&a=%00');
    expect(repeated.status).toBe(400);
    expect(repeated.body.fields).toEqual([{ field: 'a.1', problems: [expect.stringContaining('NUL')] }]);
    const bracketed = await request(t.server).get('/api/auth/sign-in-options?a[b]=%00');
    expect(bracketed.body.fields).toEqual([{ field: 'a[b]', problems: [expect.stringContaining('NUL')] }]);
  });

  it('answers a URL whose parameter cannot be decoded with 400 in the API error shape, headers and request id included', async () => {
    const answer = await request(t.server).get('/api/cases/%E0%A4%A').set('X-Request-Id', 'bad-url-1');
    expect({ status: answer.status, code: answer.body.code, requestId: answer.body.requestId }).toEqual({ status: 400, code: 'REQUEST.INVALID', requestId: 'bad-url-1' });
    expect(answer.headers['x-request-id']).toBe('bad-url-1');
    expect(answer.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });
});
