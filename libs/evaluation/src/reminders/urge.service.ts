import { Injectable } from '@nestjs/common';
import type { WorkingCalendar } from '@jixiao/calendar';
import { CaseStore, DueItemStore, ReminderStore, Transactor, UserStore, type DueItemKind, type DueItemRow, type Tx } from '@jixiao/persistence';
import { AccessPolicy } from '../access-policy';
import { CampaignService } from '../campaign.service';
import { CaseLoader } from '../cases/case.loader';
import { Clock, shanghaiDate } from '../clock';
import { conflict, forbidden, unprocessable } from '../errors';
import type { Principal } from '../principal';
import { CalendarService } from './calendar.service';
import { dueItemKey } from './due-items';
import { ladderOf, type ReminderLadder } from './ladder';
import { shanghaiInstant, shanghaiTime } from './shanghai-time';
import { NotificationWriter } from '../notifications/notification-writer';

/** Every task stored as a due item may be urged: the rulebook's list. */
export { DUE_TASK_KINDS } from '@jixiao/workflow';
const SECTION_KINDS: readonly DueItemKind[] = ['draft_section', 'approve_section'];

export interface UrgeInput {
  recipientId: string;
  task: { kind: DueItemKind; sectionCode?: string };
  /** A few words from the person urging, put in the mail. */
  message?: string;
}

export interface UrgeView {
  caseId: string;
  recipientId: string;
  task: { kind: DueItemKind; sectionCode: string | null };
  dueDate: string;
  /** The working day this urge counts for (at most one per person and task a day). */
  day: string;
  /** When the mail may go out: now inside working hours, else the start of the next ones. */
  sendAfter: string;
}

export interface UrgeLateResult {
  campaignId: string;
  day: string;
  /** Overdue open items found, and how many of them got an urge now (the rest were urged already that day). */
  overdue: number;
  urged: number;
  cases: number;
}

/** One person's open task on a case. */
export interface DueItemView {
  id: string;
  kind: DueItemKind;
  sectionCode: string | null;
  recipientId: string;
  /** Whoever holds it, inside the working group or not (the unit admin, a finance officer). */
  recipientName: string;
  dueDate: string;
  escalateTo: string[];
  openedAt: string;
}

/** The working day an urge made now counts for, and when its mail may go out. */
function urgeTiming(calendar: WorkingCalendar, ladder: ReminderLadder, now: Date): { day: string; sendAfter: Date } {
  const today = shanghaiDate(now);
  const time = shanghaiTime(now);
  const { start, end } = ladder.workingHours;
  if (calendar.isWorkingDay(today) && time < end) return { day: today, sendAfter: time < start ? shanghaiInstant(today, start) : now };
  const next = calendar.nextWorkingDay(today);
  return { day: next, sendAfter: shanghaiInstant(next, start) };
}

/**
 * 催办: a leader or finance officer urges a person on an open task. The mail goes in the outbox
 * and the urge in the case's history in one transaction; one urge per person and task a working
 * day, kept by the outbox's dedupe key.
 */
@Injectable()
export class UrgeService {
  constructor(
    private readonly transactor: Transactor,
    private readonly cases: CaseLoader,
    private readonly caseStore: CaseStore,
    private readonly campaigns: CampaignService,
    private readonly users: UserStore,
    private readonly dueItems: DueItemStore,
    private readonly reminders: ReminderStore,
    private readonly calendars: CalendarService,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    private readonly notifier: NotificationWriter,
  ) {}

  /** Who has what due on a case the principal may see: what can be urged. */
  async openTasks(principal: Principal, caseId: string): Promise<{ items: DueItemView[] }> {
    const tx = this.transactor.manager;
    await this.cases.loadVisible(tx, principal, caseId);
    const items = await this.dueItems.openOfCase(tx, caseId);
    const names = new Map((await this.users.findByIds(tx, [...new Set(items.map((d) => d.recipientId))])).map((u) => [u.id, u.displayName]));
    return {
      items: items.map((d) => ({
        id: d.id,
        kind: d.kind,
        sectionCode: d.sectionCode,
        recipientId: d.recipientId,
        recipientName: names.get(d.recipientId) ?? '',
        dueDate: d.dueDate,
        escalateTo: d.escalateTo,
        openedAt: d.openedAt.toISOString(),
      })),
    };
  }

  async urge(principal: Principal, caseId: string, input: UrgeInput): Promise<UrgeView> {
    return this.transactor.run(async (tx) => {
      const { record, contentVersion } = await this.cases.loadVisible(tx, principal, caseId);
      const sectionCode = input.task.sectionCode ?? null;
      if (SECTION_KINDS.includes(input.task.kind) !== (sectionCode !== null)) {
        throw unprocessable('URGE.TASK_INVALID', 'A section task (draft_section, approve_section) names its sectionCode; no other task does.', { fields: ['task'] });
      }
      const section = sectionCode === null ? null : await this.caseStore.findSection(tx, caseId, sectionCode);
      if (sectionCode !== null && !section) throw unprocessable('SECTION.UNKNOWN', `This report has no section ${sectionCode}.`, { fields: ['task'] });
      const group = await this.caseStore.group(tx, caseId);
      const deputy = group.find((m) => m.userId === principal.userId && m.role === 'deputy_leader');
      const covers = section
        ? this.policy.sectionApprovers(group, section).includes(principal.userId)
        : deputy !== undefined && (deputy.remit.subOfficeIds ?? []).length === 0 && (deputy.remit.sectionCodes ?? []).length === 0;
      if (!this.policy.mayUrge(principal, record, covers)) {
        throw forbidden('URGE.ROLE_NOT_ALLOWED', 'Only the group leader, a deputy leader within their remit, or a finance officer of the campaign urges (催办).');
      }
      const [recipient] = await this.users.findByIds(tx, [input.recipientId]);
      if (!recipient || recipient.organisationId !== record.unitId) {
        throw unprocessable('URGE.UNKNOWN_RECIPIENT', 'The person urged must be a person of the case’s unit.', { fields: ['recipientId'] });
      }
      // The case row is locked first, as every refresh of its due items locks it, so the task cannot close meanwhile.
      await this.dueItems.lockCases(tx, [caseId]);
      const itemKey = dueItemKey(caseId, input.task.kind, sectionCode);
      const item = (await this.dueItems.openOfCase(tx, caseId)).find((d) => d.itemKey === itemKey && d.recipientId === input.recipientId);
      if (!item) {
        throw conflict('URGE.TASK_NOT_OPEN', 'That person has no such open task on this case; nothing to urge.', { fields: ['recipientId', 'task'] });
      }
      const calendar = await this.calendars.calendar(tx);
      const ladder = ladderOf((await this.reminders.ladder(tx, record.campaignId))?.ladder ?? null);
      const now = this.clock.now();
      const { day, sendAfter } = urgeTiming(calendar, ladder, now);
      const message = input.message?.trim() || null;
      const urged = await this.reminders.enqueueUrges(tx, [
        {
          dueItemId: item.id,
          day,
          urgedBy: principal.userId,
          message,
          workingDaysLeft: calendar.workingDaysBetween(day, item.dueDate),
          sendAfter,
          windowStart: ladder.workingHours.start,
          windowEnd: ladder.workingHours.end,
        },
      ]);
      if (urged.length === 0) {
        throw conflict('URGE.ALREADY_URGED_TODAY', `This person was already urged on this task for ${day}; one urge a working day.`, { day });
      }
      const entry = {
        event: 'URGE',
        fromState: record.state,
        toState: record.state,
        actorId: principal.userId,
        onBehalfOfId: null,
        comment: message,
        details: { recipientId: input.recipientId, task: { kind: input.task.kind, sectionCode }, dueDate: item.dueDate, day },
        contentVersion,
        at: this.clock.now(),
      };
      const appended = await this.caseStore.advance(tx, { caseId, expectedVersion: null }, entry);
      if (appended) await this.notifier.recorded(tx, { ...entry, caseId, seq: appended.version });
      return { caseId, recipientId: input.recipientId, task: { kind: input.task.kind, sectionCode }, dueDate: item.dueDate, day, sendAfter: sendAfter.toISOString() };
    });
  }

  /**
   * Urges every overdue open task of a campaign at once (the finance bureau's "urge every late
   * unit"), in one transaction: one mail per person and task (none twice the same working day),
   * and one history record per case urged.
   */
  async urgeAllLate(campaignId: string, principal: Principal, message?: string): Promise<UrgeLateResult> {
    return this.transactor.run(async (tx) => {
      const campaign = await this.campaigns.loadFor(tx, principal, campaignId, true);
      // Cases locked first and in order, as a refresh of their due items does.
      await this.dueItems.lockCases(tx, await this.dueItems.openCaseIds(tx, { campaignId }));
      const calendar = await this.calendars.calendar(tx);
      const ladder = ladderOf((await this.reminders.ladder(tx, campaignId))?.ladder ?? null);
      const now = this.clock.now();
      const { day, sendAfter } = urgeTiming(calendar, ladder, now);
      const overdue = await this.dueItems.overdueOfCampaign(tx, campaignId, shanghaiDate(now));
      const note = message?.trim() || null;
      const urgedKeys = new Set(
        await this.reminders.enqueueUrges(
          tx,
          overdue.map((item) => ({
            dueItemId: item.id,
            day,
            urgedBy: principal.userId,
            message: note,
            workingDaysLeft: calendar.workingDaysBetween(day, item.dueDate),
            sendAfter,
            windowStart: ladder.workingHours.start,
            windowEnd: ladder.workingHours.end,
          })),
        ),
      );
      const byCase = new Map<string, DueItemRow[]>();
      for (const item of overdue) {
        if (!urgedKeys.has(`${item.itemKey}@${item.recipientId}`)) continue;
        byCase.set(item.caseId, [...(byCase.get(item.caseId) ?? []), item]);
      }
      for (const [caseId, items] of byCase) await this.recordBulkUrge(tx, principal, caseId, items, day, note, campaign.id);
      return { campaignId, day, overdue: overdue.length, urged: urgedKeys.size, cases: byCase.size };
    });
  }

  private async recordBulkUrge(tx: Tx, principal: Principal, caseId: string, items: DueItemRow[], day: string, message: string | null, campaignId: string): Promise<void> {
    const record = await this.caseStore.loadRecord(tx, caseId, principal.userId);
    const contentVersion = (record?.snapshot as { context?: { contentVersion?: number } } | undefined)?.context?.contentVersion ?? 1;
    const entry = {
      event: 'URGE',
      fromState: record?.state ?? null,
      toState: record?.state ?? 'unknown',
      actorId: principal.userId,
      onBehalfOfId: null,
      comment: message,
      details: {
        campaignId,
        day,
        late: items.map((i) => ({ recipientId: i.recipientId, task: { kind: i.kind, sectionCode: i.sectionCode }, dueDate: i.dueDate })),
      },
      contentVersion,
      at: this.clock.now(),
    };
    const appended = await this.caseStore.advance(tx, { caseId, expectedVersion: null }, entry);
    if (appended) await this.notifier.recorded(tx, { ...entry, caseId, seq: appended.version });
  }
}
