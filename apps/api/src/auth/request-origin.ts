import type { RequestOrigin } from '@jixiao/evaluation';
import type { HttpRequest } from '../http/http-types';
import { loggablePath } from '../http/secret-paths';

/** What the security log keeps of a request: address, method, path (never the query, nor an invitation's token) and id. */
export function requestOrigin(request: Pick<HttpRequest, 'ip' | 'method' | 'url'> & { id?: unknown }): RequestOrigin {
  return {
    // Fastify's request.ip follows TRUST_PROXY (X-Forwarded-For only from a trusted proxy), as Express's did.
    address: request.ip ?? null,
    method: request.method,
    // Fastify keeps the URL as it arrived (Express's originalUrl): the global prefix is part of the routes, not stripped.
    path: loggablePath(request.url.split('?')[0]!),
    requestId: typeof request.id === 'string' ? request.id : null,
  };
}
