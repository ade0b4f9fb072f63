import { unprocessable } from '../errors';

/** When a campaign's reminders go out. Offsets are working days; hours are Asia/Shanghai. */
export interface ReminderLadder {
  /** Reminders this many working days before the due date, e.g. [3, 1]. */
  beforeWorkingDays: number[];
  /** A reminder in the morning of the due date (the last working day on or before it). */
  onDueDate: boolean;
  /** A reminder every working day while the task is overdue. */
  overdueEveryWorkingDay: boolean;
  /** Escalate to the people above once the task is this many working days overdue. */
  escalateAfterWorkingDays: number;
  /** Mail goes out only between these times on working days. */
  workingHours: { start: string; end: string };
}

export const DEFAULT_LADDER: ReminderLadder = {
  beforeWorkingDays: [3, 1],
  onDueDate: true,
  overdueEveryWorkingDay: true,
  escalateAfterWorkingDays: 2,
  workingHours: { start: '08:30', end: '17:30' },
};

const MAX_OFFSET = 30;
const MAX_RUNGS = 10;
/** Mail is never sent at night: working hours lie within this span. */
const EARLIEST = '06:00';
const LATEST = '22:00';
const HOURS = /^([01]\d|2[0-3]):[0-5]\d$/;

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Checks a ladder as sent by a finance officer and answers it in its stored form (offsets
 * sorted, largest first); every problem is a 422 with a stable code, and nothing is stored.
 */
export function checkLadder(input: ReminderLadder): ReminderLadder {
  const offsets = input.beforeWorkingDays;
  const bad = offsets.filter((n) => !Number.isInteger(n) || n < 1 || n > MAX_OFFSET);
  if (bad.length > 0) {
    throw unprocessable('REMINDER.OFFSET_OUT_OF_RANGE', `Reminders go out 1 to ${MAX_OFFSET} whole working days before the due date; not ${bad.join(', ')}.`, {
      fields: ['beforeWorkingDays'],
      offsets: bad,
    });
  }
  if (offsets.length > MAX_RUNGS) {
    throw unprocessable('REMINDER.TOO_MANY_OFFSETS', `At most ${MAX_RUNGS} reminders before the due date.`, { fields: ['beforeWorkingDays'] });
  }
  const duplicates = offsets.filter((n, i) => offsets.indexOf(n) !== i);
  if (duplicates.length > 0) {
    throw unprocessable('REMINDER.OFFSET_DUPLICATE', `Each offset once: ${[...new Set(duplicates)].join(', ')} appears more than once.`, {
      fields: ['beforeWorkingDays'],
      offsets: [...new Set(duplicates)],
    });
  }
  const escalation = input.escalateAfterWorkingDays;
  if (!Number.isInteger(escalation) || escalation < 1 || escalation > MAX_OFFSET) {
    throw unprocessable('REMINDER.ESCALATION_OUT_OF_RANGE', `Escalation comes 1 to ${MAX_OFFSET} whole working days after the due date; not ${escalation}.`, {
      fields: ['escalateAfterWorkingDays'],
    });
  }
  const { start, end } = input.workingHours;
  if (!HOURS.test(start) || !HOURS.test(end) || minutes(end) <= minutes(start) || start < EARLIEST || end > LATEST) {
    throw unprocessable(
      'REMINDER.HOURS_INVALID',
      `Working hours are 'HH:MM' times with the end after the start, between ${EARLIEST} and ${LATEST} (mail is never sent at night); got ${start}-${end}.`,
      { fields: ['workingHours'] },
    );
  }
  return {
    beforeWorkingDays: [...offsets].sort((a, b) => b - a),
    onDueDate: input.onDueDate,
    overdueEveryWorkingDay: input.overdueEveryWorkingDay,
    escalateAfterWorkingDays: escalation,
    workingHours: { start, end },
  };
}

/** The ladder a campaign uses: its own when one is stored (and still readable), else the default. */
export function ladderOf(stored: unknown): ReminderLadder {
  if (stored === null || typeof stored !== 'object') return DEFAULT_LADDER;
  const value = stored as Partial<ReminderLadder>;
  if (!Array.isArray(value.beforeWorkingDays) || typeof value.escalateAfterWorkingDays !== 'number' || !value.workingHours) return DEFAULT_LADDER;
  return { ...DEFAULT_LADDER, ...value } as ReminderLadder;
}
