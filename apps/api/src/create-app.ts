import { parse as parseQuery } from 'node:querystring';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createProcessLogger, PinoNestLogger, type AppConfig } from '@jixiao/config';
import type { Clock } from '@jixiao/evaluation';
import { AppModule, type DatabaseTarget } from './app.module';
import { answer, fastifyCode, type FastifyError } from './http/api-exception.filter';
import { useJsonBody } from './http/json-body';
import { RequestInputGuard } from './http/request-input.guard';
import { securityHeaders } from './http/security-headers';
import { requestId, requestLogging } from './http/request-logging';
import { RAW_BODY_TYPES } from './http/upload';
import { ApiMetrics } from './metrics/api-metrics';
import { ServingState } from './health/serving-state';
import { closeWhenStopping } from './shutdown';
import { serveWebConsole } from './web/web-console';

export interface AppOptions {
  /** The built web console (dist/web); the console is served at / when it holds an index.html. */
  webRoot?: string | null;
  /** The time source; the tests give theirs (the service otherwise reads the system's). */
  clock?: Clock;
}

/** Longer than any path parameter of the API (UUIDs, invitation tokens); Fastify's default of 100 would answer 414. */
const MAX_PARAM_LENGTH = 2048;

/**
 * TRUST_PROXY as Express read it. Off unless configured: behind no proxy, X-Forwarded-For is whatever
 * the client wrote. A number of hops is a function here, as Express compiled it (the addresses of
 * the last n hops are believed): Fastify given a bare number would believe none.
 */
function trustProxy(setting: AppConfig['http']['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}

/**
 * Builds the API application on Fastify (about half the CPU per request of Express: bench/README.md,
 * bench/http-stack); `main.ts` and the tests both start it through here. What Express did by default
 * is asked of Fastify explicitly: routes match without regard to case or a trailing slash, the query
 * string is parsed by Node's `querystring` (Express 5's `simple` parser: a repeated key gives an
 * array, brackets nest nothing), and `request.ip` believes X-Forwarded-For only from TRUST_PROXY.
 */
export async function createApp(config: AppConfig, database: DatabaseTarget, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const logger = createProcessLogger(config);
  const headers = securityHeaders({ publicUrl: config.http.publicUrl });
  let logging: ReturnType<typeof requestLogging<FastifyRequest>> | null = null;
  const adapter = new FastifyAdapter({
    trustProxy: trustProxy(config.http.trustProxy),
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: requestId,
    // Node's own timeouts, which the Express server had (Fastify's defaults: 72 s keep-alive, no request timeout).
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
    // No Nest middleware is used: Fastify hooks do what Express's middleware did, without @fastify/middie's walk per request.
    skipMiddie: true,
    // A URL the router cannot read (bad percent-encoding, an over-long parameter) is refused before
    // any hook runs and outside Nest's error handler: the same headers, log line and error body for it.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const ignore = () => undefined;
      headers(request, reply, ignore);
      logging?.(request, reply, ignore);
      const body = { ...answer(fastifyCode(error as Error & FastifyError)), requestId: request.id };
      void reply.code(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
    },
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: MAX_PARAM_LENGTH,
      querystringParser: (query: string) => parseQuery(query),
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, database, options.clock), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(new PinoNestLogger(logger));
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const metrics = app.get(ApiMetrics);
  logging = requestLogging<FastifyRequest>(logger, (request, response, seconds) => metrics.observe(request, response, seconds));
  // First, so that every answer carries them: body errors, 404s and static files too (Fastify runs
  // `onRequest` hooks for each, in the order added).
  fastify.addHook('onRequest', headers);
  fastify.addHook('onRequest', logging);
  fastify.addHook('onRequest', closeWhenStopping(app.get(ServingState)));
  useJsonBody(fastify, config.http.bodyLimitBytes);
  // Uploads: the route reads the body itself with `rawBody`, under its own limit (larger than the JSON one).
  fastify.addContentTypeParser(RAW_BODY_TYPES, (_request, _payload, done) => done(null, undefined));
  // The guards set these on every authenticated request: declared, so that Fastify's requests keep one shape.
  fastify.decorateRequest('principal', undefined);
  fastify.decorateRequest('accessToken', undefined);
  // Input no person can mean (NUL, lone surrogates, deep nesting) is refused before any guard, pipe or handler reads it.
  app.useGlobalGuards(new RequestInputGuard());
  app.setGlobalPrefix('api');
  SwaggerModule.setup('api/docs', app, describeApi(app), { jsonDocumentUrl: 'api/docs-json' });
  if (options.webRoot) serveWebConsole(fastify, options.webRoot);
  return app;
}

/** The OpenAPI document of an application whose global prefix is set; the console's API types are generated from it. */
export function describeApi(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Jixiao 绩效自评')
      .setDescription('Workflow and approval of the annual budget-performance self-evaluation.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}
