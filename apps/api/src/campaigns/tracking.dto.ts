import { LIFECYCLE_STATES } from '@jixiao/workflow';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IsCalendarDate } from '../http/is-calendar-date';
import { PageQuery } from '../http/page.query';

const NOT_BLANK = /\S/;
// A filter may name the parent state `submitted` for both of its sub-states.
const STATES = [...LIFECYCLE_STATES, 'submitted'];
const SORTS = ['urgency', 'unit', 'state', 'score', 'deadline'] as const;

/** 'true' / 'false' in a query string; anything else stays as it is and fails validation. */
const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class TrackingFilterQuery {
  @ApiPropertyOptional({ enum: STATES, description: '`submitted` matches both submitted states' })
  @IsOptional()
  @IsIn(STATES)
  state?: string;

  @ApiPropertyOptional({ description: 'Deadline passed without a submission' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Returned by the finance bureau at least once' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  returned?: boolean;

  @ApiPropertyOptional({ example: '优', description: 'The self-assessed grade' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  grade?: string;

  @ApiPropertyOptional({ description: "Part of the unit's name or code" })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  unit?: string;

  @ApiPropertyOptional({ enum: SORTS, default: 'urgency', description: 'urgency: overdue first, then nearest deadline, then awaiting acceptance' })
  @IsOptional()
  @IsIn(SORTS)
  sort?: (typeof SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class TrackingPageQuery extends IntersectionType(PageQuery, TrackingFilterQuery) {}

export class ExportQuery extends TrackingFilterQuery {
  @ApiProperty({ enum: ['xlsx', 'csv'] })
  @IsIn(['xlsx', 'csv'])
  format: 'xlsx' | 'csv';
}

export class StatisticsQuery {
  @ApiPropertyOptional({ description: 'Another campaign of yours to set beside this one (last year, say)' })
  @IsOptional()
  @IsUUID()
  compareWith?: string;
}

export class ExtendDeadlineDto {
  @ApiProperty({ example: '2024-07-05', description: 'The new submission deadline (Asia/Shanghai)' })
  @IsCalendarDate()
  deadline: string;

  @ApiProperty({ example: '单位主要负责人出差，申请延期报送' })
  @IsString()
  @Length(1, 500)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason: string;

  @ApiPropertyOptional({ description: 'The one unit’s case to extend; omitted: every unit that has not submitted' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class RecheckDto {
  @ApiProperty({ example: '86.5', description: 'The adjusted score, 0 to 100, at most two decimals' })
  @IsString()
  @Length(1, 6)
  score: string;

  @ApiProperty({ example: '产出指标佐证材料不足，扣减3.5分' })
  @IsString()
  @Length(1, 2000)
  remarks: string;
}

export class CampaignUnitsDto {
  @ApiProperty({ type: [String], description: 'The budget units the draft covers (1 to 5,000), chosen from GET /api/units' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  unitIds: string[];
}

export class UnitSearchQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name or code' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  search?: string;
}
