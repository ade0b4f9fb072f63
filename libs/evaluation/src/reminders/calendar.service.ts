import { Injectable, type OnModuleInit } from '@nestjs/common';
import { calendarDaysBetween, isCalendarDate, WorkingCalendar, type CalendarDay, type WorkingDays } from '@jixiao/calendar';
import { CalendarOverrideStore, Transactor, type Tx } from '@jixiao/persistence';
import { AccessPolicy } from '../access-policy';
import { DomainError, forbidden, unprocessable } from '../errors';
import type { Principal } from '../principal';

/** How long another process's change to the overrides may take to be seen here. */
const CACHE_MS = 60_000;
const MAX_RANGE_DAYS = 366;

export interface CalendarOverrideView {
  date: string;
  working: boolean;
  reason: string;
  updatedBy: string;
  updatedAt: string;
}

/** The calendar of a range of dates: every day, and the local overrides that fall in it. */
export interface CalendarRangeView {
  from: string;
  to: string;
  days: CalendarDay[];
  overrides: CalendarOverrideView[];
}

/**
 * The working-day calendar every deadline computation uses: the national one with the overrides
 * stored in the database. Cached; a change made here is seen at once, one made by another process
 * within a minute.
 */
@Injectable()
export class CalendarService implements OnModuleInit {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | null = null;
  /** The calendar last loaded, for code that must answer without waiting (see `workingDays`). */
  private latest = new WorkingCalendar([]);

  /**
   * The calendar as a synchronous question, for the mail dispatcher's working-hours check and the
   * tracking view's day counts. It answers with the overrides last loaded: at start, after every
   * change made in this process, and whenever `calendar()` reloads (each reminder sweep does).
   */
  readonly workingDays: WorkingDays = { isWorkingDay: (date: string) => this.latest.isWorkingDay(date) };

  constructor(
    private readonly transactor: Transactor,
    private readonly overrides: CalendarOverrideStore,
    private readonly policy: AccessPolicy,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.calendar();
  }

  async calendar(tx: Tx = this.transactor.manager): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < CACHE_MS) return this.cached.calendar;
    const calendar = new WorkingCalendar(await this.overrides.list(tx));
    this.cached = { calendar, loadedAt: Date.now() };
    this.latest = calendar;
    return calendar;
  }

  /** Drops the cache, so the next use reads the overrides again. */
  invalidate(): void {
    this.cached = null;
  }

  /** Every day from `from` to `to` (at most a year), with whether it is a working day and why. */
  async days(from: string, to: string): Promise<CalendarRangeView> {
    if (!isCalendarDate(from) || !isCalendarDate(to)) {
      // A query's dates are part of its range (400); a date in a body is CALENDAR.DATE_INVALID (422).
      throw new DomainError('CALENDAR.RANGE_INVALID', 'from and to must be real dates written YYYY-MM-DD.', { fields: ['from', 'to'] });
    }
    const span = calendarDaysBetween(from, to);
    if (span < 0 || span >= MAX_RANGE_DAYS) {
      throw new DomainError('CALENDAR.RANGE_INVALID', `Ask for 1 to ${MAX_RANGE_DAYS} days, from a date to the same or a later one.`, { fields: ['from', 'to'] });
    }
    const tx = this.transactor.manager;
    const calendar = await this.calendar(tx);
    const overrides = (await this.overrides.list(tx)).filter((o) => o.date >= from && o.date <= to).map(overrideView);
    return { from, to, days: calendar.days(from, to), overrides };
  }

  /** Sets the override of one date (finance officers); replaces an earlier one for the same date. */
  async putOverride(principal: Principal, input: { date: string; working: boolean; reason: string }): Promise<CalendarOverrideView> {
    this.requireManager(principal);
    if (!isCalendarDate(input.date)) {
      throw unprocessable('CALENDAR.DATE_INVALID', `${input.date} is not a real date written YYYY-MM-DD.`, { fields: ['date'] });
    }
    const reason = input.reason.trim();
    if (reason === '') throw unprocessable('CALENDAR.REASON_REQUIRED', 'Say why the day changes (e.g. 防台风停工).', { fields: ['reason'] });
    const saved = await this.transactor.run(async (tx) => {
      await this.overrides.put(tx, { date: input.date, working: input.working, reason, updatedBy: principal.userId });
      return (await this.overrides.list(tx)).find((o) => o.date === input.date)!;
    });
    this.invalidate();
    await this.calendar();
    return overrideView(saved);
  }

  /** Removes the override of one date; the national calendar applies again. */
  async deleteOverride(principal: Principal, date: string): Promise<void> {
    this.requireManager(principal);
    if (!isCalendarDate(date)) throw unprocessable('CALENDAR.DATE_INVALID', `${date} is not a real date written YYYY-MM-DD.`, { fields: ['date'] });
    const removed = await this.transactor.run((tx) => this.overrides.delete(tx, date));
    this.invalidate();
    await this.calendar();
    if (!removed) throw new DomainError('CALENDAR.OVERRIDE_NOT_FOUND', `No override is set for ${date}.`, { date });
  }

  private requireManager(principal: Principal): void {
    if (!this.policy.managesCalendar(principal)) {
      throw forbidden('CALENDAR.ROLE_NOT_ALLOWED', 'Only a finance officer changes the working-day calendar.');
    }
  }
}

function overrideView(row: { date: string; working: boolean; reason: string; updatedBy: string; updatedAt: Date }): CalendarOverrideView {
  return { date: row.date, working: row.working, reason: row.reason, updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() };
}
