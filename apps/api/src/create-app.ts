import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@jixiao/config';
import type { Clock } from '@jixiao/evaluation';
import { Logger } from 'nestjs-pino';
import { AppModule, type DatabaseTarget } from './app.module';
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
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
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
