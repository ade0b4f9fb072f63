import type { RequestOrigin } from '@jixiao/evaluation';
import type { Request } from 'express';
import { loggablePath } from '../http/secret-paths';

/** What the security log keeps of a request: address, method, path (never the query, nor an invitation's token) and id. */
export function requestOrigin(request: Request & { id?: unknown }): RequestOrigin {
  return {
    address: request.ip ?? null,
    method: request.method,
    path: loggablePath((request.originalUrl ?? request.url).split('?')[0]!),
    requestId: typeof request.id === 'string' ? request.id : null,
  };
}
