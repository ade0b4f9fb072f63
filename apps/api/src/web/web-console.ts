import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * Serves the built web console (apps/web, built by Vite) from `webRoot`: its files as they are, and
 * its index.html for any other GET outside /api, so that addresses such as /cases/<id> open the
 * console at that page. Answers false and serves nothing when the console was not built.
 */
export function serveWebConsole(app: NestExpressApplication, webRoot: string): boolean {
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) return false;
  // Hashed asset names change with their content, so they may be cached for good; index.html never.
  app.useStaticAssets(webRoot, {
    index: false,
    setHeaders: (response, path) => {
      response.setHeader('Cache-Control', path.includes(`${join(webRoot, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const isApi = request.path === '/api' || request.path.startsWith('/api/');
    if ((request.method !== 'GET' && request.method !== 'HEAD') || isApi || !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  return true;
}
