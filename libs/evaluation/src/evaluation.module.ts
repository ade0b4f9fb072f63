import { ServiceMetrics } from './metrics';
import { type DynamicModule, Module } from '@nestjs/common';
import { AccountStatusService } from './account-status.service';
import { BureauService, InvitationAcceptanceService, InvitationService, PeopleImportService, PersonViews } from './accounts';
import { AUTH_OPTIONS, AuthService, type AuthOptions } from './auth.service';
import { AccessPolicy } from './access-policy';
import { ATTEMPT_LIMITS, AttemptLimiter } from './attempt-limiter';
import { CampaignService } from './campaign.service';
import { CaseEvents, CaseLoader, CaseQueries, CaseRecorder, LifecycleEventBuilder, SealingService, SectionAssignmentService, SectionWorkflowService, VersionRenderer, RenderingPool, WorkingGroupService, DraftReportService, CirculationService } from './cases';
import { Clock, SystemClock } from './clock';
import { FirstAdministratorService } from './first-administrator';
import { HistoryVerifier } from './history-verifier';
import { DelegationService } from './delegation.service';
import { Idempotency } from './idempotency';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';
import { PeopleService } from './people.service';
import { ReportFacts } from './report-facts';
import { ReportTablesService } from './report-tables.service';
import { CampaignProjectsService, ProjectFormChecks, ProjectFormsService } from './project-forms';
import { SecurityLog } from './security-log';
import { SectionContentService } from './section-content.service';
import { TaskService } from './task.service';
import { CaseRulebook } from './rulebook';
import { DirectoryImportService, DirectoryService, UnitAdministratorService } from './directory';
import { CampaignAccess, CampaignUnitsService, CONSOLE_URL, DeadlineExtensionService, RecheckService, TRACKING_WORKING_DAYS, TrackingService, SheetReader, UnitLatenessService, BatchDecisionService } from './tracking';
import { PdfReader } from './rendering';
import { CalendarService, DueItemsService, ReminderLadderService, ReminderSweep, UrgeService } from './reminders';
import { NotificationService, NotificationWriter } from './notifications';
import { PhraseService } from './phrases';
import { SectionCommentService } from './comments';
import { SealKeyring, SealVerificationService, UnitSealService } from './seals';

const CASE_SERVICES = [CaseLoader, CaseQueries, CaseEvents, CaseRecorder, LifecycleEventBuilder, WorkingGroupService, SectionAssignmentService, SectionWorkflowService, SealingService, VersionRenderer, RenderingPool, DraftReportService, CirculationService];
const TRACKING_SERVICES = [CampaignAccess, TrackingService, CampaignUnitsService, RecheckService, DeadlineExtensionService, UnitLatenessService, BatchDecisionService];

/** The use cases both apps share. Needs PersistenceModule in the application. */
@Module({})
export class EvaluationModule {
  /**
   * `clock` replaces the system's time source (the tests pin "today" with it); `consoleUrl` is where
   * people open the console (see consoleUrl()), the base of the links in exports. `sealKeys`
   * encrypt and open units' seal private keys; without them seals cannot be set up or used.
   */
  static forRoot(options: { auth: AuthOptions; consoleUrl: string; clock?: Clock; sealKeys?: SealKeyring }): DynamicModule {
    const services = [AuthService, InvitationService, InvitationAcceptanceService, BureauService, PeopleImportService, PersonViews, AttemptLimiter, AccountStatusService, FirstAdministratorService, CampaignService, ...CASE_SERVICES, Idempotency, PasswordHasher, ReportFacts, AccessPolicy, PeopleService, DelegationService, HistoryVerifier, PasswordPolicy, SecurityLog, SectionContentService, ReportTablesService, TaskService, CaseRulebook, ...TRACKING_SERVICES, SheetReader, PdfReader, CalendarService, DueItemsService, ReminderLadderService, ReminderSweep, UrgeService, DirectoryService, DirectoryImportService, UnitAdministratorService, NotificationWriter, NotificationService, PhraseService, SectionCommentService, ProjectFormChecks, ProjectFormsService, CampaignProjectsService, ServiceMetrics, UnitSealService, SealVerificationService];
    return {
      module: EvaluationModule,
      global: true,
      providers: [...services, options.clock ? { provide: Clock, useValue: options.clock } : { provide: Clock, useClass: SystemClock }, { provide: AUTH_OPTIONS, useValue: options.auth }, { provide: SealKeyring, useValue: options.sealKeys ?? new SealKeyring(null) }, { provide: CONSOLE_URL, useValue: options.consoleUrl }, { provide: ATTEMPT_LIMITS, useValue: options.auth.attempts }, { provide: TRACKING_WORKING_DAYS, useFactory: (calendar: CalendarService) => calendar.workingDays, inject: [CalendarService] }],
      exports: [...services, Clock, SealKeyring],
    };
  }
}
