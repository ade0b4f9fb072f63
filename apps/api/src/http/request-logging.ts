import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers, type Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { loggablePath } from './secret-paths';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * One JSON line per request on the process's logger. An incoming X-Request-Id is kept (else a fresh
 * UUID is made), answered in the response and set as `request.id`, so calls can be traced across
 * services and the error filter and security log can name the request.
 */
export function requestLogging(logger: Pino) {
  return pinoHttp({
    logger,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const incoming = request.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    // The serializers read the request and the answer themselves: pino-http's default wrapping would
    // first copy each into a full object (every header, query, parameters) for them to pick four fields
    // from. What they pick is all a line holds (no header, no body), so there is nothing to redact:
    // pino's redaction would cost more than the rest of the line.
    wrapSerializers: false,
    serializers: {
      req: (request: IncomingMessage & { id: string; originalUrl?: string }) => ({
        id: request.id,
        method: request.method,
        path: loggablePath(request.originalUrl || (request.url ?? '')),
        remoteAddress: request.socket?.remoteAddress,
      }),
      // Null when the connection closed before an answer began, as pino's own serializer says.
      res: (response: ServerResponse) => ({ statusCode: response.headersSent ? response.statusCode : null }),
      err: stdSerializers.err,
    },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customAttributeKeys: { responseTime: 'durationMs' },
  });
}
