import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import fastify from 'fastify';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { requestId, requestLogging } from './request-logging';
import { loggablePath } from './secret-paths';

/** The access log as pino-http wrote it with its default serializers wrapped around ours: the reference. */
function wrappedLogging(logger: pino.Logger) {
  return pinoHttp({
    logger,
    genReqId: (incoming, response) => {
      const id = typeof incoming.headers['x-request-id'] === 'string' ? incoming.headers['x-request-id'] : 'fresh';
      response.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (serialized: { id: string; method: string; url: string; remoteAddress?: string }) => ({
        id: serialized.id,
        method: serialized.method,
        path: loggablePath(serialized.url),
        remoteAddress: serialized.remoteAddress,
      }),
      res: (serialized: { statusCode: number }) => ({ statusCode: serialized.statusCode }),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.accessToken'], censor: '[redacted]' },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customAttributeKeys: { responseTime: 'durationMs' },
  });
}

/** A sink for log lines, parsed, without what differs between runs. */
function linesSink() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const { time: _time, durationMs: _durationMs, pid: _pid, hostname: _hostname, ...line } = JSON.parse(chunk.toString()) as Record<string, unknown>;
      // A failed request's error is made by the logging code: its stack names that code's own frames, so only its first line is compared.
      const err = line.err as { stack?: string } | undefined;
      if (err?.stack) err.stack = err.stack.split('\n')[0];
      lines.push(line);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, sink) };
}

/** The same four routes and a 404 on a bare Node server, logged by pino-http: the reference. */
function referenceApp() {
  const { lines, logger } = linesSink();
  const logging = wrappedLogging(logger);
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    logging(incoming, response);
    const path = (incoming.url ?? '').split('?')[0];
    const answer = (status: number, body: object) => {
      response.statusCode = status;
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.end(JSON.stringify(body));
    };
    if (incoming.method === 'GET' && path === '/api/health') return answer(200, { ok: true });
    if (incoming.method === 'POST' && path === '/api/auth/sessions') return incoming.resume().on('end', () => answer(401, { code: 'AUTH.INVALID_CREDENTIALS' }));
    if (incoming.method === 'GET' && path === '/api/broken') return answer(500, { message: 'no database' });
    // Never answers: the client gives up and the connection closes before an answer began.
    if (incoming.method === 'GET' && path === '/api/stalled') return undefined;
    return answer(404, { message: 'not found' });
  });
  return { server: Promise.resolve(server), lines };
}

/** The same routes on Fastify, logged by our hook with our request ids. */
function fastifyApp() {
  const { lines, logger } = linesSink();
  const app = fastify({ genReqId: requestId });
  app.addHook('onRequest', requestLogging(logger));
  app.get('/api/health', async () => ({ ok: true }));
  app.post('/api/auth/sessions', async (_request, reply) => reply.code(401).send({ code: 'AUTH.INVALID_CREDENTIALS' }));
  app.get('/api/broken', async () => {
    throw new Error('no database');
  });
  app.get('/api/stalled', () => new Promise(() => undefined));
  return { server: app.ready().then(() => app.server), lines };
}

describe('requestLogging', () => {
  it('writes the access log line the default pino-http serializers wrote: id, method, path, address, status, level and message, nothing more', async () => {
    const ours = fastifyApp();
    const reference = referenceApp();
    const requests: Array<(app: Server) => PromiseLike<unknown>> = [
      (app) => request(app).get('/api/health').set('X-Request-Id', 'trace-1'),
      (app) => request(app).get('/api/health?limit=5&offset=10').set('X-Request-Id', 'trace-2'),
      (app) => request(app).get('/api/invitations/secret-token-123?x=1').set('X-Request-Id', 'trace-3'),
      (app) => request(app).post('/api/auth/sessions').set('X-Request-Id', 'trace-4').set('Authorization', 'Bearer abc').send({ username: 'zhang', password: 'secret' }),
      (app) => request(app).get('/api/broken').set('X-Request-Id', 'trace-5'),
      (app) => request(app).get('/nowhere').set('X-Request-Id', 'trace-6'),
      (app) =>
        request(app)
          .get('/api/stalled')
          .set('X-Request-Id', 'trace-7')
          .timeout(200)
          .then(
            () => undefined,
            () => undefined,
          ),
    ];
    const [ourServer, referenceServer] = await Promise.all([ours.server, reference.server]);
    for (const send of requests) {
      await send(ourServer);
      await send(referenceServer);
    }
    // The closed connection's line is written once the server has seen it close.
    const stalledLogged = (lines: Array<Record<string, unknown>>) => lines.some((line) => (line.req as { id?: string } | undefined)?.id === 'trace-7');
    for (let wait = 0; wait < 500 && !(stalledLogged(ours.lines) && stalledLogged(reference.lines)); wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(ours.lines.length).toBeGreaterThanOrEqual(requests.length);
    expect(ours.lines).toEqual(reference.lines);
    expect(ours.lines).toContainEqual(
      expect.objectContaining({ req: { id: 'trace-3', method: 'GET', path: '/api/invitations/[token]?x=1', remoteAddress: expect.any(String) }, res: { statusCode: 404 } }),
    );
    expect(ours.lines).toContainEqual(expect.objectContaining({ req: expect.objectContaining({ id: 'trace-7' }), res: { statusCode: null }, msg: 'request completed' }));
    // Nothing of the headers or the body: no token, no password.
    expect(JSON.stringify(ours.lines)).not.toMatch(/secret|Bearer|authorization/i);
  });
});
