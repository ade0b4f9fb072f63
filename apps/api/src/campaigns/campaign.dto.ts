import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import type { IndicatorConfig, RulePack } from '@jixiao/report';
import { APPROVAL_MODES, type ApprovalMode } from '@jixiao/workflow';
import { IsCalendarDate } from '../http/is-calendar-date';

/** A shipped pack's id or a whole pack: what else it must be is the service's to say, with every problem. */
function IsStringOrObject(): PropertyDecorator {
  return ValidateBy({
    name: 'isStringOrObject',
    validator: {
      validate: (value: unknown) => typeof value === 'string' || (typeof value === 'object' && value !== null && !Array.isArray(value)),
      defaultMessage: () => '$property must be a rule pack id or a rule pack',
    },
  });
}

export class OutlineSectionDto {
  @ApiProperty({ example: '1.4' })
  @IsString()
  @Matches(/^[0-9A-Za-z.-]{1,16}$/, { message: 'code must be 1 to 16 letters, digits, dots or dashes' })
  code: string;

  @ApiProperty({ example: '整体支出情况' })
  @IsString()
  @Length(1, 200)
  title: string;
}

export class CreateCampaignDto {
  @ApiProperty({ example: '湛霞财〔2024〕68号', description: 'The notice document number' })
  @IsString()
  @Length(2, 64)
  documentNumber: string;

  @ApiProperty({ example: '关于开展2024年区级部门单位整体支出和重点项目财政重点绩效评价工作的通知' })
  @IsString()
  @Length(2, 300)
  title: string;

  @ApiProperty({ example: 2023, description: 'The fiscal year evaluated' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear: number;

  @ApiProperty({ example: '2024-06-20', description: 'Date in Asia/Shanghai' })
  @IsCalendarDate()
  submissionDeadline: string;

  @ApiProperty({ example: '2024-06-30', description: 'Date in Asia/Shanghai' })
  @IsCalendarDate()
  publicationDeadline: string;

  @ApiPropertyOptional({ enum: APPROVAL_MODES, default: 'single' })
  @IsOptional()
  @IsIn(APPROVAL_MODES)
  approvalMode?: ApprovalMode;

  @ApiProperty({ type: [String], description: 'Budget units the notice covers (1 to 5,000)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('all', { each: true })
  unitIds: string[];

  @ApiPropertyOptional({ type: [OutlineSectionDto], description: 'The report outline; the standard outline when omitted' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OutlineSectionDto)
  outline?: OutlineSectionDto[];

  @ApiPropertyOptional({ description: 'The indicator tree (weights adding to 100) and grade bands; the default tree when omitted' })
  @IsOptional()
  @IsObject()
  indicatorConfig?: IndicatorConfig;

  @ApiPropertyOptional({ example: '0.01', description: '万元: a printed total within this of its parts is a warning, not an error' })
  @IsOptional()
  @Matches(/^(10(\.0{1,3})?|\d(\.\d{1,3})?)$/, { message: 'roundingTolerance must be a decimal from 0 to 10 万元 with at most 3 decimals' })
  roundingTolerance?: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string', example: 'sichuan-2021' }, { type: 'object', additionalProperties: true }],
    description: 'How project forms are scored: a shipped rule pack id (GET /rule-packs) or a whole RulePack; the national pack when omitted. Invalid: 422 with every problem',
  })
  @IsOptional()
  @IsStringOrObject()
  rulePack?: string | RulePack;

  @ApiPropertyOptional({ default: true, description: "Whether each sealed version's public verification link (公开核验链接) answers without sign-in" })
  @IsOptional()
  @IsBoolean()
  publicSealVerification?: boolean;
}

export class BindOfficerDto {
  @ApiProperty()
  @IsUUID()
  userId: string;
}

export class UpdateCampaignDto extends PartialType(OmitType(CreateCampaignDto, ['unitIds'] as const)) {}
