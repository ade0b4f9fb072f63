import { ApiProperty } from '@nestjs/swagger';

export class CampaignProjectDto {
  @ApiProperty({ format: 'uuid' })
  projectId: string;

  @ApiProperty({ format: 'uuid' })
  unitId: string;

  @ApiProperty()
  unitName: string;

  @ApiProperty({ example: 'P01' })
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: '主管部门; empty when not given' })
  competentDepartment: string;

  @ApiProperty({ description: '实施单位; empty when not given' })
  implementingUnit: string;

  @ApiProperty({ description: "A case has saved this project's form: it can no longer be deleted" })
  formStarted: boolean;
}

export class UnitFilingViewDto {
  @ApiProperty({ format: 'uuid' })
  unitId: string;

  @ApiProperty({ description: 'False: the unit files project forms only' })
  filesDepartmentReport: boolean;
}

export class CampaignUnitFilingDto extends UnitFilingViewDto {
  @ApiProperty()
  unitName: string;
}

export class CampaignProjectsDto {
  @ApiProperty({ type: [CampaignUnitFilingDto] })
  units: CampaignUnitFilingDto[];

  @ApiProperty({ type: [CampaignProjectDto] })
  projects: CampaignProjectDto[];
}

export class RulePacksDto {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The shipped rule packs (RulePack): national-2020, sichuan-2021' })
  packs: unknown[];
}
