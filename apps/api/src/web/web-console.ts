import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The route that serves the console; a wildcard, so it takes any GET no other route took. */
export const CONSOLE_ROUTE = '/*';

/** Every file of the built console by its URL path (/assets/index-3f2a.js): the build does not change while the service runs. */
function filesOf(webRoot: string): Set<string> {
  const files = new Set<string>();
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      // Dot files stay private, as they did with Express's static files.
      if (entry.name.startsWith('.')) continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.add(`/${relative(webRoot, path).split(sep).join('/')}`);
    }
  };
  walk(webRoot);
  return files;
}

/** Whether the client takes HTML, as Express's `accepts('html')` said: no Accept header, or text/html, text/* or any type, not refused with q=0. */
export function acceptsHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type !== 'text/html' && type !== 'text/*' && type !== '*/*') return false;
    const q = params.find((param) => param.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

function decodedPath(url: string): string | null {
  const query = url.indexOf('?');
  try {
    return decodeURIComponent(query === -1 ? url : url.slice(0, query));
  } catch {
    return null;
  }
}

/**
 * Serves the built web console (apps/web, built by Vite) from `webRoot`: its files as they are, and
 * its index.html for any other GET outside /api that takes HTML, so that addresses such as
 * /cases/<id> open the console at that page. Anything else goes to Fastify's one not-found handler,
 * which Nest owns (the API's JSON 404). Answers false and serves nothing when the console was not built.
 */
export function serveWebConsole(fastify: FastifyInstance, webRoot: string): boolean {
  if (!existsSync(join(webRoot, 'index.html'))) return false;
  const files = filesOf(webRoot);
  const assets = `${join(webRoot, 'assets')}${sep}`;
  void fastify.register(fastifyStatic, {
    root: webRoot,
    // Only `reply.sendFile` below: the route decides what is a file, the console or a 404.
    serve: false,
    index: false,
    cacheControl: false,
    // Hashed asset names change with their content, so they may be cached for good; index.html never.
    setHeaders: (reply: FastifyReply, path: string) => {
      reply.header('Cache-Control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
      // @fastify/send's mime table still says application/javascript; the type of today (RFC 9239) and of Express's.
      if (path.endsWith('.js') || path.endsWith('.mjs')) reply.header('Content-Type', 'text/javascript; charset=UTF-8');
    },
  });
  fastify.get(CONSOLE_ROUTE, (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodedPath(request.url);
    if (path === null || isApi(path)) return reply.callNotFound();
    if (files.has(path)) return reply.sendFile(path.slice(1));
    if (!acceptsHtml(request.headers.accept)) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
  return true;
}
