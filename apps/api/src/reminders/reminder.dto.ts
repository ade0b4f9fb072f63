import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDefined, IsIn, IsNumber, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { DUE_TASK_KINDS } from '@jixiao/evaluation';
import type { DueItemKind } from '@jixiao/persistence';

export class WorkingHoursDto {
  @ApiProperty({ example: '08:30', description: "'HH:MM', Asia/Shanghai" })
  @IsString()
  @Length(1, 10)
  start: string;

  @ApiProperty({ example: '17:30', description: "'HH:MM', Asia/Shanghai; after the start" })
  @IsString()
  @Length(1, 10)
  end: string;
}

/** The ranges are checked by the use case, which answers REMINDER.* codes. */
export class ReminderLadderDto {
  @ApiProperty({ type: 'integer', isArray: true, example: [3, 1], description: 'Working days before the due date (whole numbers 1–30, each once, at most 10)' })
  @IsArray()
  @ArrayMaxSize(30)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  beforeWorkingDays: number[];

  @ApiProperty({ example: true, description: 'A reminder in the morning of the due date' })
  @IsBoolean()
  onDueDate: boolean;

  @ApiProperty({ example: true, description: 'A reminder every working day while overdue' })
  @IsBoolean()
  overdueEveryWorkingDay: boolean;

  @ApiProperty({ type: 'integer', example: 2, description: 'Escalate this many working days after the due date (1–30)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  escalateAfterWorkingDays: number;

  @ApiProperty({ type: WorkingHoursDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours: WorkingHoursDto;
}

export class UrgeTaskDto {
  @ApiProperty({ enum: DUE_TASK_KINDS })
  @IsIn(DUE_TASK_KINDS)
  kind: DueItemKind;

  @ApiPropertyOptional({ example: '1.1', description: 'For draft_section and approve_section' })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  sectionCode?: string;
}

export class UrgeDto {
  @ApiProperty({ description: 'The person to urge: someone with this task open on the case' })
  @IsUUID()
  recipientId: string;

  @ApiProperty({ type: UrgeTaskDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => UrgeTaskDto)
  task: UrgeTaskDto;

  @ApiPropertyOptional({ example: '请于今日下班前提交初稿。' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  message?: string;
}

export class UrgeLateDto {
  @ApiPropertyOptional({ example: '报送期限已过，请尽快报送。' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  message?: string;
}

export class CalendarRangeQuery {
  @ApiProperty({ format: 'date', example: '2024-02-01' })
  @IsString()
  @Length(1, 10)
  from: string;

  @ApiProperty({ format: 'date', example: '2024-02-29', description: 'The same date as `from` or a later one, at most 365 days after it' })
  @IsString()
  @Length(1, 10)
  to: string;
}

export class CalendarOverrideDto {
  @ApiProperty({ format: 'date', example: '2024-09-16', description: "A real date 'YYYY-MM-DD'" })
  @IsString()
  @Length(1, 10)
  date: string;

  @ApiProperty({ description: 'true: a working day; false: a day off' })
  @IsBoolean()
  working: boolean;

  @ApiProperty({ example: '防台风停工', description: 'Why the day changes; not blank, at most 200 characters' })
  @IsString()
  @Length(0, 200)
  reason: string;
}

export class CalendarDateQuery {
  @ApiProperty({ format: 'date', example: '2024-09-16' })
  @IsString()
  @Length(1, 10)
  date: string;
}

