import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { ROLES } from '@jixiao/workflow';
import { IsCalendarDate } from '../http/is-calendar-date';

export class ReassignedTaskDto {
  @ApiProperty({ enum: ['section', 'role'] })
  @IsIn(['section', 'role'])
  type: 'section' | 'role';

  @ApiPropertyOptional({ description: 'With type section: the section code' })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  code?: string;

  @ApiPropertyOptional({ enum: ROLES, description: "With type role: the group role handed over" })
  @IsOptional()
  @IsIn(ROLES)
  role?: string;
}

export class NewDelegationDto {
  @ApiProperty({ enum: ['delegation', 'reassignment'], description: 'delegation: 代理 for a date range; reassignment: 转交 of one task for good' })
  @IsIn(['delegation', 'reassignment'])
  kind: 'delegation' | 'reassignment';

  @ApiProperty()
  @IsUUID()
  delegateId: string;

  @ApiPropertyOptional({ description: 'Whose rights or task are handed over; yourself when omitted (unit admins may name someone)' })
  @IsOptional()
  @IsUUID()
  delegatorId?: string;

  @ApiProperty({ example: '出差期间由其代为审批' })
  @IsString()
  @Length(1, 500)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;

  @ApiPropertyOptional({ example: '2024-06-01' })
  @IsOptional()
  @IsCalendarDate()
  startsOn?: string;

  @ApiPropertyOptional({ example: '2024-06-07' })
  @IsOptional()
  @IsCalendarDate()
  endsOn?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ type: ReassignedTaskDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReassignedTaskDto)
  task?: ReassignedTaskDto;
}
