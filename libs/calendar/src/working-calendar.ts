import { addCalendarDays, calendarDaysBetween, isCalendarDate, weekday } from './calendar-date';
import { holidayTables, type HolidayTables } from './holiday-tables';
import type { WorkingDays } from './working-days';

/** A local change to the national calendar: this date is (or is not) a working day, and why. */
export interface CalendarOverride {
  date: string;
  working: boolean;
  reason: string;
}

/** Why a day is what it is: a local override, the national tables, or just the day of the week. */
export const DAY_SOURCES = ['override', 'holiday', 'adjusted_working_day', 'weekend', 'weekday'] as const;
export type DaySource = (typeof DAY_SOURCES)[number];

export interface CalendarDay {
  date: string;
  working: boolean;
  source: DaySource;
  /** The holiday's name, the override's reason, or null for an ordinary day. */
  name: string | null;
  /** False for a year the national tables do not cover: only weekends are days off there. */
  covered: boolean;
}

/** Longest walk in calendar days when looking for a working day: far beyond any real run of days off. */
const MAX_SEARCH_DAYS = 366;

/**
 * Working-day arithmetic over the national calendar (public holidays and 调休 from `chinese-days`)
 * with local overrides on top. For years the tables do not cover (before 2004 and after their last
 * year) every weekday is a working day and every weekend a day off, unless an override says
 * otherwise; `day().covered` tells which is the case. Dates are 'YYYY-MM-DD' in Asia/Shanghai.
 */
export class WorkingCalendar implements WorkingDays {
  private readonly overrides: ReadonlyMap<string, CalendarOverride>;

  constructor(
    overrides: readonly CalendarOverride[] = [],
    private readonly tables: HolidayTables = holidayTables(),
  ) {
    this.overrides = new Map(overrides.map((o) => [o.date, o]));
  }

  /** The years the national tables cover. */
  get coveredYears(): { first: number; last: number } {
    return { first: this.tables.firstYear, last: this.tables.lastYear };
  }

  day(date: string): CalendarDay {
    if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
    const year = Number(date.slice(0, 4));
    const covered = year >= this.tables.firstYear && year <= this.tables.lastYear;
    const override = this.overrides.get(date);
    if (override) return { date, working: override.working, source: 'override', name: override.reason, covered };
    const holiday = this.tables.holidays.get(date);
    if (holiday !== undefined) return { date, working: false, source: 'holiday', name: holiday, covered };
    const adjusted = this.tables.adjustedWorkingDays.get(date);
    if (adjusted !== undefined) return { date, working: true, source: 'adjusted_working_day', name: `${adjusted}调休上班`, covered };
    const day = weekday(date);
    return day === 0 || day === 6 ? { date, working: false, source: 'weekend', name: null, covered } : { date, working: true, source: 'weekday', name: null, covered };
  }

  isWorkingDay(date: string): boolean {
    return this.day(date).working;
  }

  /** Every day from `from` to `to`, both included. */
  days(from: string, to: string): CalendarDay[] {
    const count = calendarDaysBetween(from, to);
    return Array.from({ length: Math.max(0, count + 1) }, (_, i) => this.day(addCalendarDays(from, i)));
  }

  /** The first working day after `date`. */
  nextWorkingDay(date: string): string {
    return this.step(date, 1);
  }

  /** The last working day before `date`. */
  previousWorkingDay(date: string): string {
    return this.step(date, -1);
  }

  /** `date` itself when it is a working day, else the next one. */
  workingDayOnOrAfter(date: string): string {
    return this.isWorkingDay(date) ? date : this.nextWorkingDay(date);
  }

  /** `date` itself when it is a working day, else the last one before it. */
  workingDayOnOrBefore(date: string): string {
    return this.isWorkingDay(date) ? date : this.previousWorkingDay(date);
  }

  /**
   * The working day `n` working days after `date` (before it when `n` is negative). The count
   * starts from `date` whether or not it is a working day: 1 working day after a Saturday is the
   * Monday; 0 answers `date` unchanged.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new RangeError(`A whole number of working days, not ${n}`);
    let current = date;
    for (let left = Math.abs(n); left > 0; left -= 1) current = this.step(current, Math.sign(n));
    if (n === 0 && !isCalendarDate(date)) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
    return current;
  }

  /**
   * Working days after `from` up to and including `to`; negative, counted the same way, when `to`
   * is earlier. So `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   */
  workingDaysBetween(from: string, to: string): number {
    const span = calendarDaysBetween(from, to);
    const sign = Math.sign(span);
    let count = 0;
    for (let i = 1; i <= Math.abs(span); i += 1) {
      // Counting down, the days strictly after `to` up to `from` itself.
      const date = sign > 0 ? addCalendarDays(from, i) : addCalendarDays(from, -i + 1);
      if (this.isWorkingDay(date)) count += 1;
    }
    return sign * count;
  }

  private step(date: string, direction: number): string {
    let current = date;
    for (let i = 0; i < MAX_SEARCH_DAYS; i += 1) {
      current = addCalendarDays(current, direction);
      if (this.isWorkingDay(current)) return current;
    }
    throw new RangeError(`No working day within ${MAX_SEARCH_DAYS} days of ${date}`);
  }
}
