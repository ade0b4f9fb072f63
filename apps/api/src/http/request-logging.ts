import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger as Pino } from 'pino';
import { loggablePath } from './secret-paths';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

type Next = (error?: Error) => void;
/** What the hook reads of a request: Fastify's, whose `id` comes from `requestId` and whose `raw` is Node's. */
interface LoggedRequest {
  id: string;
  raw: IncomingMessage;
}

/** What a line says of the request; taken when it arrives, as the address is gone once the connection closes. */
interface RequestFields {
  id: string;
  method: string | undefined;
  path: string;
  remoteAddress: string | undefined;
}

function levelOf(response: ServerResponse, error: unknown): Level {
  return error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info';
}

/**
 * The id of a request (Fastify's `genReqId`): an incoming X-Request-Id of a sane form is kept, else
 * a fresh UUID is made, so that calls can be traced across services.
 */
export function requestId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * One JSON line per request on the process's logger, as a Fastify `onRequest` hook. The request's id
 * (see `requestId`) is answered in X-Request-Id; the error filter and security log name it too.
 *
 * The line is the one pino-http wrote with our serializers (request-logging.spec.ts holds them side
 * by side): `req` (id, method, path, address), `res` (status, null when the connection closed before
 * an answer began), `err` when the request failed, and `durationMs`. Written here in a few lines
 * because pino-http made a child logger per request (serializing the request into its bindings) and
 * hung request and response loggers on both objects, which nothing here reads; that was a tenth to
 * a fifth of the HTTP stack's CPU per request. No header and no body is in a line: nothing to redact.
 */
/** Told of every request once, when its line is due; `seconds` from its arrival. */
export type RequestObserver<R> = (request: R, response: ServerResponse, seconds: number) => void;

export function requestLogging<R extends LoggedRequest>(logger: Pino, observe?: RequestObserver<R>) {
  return (request: R, reply: { raw: ServerResponse }, next: Next): void => {
    const started = Date.now();
    const response = reply.raw;
    const { id, raw } = request;
    response.setHeader('X-Request-Id', id);
    const req: RequestFields = {
      id,
      method: raw.method,
      // Node's URL as it arrived: Fastify rewrites nothing of it.
      path: loggablePath(raw.url ?? ''),
      remoteAddress: raw.socket?.remoteAddress,
    };
    // The first of finish (answered), close (the connection went first) and error writes the line.
    const done = (error?: unknown) => {
      response.removeListener('close', done);
      response.removeListener('finish', done);
      response.removeListener('error', done);
      const durationMs = Date.now() - started;
      observe?.(request, response, durationMs / 1000);
      const level = levelOf(response, error);
      if (!logger.isLevelEnabled(level)) return;
      const res = { statusCode: response.headersSent ? response.statusCode : null };
      const failure = error || (response as { err?: unknown }).err;
      if (failure || response.statusCode >= 500) {
        const err = failure || new Error(`failed with status code ${response.statusCode}`);
        logger[level]({ req, res, err, durationMs }, 'request failed');
      } else {
        logger[level]({ req, res, durationMs }, 'request completed');
      }
    };
    response.on('close', done);
    response.on('finish', done);
    response.on('error', done);
    next();
  };
}
