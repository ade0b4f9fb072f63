import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpReply, HttpRequest } from '../http/http-types';
import { BatchDecisionService, CampaignUnitsService, DeadlineExtensionService, RecheckService, TrackingService, UnitLatenessService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { rawBody, sheetFormat, XLSX } from '../http/upload';
import { uuidPipe } from '../http/uuid.pipe';
import { CampaignUnitsDto, ExportQuery, ExtendDeadlineDto, RecheckDto, StatisticsQuery, TrackingPageQuery, UnitSearchQuery, type TrackingFilterQuery } from './tracking.dto';
import { BatchDecisionDto } from './bureau-decisions.dto';
import { BatchDecisionResultDto, UnitLatenessDto } from './bureau-decisions.responses';
import { CampaignUnitsViewDto, ExtensionResultDto, RecheckResultDto, StatisticsDto, TrackingPageDto, UnitPageDto } from './tracking.responses';

/** A unit list of 5,000 rows fits easily; anything larger is not one. */
const IMPORT_LIMIT_BYTES = 2 * 1024 * 1024;

function filterOf(query: TrackingFilterQuery) {
  const { state, overdue, returned, grade, unit } = query;
  return {
    filter: Object.fromEntries(Object.entries({ state, overdue, returned, grade, unit }).filter(([, value]) => value !== undefined)),
    sort: query.sort,
    order: query.order,
  };
}

@ApiTags('tracking')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class TrackingController {
  constructor(
    private readonly tracking: TrackingService,
    private readonly campaignUnits: CampaignUnitsService,
    private readonly rechecks: RecheckService,
    private readonly extensions: DeadlineExtensionService,
    private readonly lateness: UnitLatenessService,
    private readonly decisions: BatchDecisionService,
  ) {}

  @Get('campaigns/:id/tracking')
  @ApiOperation({ summary: "One row per unit: state, sections, working days to the deadline, submission, scores, returns, publication (the campaign's finance officers)" })
  @ApiOkResponse({ type: TrackingPageDto })
  page(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Query() query: TrackingPageQuery): Promise<TrackingPageDto> {
    return this.tracking.page(principal, id, { ...filterOf(query), limit: query.limit, offset: query.offset });
  }

  @Get('campaigns/:id/tracking/export')
  @ApiOperation({ summary: 'The filtered tracking view, every row in the same order, as .xlsx or CSV' })
  @ApiProduces(XLSX, 'text/csv')
  @ApiOkResponse({
    description: 'The rows under Chinese headers: .xlsx, or CSV in UTF-8 with a byte-order mark',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } }, 'text/csv': { schema: { type: 'string', format: 'binary' } } },
  })
  async export(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Query() query: ExportQuery, @Res() response: HttpReply): Promise<void> {
    const file = await this.tracking.export(principal, id, filterOf(query), query.format);
    response.header('Content-Disposition', `attachment; filename="tracking.${query.format}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    response.type(file.contentType).send(file.bytes);
  }

  @Get('campaigns/:id/statistics')
  @ApiOperation({ summary: 'Score distribution by grade, on-time rate, returns by reason, self-score against re-check; optionally beside another campaign' })
  @ApiOkResponse({ type: StatisticsDto })
  statistics(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Query() query: StatisticsQuery): Promise<StatisticsDto> {
    return this.tracking.statistics(principal, id, query.compareWith);
  }

  @Post('campaigns/:id/deadline-extensions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extend the submission deadline of one unit (caseId) or of every unit that has not submitted, with a reason' })
  @ApiOkResponse({ type: ExtensionResultDto })
  extend(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: ExtendDeadlineDto): Promise<ExtensionResultDto> {
    return this.extensions.extend(principal, id, body);
  }

  @Get('campaigns/:id/units/:unitId/lateness')
  @ApiOperation({ summary: "Who inside one unit is late with what: open section tasks by person, the unit's open steps and who holds them (the campaign's finance officers)" })
  @ApiOkResponse({ type: UnitLatenessDto })
  unitLateness(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('campaign')) id: string,
    @Param('unitId', uuidPipe('organisation')) unitId: string,
  ): Promise<UnitLatenessDto> {
    return this.lateness.lateness(principal, id, unitId);
  }

  @Post('campaigns/:id/batch-decisions')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: "Repeat the key to replay each unit's first answer and try only the others" })
  @ApiOperation({ summary: '接收 or 退回 (one reason for all) up to 200 submitted units at once: each unit its own transaction, answered unit by unit' })
  @ApiOkResponse({ type: BatchDecisionResultDto })
  batchDecide(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('campaign')) id: string,
    @Body() body: BatchDecisionDto,
    @IdempotencyKey() key: string | null,
  ): Promise<BatchDecisionResultDto> {
    return this.decisions.decide(principal, id, body, key);
  }

  @Put('campaigns/:id/units')
  @ApiOperation({ summary: 'Replace the units a draft campaign covers with units chosen from the bureau’s list' })
  @ApiOkResponse({ type: CampaignUnitsViewDto })
  setUnits(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: CampaignUnitsDto): Promise<CampaignUnitsViewDto> {
    return this.campaignUnits.setUnits(principal, id, body.unitIds);
  }

  @Post('campaigns/:id/units/import')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the units of a draft campaign from a spreadsheet: columns 单位代码 (or 统一社会信用代码) and/or 单位名称; every bad row reported, nothing written' })
  @ApiConsumes(XLSX, 'text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: CampaignUnitsViewDto })
  async importUnits(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Req() request: HttpRequest): Promise<CampaignUnitsViewDto> {
    await this.campaignUnits.authorise(principal, id);
    const format = sheetFormat(request);
    return this.campaignUnits.importUnits(principal, id, await rawBody(request, IMPORT_LIMIT_BYTES), format);
  }

  @Post('cases/:id/recheck')
  @HttpCode(200)
  @ApiOperation({ summary: '复核: an adjusted score and remarks on a submitted case (its campaign’s finance officers)' })
  @ApiOkResponse({ type: RecheckResultDto })
  recheck(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: RecheckDto): Promise<RecheckResultDto> {
    return this.rechecks.recheck(principal, id, body);
  }

  @Get('units')
  @ApiOperation({ summary: 'The budget units a campaign can cover (finance officers)' })
  @ApiOkResponse({ type: UnitPageDto })
  units(@CurrentPrincipal() principal: Principal, @Query() query: UnitSearchQuery): Promise<UnitPageDto> {
    return this.campaignUnits.units(principal, query.search, { limit: query.limit, offset: query.offset });
  }
}
