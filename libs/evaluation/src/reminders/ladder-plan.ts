import type { WorkingCalendar } from '@jixiao/calendar';
import type { ReminderLadder } from './ladder';

/** What the ladder sends, on one day, for the open items with one due date. */
export interface LadderStep {
  /** The ladder rule for the assignees: 'before-<n>', 'due-day' or 'overdue'; null for none. */
  rule: string | null;
  kind: 'reminder' | 'overdue' | null;
  /** For 'overdue' the day (one such mail a day); '' for the once-only rules. */
  ruleDay: string;
  /** Working days from `today` to the due date; negative when overdue. */
  workingDaysLeft: number;
  escalate: boolean;
}

/**
 * The step of the ladder for items due on `dueDate`, on the working day `today`. Before the due
 * date only the latest rung reached fires (its dedupe key makes it once only), so a sweep after a
 * long pause sends one reminder, not every rung it missed. A rung's day is counted in working
 * days: 'due-day' fires on the last working day on or before the due date, 'before-3' three
 * working days before that day. After the due date: one 'overdue' a working day, and the
 * escalation once the item is `escalateAfterWorkingDays` working days overdue.
 */
export function ladderStep(ladder: ReminderLadder, calendar: WorkingCalendar, dueDate: string, today: string): LadderStep {
  const none: LadderStep = { rule: null, kind: null, ruleDay: '', workingDaysLeft: 0, escalate: false };
  if (!calendar.isWorkingDay(today)) return none;
  if (today <= dueDate) {
    // A due date on a day off means the last working day before it; the rungs count back from that day.
    const lastDay = calendar.workingDayOnOrBefore(dueDate);
    const rungs = ladder.beforeWorkingDays.map((n) => ({ rule: `before-${n}`, on: calendar.addWorkingDays(lastDay, -n), order: -n }));
    if (ladder.onDueDate) rungs.push({ rule: 'due-day', on: lastDay, order: 0 });
    const reached = rungs.filter((r) => r.on <= today).sort((a, b) => a.on.localeCompare(b.on) || a.order - b.order);
    const latest = reached[reached.length - 1];
    if (!latest) return none;
    return { rule: latest.rule, kind: 'reminder', ruleDay: '', workingDaysLeft: Math.max(0, calendar.workingDaysBetween(today, lastDay)), escalate: false };
  }
  const overdue = calendar.workingDaysBetween(dueDate, today);
  return {
    rule: ladder.overdueEveryWorkingDay ? 'overdue' : null,
    kind: ladder.overdueEveryWorkingDay ? 'overdue' : null,
    ruleDay: ladder.overdueEveryWorkingDay ? today : '',
    workingDaysLeft: -overdue,
    escalate: overdue >= ladder.escalateAfterWorkingDays,
  };
}
