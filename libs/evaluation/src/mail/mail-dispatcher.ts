import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WorkingDays } from '@jixiao/calendar';
import { Mailer, renderDigestMail, renderInvitationMail, renderSingleMail, type DigestItem, type InvitationPayload, type ReminderPayload, type RenderedMail, type SingleMailKind } from '@jixiao/mail';
import { MailOutboxStore, Transactor, type ClaimedMail } from '@jixiao/persistence';
import { Clock } from '../clock';
import { MAIL_DELIVERY_OPTIONS, outboxMessageId, type MailDeliveryOptions } from './mail-delivery.options';
import { WORKING_DAYS } from './working-days';
import { mayMailNow, nextWindowStart } from './working-hours';

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  deferred: number;
  /** Rows whose claim was lost before they could be marked (cancelled, or taken over after the lease). */
  lost: number;
}

/** The payload of a digest row. */
export interface DigestPayload {
  date: string;
  items: Array<DigestItem & { id: string }>;
  window: unknown;
  link: string;
}

const MAX_ROUNDS = 20;

/** Kinds that go out whenever they are due: a person waits for an invitation to sign in, at any hour. */
const ANY_HOUR_KINDS: ReadonlySet<string> = new Set(['invitation']);

/**
 * Delivers the mail outbox. Each round claims due rows in one committed statement (status
 * 'sending', attempts + 1, a lease), then sends each row and marks it. The Message-ID comes from the
 * row, so a worker killed after sending and before marking resends the same message under the same
 * Message-ID once its lease runs out: at least once, with a stable id for the receiving side to
 * recognise. A worker killed before sending loses nothing: the lease runs out and another claims it.
 */
@Injectable()
export class MailDispatcher {
  private readonly logger = new Logger('MailDispatcher');
  /** Names this process in `claimed_by`; each claim adds a fresh suffix. */
  private readonly workerId = `${hostname()}:${process.pid}`;
  private crashArmed: boolean;

  constructor(
    private readonly transactor: Transactor,
    private readonly outbox: MailOutboxStore,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    @Inject(WORKING_DAYS) private readonly calendar: WorkingDays,
    @Inject(MAIL_DELIVERY_OPTIONS) private readonly options: MailDeliveryOptions,
  ) {
    this.crashArmed = options.crashAt !== null;
  }

  /** Delivers every row due now, in rounds of `batchSize`. */
  async deliverDue(scope: { organisationIds?: readonly string[] | null } = {}): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, deferred: 0, lost: 0 };
    const organisationIds = scope.organisationIds ?? this.options.onlyOrganisationIds;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const claimed = await this.outbox.claim(this.transactor.manager, {
        now: this.clock.now(),
        token: `${this.workerId}:${randomUUID()}`,
        leaseSeconds: this.options.leaseSeconds,
        limit: this.options.batchSize,
        organisationIds,
      });
      for (const row of claimed) report[await this.deliver(row)] += 1;
      if (claimed.length < this.options.batchSize) break;
    }
    return report;
  }

  private async deliver(row: ClaimedMail): Promise<keyof DeliveryReport> {
    const tx = this.transactor.manager;
    const now = this.clock.now();
    const window = (row.payload as { window?: unknown }).window;
    if (!ANY_HOUR_KINDS.has(row.kind) && !mayMailNow(now, window, this.calendar)) {
      // Never at night, at weekends or on holidays: back to pending until the window opens.
      return (await this.outbox.defer(tx, row.id, row.claimToken, nextWindowStart(now, window, this.calendar))) ? 'deferred' : 'lost';
    }
    let rendered: RenderedMail;
    try {
      if (row.recipientEmail === null) throw new Error(`${row.recipientName} has no e-mail address`);
      rendered = this.render(row);
    } catch (error) {
      await this.outbox.markAttemptFailed(tx, row.id, row.claimToken, { error: describe(error), retryAt: null });
      return 'failed';
    }
    // A moved due date or a finished task cancels the row in the transaction that changes it; a
    // cancelled row (or one taken over after the lease) is no longer 'sending' under this claim.
    if (!(await this.outbox.stillClaimed(tx, row.id, row.claimToken))) return 'lost';
    const messageId = outboxMessageId(row.id);
    this.crashPoint('before-send');
    try {
      await this.mailer.send({ key: row.id, messageId, to: { name: row.recipientName, address: row.recipientEmail }, ...rendered, date: now });
    } catch (error) {
      const retry = row.attempts < this.options.maxAttempts;
      const retryAt = retry ? new Date(this.clock.now().getTime() + this.options.retryBaseSeconds * 1000 * 2 ** (row.attempts - 1)) : null;
      this.logger.warn({ outboxId: row.id, attempts: row.attempts, err: describe(error) }, retry ? 'Mail not delivered; will retry' : 'Mail not delivered; giving up');
      const marked = await this.outbox.markAttemptFailed(tx, row.id, row.claimToken, { error: describe(error), retryAt });
      return marked ? (retry ? 'retried' : 'failed') : 'lost';
    }
    this.crashPoint('after-send');
    const marked = await this.outbox.markSent(tx, row.id, row.claimToken, { messageId, at: this.clock.now(), transport: this.mailer.transport });
    if (!marked) this.logger.warn({ outboxId: row.id }, 'Mail sent but its claim was lost meanwhile; it may go out again under the same Message-ID');
    return marked ? 'sent' : 'lost';
  }

  private render(row: ClaimedMail): RenderedMail {
    if (row.kind === 'invitation') return renderInvitationMail(row.payload as unknown as InvitationPayload, row.recipientName, this.options.publicUrl);
    if (row.kind === 'digest') {
      const digest = row.payload as unknown as DigestPayload;
      return renderDigestMail(digest.date, digest.items, row.recipientName, this.options.publicUrl);
    }
    return renderSingleMail(row.kind as SingleMailKind, row.payload as unknown as ReminderPayload, row.recipientName, this.options.publicUrl);
  }

  private crashPoint(point: 'before-send' | 'after-send'): void {
    if (this.crashArmed && this.options.crashAt === point) {
      this.crashArmed = false;
      this.logger.warn(`Crashing on purpose at ${point} (JIXIAO_WORKER_CRASH_AT)`);
      process.kill(process.pid, 'SIGKILL');
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const response = (error as { response?: string }).response;
    return response ? `${error.message} (${response})` : error.message;
  }
  return String(error);
}
