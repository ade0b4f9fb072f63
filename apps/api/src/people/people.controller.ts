import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PeopleService, type OrganisationView, type PersonView, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { uuidPipe } from '../http/uuid.pipe';
import { NewPersonDto, NewSubOfficeDto, UpdatePersonDto } from './people.dto';

@ApiTags('people')
@ApiBearerAuth()
@Controller()
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get('organisations/:id')
  @ApiOperation({ summary: 'An organisation with its sub-offices (组室) and subordinate institutions' })
  organisation(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string): Promise<OrganisationView> {
    return this.people.organisation(principal, id);
  }

  @Post('organisations/:id/sub-offices')
  @ApiOperation({ summary: 'Add a sub-office or subordinate institution (unit admin)' })
  addSubOffice(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('organisation')) id: string,
    @Body() body: NewSubOfficeDto,
  ): Promise<OrganisationView> {
    return this.people.addSubOffice(principal, id, body);
  }

  @Get('organisations/:id/users')
  @ApiOperation({ summary: 'The people of an organisation with their roles' })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string): Promise<PersonView[]> {
    return this.people.list(principal, id);
  }

  @Post('organisations/:id/users')
  @ApiOperation({ summary: "Add a person to an organisation (the organisation's admin)" })
  create(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('organisation')) id: string, @Body() body: NewPersonDto): Promise<PersonView> {
    return this.people.create(principal, id, body);
  }

  @Patch('users/:id')
  @ApiOperation({ summary: "Change a person's roles or sub-office (the organisation's admin)" })
  update(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('user')) id: string, @Body() body: UpdatePersonDto): Promise<PersonView> {
    return this.people.update(principal, id, body);
  }
}
