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
  /** Transactions the work was split into. */
  batches: number;
}

interface Batch {
  plan: SweepPlanRow[];
  /** A group larger than a batch, written page by page. */
  paged: boolean;
}

/**
 * Decides which reminders are due now and puts them in the outbox; the worker calls it on a
 * schedule and delivers the rows. The ladder's days are worked out in TypeScript for the few
 * distinct (campaign, due date) pairs; then an INSERT ... SELECT per batch of up to 5,000 items
 * writes their mails. Running it again, or twice at once, adds nothing: every row has its dedupe
 * key. Each batch holds the exclusive side of the due-items lock, which every change of due items
 * takes shared: so a batch sees every change committed before it, and a change after it cancels
 * what the batch queued; nothing is queued for a task that was just done or moved.
 */
@Injectable()
export class ReminderSweep {
  /** Items per transaction: bounds how long the sweep holds the lock that changes to due items wait for. */
  batchItems = 5000;

  constructor(
    private readonly transactor: Transactor,
    private readonly dueItems: DueItemStore,
    private readonly reminders: ReminderStore,
    private readonly calendars: CalendarService,
  ) {}

  /** `scope.campaignId` limits the sweep to one campaign (e.g. right after its ladder changed); the worker sweeps everything. */
  async run(now: Date, scope: { campaignId?: string } = {}): Promise<SweepResult> {
    const today = shanghaiDate(now);
    const { groups, batches } = await this.plan(now, scope.campaignId ?? null);
    const enqueued: Record<string, number> = {};
    let transactions = 0;
    const add = (counts: Record<string, number>) => {
      for (const [kind, n] of Object.entries(counts)) enqueued[kind] = (enqueued[kind] ?? 0) + n;
    };
    for (const batch of batches) {
      let afterId: string | null = null;
      for (;;) {
        const page: { afterId: string | null; limit: number } | null = batch.paged ? { afterId, limit: this.batchItems } : null;
        const written: { enqueued: Record<string, number>; items: number; lastId: string | null } = await this.transactor.run(async (tx) => {
          await this.dueItems.lockForSweep(tx);
          return this.reminders.enqueueSweep(tx, batch.plan, page);
        });
        transactions += 1;
        add(written.enqueued);
        if (!batch.paged || written.items < this.batchItems || written.lastId === null) break;
        afterId = written.lastId;
      }
    }
    return { day: today, groups, enqueued, total: Object.values(enqueued).reduce((a, b) => a + b, 0), batches: transactions };
  }

  /** The ladder's step for each (campaign, due date) pair with open items, grouped into batches of at most `batchItems` items. */
  private async plan(now: Date, campaignId: string | null): Promise<{ groups: number; batches: Batch[] }> {
    const today = shanghaiDate(now);
    const time = shanghaiTime(now);
    const tx = this.transactor.manager;
    const calendar = await this.calendars.calendar(tx);
    const groups = await this.reminders.openDueDates(tx, campaignId);
    const batches: Batch[] = [];
    let current: Batch = { plan: [], paged: false };
    let size = 0;
    for (const group of groups) {
      const ladder = ladderOf(group.ladder);
      const { start, end } = ladder.workingHours;
      // After hours nothing is queued today: the next working day's first sweep sends the rung reached by then.
      if (time >= end) continue;
      const step = ladderStep(ladder, calendar, group.dueDate, today);
      if (step.rule === null && !step.escalate) continue;
      const row: SweepPlanRow = {
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
      };
      if (group.items > this.batchItems) {
        batches.push({ plan: [row], paged: true });
        continue;
      }
      if (size + group.items > this.batchItems) {
        batches.push(current);
        current = { plan: [], paged: false };
        size = 0;
      }
      current.plan.push(row);
      size += group.items;
    }
    if (current.plan.length > 0) batches.push(current);
    return { groups: groups.length, batches };
  }
}
