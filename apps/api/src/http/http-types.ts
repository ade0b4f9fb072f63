import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A request as guards, decorators and handlers see it: Fastify's (`raw` is Node's). */
export type HttpRequest = FastifyRequest;
/** An answer a handler writes itself (`@Res()`): Fastify's reply, `header()`, `type()`, `send()`. */
export type HttpReply = FastifyReply;

/** One request header as text; a header sent twice is read as its first value, never as a list. */
export function headerOf(request: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
