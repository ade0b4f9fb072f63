/** The working-day calendar of mainland China: public holidays and adjusted working days (调休), with local overrides. */
export type { WorkingDays } from './working-days';
export { addCalendarDays, calendarDaysBetween, isCalendarDate } from './calendar-date';
export { DAY_SOURCES, WorkingCalendar, type CalendarDay, type CalendarOverride, type DaySource } from './working-calendar';
