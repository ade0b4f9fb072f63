import { ApiProperty } from '@nestjs/swagger';
import {
  DUE_TASK_KINDS,
  type BatchDecisionOutcome,
  type BatchDecisionResult,
  type PersonLateness,
  type PersonRef,
  type SectionLateness,
  type StepLateness,
  type UnitLateness,
} from '@jixiao/evaluation';
import { ALL_CODES, SECTION_STATES, type Code, type SectionState } from '@jixiao/workflow';
import { DATE } from '../http/api-error.dto';

export class PersonRefDto implements PersonRef {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  name: string;
}

export class SectionLatenessDto implements SectionLateness {
  @ApiProperty({ example: '1.1' })
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: SECTION_STATES })
  state: SectionState;

  @ApiProperty({ enum: DUE_TASK_KINDS, description: 'draft_section (the writer) or approve_section (an approver)' })
  kind: SectionLateness['kind'];

  @ApiProperty({ type: PersonRefDto, description: 'Who holds this task' })
  holder: PersonRefDto;

  @ApiProperty({ type: PersonRefDto, nullable: true, description: 'Who writes the section' })
  assignee: PersonRefDto | null;

  @ApiProperty(DATE)
  dueDate: string;

  @ApiProperty({ description: 'The due date has passed' })
  late: boolean;

  @ApiProperty({ type: 'integer', description: 'Working days after the due date up to today; 0 while not late' })
  workingDaysLate: number;
}

export class StepLatenessDto implements StepLateness {
  @ApiProperty({ enum: DUE_TASK_KINDS })
  kind: StepLateness['kind'];

  @ApiProperty({ type: [PersonRefDto], description: 'Everyone who holds the step (会签: each approver who has not approved)' })
  holders: PersonRefDto[];

  @ApiProperty(DATE)
  dueDate: string;

  @ApiProperty()
  late: boolean;

  @ApiProperty({ type: 'integer' })
  workingDaysLate: number;
}

export class PersonLatenessDto implements PersonLateness {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'integer', description: 'Open tasks' })
  open: number;

  @ApiProperty({ type: 'integer', description: 'Of which late' })
  late: number;

  @ApiProperty({ type: 'integer' })
  mostWorkingDaysLate: number;
}

export class UnitLatenessDto implements UnitLateness {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ format: 'uuid' })
  unitId: string;

  @ApiProperty()
  unitName: string;

  @ApiProperty({ example: 'self_assessment' })
  state: string;

  @ApiProperty({ ...DATE, description: 'The submission deadline in force for the unit' })
  deadline: string;

  @ApiProperty(DATE)
  today: string;

  @ApiProperty({ type: [SectionLatenessDto], description: 'Open section tasks by person, late first' })
  sections: SectionLatenessDto[];

  @ApiProperty({ type: [StepLatenessDto], description: 'Open steps of the unit as a whole (group, review, seal, submission…), late first' })
  steps: StepLatenessDto[];

  @ApiProperty({ type: [PersonLatenessDto], description: 'Everyone with an open task, most late first' })
  people: PersonLatenessDto[];
}

export class BatchDecisionOutcomeDto implements BatchDecisionOutcome {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  unitId: string | null;

  @ApiProperty({ type: String, nullable: true })
  unitName: string | null;

  @ApiProperty({ enum: ['accepted', 'returned', 'refused'] })
  outcome: 'accepted' | 'returned' | 'refused';

  @ApiProperty({ type: String, nullable: true, description: "The case's state after the attempt" })
  state: string | null;

  @ApiProperty({ description: 'Replayed from an earlier attempt with the same Idempotency-Key' })
  replayed: boolean;

  @ApiProperty({ enum: ALL_CODES, enumName: 'ErrorCode', nullable: true, description: 'Why this unit was refused' })
  code: Code | null;

  @ApiProperty({ type: String, nullable: true, description: 'The Chinese text of the code' })
  message: string | null;
}

export class BatchDecisionResultDto implements BatchDecisionResult {
  @ApiProperty({ format: 'uuid' })
  campaignId: string;

  @ApiProperty({ enum: ['ACCEPT', 'RETURN'] })
  type: 'ACCEPT' | 'RETURN';

  @ApiProperty({ type: 'integer', description: 'Units accepted or returned' })
  done: number;

  @ApiProperty({ type: 'integer' })
  refused: number;

  @ApiProperty({ type: [BatchDecisionOutcomeDto], description: 'One answer a unit, in the order asked' })
  outcomes: BatchDecisionOutcomeDto[];
}
