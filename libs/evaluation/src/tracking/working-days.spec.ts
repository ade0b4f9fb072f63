import { WEEKENDS_ONLY, workingDaysFrom, workingDaysUntil } from './working-days';

describe('working days to a deadline', () => {
  it('counts the working days after today up to the deadline, skipping weekends', () => {
    // 2026-11-27 is a Friday.
    expect(workingDaysUntil(WEEKENDS_ONLY, '2026-11-27', '2026-11-30')).toBe(1);
    expect(workingDaysUntil(WEEKENDS_ONLY, '2026-11-27', '2026-12-04')).toBe(5);
  });

  it('answers 0 on the deadline itself and a negative count once it has passed', () => {
    expect(workingDaysUntil(WEEKENDS_ONLY, '2026-11-30', '2026-11-30')).toBe(0);
    expect(workingDaysUntil(WEEKENDS_ONLY, '2026-12-01', '2026-11-27')).toBe(-2);
  });

  it('answers a plain 0, never -0, when a deadline passed with no working day since', () => {
    // Sunday 2026-12-06, the deadline Saturday: toBe tells -0 from 0, as toMatchObject does in the e2e test.
    expect(workingDaysUntil(WEEKENDS_ONLY, '2026-12-06', '2026-12-05')).toBe(0);
  });

  it('asks the calendar it is given, so holidays and adjusted working days count as it says', () => {
    const holiday = { isWorkingDay: (date: string) => date !== '2026-11-30' && WEEKENDS_ONLY.isWorkingDay(date) || date === '2026-11-28' };
    expect(workingDaysUntil(holiday, '2026-11-27', '2026-11-30')).toBe(1);
  });

  it('counts once per distinct deadline for a page of rows, with the same answers', () => {
    const asked: string[] = [];
    const counting = { isWorkingDay: (date: string) => (asked.push(date), WEEKENDS_ONLY.isWorkingDay(date)) };
    const days = workingDaysFrom(counting, '2026-11-27');
    const deadlines = ['2026-12-04', '2026-11-30', '2026-12-04', '2026-11-20', '2026-11-30', '2026-11-27', '2026-11-20'];
    expect(deadlines.map(days)).toEqual(deadlines.map((deadline) => workingDaysUntil(WEEKENDS_ONLY, '2026-11-27', deadline)));
    // 7 days to 12-04, 3 to 11-30, 7 back to 11-20, none for today.
    expect(asked).toHaveLength(7 + 3 + 7);
  });
});
