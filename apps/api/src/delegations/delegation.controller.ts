import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DelegationService, type Principal } from '@jixiao/evaluation';
import type { ReassignedTask } from '@jixiao/persistence';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiError } from '../http/api-error';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { NewDelegationDto, type ReassignedTaskDto } from './delegation.dto';
import { DelegationDto } from './delegation.responses';

function task(dto: ReassignedTaskDto | undefined): ReassignedTask | undefined {
  if (dto === undefined) return undefined;
  if (dto.type === 'section' && dto.code && dto.role === undefined) return { type: 'section', code: dto.code };
  if (dto.type === 'role' && dto.role && dto.code === undefined) return { type: 'role', role: dto.role };
  throw new ApiError('VALIDATION.FIELD_INVALID', 'A task is {type: "section", code} or {type: "role", role}.', {
    fields: [{ field: 'task', problems: ['section tasks name a code, role tasks a role'] }],
  });
}

@ApiTags('delegations')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('delegations')
export class DelegationController {
  constructor(private readonly delegations: DelegationService) {}

  @Post()
  @ApiOperation({ summary: 'Hand over your rights for a date range (代理), or one task for good (转交)' })
  @ApiCreatedResponse({ type: DelegationDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: NewDelegationDto): Promise<DelegationDto> {
    return this.delegations.create(principal, { ...body, task: task(body.task) });
  }

  @Get()
  @ApiOperation({ summary: 'Delegations you gave or received; the whole unit for its admin' })
  @ApiOkResponse({ type: [DelegationDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<DelegationDto[]> {
    return this.delegations.list(principal);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a delegation (the delegator or the unit admin)' })
  @ApiOkResponse({ type: DelegationDto })
  revoke(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('delegation')) id: string): Promise<DelegationDto> {
    return this.delegations.revoke(principal, id);
  }
}
