import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignService, type Principal } from '@jixiao/evaluation';
import type { HttpReply } from '../http/http-types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { IdempotencyKey } from '../http/idempotency-key.decorator';
import { PageQuery } from '../http/page.query';
import { uuidPipe } from '../http/uuid.pipe';
import { BindOfficerDto, CreateCampaignDto, UpdateCampaignDto } from './campaign.dto';
import { CampaignDto, CampaignOfficersDto, CampaignPageDto } from './campaign.responses';

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('campaigns')
export class CampaignController {
  constructor(private readonly campaigns: CampaignService) {}

  @Post()
  @ApiOperation({ summary: 'Create a campaign (notice) as a draft' })
  @ApiCreatedResponse({ type: CampaignDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.create(principal, body);
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns of your bureau, or the campaigns that cover your unit' })
  @ApiOkResponse({ type: CampaignPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<CampaignPageDto> {
    return this.campaigns.list(principal, page);
  }

  @Get(':id')
  @ApiOkResponse({ type: CampaignDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string): Promise<CampaignDto> {
    return this.campaigns.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the terms of a draft campaign (deadlines, outline, indicator tree and bands, approval mode, …), checked as at creation' })
  @ApiOkResponse({ type: CampaignDto })
  update(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: UpdateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.update(principal, id, body);
  }

  @Post(':id/issue')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: 'Issue the notice: opens one evaluation case per covered unit' })
  @ApiOkResponse({ type: CampaignDto })
  async issue(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('campaign')) id: string,
    @IdempotencyKey() key: string | null,
    @Res({ passthrough: true }) response: HttpReply,
  ): Promise<CampaignDto> {
    const outcome = await this.campaigns.issue(principal, id, key);
    if (outcome.replayed) response.header('Idempotent-Replayed', 'true');
    return outcome.body;
  }

  @Post(':id/officers')
  @HttpCode(200)
  @ApiOperation({ summary: "Bind another finance officer of the bureau to the campaign, so they see and act on its units" })
  @ApiOkResponse({ type: CampaignOfficersDto })
  bindOfficer(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: BindOfficerDto): Promise<CampaignOfficersDto> {
    return this.campaigns.bindOfficer(principal, id, body.userId);
  }
}
