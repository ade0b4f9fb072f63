import { DomainError } from '../errors';
import { checkLadder, DEFAULT_LADDER, ladderOf, type ReminderLadder } from './ladder';

function refusal(change: Partial<ReminderLadder>): string {
  try {
    checkLadder({ ...DEFAULT_LADDER, ...change });
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('checking a reminder ladder', () => {
  it('accepts the default and stores offsets largest first', () => {
    expect(checkLadder({ ...DEFAULT_LADDER, beforeWorkingDays: [1, 5, 3] }).beforeWorkingDays).toEqual([5, 3, 1]);
    expect(refusal({})).toBe('accepted');
    expect(refusal({ beforeWorkingDays: [] })).toBe('accepted');
  });

  it.each([
    [{ beforeWorkingDays: [-1] }, 'REMINDER.OFFSET_OUT_OF_RANGE'],
    [{ beforeWorkingDays: [0] }, 'REMINDER.OFFSET_OUT_OF_RANGE'],
    [{ beforeWorkingDays: [31] }, 'REMINDER.OFFSET_OUT_OF_RANGE'],
    [{ beforeWorkingDays: [1.5] }, 'REMINDER.OFFSET_OUT_OF_RANGE'],
    [{ beforeWorkingDays: [3, 3] }, 'REMINDER.OFFSET_DUPLICATE'],
    [{ beforeWorkingDays: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }, 'REMINDER.TOO_MANY_OFFSETS'],
    [{ escalateAfterWorkingDays: 0 }, 'REMINDER.ESCALATION_OUT_OF_RANGE'],
    [{ escalateAfterWorkingDays: 1000 }, 'REMINDER.ESCALATION_OUT_OF_RANGE'],
    [{ workingHours: { start: '17:30', end: '08:30' } }, 'REMINDER.HOURS_INVALID'],
    [{ workingHours: { start: '09:00', end: '09:00' } }, 'REMINDER.HOURS_INVALID'],
    [{ workingHours: { start: '8:30', end: '17:30' } }, 'REMINDER.HOURS_INVALID'],
    [{ workingHours: { start: '24:00', end: '25:00' } }, 'REMINDER.HOURS_INVALID'],
    [{ workingHours: { start: '02:00', end: '05:00' } }, 'REMINDER.HOURS_INVALID'],
    [{ workingHours: { start: '08:00', end: '23:30' } }, 'REMINDER.HOURS_INVALID'],
  ])('refuses %j with %s', (change, code) => {
    expect(refusal(change as Partial<ReminderLadder>)).toBe(code);
  });

  it('reads a stored ladder, and the default for none', () => {
    expect(ladderOf(null)).toEqual(DEFAULT_LADDER);
    const custom = { ...DEFAULT_LADDER, beforeWorkingDays: [2] };
    expect(ladderOf(custom)).toEqual(custom);
  });
});
