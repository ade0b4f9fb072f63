import { ApiProperty } from '@nestjs/swagger';
import { DATE, DATE_TIME, PageFieldsDto } from '../http/api-error.dto';

export class TrackingItemDto {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ format: 'uuid' })
  unitId: string;

  @ApiProperty()
  unitName: string;

  @ApiProperty()
  unitCode: string;

  @ApiProperty({ example: 'self_assessment' })
  state: string;

  @ApiProperty()
  sectionsApproved: number;

  @ApiProperty()
  sectionsTotal: number;

  @ApiProperty({ ...DATE, description: "The deadline in force for this unit, its own extension if it has one" })
  deadline: string;

  @ApiProperty()
  deadlineExtended: boolean;

  @ApiProperty({ type: 'integer', description: 'Working days from today to the deadline; negative once passed' })
  workingDaysLeft: number;

  @ApiProperty({ description: 'The deadline has passed and the unit has not submitted' })
  overdue: boolean;

  @ApiProperty({ enum: ['not_submitted', 'on_time', 'late'] })
  submissionStatus: 'not_submitted' | 'on_time' | 'late';

  @ApiProperty({ ...DATE_TIME, nullable: true })
  submittedAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: '90' })
  selfScore: string | null;

  @ApiProperty({ type: String, nullable: true, example: '优' })
  grade: string | null;

  @ApiProperty({ type: String, nullable: true })
  recheckScore: string | null;

  @ApiProperty({ type: String, nullable: true })
  recheckRemarks: string | null;

  @ApiProperty({ description: 'Returns by the finance bureau' })
  returns: number;

  @ApiProperty({ type: String, nullable: true })
  lastReturnReason: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  lastReturnedAt: string | null;

  @ApiProperty({ enum: ['not_due', 'pending', 'overdue', 'published'] })
  publicationStatus: 'not_due' | 'pending' | 'overdue' | 'published';

  @ApiProperty({ ...DATE_TIME, nullable: true })
  publishedAt: string | null;

  @ApiProperty({ description: "The case's page in the console, absolute: <PUBLIC_URL>/cases/<id>", example: 'https://jixiao.example.gov.cn/cases/…' })
  link: string;
}

export class TrackingPageDto extends PageFieldsDto {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ ...DATE, description: 'The day (Asia/Shanghai) working days are counted from' })
  today: string;

  @ApiProperty({ type: [TrackingItemDto] })
  items: TrackingItemDto[];
}

export class GradeCountDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: units without a complete score sheet' })
  grade: string | null;

  @ApiProperty({ type: String, nullable: true })
  from: string | null;

  @ApiProperty({ type: String, nullable: true })
  to: string | null;

  @ApiProperty()
  units: number;
}

export class ReturnReasonCountDto {
  @ApiProperty()
  reason: string;

  @ApiProperty()
  returns: number;
}

export class CampaignStatisticsDto {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty()
  documentNumber: string;

  @ApiProperty()
  fiscalYear: number;

  @ApiProperty()
  units: number;

  @ApiProperty()
  submitted: number;

  @ApiProperty()
  onTime: number;

  @ApiProperty()
  late: number;

  @ApiProperty()
  overdue: number;

  @ApiProperty({ type: Number, nullable: true, description: 'On-time submissions over all units covered; null with no units' })
  onTimeRate: number | null;

  @ApiProperty()
  returnedUnits: number;

  @ApiProperty()
  returns: number;

  @ApiProperty()
  selfScored: number;

  @ApiProperty({ type: String, nullable: true })
  averageSelfScore: string | null;

  @ApiProperty()
  rechecked: number;

  @ApiProperty({ type: String, nullable: true })
  averageRecheckScore: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Re-check minus self-score, over the units with both' })
  meanGap: string | null;

  @ApiProperty({ type: String, nullable: true })
  meanAbsoluteGap: string | null;

  @ApiProperty({ type: String, nullable: true })
  largestAbsoluteGap: string | null;

  @ApiProperty({ type: [GradeCountDto], description: "In the campaign's band order, then the units without a grade" })
  grades: GradeCountDto[];

  @ApiProperty({ type: [ReturnReasonCountDto] })
  returnReasons: ReturnReasonCountDto[];
}

export class StatisticsDto {
  @ApiProperty({ type: CampaignStatisticsDto })
  campaign: CampaignStatisticsDto;

  @ApiProperty({ type: CampaignStatisticsDto, nullable: true })
  compareWith: CampaignStatisticsDto | null;
}

export class ExtendedCaseDto {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ ...DATE, description: 'The deadline it had before' })
  from: string;
}

export class ExtensionResultDto {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty(DATE)
  deadline: string;

  @ApiProperty({ type: [ExtendedCaseDto] })
  extended: ExtendedCaseDto[];
}

export class RecheckResultDto {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ example: '88.5' })
  recheckScore: string;

  @ApiProperty({ type: String, nullable: true })
  previousScore: string | null;

  @ApiProperty({ type: String, nullable: true })
  selfScore: string | null;

  @ApiProperty()
  remarks: string;
}

export class CampaignUnitsViewDto {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty()
  unitCount: number;

  @ApiProperty({ type: [String] })
  unitIds: string[];
}

export class UnitDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  code: string;
}

export class UnitPageDto extends PageFieldsDto {
  @ApiProperty({ type: [UnitDto] })
  items: UnitDto[];
}
