import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type DatabaseOptions, dataSourceOptions } from './data-source';
import { HistoryKeyring } from './history-link';
import { HistoryJournal } from './journal';
import { AttemptCounterStore } from './stores/attempt-counter.store';
import { CampaignStore } from './stores/campaign.store';
import { CaseStore } from './stores/case.store';
import { LifecycleStore } from './stores/lifecycle.store';
import { DelegationStore } from './stores/delegation.store';
import { DirectoryStore } from './stores/directory.store';
import { IdempotencyStore } from './stores/idempotency.store';
import { OrganisationStore } from './stores/organisation.store';
import { PeopleStore } from './stores/people.store';
import { ReportTableStore } from './stores/report-table.store';
import { ProjectFormStore } from './stores/project-form.store';
import { SealedVersionStore } from './stores/sealed-version.store';
import { RenderingStore } from './stores/rendering.store';
import { ReportContentStore } from './stores/report-content.store';
import { SecurityEventStore } from './stores/security-event.store';
import { RetentionStore } from './stores/retention.store';
import { SectionStore } from './stores/section.store';
import { SessionStore } from './stores/session.store';
import { TaskStore } from './stores/task.store';
import { Transactor } from './stores/transactor';
import { TrackingStore } from './stores/tracking.store';
import { UserStore } from './stores/user.store';
import { MailOutboxStore } from './stores/mail-outbox.store';
import { BureauStore } from './stores/bureau.store';
import { InvitationStore } from './stores/invitation.store';
import { JobQueue } from './job-queue';
import { CalendarOverrideStore } from './stores/calendar-override.store';
import { DueItemStore } from './stores/due-item.store';
import { ReminderStore } from './stores/reminder.store';
import { NotificationStore } from './stores/notification.store';
import { ObservationStore } from './stores/observation.store';
import { UnitSealStore } from './stores/unit-seal.store';

const STORES = [HistoryJournal, Transactor, OrganisationStore, UserStore, SessionStore, CampaignStore, CaseStore, IdempotencyStore, DelegationStore, PeopleStore, SecurityEventStore, SectionStore, ReportTableStore, SealedVersionStore, RenderingStore, ReportContentStore, TaskStore, MailOutboxStore, JobQueue, TrackingStore, CalendarOverrideStore, DueItemStore, ReminderStore, AttemptCounterStore, InvitationStore, DirectoryStore, BureauStore, NotificationStore, PhraseStore, SectionCommentStore, ProjectFormStore, LifecycleStore, RetentionStore, ObservationStore, UnitSealStore];
import { PhraseStore } from './stores/phrase.store';
import { SectionCommentStore } from './stores/section-comment.store';

/** The database adapter: the only module that knows TypeORM and `pg`. */
@Global()
@Module({})
export class PersistenceModule {
  /** `historyKeys`: the keys the journal links history records with (see HistoryJournal). */
  static forRoot(options: DatabaseOptions, historyKeys: HistoryKeyring): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(options), retryAttempts: 3, retryDelay: 1000 })],
      providers: [...STORES, { provide: HistoryKeyring, useValue: historyKeys }],
      exports: [...STORES, HistoryKeyring],
    };
  }
}
