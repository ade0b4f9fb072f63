import { type DynamicModule, Module } from '@nestjs/common';
import { DigestComposer } from './digest-composer';
import { MailAdminService, MailboxService, NotificationPreferences } from './mail-admin.service';
import { MAIL_DELIVERY_OPTIONS, type MailDeliveryOptions } from './mail-delivery.options';
import { MailDispatcher } from './mail-dispatcher';
import { MailWorker, SWEEPS, type Sweep } from './mail-worker';
import { ListedWorkingDays, WORKING_DAYS } from './working-days';

/**
 * Mail delivery, the digest, the worker and the mail APIs' use cases. Needs PersistenceModule,
 * EvaluationModule (the clock) and MailModule (the Mailer) in the application.
 *
 * The two bindings below are where the other halves of reminders plug in:
 * - WORKING_DAYS: the working-day calendar the worker asks before sending. INTEGRATION: bind the
 *   Chinese public-holiday calendar of libs/calendar here; until then Monday to Friday.
 * - SWEEPS: the periodic jobs the worker runs besides delivery. INTEGRATION: add the reminder
 *   sweep (`ReminderSweep.run(now)`, every minute) here.
 */
@Module({})
export class MailDeliveryModule {
  static forRoot(options: MailDeliveryOptions): DynamicModule {
    const services = [MailDispatcher, DigestComposer, MailWorker, MailAdminService, MailboxService, NotificationPreferences];
    return {
      module: MailDeliveryModule,
      global: true,
      providers: [
        ...services,
        { provide: MAIL_DELIVERY_OPTIONS, useValue: options },
        { provide: WORKING_DAYS, useFactory: () => new ListedWorkingDays() },
        { provide: SWEEPS, useFactory: (): Sweep[] => [] },
      ],
      exports: [...services, WORKING_DAYS, MAIL_DELIVERY_OPTIONS],
    };
  }
}
