import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseService, type CaseDetail, type HistoryView, type Principal, type SectionView, type TransitionResult } from '@jixiao/evaluation';
import type { Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { uuidPipe } from '../http/uuid.pipe';
import { AssignSectionDto, assertFieldsFitType, CaseEventDto, CaseListQuery, ChangeGroupDto, SectionEventDto } from './case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseController {
  constructor(private readonly cases: CaseService) {}

  @Get()
  @ApiOperation({ summary: "Cases you may see: your unit's, or those of your bureau's campaigns" })
  list(@CurrentPrincipal() principal: Principal, @Query() query: CaseListQuery) {
    const { limit, offset, ...filter } = query;
    return this.cases.list(principal, filter, { limit, offset });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case with its group, sections and the events you may send now' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<CaseDetail> {
    return this.cases.get(principal, id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every accepted event on the case, oldest first' })
  history(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<HistoryView[]> {
    return this.cases.history(principal, id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat the key to replay the first answer' })
  @ApiOperation({ summary: 'Send a lifecycle event' })
  async send(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Body() body: CaseEventDto,
    @IdempotencyKey() key: string | null,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TransitionResult> {
    assertFieldsFitType(body);
    const outcome = await this.cases.send(principal, id, { ...body }, key);
    if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return outcome.body;
  }

  @Put(':id/group')
  @ApiOperation({ summary: 'Change the working group after it was formed (unit admin); recorded in the history' })
  changeGroup(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: ChangeGroupDto): Promise<CaseDetail> {
    return this.cases.changeGroup(principal, id, body.group, body.expectedVersion);
  }

  @Put(':id/sections/:code/assignment')
  @ApiOperation({ summary: 'Assign a section to a member with a due date (group leader)' })
  assign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('code') code: string,
    @Body() body: AssignSectionDto,
  ): Promise<SectionView> {
    return this.cases.assignSection(principal, id, code, body);
  }

  @Post(':id/sections/:code/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a section: START_DRAFTING, SUBMIT (assignee); APPROVE, RETURN (leaders)' })
  sectionEvent(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('code') code: string,
    @Body() body: SectionEventDto,
  ): Promise<SectionView> {
    return this.cases.sendSectionEvent(principal, id, code, body);
  }
}
