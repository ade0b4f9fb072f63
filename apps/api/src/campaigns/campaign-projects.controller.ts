import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignProjectsService, type Principal } from '@jixiao/evaluation';
import { RULE_PACKS } from '@jixiao/report';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { AddProjectDto, UnitFilingDto } from './campaign-projects.dto';
import { CampaignProjectDto, CampaignProjectsDto, RulePacksDto, UnitFilingViewDto } from './campaign-projects.responses';

@ApiTags('campaigns')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class CampaignProjectsController {
  constructor(private readonly projects: CampaignProjectsService) {}

  @Get('rule-packs')
  @ApiOperation({ summary: 'The shipped rule packs a campaign may score project forms by' })
  @ApiOkResponse({ type: RulePacksDto })
  rulePacks(): RulePacksDto {
    return { packs: [...RULE_PACKS] };
  }

  @Get('campaigns/:id/projects')
  @ApiOperation({ summary: "The campaign's units (whether each files the department-wide report) and key projects" })
  @ApiOkResponse({ type: CampaignProjectsDto })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string): Promise<CampaignProjectsDto> {
    return this.projects.list(principal, id);
  }

  @Post('campaigns/:id/projects')
  @ApiOperation({ summary: 'Add a key project whose form (项目支出绩效自评表) a unit files; before or after issuing, until the case is sealed' })
  @ApiCreatedResponse({ type: CampaignProjectDto })
  add(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: AddProjectDto): Promise<CampaignProjectDto> {
    return this.projects.add(principal, id, body);
  }

  @Delete('campaigns/:id/projects/:projectId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a key project; refused once a form of it was saved' })
  @ApiNoContentResponse()
  async remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('campaign')) id: string,
    @Param('projectId', uuidPipe('project')) projectId: string,
  ): Promise<void> {
    await this.projects.remove(principal, id, projectId);
  }

  @Patch('campaigns/:id/units/:unitId')
  @ApiOperation({ summary: 'Whether the unit files the department-wide report besides its project forms' })
  @ApiOkResponse({ type: UnitFilingViewDto })
  setFiling(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('campaign')) id: string,
    @Param('unitId', uuidPipe('organisation')) unitId: string,
    @Body() body: UnitFilingDto,
  ): Promise<UnitFilingViewDto> {
    return this.projects.setFilesDepartmentReport(principal, id, unitId, body.filesDepartmentReport);
  }
}
