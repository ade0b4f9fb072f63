import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@jixiao/config';
import { Logger } from 'nestjs-pino';
import { AppModule, type DatabaseTarget } from './app.module';

/** Builds the API application; `main.ts` and the tests both start it through here. */
export async function createApp(config: AppConfig, database: DatabaseTarget): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  app.setGlobalPrefix('api');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Jixiao 绩效自评')
      .setDescription('Workflow and approval of the annual budget-performance self-evaluation.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
