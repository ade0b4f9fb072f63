import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { WorkingCalendar } from '@jixiao/calendar';
import { shanghaiDate } from '@jixiao/evaluation';
import { clockPinned, parseTestToday, testNow, testToday } from '../support/clock';
import dateSensitive from '../support/date-sensitive.json';

/** TEST_TODAY as the test support reads it, and the hard days .ci/run pins the date-sensitive suites to. */
describe('the tests\' clock and the pinned days', () => {
  const national = new WorkingCalendar([]);
  const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

  it('reads a date as 10:00 in Asia/Shanghai and an instant only with its zone', () => {
    expect(parseTestToday('2025-01-28')).toEqual(new Date('2025-01-28T02:00:00Z'));
    expect(parseTestToday('2025-12-31T16:30Z')).toEqual(new Date('2025-12-31T16:30:00Z'));
    expect(parseTestToday('2026-01-01T00:30+08:00')).toEqual(new Date('2025-12-31T16:30:00Z'));
    expect(parseTestToday(undefined)).toBeNull();
    expect(parseTestToday('')).toBeNull();
  });

  it.each(['2025-02-30', '2025-1-28', '2025-12-31T16:30', 'tomorrow', '28/01/2025'])('refuses TEST_TODAY=%s, naming the variable', (value) => {
    expect(() => parseTestToday(value)).toThrow(/TEST_TODAY/);
  });

  it('starts at the pinned instant and runs on with real time; unpinned, it is the real time', () => {
    const pinned = parseTestToday(process.env.TEST_TODAY);
    const start = pinned ?? new Date(performance.timeOrigin + performance.now());
    const elapsed = testNow().getTime() - start.getTime();
    expect(clockPinned()).toBe(pinned !== null);
    expect(elapsed).toBeGreaterThanOrEqual(pinned ? 0 : -1000);
    expect(elapsed).toBeLessThan(3600_000);
    if (pinned) expect(testToday()).toBe(shanghaiDate(pinned));
  });

  it('pins the hard days it says: an ordinary Saturday, a holiday, a worked Sunday (调休), and New Year at 00:30 in Shanghai', () => {
    const days = dateSensitive.days.map((d) => ({ ...d, date: shanghaiDate(parseTestToday(d.today)!) }));
    for (const day of days) expect({ today: day.today, source: national.day(day.date).source, covered: national.day(day.date).covered }).toEqual({ today: day.today, source: day.kind, covered: true });
    expect(days.some((d) => d.kind === 'weekend' && weekday(d.date) === 6)).toBe(true);
    expect(days.some((d) => d.kind === 'adjusted_working_day' && weekday(d.date) === 0)).toBe(true);
    const newYear = days.find((d) => d.date.endsWith('-01-01'));
    expect(newYear).toBeDefined();
    expect(parseTestToday(newYear!.today)!.toISOString().slice(5, 10)).toBe('12-31');
  });

  it('lists only suites that exist', () => {
    expect(dateSensitive.suites.filter((path) => !existsSync(resolve(__dirname, '..', '..', path)))).toEqual([]);
  });
});
