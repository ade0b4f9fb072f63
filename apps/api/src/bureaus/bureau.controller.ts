import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BureauService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { PersonDto } from '../people/people.responses';
import { NewBureauDto, NewOfficerDto } from './bureau.dto';
import { BureauDto } from './bureau.responses';

/** The system administrator's work: every route answers 403 BUREAU.ROLE_NOT_ALLOWED to anyone else. */
@ApiTags('bureaus')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('bureaus')
export class BureauController {
  constructor(private readonly bureaus: BureauService) {}

  @Get()
  @ApiOperation({ summary: 'The finance bureaus of the installation (system administrator)' })
  @ApiOkResponse({ type: [BureauDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<BureauDto[]> {
    return this.bureaus.list(principal);
  }

  @Post()
  @ApiOperation({ summary: 'Create a finance bureau (system administrator)', description: '409 BUREAU.CODE_TAKEN or BUREAU.NAME_TAKEN.' })
  @ApiCreatedResponse({ type: BureauDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: NewBureauDto): Promise<BureauDto> {
    return this.bureaus.create(principal, body);
  }

  @Get(':id/officers')
  @ApiOperation({ summary: "A bureau's finance officers with their account status (system administrator)" })
  @ApiOkResponse({ type: [PersonDto] })
  officers(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('bureau')) id: string): Promise<PersonDto[]> {
    return this.bureaus.officers(principal, id);
  }

  @Post(':id/officers')
  @ApiOperation({ summary: 'Invite a finance officer of the bureau: the account is made without a password and the invitation mail goes at once' })
  @ApiCreatedResponse({ type: PersonDto })
  inviteOfficer(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('bureau')) id: string, @Body() body: NewOfficerDto): Promise<PersonDto> {
    return this.bureaus.inviteOfficer(principal, id, body);
  }
}
