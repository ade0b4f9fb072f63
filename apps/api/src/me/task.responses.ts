import { ApiProperty } from '@nestjs/swagger';
import { TASK_KINDS, type TaskKind } from '@jixiao/evaluation';
import { DATE } from '../http/api-error.dto';

export class TaskDto {
  @ApiProperty({ enum: TASK_KINDS })
  kind: TaskKind;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty()
  unitName: string;

  @ApiProperty()
  documentNumber: string;

  @ApiProperty({ ...DATE, nullable: true, description: "The section's due date, else the campaign's deadline" })
  dueDate: string | null;

  @ApiProperty({ description: 'Where to act on it, in the console' })
  link: string;

  @ApiProperty({ type: String, nullable: true })
  sectionCode: string | null;

  @ApiProperty({ type: String, nullable: true })
  sectionTitle: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'For acknowledge_warning: warnings waiting' })
  warnings: number | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: "For a project form's tasks: the project" })
  projectId: string | null;

  @ApiProperty({ type: String, nullable: true })
  projectName: string | null;
}

export class TaskCountsDto implements Record<TaskKind, number> {
  @ApiProperty()
  form_group: number;

  @ApiProperty()
  assign_sections: number;

  @ApiProperty()
  start_self_assessment: number;

  @ApiProperty()
  draft_section: number;

  @ApiProperty()
  approve_section: number;

  @ApiProperty()
  fill_data_table: number;

  @ApiProperty()
  acknowledge_warning: number;

  @ApiProperty()
  fill_scores: number;

  @ApiProperty()
  fill_project_form: number;

  @ApiProperty()
  approve_project_form: number;

  @ApiProperty()
  request_review: number;

  @ApiProperty()
  approve_report: number;

  @ApiProperty()
  seal: number;

  @ApiProperty()
  submit: number;

  @ApiProperty()
  review_submission: number;

  @ApiProperty()
  publish: number;
}

export class TaskListDto {
  @ApiProperty({ type: [TaskDto] })
  items: TaskDto[];

  @ApiProperty({ type: TaskCountsDto })
  counts: TaskCountsDto;

  @ApiProperty()
  total: number;
}
