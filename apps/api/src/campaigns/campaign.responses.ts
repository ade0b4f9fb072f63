import { ApiProperty } from '@nestjs/swagger';
import { APPROVAL_MODES, type ApprovalMode } from '@jixiao/workflow';
import { ANY_OBJECT, DATE, DATE_TIME, PageFieldsDto } from '../http/api-error.dto';
import { OutlineSectionDto } from './campaign.dto';

export class CampaignDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '湛霞财〔2024〕68号' })
  documentNumber: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ example: 2023 })
  fiscalYear: number;

  @ApiProperty(DATE)
  submissionDeadline: string;

  @ApiProperty(DATE)
  publicationDeadline: string;

  @ApiProperty({ enum: APPROVAL_MODES })
  approvalMode: ApprovalMode;

  @ApiProperty({ enum: ['draft', 'issued'] })
  status: 'draft' | 'issued';

  @ApiProperty({ ...DATE_TIME, nullable: true })
  issuedAt: string | null;

  @ApiProperty()
  unitCount: number;

  @ApiProperty({ type: [OutlineSectionDto] })
  outline: OutlineSectionDto[];

  @ApiProperty({ ...ANY_OBJECT, nullable: true, description: 'The indicator tree and grade bands; null: the default tree' })
  indicatorConfig: unknown;

  @ApiProperty({ description: '万元, as set', example: '0.01' })
  roundingTolerance: string;

  @ApiProperty({ ...ANY_OBJECT, description: 'The rule pack project forms are scored by (RulePack); the national pack when none was set' })
  rulePack: unknown;

  @ApiProperty({ description: "Whether each sealed version's public verification link answers without sign-in" })
  publicSealVerification: boolean;
}

export class CampaignPageDto extends PageFieldsDto {
  @ApiProperty({ type: [CampaignDto] })
  items: CampaignDto[];
}

export class CampaignOfficersDto {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ type: [String], description: 'Every finance officer bound to the campaign' })
  officerIds: string[];
}
