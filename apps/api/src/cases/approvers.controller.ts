import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { WorkingGroupService, type Principal } from '@jixiao/evaluation';
import { APPROVER_PLACEMENTS, type ApproverPlacement } from '@jixiao/workflow';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { ApprovalViewDto } from './case.responses';

export class AddApproverDto {
  @ApiProperty({ description: 'A person of the unit who does not approve this report yet' })
  @IsUUID()
  userId: string;

  @ApiProperty({ example: '涉及专项资金，请分管财务的副部长会签' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;

  @ApiPropertyOptional({
    enum: APPROVER_PLACEMENTS,
    description: 'before: 前加签, the person approves right before the caller, who waits; after: 后加签, right after the caller. Only the approver whose turn it is. Absent: plain 加签 by the group leader.',
  })
  @IsOptional()
  @IsIn(APPROVER_PLACEMENTS)
  placement?: ApproverPlacement;
}

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class ApproversController {
  constructor(private readonly workingGroup: WorkingGroupService) {}

  @Post(':id/approvers')
  @ApiOperation({ summary: 'Add an approver to the report in internal review (加签, group leader; 前加签 / 后加签, the approver whose turn it is); recorded in the history' })
  @ApiCreatedResponse({ type: ApprovalViewDto })
  add(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: AddApproverDto): Promise<ApprovalViewDto> {
    return this.workingGroup.addApprover(principal, id, body);
  }

  @Get(':id/approval')
  @ApiOperation({ summary: 'Who approves the current version, in order (依次, 前加签, 后加签), who has approved and whose turn it is' })
  @ApiOkResponse({ type: ApprovalViewDto })
  approval(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<ApprovalViewDto> {
    return this.workingGroup.approval(principal, id);
  }
}
