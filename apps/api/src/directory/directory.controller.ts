import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpRequest } from '../http/http-types';
import { DirectoryImportService, DirectoryService, UnitAdministratorService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { rawBody, sheetFormat, XLSX } from '../http/upload';
import { uuidPipe } from '../http/uuid.pipe';
import { PersonDto } from '../people/people.responses';
import { ArchiveUnitDto, DirectoryImportQuery, DirectoryUnitsQuery, NewUnitAdministratorDto, NewUnitDto, UnitPatchDto } from './directory.dto';
import { DirectoryChangeDto, DirectoryImportAnswerDto, DirectoryUnitDto, DirectoryUnitPageDto } from './directory.responses';

/** A directory of 5,000 rows with contacts fits easily; anything larger is not one. */
const IMPORT_LIMIT_BYTES = 4 * 1024 * 1024;

@ApiTags('directory')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('directory')
export class DirectoryController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly imports: DirectoryImportService,
    private readonly administrators: UnitAdministratorService,
  ) {}

  @Get('units')
  @ApiOperation({ summary: "The bureau's budget-unit directory (单位名录), in tree order (its finance officers)" })
  @ApiOkResponse({ type: DirectoryUnitPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: DirectoryUnitsQuery): Promise<DirectoryUnitPageDto> {
    return this.directory.list(principal, query);
  }

  @Post('units')
  @ApiOperation({ summary: 'Add a unit to the directory (新设)' })
  @ApiCreatedResponse({ type: DirectoryUnitDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: NewUnitDto): Promise<DirectoryUnitDto> {
    return this.directory.create(principal, body);
  }

  @Get('units/:id')
  @ApiOperation({ summary: 'One unit of the directory' })
  @ApiOkResponse({ type: DirectoryUnitDto })
  unit(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string): Promise<DirectoryUnitDto> {
    return this.directory.unit(principal, id);
  }

  @Patch('units/:id')
  @ApiOperation({ summary: 'Rename (更名), move under another 主管部门, or change the type and contacts of an active unit' })
  @ApiOkResponse({ type: DirectoryUnitDto })
  update(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string, @Body() body: UnitPatchDto): Promise<DirectoryUnitDto> {
    return this.directory.update(principal, id, body);
  }

  @Post('units/:id/archive')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Archive (撤并) a unit, with a reason',
    description: 'Refused while active units are under it (409 DIRECTORY.HAS_ACTIVE_CHILDREN) or while it has an unpublished case in an issued campaign (409 DIRECTORY.OPEN_CASE). Its cases, history and people stay.',
  })
  @ApiOkResponse({ type: DirectoryUnitDto })
  archive(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string, @Body() body: ArchiveUnitDto): Promise<DirectoryUnitDto> {
    return this.directory.archive(principal, id, body.reason);
  }

  @Post('units/:id/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Restore (恢复) an archived unit' })
  @ApiOkResponse({ type: DirectoryUnitDto })
  restore(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string): Promise<DirectoryUnitDto> {
    return this.directory.restore(principal, id);
  }

  @Post('units/:id/administrators')
  @ApiOperation({
    summary: "Invite a unit's administrator (设管理员)",
    description:
      'An account of the unit with the unit_admin role and no password; the person sets one through the invitation mail (valid 72 hours). ' +
      'Finance officers of the bureau whose directory holds the unit; an archived unit is refused (409 DIRECTORY.ARCHIVED).',
  })
  @ApiCreatedResponse({ type: PersonDto })
  inviteAdministrator(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('organisation')) id: string,
    @Body() body: NewUnitAdministratorDto,
  ): Promise<PersonDto> {
    return this.administrators.invite(principal, id, body);
  }

  @Get('units/:id/changes')
  @ApiOperation({ summary: "A unit's history in the directory, newest first" })
  @ApiOkResponse({ type: [DirectoryChangeDto] })
  changes(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string): Promise<DirectoryChangeDto[]> {
    return this.directory.changes(principal, id);
  }

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import the directory from .xlsx or CSV: preview the problems and changes, then apply them in one transaction',
    description:
      'Columns: 单位代码 (or 统一社会信用代码 / 预算单位编码), 单位名称, 主管部门, 单位级次, 单位类型, 联系人, 电话, 邮箱, 管理员账号, 管理员姓名. ' +
      'Applying a file with any problem answers 422 DIRECTORY.IMPORT_INVALID with every problem in details.problems, and writes nothing.',
  })
  @ApiConsumes(XLSX, 'text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: DirectoryImportAnswerDto })
  async import(@CurrentPrincipal() principal: Principal, @Query() query: DirectoryImportQuery, @Req() request: HttpRequest): Promise<DirectoryImportAnswerDto> {
    this.imports.authorise(principal);
    const format = sheetFormat(request);
    const bytes = await rawBody(request, IMPORT_LIMIT_BYTES);
    const options = { archiveMissing: query.archiveMissing, digest: query.digest };
    return query.mode === 'preview' ? this.imports.preview(principal, bytes, format, options) : this.imports.apply(principal, bytes, format, options);
  }
}
