import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from '@jixiao/config';
import { DemoModule, demoAccountGroups } from '@jixiao/demo';
import { type Clock, EvaluationModule, MailDeliveryModule, SealKeyring, consoleUrl, mailDeliveryOptions } from '@jixiao/evaluation';
import { MailModule } from '@jixiao/mail';
import { HistoryKeyring, PersistenceModule } from '@jixiao/persistence';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { REQUESTS_PER_MINUTE, RequestRateLimit, RequestRateLimitGuard } from './auth/request-rate-limit.guard';
import { SessionChecks } from './auth/session-in-read';
import { SecurityEventController } from './auth/security-event.controller';
import { CampaignController } from './campaigns/campaign.controller';
import { ApproversController } from './cases/approvers.controller';
import { CirculationController } from './cases/circulation.controller';
import { CaseController } from './cases/case.controller';
import { TaskController } from './me/task.controller';
import { DelegationController } from './delegations/delegation.controller';
import { DirectoryController } from './directory/directory.controller';
import { HistoryController } from './cases/history.controller';
import { ReportTablesController } from './cases/report-tables.controller';
import { SectionContentController } from './cases/section-content.controller';
import { SealedVersionController } from './cases/sealed-version.controller';
import { DraftReportController } from './cases/draft-report.controller';
import { HealthController } from './health/health.controller';
import { ServingState } from './health/serving-state';
import { ApiMetrics } from './metrics/api-metrics';
import { METRICS_TOKEN, MetricsController } from './metrics/metrics.controller';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { createValidationPipe } from './http/validation';
import { PeopleController } from './people/people.controller';
import { BureauController } from './bureaus/bureau.controller';
import { InvitationController } from './invitations/invitation.controller';
import { SIGN_IN_OPTIONS } from './auth/sign-in-options';
import { MailAdminController, MailboxController, NotificationPreferencesController } from './mail/mail.controller';
import { TrackingController } from './campaigns/tracking.controller';
import { CalendarController } from './reminders/calendar.controller';
import { ReminderController } from './reminders/reminder.controller';
import { NotificationController } from './me/notification.controller';
import { PhraseController } from './me/phrase.controller';
import { SectionCommentController } from './cases/section-comment.controller';
import { CampaignProjectsController } from './campaigns/campaign-projects.controller';
import { ProjectFormsController } from './cases/project-forms.controller';
import { UnitSealController } from './seals/unit-seal.controller';
import { SealVerificationController } from './seals/seal-verification.controller';

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
        PersistenceModule.forRoot({ url: database.url, poolMax: database.poolMax, logQueries: config.database.logQueries }, new HistoryKeyring(config.history.key, config.history.oldKeys)),
        EvaluationModule.forRoot({ auth: config.auth, consoleUrl: consoleUrl(config.http), clock, sealKeys: new SealKeyring(config.seal.keyEncryptionKey, config.seal.oldKeys) }),
        DemoModule,
        MailModule.forRoot(config.mail),
        MailDeliveryModule.forRoot(mailDeliveryOptions(config)),
      ],
      controllers: [HealthController, MetricsController, AuthController, SecurityEventController, CampaignController, CaseController, HistoryController, PeopleController, DelegationController, SectionContentController, ReportTablesController, SealedVersionController, ApproversController, TaskController, MailAdminController, MailboxController, NotificationPreferencesController, TrackingController, CalendarController, ReminderController, BureauController, InvitationController, DirectoryController, NotificationController, DraftReportController, PhraseController, SectionCommentController, CirculationController, CampaignProjectsController, ProjectFormsController, UnitSealController, SealVerificationController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: REQUESTS_PER_MINUTE, useValue: config.http.maxRequestsPerTokenPerMinute },
        RequestRateLimit,
        ServingState,
        ApiMetrics,
        { provide: METRICS_TOKEN, useValue: config.observability.metricsToken },
        SessionChecks,
        { provide: APP_GUARD, useClass: RequestRateLimitGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: SIGN_IN_OPTIONS, useValue: { demoAccounts: config.demo.seed, demoAccountGroups: config.demo.seed ? demoAccountGroups() : [] } },
      ],
    };
  }
}
