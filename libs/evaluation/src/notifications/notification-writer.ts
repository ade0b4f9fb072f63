import { Injectable } from '@nestjs/common';
import { NotificationStore, type NewNotification, type NotificationCaseFacts, type Tx } from '@jixiao/persistence';
import { commentTargets, notificationTargets, notifies, type CommentStep, type RecordedChange } from '@jixiao/workflow';
import { Clock } from '../clock';

/** A case history record just written: what the notices are derived from. */
export interface WrittenRecord extends RecordedChange {
  caseId: string;
  /** The record's seq (the case version it produced). */
  seq: number;
  comment: string | null;
}

/**
 * Tells people in the console of the steps that concern them, in the transaction of the step: a
 * step rolled back tells nobody, and a record tells each person once (see `notificationTargets`
 * for who hears of what).
 */
@Injectable()
export class NotificationWriter {
  constructor(
    private readonly notifications: NotificationStore,
    private readonly clock: Clock,
  ) {}

  async recorded(tx: Tx, record: WrittenRecord): Promise<number> {
    if (!notifies(record.event)) return 0;
    const facts = await this.notifications.caseFacts(tx, record.caseId);
    if (!facts) return 0;
    return this.notifications.insertMany(tx, this.notices(record, facts));
  }

  /** The notices a record makes, from the case's facts as the record leaves them (none for an event nobody hears of). */
  notices(record: WrittenRecord, facts: NotificationCaseFacts): NewNotification[] {
    if (!notifies(record.event)) return [];
    const targets = notificationTargets(record, facts);
    const titles = new Map(facts.sections.map((s) => [s.code, s.title]));
    const dueDate = typeof record.details.dueDate === 'string' ? record.details.dueDate : null;
    const now = this.clock.now();
    return targets.map((target) => ({
      recipientId: target.recipientId,
      kind: target.kind,
      caseId: record.caseId,
      historySeq: record.seq,
      sectionCode: target.sectionCode,
      actorId: record.actorId,
      params: {
        unitName: facts.unitName,
        fiscalYear: facts.fiscalYear,
        ...(target.sectionCode !== null ? { sectionTitle: titles.get(target.sectionCode) ?? target.sectionCode } : {}),
        ...(record.comment ? { reason: record.comment } : {}),
        ...(dueDate ? { dueDate } : {}),
      },
      createdAt: now,
    }));
  }

  /**
   * A step in a section's comments: the people `commentTargets` names hear of it, in the
   * transaction that wrote the comment (comments keep their own log, not the case history, so the
   * notice has no history record). The comment's text, cut short, is what the notice quotes.
   */
  async commented(tx: Tx, input: { caseId: string; sectionCode: string; step: CommentStep; text: string | null }): Promise<number> {
    const recipients = commentTargets(input.step);
    if (recipients.length === 0) return 0;
    const facts = await this.notifications.caseFacts(tx, input.caseId);
    if (!facts) return 0;
    const title = facts.sections.find((s) => s.code === input.sectionCode)?.title ?? input.sectionCode;
    const excerpt = input.text === null ? null : input.text.length > 60 ? `${input.text.slice(0, 60)}…` : input.text;
    const now = this.clock.now();
    return this.notifications.insertMany(
      tx,
      recipients.map((recipientId) => ({
        recipientId,
        kind: input.step.kind,
        caseId: input.caseId,
        historySeq: null,
        sectionCode: input.sectionCode,
        actorId: input.step.actorId,
        params: { unitName: facts.unitName, fiscalYear: facts.fiscalYear, sectionTitle: title, ...(excerpt ? { reason: excerpt } : {}) },
        createdAt: now,
      })),
    );
  }

  /**
   * A delegation (代理) that hands the delegator's rights over for some days: its delegate hears of
   * it, named after the delegator (whose rights they are), unless the delegate set it up themselves.
   */
  async delegated(tx: Tx, input: { delegateId: string; delegatorId: string; createdBy: string; startsOn: string; endsOn: string; reason: string | null }): Promise<number> {
    if (input.delegateId === input.createdBy) return 0;
    return this.notifications.insertMany(tx, [
      {
        recipientId: input.delegateId,
        kind: 'DELEGATION',
        caseId: null,
        historySeq: null,
        sectionCode: null,
        actorId: input.delegatorId,
        params: { startsOn: input.startsOn, endsOn: input.endsOn, ...(input.reason ? { reason: input.reason } : {}) },
        createdAt: this.clock.now(),
      },
    ]);
  }
}
