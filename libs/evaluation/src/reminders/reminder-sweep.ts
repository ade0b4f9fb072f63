import { Injectable } from '@nestjs/common';
import { DueItemStore, ReminderStore, Transactor, type SweepPlanRow } from '@jixiao/persistence';
import { shanghaiDate } from '../clock';
import { CalendarService } from './calendar.service';
import { ladderOf } from './ladder';
import { ladderStep } from './ladder-plan';
import { shanghaiInstant, shanghaiTime } from './shanghai-time';

export interface SweepResult {
  /** The Shanghai date the sweep ran for. */
  day: string;
  /** Distinct (campaign, due date) groups of open items looked at. */
  groups: number;
  /** Outbox rows inserted by kind ('reminder', 'overdue', 'escalation'); rows already there are not counted. */
  enqueued: Record<string, number>;
  total: number;
}

/**
 * Decides which reminders are due now and puts them in the outbox; the worker calls it on a
 * schedule and delivers the rows. The ladder's days are worked out in TypeScript for the few
 * distinct (campaign, due date) pairs; one INSERT ... SELECT then writes the mails of every open
 * item. Running it again, or twice at once, adds nothing: every row has its dedupe key, and the
 * sweep holds the exclusive side of the due-items lock, so it sees every change committed before
 * it and a change after it cancels what it queued.
 */
@Injectable()
export class ReminderSweep {
  constructor(
    private readonly transactor: Transactor,
    private readonly dueItems: DueItemStore,
    private readonly reminders: ReminderStore,
    private readonly calendars: CalendarService,
  ) {}

  /** `scope.campaignId` limits the sweep to one campaign (e.g. right after its ladder changed); the worker sweeps everything. */
  async run(now: Date, scope: { campaignId?: string } = {}): Promise<SweepResult> {
    const today = shanghaiDate(now);
    const time = shanghaiTime(now);
    return this.transactor.run(async (tx) => {
      await this.dueItems.lockForSweep(tx);
      const calendar = await this.calendars.calendar(tx);
      const groups = await this.reminders.openDueDates(tx, scope.campaignId ?? null);
      const plan: SweepPlanRow[] = [];
      for (const group of groups) {
        const ladder = ladderOf(group.ladder);
        const { start, end } = ladder.workingHours;
        // After hours nothing is queued today: the next working day's first sweep sends the rung reached by then.
        if (time >= end) continue;
        const step = ladderStep(ladder, calendar, group.dueDate, today);
        if (step.rule === null && !step.escalate) continue;
        plan.push({
          campaignId: group.campaignId,
          dueDate: group.dueDate,
          rule: step.rule,
          kind: step.kind,
          ruleDay: step.ruleDay,
          workingDaysLeft: step.workingDaysLeft,
          escalate: step.escalate,
          sendAfter: time < start ? shanghaiInstant(today, start) : now,
          windowStart: start,
          windowEnd: end,
        });
      }
      const enqueued = await this.reminders.enqueueSweep(tx, plan);
      return { day: today, groups: groups.length, enqueued, total: Object.values(enqueued).reduce((a, b) => a + b, 0) };
    });
  }
}
