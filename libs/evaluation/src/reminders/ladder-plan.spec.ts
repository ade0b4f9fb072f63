import { addCalendarDays, WorkingCalendar } from '@jixiao/calendar';
import { DEFAULT_LADDER } from './ladder';
import { ladderStep } from './ladder-plan';

/** What the ladder sends on each day from `from` to `to`, leaving out the days it sends nothing and repeats of a once-only rule. */
function timeline(dueDate: string, from: string, to: string, calendar = new WorkingCalendar(), ladder = DEFAULT_LADDER) {
  const sent = new Set<string>();
  const days: Record<string, string[]> = {};
  for (let day = from; day <= to; day = addCalendarDays(day, 1)) {
    const step = ladderStep(ladder, calendar, dueDate, day);
    const mails: string[] = [];
    if (step.rule !== null && !sent.has(`${step.rule}|${step.ruleDay}`)) mails.push(step.rule === 'overdue' ? `overdue ${step.workingDaysLeft}` : `${step.rule} (${step.workingDaysLeft} left)`);
    if (step.rule !== null) sent.add(`${step.rule}|${step.ruleDay}`);
    if (step.escalate && !sent.has('escalation')) mails.push('escalation');
    if (step.escalate) sent.add('escalation');
    if (mails.length > 0) days[day] = mails;
  }
  return days;
}

describe('the reminder ladder over the working-day calendar', () => {
  it('fires each rung on its working day across Spring Festival 2024, with the adjusted Sunday counted and nothing on the holiday', () => {
    // Due Monday 2024-02-19: three working days before is Thursday 2024-02-08 (02-18, 02-09, 02-08), one before the adjusted working Sunday 02-18.
    expect(timeline('2024-02-19', '2024-02-01', '2024-02-23')).toEqual({
      '2024-02-08': ['before-3 (3 left)'],
      '2024-02-18': ['before-1 (1 left)'],
      '2024-02-19': ['due-day (0 left)'],
      '2024-02-20': ['overdue -1'],
      '2024-02-21': ['overdue -2', 'escalation'],
      '2024-02-22': ['overdue -3'],
      '2024-02-23': ['overdue -4'],
    });
  });

  it('sends the due-day reminder on the last working day before a due date that falls in the holiday', () => {
    const days = timeline('2024-02-14', '2024-02-01', '2024-02-20');
    expect(days['2024-02-09']).toEqual(['due-day (0 left)']);
    expect(days['2024-02-06']).toEqual(['before-3 (3 left)']);
    expect(days['2024-02-08']).toEqual(['before-1 (1 left)']);
    // The first working day after the holiday is overdue day 1; the second one escalates.
    expect(days['2024-02-18']).toEqual(['overdue -1']);
    expect(days['2024-02-19']).toEqual(['overdue -2', 'escalation']);
    expect(Object.keys(days).filter((d) => d >= '2024-02-10' && d <= '2024-02-17')).toEqual([]);
  });

  it('sends only the latest rung reached after a pause, never the ones it missed', () => {
    const calendar = new WorkingCalendar();
    expect(ladderStep(DEFAULT_LADDER, calendar, '2024-02-19', '2024-02-19')).toMatchObject({ rule: 'due-day', escalate: false });
    expect(ladderStep(DEFAULT_LADDER, calendar, '2024-02-19', '2024-02-09')).toMatchObject({ rule: 'before-3', workingDaysLeft: 2 });
    expect(ladderStep(DEFAULT_LADDER, calendar, '2024-02-19', '2024-02-26')).toMatchObject({ rule: 'overdue', ruleDay: '2024-02-26', workingDaysLeft: -5, escalate: true });
  });

  it('follows a local override and a custom ladder', () => {
    const calendar = new WorkingCalendar([{ date: '2024-02-08', working: false, reason: '防台风停工' }]);
    const ladder = { ...DEFAULT_LADDER, beforeWorkingDays: [5, 2], onDueDate: false, overdueEveryWorkingDay: false, escalateAfterWorkingDays: 1 };
    expect(timeline('2024-02-19', '2024-02-01', '2024-02-21', calendar, ladder)).toEqual({
      // Five working days before 02-19 without 02-08: 02-18, 02-09, 02-07, 02-06, 02-05.
      '2024-02-05': ['before-5 (5 left)'],
      '2024-02-09': ['before-2 (2 left)'],
      '2024-02-20': ['escalation'],
    });
  });
});
