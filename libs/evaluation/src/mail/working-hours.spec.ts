import { ListedWorkingDays } from './working-days';
import { mayMailNow, nextWindowStart, windowMinutes } from './working-hours';

const at = (dateTime: string) => new Date(`${dateTime.replace(' ', 'T')}:00+08:00`);
// 2025: Spring Festival 1-28 to 2-4 off, Sunday 1-26 and Saturday 2-8 worked (调休).
const calendar = new ListedWorkingDays(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04'], ['2025-01-26', '2025-02-08']);
const window = { start: '08:30', end: '17:30' };

describe('working hours, Asia/Shanghai', () => {
  it('sends inside the window on a working day, and never before, after, at weekends or on holidays', () => {
    expect(mayMailNow(at('2025-03-12 08:30'), window, calendar)).toBe(true);
    expect(mayMailNow(at('2025-03-12 17:29'), window, calendar)).toBe(true);
    expect(mayMailNow(at('2025-03-12 17:30'), window, calendar)).toBe(false);
    expect(mayMailNow(at('2025-03-12 08:29'), window, calendar)).toBe(false);
    expect(mayMailNow(at('2025-03-15 10:00'), window, calendar)).toBe(false);
    expect(mayMailNow(at('2025-01-29 10:00'), window, calendar)).toBe(false);
    expect(mayMailNow(at('2025-02-08 10:00'), window, calendar)).toBe(true);
  });

  it('puts a mail off to the next window start: later today, the next working day, after the holiday', () => {
    expect(nextWindowStart(at('2025-03-12 07:00'), window, calendar)).toEqual(at('2025-03-12 08:30'));
    expect(nextWindowStart(at('2025-03-14 18:00'), window, calendar)).toEqual(at('2025-03-17 08:30'));
    expect(nextWindowStart(at('2025-01-27 23:59'), window, calendar)).toEqual(at('2025-02-05 08:30'));
    expect(nextWindowStart(at('2025-02-07 17:30'), window, calendar)).toEqual(at('2025-02-08 08:30'));
    expect(nextWindowStart(at('2025-03-12 10:00'), window, calendar)).toEqual(at('2025-03-12 10:00'));
    expect(nextWindowStart(at('2025-03-12 07:00'), window, calendar, true)).toEqual(at('2025-03-13 08:30'));
  });

  it('falls back to 08:30-17:30 for a window that is malformed or ends before it starts', () => {
    const fallback = { start: 8 * 60 + 30, end: 17 * 60 + 30 };
    expect(windowMinutes({ start: '18:00', end: '09:00' })).toEqual(fallback);
    expect(windowMinutes({ start: '8:30', end: '17:30' })).toEqual(fallback);
    expect(windowMinutes(undefined)).toEqual(fallback);
    expect(windowMinutes({ start: '00:00', end: '24:00' })).toEqual({ start: 0, end: 24 * 60 });
  });
});
