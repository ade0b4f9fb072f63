import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CaseEvents, CaseQueries, SectionAssignmentService, SectionWorkflowService, WorkingGroupService, type Principal } from '@jixiao/evaluation';
import type { HttpReply, HttpRequest } from '../http/http-types';
import { CurrentPrincipal, type AuthenticatedRequest } from '../auth/current-principal.decorator';
import { SessionChecks, SessionInRead } from '../auth/session-in-read';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { XLSX } from '../http/upload';
import { uuidPipe } from '../http/uuid.pipe';
import { AssignSectionDto, assertFieldsFitType, CaseEventDto, CaseListQuery, ChangeGroupDto, SectionEventDto } from './case.dto';
import { CaseDetailDto, CasePageDto, HistoryEntryDto, SectionViewDto, TransitionResultDto } from './case.responses';
import { ApiMetrics } from '../metrics/api-metrics';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class CaseController {
  constructor(
    private readonly queries: CaseQueries,
    private readonly events: CaseEvents,
    private readonly workingGroup: WorkingGroupService,
    private readonly assignments: SectionAssignmentService,
    private readonly sections: SectionWorkflowService,
    private readonly sessionChecks: SessionChecks,
    private readonly metrics: ApiMetrics,
  ) {}

  @Get()
  @ApiOperation({ summary: "Cases you may see: your unit's, or those of your bureau's campaigns" })
  @ApiOkResponse({ type: CasePageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: CaseListQuery): Promise<CasePageDto> {
    const { limit, offset, ...filter } = query;
    return this.queries.list(principal, filter, { limit, offset });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case with its group, sections and the events you may send now' })
  @ApiOkResponse({ type: CaseDetailDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<CaseDetailDto> {
    return this.queries.get(principal, id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every accepted event on the case, oldest first' })
  @ApiOkResponse({ type: [HistoryEntryDto] })
  history(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<HistoryEntryDto[]> {
    return this.queries.history(principal, id);
  }

  @Get(':id/history.xlsx')
  @ApiOperation({ summary: 'The history as an .xlsx workbook (时间（北京时间）, 操作人, 代理, 事件, 状态变化, 意见/原因); the same access as the history' })
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'One row an event, oldest first', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  async historyWorkbook(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Res() response: HttpReply): Promise<void> {
    const file = await this.queries.historyWorkbook(principal, id);
    response.header('Content-Disposition', `attachment; filename="history.xlsx"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    response.type(XLSX).send(file.bytes);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat the key to replay the first answer' })
  @ApiOperation({ summary: 'Send a lifecycle event' })
  @ApiOkResponse({ type: TransitionResultDto })
  @SessionInRead()
  async send(
    @Req() request: HttpRequest & AuthenticatedRequest,
    @Param('id', uuidPipe('case')) id: string,
    @Body() body: CaseEventDto,
    @IdempotencyKey() key: string | null,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<TransitionResultDto> {
    assertFieldsFitType(body);
    let outcome: Awaited<ReturnType<CaseEvents['send']>>;
    try {
      outcome = await this.events.send(this.sessionChecks.of(request), id, { ...body }, key);
    } catch (error) {
      this.metrics.lifecycleEvent(body.type, 'refused');
      throw error;
    }
    this.metrics.lifecycleEvent(body.type, 'accepted');
    if (outcome.replayed) response.header('Idempotent-Replayed', 'true');
    return outcome.body;
  }

  @Put(':id/group')
  @ApiOperation({ summary: 'Change the working group after it was formed (unit admin); recorded in the history' })
  @ApiOkResponse({ type: CaseDetailDto })
  changeGroup(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: ChangeGroupDto): Promise<CaseDetailDto> {
    return this.workingGroup.changeGroup(principal, id, body.group, body.expectedVersion);
  }

  @Put(':id/sections/:code/assignment')
  @ApiOperation({ summary: 'Assign a section to a member with a due date (group leader)' })
  @ApiOkResponse({ type: SectionViewDto })
  assign(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('code') code: string,
    @Body() body: AssignSectionDto,
  ): Promise<SectionViewDto> {
    return this.assignments.assignSection(principal, id, code, body);
  }

  @Post(':id/sections/:code/events')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move a section: START_DRAFTING, SUBMIT, WITHDRAW (assignee); APPROVE, RETURN, REOPEN, DECLINE_REOPEN (leaders within their remit); REQUEST_REOPEN (compiler)',
  })
  @ApiOkResponse({ type: SectionViewDto })
  sectionEvent(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('code') code: string,
    @Body() body: SectionEventDto,
  ): Promise<SectionViewDto> {
    return this.sections.sendSectionEvent(principal, id, code, body);
  }
}
