import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountStatusService, PeopleImportService, PeopleService, type Principal } from '@jixiao/evaluation';
import type { HttpRequest } from '../http/http-types';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { requestOrigin } from '../auth/request-origin';
import { ApiErrorResponses } from '../http/api-error.dto';
import { rawBody, sheetFormat, XLSX } from '../http/upload';
import { uuidPipe } from '../http/uuid.pipe';
import { NewPersonDto, NewSubOfficeDto, PeopleImportQuery, UpdatePersonDto } from './people.dto';
import { OrganisationDto, PeopleImportDto, PersonDto } from './people.responses';

/** A list of 2,000 people fits in far less. */
const IMPORT_LIMIT_BYTES = 2 * 1024 * 1024;

@ApiTags('people')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly accountStatus: AccountStatusService,
    private readonly peopleImport: PeopleImportService,
  ) {}

  @Get('organisations/:id')
  @ApiOperation({ summary: 'An organisation with its sub-offices (组室) and subordinate institutions' })
  @ApiOkResponse({ type: OrganisationDto })
  organisation(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string): Promise<OrganisationDto> {
    return this.people.organisation(principal, id);
  }

  @Post('organisations/:id/sub-offices')
  @ApiOperation({ summary: 'Add a sub-office or subordinate institution (unit admin)' })
  @ApiCreatedResponse({ type: OrganisationDto })
  addSubOffice(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('organisation')) id: string,
    @Body() body: NewSubOfficeDto,
  ): Promise<OrganisationDto> {
    return this.people.addSubOffice(principal, id, body);
  }

  @Get('organisations/:id/users')
  @ApiOperation({ summary: 'The people of an organisation with their roles' })
  @ApiOkResponse({ type: [PersonDto] })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string): Promise<PersonDto[]> {
    return this.people.list(principal, id);
  }

  @Post('organisations/:id/users')
  @ApiOperation({ summary: "Add a person to an organisation (the organisation's admin)" })
  @ApiCreatedResponse({ type: PersonDto })
  create(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string, @Body() body: NewPersonDto): Promise<PersonDto> {
    return this.people.create(principal, id, body);
  }

  @Post('organisations/:id/users/import')
  @HttpCode(200)
  @ApiOperation({
    summary: "Import the unit's people from a spreadsheet (the unit admin): 姓名, 账号, 邮箱, 手机, 角色, 组室",
    description:
      'Up to 2000 rows, matched by 账号. `mode=preview` answers every problem (row and column) and the changes, writing nothing; ' +
      '`mode=apply` decides again and writes all in one transaction, or answers 422 USER.IMPORT_INVALID with every problem in `details.problems`. ' +
      'Each new person gets an invitation mail (邮箱 required for them); unknown 组室 are created. 角色 lists Chinese role names separated by 、，,; or spaces.',
  })
  @ApiConsumes(XLSX, 'text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: PeopleImportDto })
  async importPeople(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('organisation')) id: string,
    @Query() query: PeopleImportQuery,
    @Req() request: HttpRequest,
  ): Promise<PeopleImportDto> {
    await this.peopleImport.authorise(principal, id);
    const format = sheetFormat(request);
    const bytes = await rawBody(request, IMPORT_LIMIT_BYTES);
    return query.mode === 'apply' ? this.peopleImport.apply(principal, id, bytes, format) : this.peopleImport.preview(principal, id, bytes, format);
  }

  @Patch('users/:id')
  @ApiOperation({ summary: "Change a person's roles or sub-office (the organisation's admin)" })
  @ApiOkResponse({ type: PersonDto })
  update(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('user')) id: string, @Body() body: UpdatePersonDto): Promise<PersonDto> {
    return this.people.update(principal, id, body);
  }

  @Post('users/:id/disable')
  @HttpCode(200)
  @ApiOperation({
    summary: "Disable (停用) a person's account (the organisation's admin)",
    description:
      'Every session of the account ends at once and its sign-in is refused (403 AUTH.ACCOUNT_DISABLED); the person stays in every ' +
      'history under their name. Not your own account (409 USER.CANNOT_DISABLE_SELF), nor the last active unit admin (409 USER.LAST_ADMIN). ' +
      'Disabling a disabled account changes nothing.',
  })
  @ApiOkResponse({ type: PersonDto })
  disable(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('user')) id: string, @Req() request: HttpRequest): Promise<PersonDto> {
    return this.accountStatus.disable(principal, id, requestOrigin(request));
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  @ApiOperation({
    summary: "Enable (启用) a disabled account again (the organisation's admin)",
    description: 'The person signs in again with their password; sessions ended by the disabling stay ended.',
  })
  @ApiOkResponse({ type: PersonDto })
  enable(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('user')) id: string, @Req() request: HttpRequest): Promise<PersonDto> {
    return this.accountStatus.enable(principal, id, requestOrigin(request));
  }
}
