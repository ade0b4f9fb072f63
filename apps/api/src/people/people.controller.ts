import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PeopleService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { NewPersonDto, NewSubOfficeDto, UpdatePersonDto } from './people.dto';
import { OrganisationDto, PersonDto } from './people.responses';

@ApiTags('people')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

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
}
