import { ApiProperty } from '@nestjs/swagger';
import { PROJECT_FORM_ACTION_TYPES } from '@jixiao/workflow';
import { ANY_OBJECT, DATE_TIME } from '../http/api-error.dto';
import { actionDto } from './action.responses';
import { ProblemDto } from './case.responses';

export const ProjectFormActionDto = actionDto(PROJECT_FORM_ACTION_TYPES, 'ProjectFormAction');

export class ProjectFormProblemDto extends ProblemDto {
  @ApiProperty({ description: 'Names the problem across saves' })
  key: string;
}

export class ProjectFormApprovalDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty(DATE_TIME)
  at: string;
}

export class ProjectFormReturnDto extends ProjectFormApprovalDto {
  @ApiProperty()
  reason: string;
}

export class ProjectFormPartDto {
  @ApiProperty({ example: '产出指标' })
  part: string;

  @ApiProperty({ example: '50' })
  points: string;

  @ApiProperty({ example: '47.5' })
  score: string;
}

export class ProjectFormResultDto {
  @ApiProperty({ type: String, nullable: true, description: '执行率 B/A as a percentage, exact; null while A or B is blank' })
  executionRatePercent: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The execution score by the rule; null while not computable' })
  executionScore: string | null;

  @ApiProperty({ description: 'Indicator scores and the execution score, before any cap' })
  sum: string;

  @ApiProperty({ description: 'The total after the rule pack’s cap' })
  total: string;

  @ApiProperty({ type: String, nullable: true })
  cap: string | null;

  @ApiProperty({ type: String, nullable: true, example: '优' })
  grade: string | null;

  @ApiProperty()
  complete: boolean;

  @ApiProperty({ type: [ProjectFormPartDto] })
  parts: ProjectFormPartDto[];
}

export class ProjectFormSummaryDto {
  @ApiProperty({ format: 'uuid' })
  projectId: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  competentDepartment: string;

  @ApiProperty()
  implementingUnit: string;

  @ApiProperty({ description: '0 while never saved' })
  revision: number;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  updatedAt: string | null;

  @ApiProperty({ type: ProjectFormApprovalDto, nullable: true })
  approval: ProjectFormApprovalDto | null;

  @ApiProperty({ type: ProjectFormReturnDto, nullable: true, description: '退回 since the last save, with its reason' })
  returned: ProjectFormReturnDto | null;

  @ApiProperty()
  errors: number;

  @ApiProperty()
  warnings: number;

  @ApiProperty()
  total: string;

  @ApiProperty({ type: String, nullable: true })
  grade: string | null;

  @ApiProperty()
  complete: boolean;
}

export class ProjectFormsDto {
  @ApiProperty({ description: 'False: the unit files project forms only' })
  departmentReport: boolean;

  @ApiProperty({ type: [ProjectFormSummaryDto] })
  forms: ProjectFormSummaryDto[];
}

export class ProjectFormProjectDto {
  @ApiProperty({ format: 'uuid' })
  projectId: string;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  competentDepartment: string;

  @ApiProperty()
  implementingUnit: string;
}

export class SavedProjectFormDto {
  @ApiProperty({ description: 'The revision now current; send it back as expectedRevision' })
  revision: number;

  @ApiProperty({ type: [ProjectFormProblemDto] })
  problems: ProjectFormProblemDto[];

  @ApiProperty({ type: ProjectFormResultDto })
  result: ProjectFormResultDto;
}

export class ProjectFormDto extends SavedProjectFormDto {
  @ApiProperty({ type: ProjectFormProjectDto })
  project: ProjectFormProjectDto;

  @ApiProperty({ ...ANY_OBJECT, description: 'The campaign’s rule pack (RulePack)' })
  rulePack: unknown;

  @ApiProperty()
  contentVersion: number;

  @ApiProperty({ ...ANY_OBJECT, nullable: true, description: 'The form as saved (ProjectFormInput, normalised); null before the first save' })
  input: unknown;

  @ApiProperty({ type: String, nullable: true })
  updatedBy: string | null;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  updatedAt: string | null;

  @ApiProperty({ type: ProjectFormApprovalDto, nullable: true })
  approval: ProjectFormApprovalDto | null;

  @ApiProperty({ type: ProjectFormReturnDto, nullable: true })
  returned: ProjectFormReturnDto | null;

  @ApiProperty({ type: [ProjectFormActionDto], description: 'EDIT, APPROVE, RETURN: whether the caller may now, and why not' })
  actions: InstanceType<typeof ProjectFormActionDto>[];
}

export class ApprovedProjectFormDto {
  @ApiProperty({ type: ProjectFormApprovalDto })
  approval: ProjectFormApprovalDto;
}

export class ReturnedProjectFormDto {
  @ApiProperty({ type: ProjectFormReturnDto })
  returned: ProjectFormReturnDto;
}
