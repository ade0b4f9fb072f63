import { WorkingCalendar } from './working-calendar';

describe('WorkingCalendar', () => {
  const calendar = new WorkingCalendar();

  describe('Spring Festival 2024', () => {
    it('takes 2024-02-10 to 2024-02-17 off, weekend and weekdays alike', () => {
      for (const date of ['2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16', '2024-02-17']) {
        expect({ date, working: calendar.isWorkingDay(date) }).toEqual({ date, working: false });
      }
      expect(calendar.day('2024-02-12')).toMatchObject({ source: 'holiday', name: '春节', covered: true });
    });

    it('works on the adjusted Sundays 2024-02-04 and 2024-02-18', () => {
      expect(calendar.day('2024-02-04')).toMatchObject({ working: true, source: 'adjusted_working_day' });
      expect(calendar.day('2024-02-18')).toMatchObject({ working: true, source: 'adjusted_working_day' });
      expect(calendar.isWorkingDay('2024-02-03')).toBe(false);
    });

    it('counts working days across the holiday', () => {
      // Friday 2024-02-09 is the last working day before the holiday; Sunday 2024-02-18 the first after it.
      expect(calendar.nextWorkingDay('2024-02-09')).toBe('2024-02-18');
      expect(calendar.previousWorkingDay('2024-02-18')).toBe('2024-02-09');
      expect(calendar.addWorkingDays('2024-02-09', 1)).toBe('2024-02-18');
      expect(calendar.addWorkingDays('2024-02-19', -3)).toBe('2024-02-08');
      expect(calendar.addWorkingDays('2024-02-20', -3)).toBe('2024-02-09');
      expect(calendar.workingDaysBetween('2024-02-08', '2024-02-19')).toBe(3);
      expect(calendar.workingDaysBetween('2024-02-19', '2024-02-08')).toBe(-3);
      expect(calendar.workingDayOnOrBefore('2024-02-14')).toBe('2024-02-09');
      expect(calendar.workingDayOnOrAfter('2024-02-14')).toBe('2024-02-18');
    });
  });

  describe('National Day 2024', () => {
    it('takes 2024-10-01 to 2024-10-07 off and works on Sunday 2024-09-29 and Saturday 2024-10-12', () => {
      expect(calendar.days('2024-10-01', '2024-10-07').every((d) => !d.working && d.source === 'holiday')).toBe(true);
      expect(calendar.day('2024-09-29')).toMatchObject({ working: true, source: 'adjusted_working_day' });
      expect(calendar.day('2024-10-12')).toMatchObject({ working: true, source: 'adjusted_working_day' });
      expect(calendar.addWorkingDays('2024-09-30', 1)).toBe('2024-10-08');
      expect(calendar.workingDaysBetween('2024-09-27', '2024-10-08')).toBe(3);
    });
  });

  it('is plain weekdays and weekends in a year the tables do not cover', () => {
    const far = new WorkingCalendar();
    expect(far.day('2099-10-01')).toMatchObject({ working: true, source: 'weekday', covered: false });
    expect(far.day('2099-10-03')).toMatchObject({ working: false, source: 'weekend', covered: false });
    expect(far.coveredYears.first).toBeLessThanOrEqual(2024);
  });

  it('lets an override turn a day off on and a working day off', () => {
    const local = new WorkingCalendar([
      { date: '2024-02-17', working: true, reason: '全区集中办公' },
      { date: '2024-03-05', working: false, reason: '防台风停工' },
    ]);
    expect(local.day('2024-02-17')).toMatchObject({ working: true, source: 'override', name: '全区集中办公' });
    expect(local.isWorkingDay('2024-03-05')).toBe(false);
    expect(local.addWorkingDays('2024-02-09', 1)).toBe('2024-02-17');
    expect(local.addWorkingDays('2024-03-04', 1)).toBe('2024-03-06');
    // The national calendar alone is unchanged.
    expect(calendar.isWorkingDay('2024-02-17')).toBe(false);
    expect(calendar.isWorkingDay('2024-03-05')).toBe(true);
  });

  it('keeps addWorkingDays and workingDaysBetween consistent', () => {
    for (const start of ['2024-02-01', '2024-02-10', '2024-09-28', '2024-12-31']) {
      for (const n of [-7, -3, -1, 0, 1, 2, 5, 12]) {
        const moved = calendar.addWorkingDays(start, n);
        if (n !== 0) expect(calendar.isWorkingDay(moved)).toBe(true);
        if (calendar.isWorkingDay(start) || n > 0) expect({ start, n, back: calendar.workingDaysBetween(start, moved) }).toEqual({ start, n, back: n });
      }
    }
  });

  it('refuses a date that does not exist', () => {
    expect(() => calendar.isWorkingDay('2025-02-30')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-13-01', 1)).toThrow(RangeError);
  });
});
