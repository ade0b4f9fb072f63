import { ApiProperty } from '@nestjs/swagger';
import { DAY_SOURCES, type CalendarDay, type DaySource } from '@jixiao/calendar';
import {
  DUE_TASK_KINDS,
  type CalendarOverrideView,
  type CalendarRangeView,
  type DueItemView,
  type LadderView,
  type ReminderLadder,
  type UrgeLateResult,
  type UrgeView,
} from '@jixiao/evaluation';
import type { DueItemKind } from '@jixiao/persistence';
import { DATE, DATE_TIME } from '../http/api-error.dto';

// Each class implements the service's view, so a field the service adds or retypes fails `tsc` here.

export class CalendarDayDto implements CalendarDay {
  @ApiProperty(DATE)
  date: string;

  @ApiProperty()
  working: boolean;

  @ApiProperty({ enum: DAY_SOURCES, description: 'A local override, a public holiday, an adjusted working day (调休), or the day of the week' })
  source: DaySource;

  @ApiProperty({ type: String, nullable: true, example: '春节', description: "The holiday's name, the override's reason, or null for an ordinary day" })
  name: string | null;

  @ApiProperty({ description: 'False for a year the national tables do not cover: there only weekends are days off' })
  covered: boolean;
}

export class CalendarOverrideViewDto implements CalendarOverrideView {
  @ApiProperty(DATE)
  date: string;

  @ApiProperty({ description: 'true: a working day; false: a day off' })
  working: boolean;

  @ApiProperty({ example: '防台风停工' })
  reason: string;

  @ApiProperty({ format: 'uuid', description: 'The finance officer who set it' })
  updatedBy: string;

  @ApiProperty(DATE_TIME)
  updatedAt: string;
}

export class CalendarRangeDto implements CalendarRangeView {
  @ApiProperty(DATE)
  from: string;

  @ApiProperty(DATE)
  to: string;

  @ApiProperty({ type: [CalendarDayDto], description: 'Every day from `from` to `to`, both included' })
  days: CalendarDayDto[];

  @ApiProperty({ type: [CalendarOverrideViewDto], description: 'The local overrides within the range' })
  overrides: CalendarOverrideViewDto[];
}

export class WorkingHoursViewDto {
  @ApiProperty({ example: '08:30', description: "'HH:MM', Asia/Shanghai" })
  start: string;

  @ApiProperty({ example: '17:30', description: "'HH:MM', Asia/Shanghai" })
  end: string;
}

export class ReminderLadderViewDto implements ReminderLadder {
  @ApiProperty({ type: 'integer', isArray: true, example: [3, 1], description: 'Working days before the due date, largest first' })
  beforeWorkingDays: number[];

  @ApiProperty()
  onDueDate: boolean;

  @ApiProperty()
  overdueEveryWorkingDay: boolean;

  @ApiProperty({ type: 'integer', example: 2 })
  escalateAfterWorkingDays: number;

  @ApiProperty({ type: WorkingHoursViewDto })
  workingHours: WorkingHoursViewDto;
}

export class LadderViewDto implements LadderView {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ description: 'True while the campaign uses the default ladder' })
  isDefault: boolean;

  @ApiProperty({ type: ReminderLadderViewDto })
  ladder: ReminderLadderViewDto;
}

export class UrgedTaskDto {
  @ApiProperty({ enum: DUE_TASK_KINDS })
  kind: DueItemKind;

  @ApiProperty({ type: String, nullable: true, example: '1.1', description: 'For draft_section and approve_section, else null' })
  sectionCode: string | null;
}

export class UrgeViewDto implements UrgeView {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ format: 'uuid' })
  recipientId: string;

  @ApiProperty({ type: UrgedTaskDto })
  task: UrgedTaskDto;

  @ApiProperty(DATE)
  dueDate: string;

  @ApiProperty({ ...DATE, description: 'The working day this urge counts for (one per person and task a day)' })
  day: string;

  @ApiProperty({ ...DATE_TIME, description: 'When the mail may go out: now within working hours, else when the next ones begin' })
  sendAfter: string;
}

export class UrgeLateResultDto implements UrgeLateResult {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ ...DATE, description: 'The working day these urges count for' })
  day: string;

  @ApiProperty({ type: 'integer', description: 'Overdue open tasks found' })
  overdue: number;

  @ApiProperty({ type: 'integer', description: 'Of those, urged now (the rest were urged already that day)' })
  urged: number;

  @ApiProperty({ type: 'integer', description: 'Cases with at least one task urged now' })
  cases: number;
}

export class DueItemDto implements DueItemView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DUE_TASK_KINDS })
  kind: DueItemKind;

  @ApiProperty({ type: String, nullable: true, example: '1.1', description: 'For draft_section and approve_section, else null' })
  sectionCode: string | null;

  @ApiProperty({ format: 'uuid', description: 'Who has the task' })
  recipientId: string;

  @ApiProperty({ description: 'Their name, inside the working group or not' })
  recipientName: string;

  @ApiProperty(DATE)
  dueDate: string;

  @ApiProperty({ type: String, format: 'uuid', isArray: true, description: 'Whom the task escalates to once overdue' })
  escalateTo: string[];

  @ApiProperty(DATE_TIME)
  openedAt: string;
}

export class DueItemListDto {
  @ApiProperty({ type: [DueItemDto] })
  items: DueItemDto[];
}
