import type { RequestOrigin } from '@jixiao/evaluation';
import type { Request } from 'express';

/** What the security log keeps of a request: address, method, path (never the query) and id. */
export function requestOrigin(request: Request & { id?: unknown }): RequestOrigin {
  return {
    address: request.ip ?? null,
    method: request.method,
    path: (request.originalUrl ?? request.url).split('?')[0]!,
    requestId: typeof request.id === 'string' ? request.id : null,
  };
}
