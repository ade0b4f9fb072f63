import type { WorkingDays } from '@jixiao/calendar';
import type { WorkingHours } from '@jixiao/mail';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const HH_MM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** The default sending window when a row carries none (or a broken one): 08:30-17:30 Asia/Shanghai. */
export const DEFAULT_WINDOW: WorkingHours = { start: '08:30', end: '17:30' };

function minutes(value: string): number | null {
  const match = HH_MM.exec(value);
  if (!match) return null;
  const total = Number(match[1]) * 60 + Number(match[2]);
  return total <= 24 * 60 ? total : null;
}

/** The window in minutes after midnight, or the default when it is malformed or ends before it starts. */
export function windowMinutes(window: unknown): { start: number; end: number } {
  const candidate = window as Partial<WorkingHours> | null | undefined;
  const start = typeof candidate?.start === 'string' ? minutes(candidate.start) : null;
  const end = typeof candidate?.end === 'string' ? minutes(candidate.end) : null;
  if (start === null || end === null || end <= start) return { start: minutes(DEFAULT_WINDOW.start)!, end: minutes(DEFAULT_WINDOW.end)! };
  return { start, end };
}

function shanghaiDay(instant: Date): { date: string; dayStartUtc: number; minute: number } {
  const local = instant.getTime() + SHANGHAI_OFFSET_MS;
  const dayStartLocal = Math.floor(local / DAY_MS) * DAY_MS;
  return {
    date: new Date(dayStartLocal).toISOString().slice(0, 10),
    dayStartUtc: dayStartLocal - SHANGHAI_OFFSET_MS,
    minute: Math.floor((local - dayStartLocal) / 60_000),
  };
}

/** May a mail with this window go out at `now`: a working day, inside the hours. */
export function mayMailNow(now: Date, window: unknown, calendar: WorkingDays): boolean {
  const { start, end } = windowMinutes(window);
  const day = shanghaiDay(now);
  return calendar.isWorkingDay(day.date) && day.minute >= start && day.minute < end;
}

/**
 * The next instant a mail with this window may go out: now when it may already, else the start of
 * the window on the next working day that still has it ahead (today included when it is before the
 * start). `fromNextDay` skips today, as for a digest already sent today.
 */
export function nextWindowStart(now: Date, window: unknown, calendar: WorkingDays, fromNextDay = false): Date {
  const { start } = windowMinutes(window);
  if (!fromNextDay && mayMailNow(now, window, calendar)) return now;
  const today = shanghaiDay(now);
  for (let offset = fromNextDay ? 1 : 0; offset <= 400; offset += 1) {
    const dayStart = today.dayStartUtc + offset * DAY_MS;
    const date = new Date(dayStart + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
    if (!calendar.isWorkingDay(date)) continue;
    const at = dayStart + start * 60_000;
    if (at > now.getTime()) return new Date(at);
  }
  // No working day within 400 days: a calendar that is surely misconfigured; try again tomorrow.
  return new Date(now.getTime() + DAY_MS);
}
