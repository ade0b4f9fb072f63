import type { FastifyInstance } from 'fastify';
import { ApiError } from './api-error';

/** Only these encodings of a JSON body are read: UTF-8 (what every client sends) and no compression. */
const UTF8 = /^utf-?8$/i;

/** The charset parameter of a Content-Type, null when it names none. */
function charsetOf(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match ? match[1]! : null;
}

/**
 * The JSON body parser, in place of Fastify's own, reading bodies as Express's (body-parser's) did,
 * which the console and scripts were written against: an empty body is `{}` (Fastify refuses it),
 * the top level is an object or an array (body-parser's `strict`), and a body over `limit` bytes is
 * 413 before it is read. Errors carry the codes the API answered before (REQUEST.MALFORMED_JSON,
 * REQUEST.UNSUPPORTED_ENCODING); Fastify's own (too large, wrong media type) are mapped by the filter.
 *
 * Unlike body-parser it does not inflate a gzip or deflate body, nor decode UTF-16: such a body is
 * refused with REQUEST.UNSUPPORTED_ENCODING (no client of this API sends one).
 */
export function useJsonBody(fastify: FastifyInstance, limit: number): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: limit }, (request, body, done) => {
    const encoding = request.headers['content-encoding'];
    const charset = charsetOf(request.headers['content-type']);
    if ((encoding !== undefined && encoding.toLowerCase() !== 'identity') || (charset !== null && !UTF8.test(charset))) {
      done(new ApiError('REQUEST.UNSUPPORTED_ENCODING', `Send JSON as UTF-8 without Content-Encoding (got ${encoding ?? 'no encoding'}, charset ${charset ?? 'none'}).`), undefined);
      return;
    }
    const text = (body as string).charCodeAt(0) === 0xfeff ? (body as string).slice(1) : (body as string);
    const first = text.trimStart()[0];
    if (first === undefined) {
      done(null, {});
      return;
    }
    if (first !== '{' && first !== '[') {
      done(new ApiError('REQUEST.MALFORMED_JSON', 'The body is not a JSON object or array.'), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new ApiError('REQUEST.MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
}
