import { ApiProperty } from '@nestjs/swagger';
import { DATE, DATE_TIME } from '../http/api-error.dto';

export class ReassignedTaskViewDto {
  @ApiProperty({ enum: ['section', 'role'] })
  type: 'section' | 'role';

  @ApiProperty({ required: false, description: 'For a section task: its code' })
  code?: string;

  @ApiProperty({ required: false, description: 'For a role task: the place in the group' })
  role?: string;
}

export class DelegationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['delegation', 'reassignment'], description: 'delegation: 代理 for a date range; reassignment: 转交 of one task' })
  kind: 'delegation' | 'reassignment';

  @ApiProperty({ format: 'uuid' })
  delegatorId: string;

  @ApiProperty({ format: 'uuid' })
  delegateId: string;

  @ApiProperty({ type: String, nullable: true })
  caseId: string | null;

  @ApiProperty({ type: ReassignedTaskViewDto, nullable: true })
  task: ReassignedTaskViewDto | null;

  @ApiProperty({ ...DATE, nullable: true })
  startsOn: string | null;

  @ApiProperty({ ...DATE, nullable: true })
  endsOn: string | null;

  @ApiProperty()
  reason: string;

  @ApiProperty({ format: 'uuid' })
  createdBy: string;

  @ApiProperty(DATE_TIME)
  createdAt: string;

  @ApiProperty({ ...DATE_TIME, nullable: true })
  revokedAt: string | null;
}
