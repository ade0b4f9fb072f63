import { type DynamicModule, Module } from '@nestjs/common';
import { DigestComposer } from './digest-composer';
import { MailAdminService, MailboxService, NotificationPreferences } from './mail-admin.service';
import { MAIL_DELIVERY_OPTIONS, type MailDeliveryOptions } from './mail-delivery.options';
import { MailDispatcher } from './mail-dispatcher';
import { MailWorker, SWEEPS, type Sweep } from './mail-worker';
import { CalendarService, ReminderSweep } from '../reminders';
import { RetentionPurge } from '../retention-purge';
import { WORKING_DAYS } from './working-days';

/**
 * Mail delivery, the digest, the worker and the mail APIs' use cases. Needs PersistenceModule,
 * EvaluationModule (the clock) and MailModule (the Mailer) in the application.
 *
 * The two bindings below are where deciding reminders meets delivering them:
 * - WORKING_DAYS: the working-day calendar (Chinese public holidays, 调休 and local overrides) the
 *   dispatcher asks before sending.
 * - SWEEPS: the periodic jobs the worker runs besides delivery: the reminder sweep, every quarter
 *   of an hour. It is idempotent and safe with several workers, so a missed or doubled run changes
 *   nothing; the ladder counts whole working days, and each run rewrites (as conflicts) the rows
 *   of every item inside its ladder window, so running it every minute would only cost database
 *   time. Rows queued before office hours wait for the window's start. And the retention purge,
 *   daily at 03:17 (Asia/Shanghai): what may expire (docs/operations.md, retention).
 */
@Module({})
export class MailDeliveryModule {
  static forRoot(options: MailDeliveryOptions): DynamicModule {
    const services = [MailDispatcher, DigestComposer, MailWorker, MailAdminService, MailboxService, NotificationPreferences, RetentionPurge];
    return {
      module: MailDeliveryModule,
      global: true,
      providers: [
        ...services,
        { provide: MAIL_DELIVERY_OPTIONS, useValue: options },
        { provide: WORKING_DAYS, useFactory: (calendar: CalendarService) => calendar.workingDays, inject: [CalendarService] },
        {
          provide: SWEEPS,
          useFactory: (reminders: ReminderSweep, retention: RetentionPurge): Sweep[] => [
            { name: 'reminder-sweep', cron: '*/15 * * * *', run: (now) => reminders.run(now) },
            { name: 'retention-purge', cron: '17 3 * * *', run: (now) => retention.run(now) },
          ],
          inject: [ReminderSweep, RetentionPurge],
        },
      ],
      exports: [...services, WORKING_DAYS, MAIL_DELIVERY_OPTIONS],
    };
  }
}
