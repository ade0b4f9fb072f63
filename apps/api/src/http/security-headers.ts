import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** A Connect-style middleware as helmet is one: it writes to Node's response and calls `next`. */
export type HeaderMiddleware = (request: IncomingMessage, response: ServerResponse, next: (error?: Error) => void) => void;
/** What the hook needs of a request: its URL (path and query). Fastify's request and Node's both have one. */
type Addressed = { url?: string; raw?: IncomingMessage };
/** What the hook writes to: Node's response, which Fastify merges into every answer it sends (errors, 404s and files too). */
type Answer = { raw: ServerResponse };

/**
 * The console and the API documentation (Swagger UI): scripts only from the service's own files,
 * never inline or evaluated. Styles may be inline because antd writes its CSS-in-JS into <style>
 * elements and style attributes at run time; a nonce would cover the elements but not the
 * attributes, and a style cannot run script. The mailbox's frame is srcdoc and inherits this policy.
 */
const CONSOLE_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** JSON and files: nothing in an answer of the API may run, load anything or be framed. */
const API_DIRECTIVES = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The sealed report as HTML: no script at all, its own inline styles, a unique origin (sandbox), never framed. */
export const SEALED_PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'";

/** helmet itself, run on every request; the answers' headers are what it sets (the spec checks the recording against it). */
export function helmetFor(directives: Record<string, string[]>, https: boolean): HeaderMiddleware {
  const options: HelmetOptions = {
    // helmet's defaults would add upgrade-insecure-requests, which breaks a console served over plain HTTP.
    contentSecurityPolicy: { useDefaults: false, directives },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Browsers ignore HSTS over plain HTTP; it is sent only where PUBLIC_URL says HTTPS is how people arrive.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  };
  return helmet(options) as HeaderMiddleware;
}

type HeaderStep = { set: string; value: string } | { remove: string };

/**
 * What helmet does to an answer, recorded once: with these options (no directive is a function)
 * it sets the same headers on every request, and replaying them spares its per-request walk
 * through a dozen middlewares and its policy string built anew each time.
 */
function recordedHeaders(middleware: HeaderMiddleware): HeaderStep[] {
  const steps: HeaderStep[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => steps.push({ set: name, value }),
    removeHeader: (name: string) => steps.push({ remove: name }),
  };
  let done = false;
  middleware({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    done = true;
  });
  if (!done) throw new Error('helmet did not set its headers at once; they cannot be recorded');
  return steps;
}

function recorded(directives: Record<string, string[]>, https: boolean): HeaderMiddleware {
  const steps = recordedHeaders(helmetFor(directives, https));
  return (_request, response, next) => {
    for (const step of steps) {
      if ('set' in step) response.setHeader(step.set, step.value);
      else response.removeHeader(step.remove);
    }
    next();
  };
}

const isApiDocs = (path: string) => path === '/api/docs' || path.startsWith('/api/docs/');
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * Security headers for every answer, chosen by path: the API's (and no-store, since its answers
 * are a person's data), the API documentation's and the console's. Routes with a policy of their
 * own (the sealed preview) replace the Content-Security-Policy header.
 *
 * A Fastify `onRequest` hook (the first one, so that body errors, 404s and files carry the headers
 * too). It writes to Node's response rather than to the reply: Fastify merges those headers into
 * whatever it sends, errors included, and a route's own `reply.header()` still wins over them.
 */
export function securityHeaders(
  options: { publicUrl: string | null },
  headers: (directives: Record<string, string[]>, https: boolean) => HeaderMiddleware = recorded,
): (request: Addressed, reply: Answer, done: (error?: Error) => void) => void {
  const https = options.publicUrl?.startsWith('https:') ?? false;
  const api = headers(API_DIRECTIVES, https);
  const page = headers(CONSOLE_DIRECTIVES, https);
  return (request, reply, done) => {
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const incoming = request.raw ?? (request as IncomingMessage);
    if (isApi(path) && !isApiDocs(path)) {
      reply.raw.setHeader('Cache-Control', 'no-store');
      return api(incoming, reply.raw, done);
    }
    return page(incoming, reply.raw, done);
  };
}
