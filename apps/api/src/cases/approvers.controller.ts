import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, IsUUID, Length, Matches } from 'class-validator';
import { WorkingGroupService, type Principal } from '@jixiao/evaluation';
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
}

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class ApproversController {
  constructor(private readonly workingGroup: WorkingGroupService) {}

  @Post(':id/approvers')
  @ApiOperation({ summary: 'Add an approver to the report in internal review (加签, group leader); recorded in the history' })
  @ApiCreatedResponse({ type: ApprovalViewDto })
  add(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: AddApproverDto): Promise<ApprovalViewDto> {
    return this.workingGroup.addApprover(principal, id, body);
  }
}
