import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountStatusService, PeopleService, type Principal } from '@jixiao/evaluation';
import type { Request } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { requestOrigin } from '../auth/request-origin';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { NewPersonDto, NewSubOfficeDto, UpdatePersonDto } from './people.dto';
import { OrganisationDto, PersonDto } from './people.responses';

@ApiTags('people')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly accountStatus: AccountStatusService,
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
  disable(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('user')) id: string, @Req() request: Request): Promise<PersonDto> {
    return this.accountStatus.disable(principal, id, requestOrigin(request));
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  @ApiOperation({
    summary: "Enable (启用) a disabled account again (the organisation's admin)",
    description: 'The person signs in again with their password; sessions ended by the disabling stay ended.',
  })
  @ApiOkResponse({ type: PersonDto })
  enable(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('user')) id: string, @Req() request: Request): Promise<PersonDto> {
    return this.accountStatus.enable(principal, id, requestOrigin(request));
  }
}
