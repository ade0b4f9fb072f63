import type { WorkingDays } from '@jixiao/calendar';

/**
 * The working-day calendar the tracking view counts days to a deadline with: bound to the Chinese
 * calendar (holidays and 调休, with local overrides). WEEKENDS_ONLY is for unit tests only.
 */
export const TRACKING_WORKING_DAYS = Symbol('TRACKING_WORKING_DAYS');

export const WEEKENDS_ONLY: WorkingDays = {
  isWorkingDay(date: string): boolean {
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6;
  },
};

function nextDate(date: string, step: 1 | -1): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + step);
  return d.toISOString().slice(0, 10);
}

/** Beyond this many calendar days the count stops: a deadline a year away is simply far. */
const SPAN_LIMIT = 400;

/**
 * Working days from today to a deadline: the working days after today up to and including the
 * deadline (0 when the deadline is today); negative once it has passed, counting the working days
 * after the deadline up to and including today.
 */
export function workingDaysUntil(calendar: WorkingDays, today: string, deadline: string): number {
  if (deadline === today) return 0;
  const forward = deadline > today;
  let count = 0;
  let date = forward ? today : deadline;
  const end = forward ? deadline : today;
  for (let steps = 0; date < end && steps < SPAN_LIMIT; steps += 1) {
    date = nextDate(date, 1);
    if (calendar.isWorkingDay(date)) count += 1;
  }
  // Never -0: a passed deadline with no working day since is simply 0.
  return forward || count === 0 ? count : -count;
}

/**
 * `workingDaysUntil` from one today, counted once per distinct deadline: the rows of a tracking
 * page share a few deadlines (the campaign's and its extensions), and each count walks the
 * calendar day by day.
 */
export function workingDaysFrom(calendar: WorkingDays, today: string): (deadline: string) => number {
  const counted = new Map<string, number>();
  return (deadline) => {
    let days = counted.get(deadline);
    if (days === undefined) {
      days = workingDaysUntil(calendar, today, deadline);
      counted.set(deadline, days);
    }
    return days;
  };
}
