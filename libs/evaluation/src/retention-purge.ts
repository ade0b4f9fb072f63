import { Inject, Injectable, Logger } from '@nestjs/common';
import { SECURITY_EVENTS_MIN_DAYS } from '@jixiao/config';
import { Mailer } from '@jixiao/mail';
import { RETENTION_BATCH, RetentionStore, Transactor, type PurgeCounts, type RetentionCutoffs } from '@jixiao/persistence';
import { MAIL_DELIVERY_OPTIONS, type MailDeliveryOptions, type RetentionOptions } from './mail/mail-delivery.options';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/** The instants before which each kind of row may go, as of `now`. Security events never younger than 180 days. */
export function retentionCutoffs(now: Date, options: RetentionOptions): RetentionCutoffs {
  const at = (ms: number) => new Date(now.getTime() - ms);
  return {
    securityEvents: at(Math.max(options.securityEventsDays, SECURITY_EVENTS_MIN_DAYS) * DAY_MS),
    endedSessions: at(options.endedSessionsDays * DAY_MS),
    idempotencyKeys: at(options.idempotencyKeyHours * HOUR_MS),
    mailBodies: at(options.mailBodiesDays * DAY_MS),
  };
}

/**
 * The worker's daily purge of what may expire: security events past their period, ended sessions,
 * idempotency keys past their window, and the text of delivered mail (with the local mailbox's
 * copies). Never the history. Safe with
 * several workers: each batch is its own transaction and a row gone is simply not counted twice.
 */
@Injectable()
export class RetentionPurge {
  private readonly logger = new Logger('RetentionPurge');

  constructor(
    private readonly transactor: Transactor,
    private readonly store: RetentionStore,
    private readonly mailer: Mailer,
    @Inject(MAIL_DELIVERY_OPTIONS) private readonly options: MailDeliveryOptions,
  ) {}

  async run(now: Date): Promise<PurgeCounts> {
    const cutoffs = retentionCutoffs(now, this.options.retention);
    const total: PurgeCounts = { securityEvents: 0, sessions: 0, idempotencyKeys: 0, mailBodies: 0 };
    for (;;) {
      const batch = await this.transactor.run(async (tx) => {
        const purged = await this.store.purgeBatch(tx, cutoffs);
        // Inside the transaction: files that cannot be removed leave their rows for the next run.
        await this.mailer.forget(purged.mailboxIds);
        return purged;
      });
      for (const key of Object.keys(total) as Array<keyof PurgeCounts>) total[key] += batch[key];
      if ((Object.keys(total) as Array<keyof PurgeCounts>).every((key) => batch[key] < RETENTION_BATCH)) break;
    }
    if (Object.values(total).some((count) => count > 0)) this.logger.log({ ...total }, 'Retention purge');
    return total;
  }
}
