import express from 'express';
import request from 'supertest';
import { securityHeaders } from './security-headers';

/** A bare Express application with the headers middleware in front of a route that answers anything. */
function appWith(publicUrl: string | null) {
  const app = express();
  app.use(securityHeaders({ publicUrl }));
  app.use((_request, response) => {
    response.send('ok');
  });
  return app;
}

describe('securityHeaders', () => {
  it('sends no Strict-Transport-Security while the service is reached over plain HTTP', async () => {
    for (const publicUrl of [null, 'http://jixiao.intranet:3000']) {
      const answer = await request(appWith(publicUrl)).get('/api/health');
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('sends Strict-Transport-Security for a year, without subdomains, when PUBLIC_URL is https', async () => {
    for (const path of ['/', '/api/health', '/api/docs']) {
      const answer = await request(appWith('https://jixiao.czj.example.gov.cn')).get(path);
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000');
    }
  });

  it('never asks the browser to upgrade requests, which would break a console served over HTTP', async () => {
    const answer = await request(appWith(null)).get('/');
    expect(answer.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('tells the API, the API documentation and the console apart by path', async () => {
    const app = appWith(null);
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
