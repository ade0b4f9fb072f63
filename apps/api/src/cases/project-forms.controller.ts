import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectFormsService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { ApproveProjectFormDto, ReturnProjectFormDto, SaveProjectFormDto } from './project-forms.dto';
import { ApprovedProjectFormDto, ProjectFormDto, ProjectFormsDto, ReturnedProjectFormDto, SavedProjectFormDto } from './project-forms.responses';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class ProjectFormsController {
  constructor(private readonly forms: ProjectFormsService) {}

  @Get(':id/project-forms')
  @ApiOperation({ summary: "The case's project forms (项目支出绩效自评表), each with its counts of problems, total and grade" })
  @ApiOkResponse({ type: ProjectFormsDto })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<ProjectFormsDto> {
    return this.forms.list(principal, id);
  }

  @Get(':id/project-forms/:projectId')
  @ApiOperation({ summary: 'One project form with its rule pack, every problem, the derived result and the caller’s actions' })
  @ApiOkResponse({ type: ProjectFormDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Param('projectId', uuidPipe('project form')) projectId: string): Promise<ProjectFormDto> {
    return this.forms.get(principal, id, projectId);
  }

  @Put(':id/project-forms/:projectId')
  @ApiOperation({ summary: 'Save a project form (compiler, during self-assessment); bad input: 422 with every field, nothing saved; clears an approval' })
  @ApiOkResponse({ type: SavedProjectFormDto })
  save(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('projectId', uuidPipe('project form')) projectId: string,
    @Body() body: SaveProjectFormDto,
  ): Promise<SavedProjectFormDto> {
    return this.forms.save(principal, id, projectId, { input: body.input, expectedRevision: body.expectedRevision });
  }

  @Post(':id/project-forms/:projectId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a project form without errors (group leader or deputy, not its last saver)' })
  @ApiOkResponse({ type: ApprovedProjectFormDto })
  approve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('projectId', uuidPipe('project form')) projectId: string,
    @Body() _body: ApproveProjectFormDto,
  ): Promise<ApprovedProjectFormDto> {
    return this.forms.approve(principal, id, projectId);
  }

  @Post(':id/project-forms/:projectId/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a project form back to the compiler with a reason (group leader or deputy)' })
  @ApiOkResponse({ type: ReturnedProjectFormDto })
  returnForm(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Param('projectId', uuidPipe('project form')) projectId: string,
    @Body() body: ReturnProjectFormDto,
  ): Promise<ReturnedProjectFormDto> {
    return this.forms.returnForm(principal, id, projectId, body.reason);
  }
}
