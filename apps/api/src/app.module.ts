import { randomUUID } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from '@jixiao/config';
import { DemoModule } from '@jixiao/demo';
import { type Clock, EvaluationModule, MailDeliveryModule, mailDeliveryOptions } from '@jixiao/evaluation';
import { MailModule } from '@jixiao/mail';
import { PersistenceModule } from '@jixiao/persistence';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { SecurityEventController } from './auth/security-event.controller';
import { CampaignController } from './campaigns/campaign.controller';
import { ApproversController } from './cases/approvers.controller';
import { CaseController } from './cases/case.controller';
import { TaskController } from './me/task.controller';
import { DelegationController } from './delegations/delegation.controller';
import { HistoryController } from './cases/history.controller';
import { ReportTablesController } from './cases/report-tables.controller';
import { SectionContentController } from './cases/section-content.controller';
import { SealedVersionController } from './cases/sealed-version.controller';
import { HealthController } from './health/health.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { createValidationPipe } from './http/validation';
import { PeopleController } from './people/people.controller';
import { MailAdminController, MailboxController, NotificationPreferencesController } from './mail/mail.controller';
import { TrackingController } from './campaigns/tracking.controller';
import { CalendarController } from './reminders/calendar.controller';
import { ReminderController } from './reminders/reminder.controller';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface DatabaseTarget {
  url: string;
  poolMax: number;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseTarget, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.log.level,
            // One line per request; an incoming X-Request-Id is kept so calls can be traced across services.
            genReqId: (request: IncomingMessage, response: ServerResponse) => {
              const incoming = request.headers['x-request-id'];
              const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
              response.setHeader('X-Request-Id', id);
              return id;
            },
            serializers: {
              req: (request: { id: string; method: string; url: string; remoteAddress?: string }) => ({
                id: request.id,
                method: request.method,
                path: request.url,
                remoteAddress: request.remoteAddress,
              }),
              res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
            },
            redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.accessToken'], censor: '[redacted]' },
            customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
            customSuccessMessage: () => 'request completed',
            customErrorMessage: () => 'request failed',
            customAttributeKeys: { responseTime: 'durationMs' },
          },
        }),
        PersistenceModule.forRoot({ url: database.url, poolMax: database.poolMax, logQueries: config.database.logQueries }),
        EvaluationModule.forRoot({ auth: config.auth, clock }),
        DemoModule,
        MailModule.forRoot(config.mail),
        MailDeliveryModule.forRoot(mailDeliveryOptions(config)),
      ],
      controllers: [HealthController, AuthController, SecurityEventController, CampaignController, CaseController, HistoryController, PeopleController, DelegationController, SectionContentController, ReportTablesController, SealedVersionController, ApproversController, TaskController, MailAdminController, MailboxController, NotificationPreferencesController, TrackingController, CalendarController, ReminderController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
