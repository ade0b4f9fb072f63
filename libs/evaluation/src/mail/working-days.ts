import type { WorkingDays } from '@jixiao/calendar';

/** The injection token of the working-day calendar the worker asks before sending. */
export const WORKING_DAYS = Symbol('WorkingDays');

/**
 * Monday to Friday are working days, except the listed holidays; the listed extra working days
 * (调休 weekends) are working days too. A stand-in until the Chinese public-holiday calendar is
 * bound in MailDeliveryModule, and the calendar of tests that need explicit holidays.
 */
export class ListedWorkingDays implements WorkingDays {
  private readonly holidays: ReadonlySet<string>;
  private readonly extraWorkingDays: ReadonlySet<string>;

  constructor(holidays: readonly string[] = [], extraWorkingDays: readonly string[] = []) {
    this.holidays = new Set(holidays);
    this.extraWorkingDays = new Set(extraWorkingDays);
  }

  isWorkingDay(date: string): boolean {
    if (this.extraWorkingDays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const [year, month, day] = date.split('-').map(Number);
    const weekday = new Date(Date.UTC(year!, month! - 1, day!)).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }
}
