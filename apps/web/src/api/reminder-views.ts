/*
 * What the reminder, calendar and 催办 routes answer, typed as their services return them
 * (libs/evaluation/src/reminders, libs/calendar). The OpenAPI document does not declare these
 * response bodies yet; once it does, `npm run web:types` carries them and each name here can
 * become an alias of the generated type.
 */

/** A task someone has due on a case (`due_items.kind`). */
export type DueItemKind = 'draft_section' | 'approve_section' | 'approve_report' | 'seal' | 'submit' | 'publish';

/** When a campaign's reminders go out: offsets in working days, hours in Asia/Shanghai. */
export interface ReminderLadder {
  beforeWorkingDays: number[];
  onDueDate: boolean;
  overdueEveryWorkingDay: boolean;
  escalateAfterWorkingDays: number;
  workingHours: { start: string; end: string };
}

/** GET, PUT and DELETE /api/campaigns/:id/reminder-ladder. */
export interface LadderView {
  campaignId: string;
  /** True while the campaign uses the default ladder. */
  isDefault: boolean;
  ladder: ReminderLadder;
}

export type DaySource = 'override' | 'holiday' | 'adjusted_working_day' | 'weekend' | 'weekday';

export interface CalendarDay {
  date: string;
  working: boolean;
  source: DaySource;
  /** The holiday's name, the override's reason, or null for an ordinary day. */
  name: string | null;
  /** False for a year the national tables do not cover: only weekends are days off there. */
  covered: boolean;
}

/** PUT /api/calendar/overrides, and each override listed by GET /api/calendar. */
export interface CalendarOverrideView {
  date: string;
  working: boolean;
  reason: string;
  updatedBy: string;
  updatedAt: string;
}

/** GET /api/calendar?from&to. */
export interface CalendarRange {
  from: string;
  to: string;
  days: CalendarDay[];
  overrides: CalendarOverrideView[];
}

/** One person's open task on a case. */
export interface DueItemView {
  id: string;
  kind: DueItemKind;
  sectionCode: string | null;
  recipientId: string;
  dueDate: string;
  escalateTo: string[];
  openedAt: string;
}

/** GET /api/cases/:id/due-items. */
export interface DueItemList {
  items: DueItemView[];
}

/** POST /api/cases/:id/urges. */
export interface UrgeView {
  caseId: string;
  recipientId: string;
  task: { kind: DueItemKind; sectionCode: string | null };
  dueDate: string;
  /** The working day this urge counts for (one per person and task a day). */
  day: string;
  /** When the mail may go out: now inside working hours, else the start of the next ones. */
  sendAfter: string;
}

/** POST /api/campaigns/:id/urge-late. */
export interface UrgeLateResult {
  campaignId: string;
  day: string;
  /** Overdue open items found, and how many got an urge now (the rest were urged that day already). */
  overdue: number;
  urged: number;
  cases: number;
}
