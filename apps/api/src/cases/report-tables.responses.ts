import { DataTableActionDto, ScoresActionDto } from './action.responses';
import { ApiProperty } from '@nestjs/swagger';
import { ANY_OBJECT, DATE_TIME } from '../http/api-error.dto';
import { ProblemDto } from './case.responses';

export class ProblemAcknowledgementDto {
  @ApiProperty()
  comment: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty(DATE_TIME)
  at: string;
}

export class ReportProblemDto extends ProblemDto {
  @ApiProperty({ description: 'Names the problem across saves; acknowledge a warning by it' })
  key: string;

  @ApiProperty({ type: ProblemAcknowledgementDto, nullable: true, description: "A warning's acknowledgement in this version; null for none" })
  acknowledgement: ProblemAcknowledgementDto | null;
}

export class SavedDataTableDto {
  @ApiProperty({ description: 'The revision now current; send it back as expectedRevision' })
  revision: number;

  @ApiProperty({ type: [ReportProblemDto] })
  problems: ReportProblemDto[];
}

export class SavedIndicatorScoresDto extends SavedDataTableDto {
  @ApiProperty({ description: 'The computed total, exact decimal', example: '90' })
  total: string;

  @ApiProperty({ type: String, nullable: true, example: '优' })
  grade: string | null;

  @ApiProperty({ description: 'Every indicator scored, every deduction justified' })
  complete: boolean;
}

/** What both tables answer besides their input. */
abstract class ReportTableDto {
  @ApiProperty()
  contentVersion: number;

  @ApiProperty({ description: '0 while nothing is saved: the revision a first save expects' })
  revision: number;

  @ApiProperty({ type: String, nullable: true })
  updatedBy: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  updatedAt: string | null;

  @ApiProperty({ type: [ReportProblemDto] })
  problems: ReportProblemDto[];
}

export class DataTableDto extends ReportTableDto {
  @ApiProperty({ ...ANY_OBJECT, nullable: true, description: 'The table as saved; null before the first save' })
  input: unknown;

  @ApiProperty({ type: [DataTableActionDto], description: 'What the caller may do with the table now, and why not' })
  actions: InstanceType<typeof DataTableActionDto>[];
}

export class IndicatorScoresDto extends ReportTableDto {
  @ApiProperty({ type: [ScoresActionDto], description: 'What the caller may do with the score sheet now, and why not' })
  actions: InstanceType<typeof ScoresActionDto>[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { code: { type: 'string' } }, required: ['code'], additionalProperties: true },
    nullable: true,
    description: 'The score sheet as saved, [{code, score, justification?}]; null before the first save',
  })
  input: unknown;

  @ApiProperty({ example: '90' })
  total: string;

  @ApiProperty({ type: String, nullable: true })
  grade: string | null;

  @ApiProperty()
  complete: boolean;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Points per first-level indicator' })
  subtotals: Record<string, string>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Maximum points per first-level indicator' })
  maxima: Record<string, string>;
}

export class AcknowledgementDto {
  @ApiProperty()
  problemKey: string;

  @ApiProperty()
  comment: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty(DATE_TIME)
  at: string;
}
