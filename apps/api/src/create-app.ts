import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createProcessLogger, PinoNestLogger, type AppConfig } from '@jixiao/config';
import type { Clock } from '@jixiao/evaluation';
import { AppModule, type DatabaseTarget } from './app.module';
import { RequestInputGuard } from './http/request-input.guard';
import { securityHeaders } from './http/security-headers';
import { requestLogging } from './http/request-logging';
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

/** Builds the API application; `main.ts` and the tests both start it through here. */
export async function createApp(config: AppConfig, database: DatabaseTarget, options: AppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database, options.clock), {
    bufferLogs: true,
    bodyParser: false,
  });
  const logger = createProcessLogger(config);
  app.useLogger(new PinoNestLogger(logger));
  const metrics = app.get(ApiMetrics);
  app.use(requestLogging(logger, (request, response, seconds) => metrics.observe(request, response, seconds)));
  app.use(closeWhenStopping(app.get(ServingState)));
  app.disable('x-powered-by');
  // Express would hash every answer for an ETag; the API's answers are no-store, so no client keeps
  // one to revalidate. Files (the console, the API documentation's) keep theirs: static serving makes its own.
  app.set('etag', false);
  // First, so that every answer carries them: errors of the body parser, 404s and static files too.
  app.use(securityHeaders({ publicUrl: config.http.publicUrl }));
  // Off unless configured: behind no proxy, X-Forwarded-For is whatever the client wrote.
  app.set('trust proxy', config.http.trustProxy);
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  // Input no person can mean (NUL, lone surrogates, deep nesting) is refused before any guard, pipe or handler reads it.
  app.useGlobalGuards(new RequestInputGuard());
  app.setGlobalPrefix('api');
  SwaggerModule.setup('api/docs', app, describeApi(app), { jsonDocumentUrl: 'api/docs-json' });
  if (options.webRoot) serveWebConsole(app, options.webRoot);
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
