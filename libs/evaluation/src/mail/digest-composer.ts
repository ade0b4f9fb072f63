import { Inject, Injectable } from '@nestjs/common';
import type { WorkingDays } from '@jixiao/calendar';
import type { ReminderPayload, SingleMailKind } from '@jixiao/mail';
import { MailOutboxStore, Transactor, type DigestCandidate } from '@jixiao/persistence';
import { Clock, shanghaiDate } from '../clock';
import type { DigestPayload } from './mail-dispatcher';
import { MAIL_DELIVERY_OPTIONS, type MailDeliveryOptions } from './mail-delivery.options';
import { WORKING_DAYS } from './working-days';
import { mayMailNow, nextWindowStart } from './working-hours';

const CANDIDATES_PER_RUN = 5000;

/**
 * For people who chose the daily digest: on each working day, once the sending window has opened,
 * their due reminders, overdue notices and escalations become one digest row (dedupe key
 * 'digest:<user>:<date>'), and those rows are marked 'digested' with its id, in one transaction.
 * Rows that come due after the day's digest went out wait for the next working day's. 催办 are
 * never held back: they are not digestible.
 */
@Injectable()
export class DigestComposer {
  constructor(
    private readonly transactor: Transactor,
    private readonly outbox: MailOutboxStore,
    private readonly clock: Clock,
    @Inject(WORKING_DAYS) private readonly calendar: WorkingDays,
    @Inject(MAIL_DELIVERY_OPTIONS) private readonly options: MailDeliveryOptions,
  ) {}

  /** Composes the digests due now; answers how many digest rows it created. */
  async compose(scope: { organisationIds?: readonly string[] | null } = {}): Promise<number> {
    const now = this.clock.now();
    const organisationIds = scope.organisationIds ?? this.options.onlyOrganisationIds;
    return this.transactor.run(async (tx) => {
      const candidates = await this.outbox.digestCandidates(tx, now, organisationIds, CANDIDATES_PER_RUN);
      const byRecipient = new Map<string, DigestCandidate[]>();
      for (const candidate of candidates) byRecipient.set(candidate.recipientId, [...(byRecipient.get(candidate.recipientId) ?? []), candidate]);
      // A full page may have cut the last person's items short: they wait for the next run, whole.
      if (candidates.length === CANDIDATES_PER_RUN && byRecipient.size > 1) byRecipient.delete(candidates[candidates.length - 1]!.recipientId);
      const today = shanghaiDate(now);
      let created = 0;
      for (const [recipientId, rows] of byRecipient) {
        const ready = rows.filter((row) => mayMailNow(now, row.payload.window, this.calendar));
        for (const row of rows.filter((r) => !ready.includes(r))) {
          await this.outbox.postpone(tx, [row.id], nextWindowStart(now, row.payload.window, this.calendar));
        }
        if (ready.length === 0) continue;
        const payload: DigestPayload = {
          date: today,
          items: ready.map((row) => ({ id: row.id, kind: row.kind as SingleMailKind, payload: row.payload as unknown as ReminderPayload })),
          window: ready[0]!.payload.window,
          link: '/me/tasks',
        };
        const digestId = await this.outbox.insert(tx, {
          dedupeKey: `digest:${recipientId}:${today}`,
          kind: 'digest',
          recipientId,
          payload,
          sendAfter: now,
        });
        if (digestId === null) {
          // Today's digest has gone already: these wait for the next working day's.
          await this.outbox.postpone(tx, ready.map((row) => row.id), nextWindowStart(now, ready[0]!.payload.window, this.calendar, true));
          continue;
        }
        await this.outbox.markDigested(tx, digestId, ready.map((row) => row.id));
        created += 1;
      }
      return created;
    });
  }
}
