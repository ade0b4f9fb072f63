import type { Server } from 'node:http';
import fastify, { type FastifyInstance } from 'fastify';
import request from 'supertest';
import { helmetFor, securityHeaders } from './security-headers';

/** A bare Fastify application with the headers hook (and any other first) in front of a route that answers anything. */
async function serverOf(setUp: (app: FastifyInstance) => void): Promise<Server> {
  const app = fastify();
  setUp(app);
  app.all('/*', async () => 'ok');
  await app.ready();
  return app.server;
}

const appWith = (publicUrl: string | null) => serverOf((app) => app.addHook('onRequest', securityHeaders({ publicUrl })));

describe('securityHeaders', () => {
  it('sends no Strict-Transport-Security while the service is reached over plain HTTP', async () => {
    for (const publicUrl of [null, 'http://jixiao.intranet:3000']) {
      const answer = await request(await appWith(publicUrl)).get('/api/health');
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('sends Strict-Transport-Security for a year, without subdomains, when PUBLIC_URL is https', async () => {
    for (const path of ['/', '/api/health', '/api/docs']) {
      const answer = await request(await appWith('https://jixiao.czj.example.gov.cn')).get(path);
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000');
    }
  });

  it('never asks the browser to upgrade requests, which would break a console served over HTTP', async () => {
    const answer = await request(await appWith(null)).get('/');
    expect(answer.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('tells the API, the API documentation and the console apart by path', async () => {
    const app = await appWith(null);
    const api = await request(app).get('/api/cases');
    expect(api.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(api.headers['cache-control']).toBe('no-store');
    const json = await request(app).get('/api/docs-json');
    expect(json.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    for (const path of ['/api/docs', '/api/docs/swagger-ui.css', '/apiary', '/']) {
      const answer = await request(app).get(path);
      expect(answer.headers['content-security-policy']).toContain("script-src 'self';");
      expect(answer.headers['cache-control']).toBeUndefined();
    }
  });
});

describe('securityHeaders as recorded from helmet', () => {
  /** Every header of an answer but those that differ between two answers anyway. */
  function headersOf(answer: request.Response): Record<string, unknown> {
    const { date: _date, ...rest } = answer.headers as Record<string, unknown>;
    return rest;
  }

  it('answers with exactly the headers helmet sets on each request, for the API, its documentation and the console', async () => {
    for (const publicUrl of [null, 'https://jixiao.czj.example.gov.cn']) {
      const recorded = await appWith(publicUrl);
      const reference = await serverOf((app) => app.addHook('onRequest', securityHeaders({ publicUrl }, helmetFor)));
      for (const path of ['/api/cases/1/events', '/api', '/api/docs', '/api/docs/swagger-ui.css', '/', '/cases/1']) {
        const ours = headersOf(await request(recorded).get(path));
        expect(ours['content-security-policy']).toBeDefined();
        expect(ours).toEqual(headersOf(await request(reference).get(path)));
      }
    }
  });

  it('removes X-Powered-By as helmet does', async () => {
    const app = await serverOf((instance) => {
      instance.addHook('onRequest', (_request, reply, done) => {
        reply.raw.setHeader('X-Powered-By', 'Express');
        done();
      });
      instance.addHook('onRequest', securityHeaders({ publicUrl: null }));
    });
    expect((await request(app).get('/api/cases')).headers['x-powered-by']).toBeUndefined();
  });
});
