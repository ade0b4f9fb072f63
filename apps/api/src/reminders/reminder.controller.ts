import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReminderLadderService, UrgeService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { ReminderLadderDto, UrgeDto, UrgeLateDto } from './reminder.dto';
import { DueItemListDto, LadderViewDto, UrgeLateResultDto, UrgeViewDto } from './reminder.responses';

@ApiTags('reminders')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class ReminderController {
  constructor(
    private readonly ladders: ReminderLadderService,
    private readonly urges: UrgeService,
  ) {}

  @Get('campaigns/:id/reminder-ladder')
  @ApiOperation({ summary: "The campaign's reminder ladder (the default until a finance officer sets one)" })
  @ApiOkResponse({ type: LadderViewDto })
  ladder(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string): Promise<LadderViewDto> {
    return this.ladders.get(principal, id);
  }

  @Put('campaigns/:id/reminder-ladder')
  @ApiOperation({ summary: "Set the campaign's reminder ladder (its finance officers): offsets, overdue and escalation rules, working hours" })
  @ApiOkResponse({ type: LadderViewDto, description: 'The ladder as stored: offsets largest first' })
  setLadder(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: ReminderLadderDto): Promise<LadderViewDto> {
    return this.ladders.put(principal, id, body);
  }

  @Delete('campaigns/:id/reminder-ladder')
  @ApiOperation({ summary: 'Go back to the default reminder ladder (its finance officers)' })
  @ApiOkResponse({ type: LadderViewDto, description: 'The default ladder, now in force' })
  resetLadder(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string): Promise<LadderViewDto> {
    return this.ladders.reset(principal, id);
  }

  @Post('campaigns/:id/urge-late')
  @HttpCode(200)
  @ApiOperation({ summary: 'Urge (催办) every overdue open task of the campaign at once (its finance officers)' })
  @ApiBody({ type: UrgeLateDto, required: false, description: 'An optional message for the mails; no body at all is fine' })
  @ApiOkResponse({ type: UrgeLateResultDto })
  urgeLate(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: UrgeLateDto): Promise<UrgeLateResultDto> {
    return this.urges.urgeAllLate(id, principal, body.message);
  }

  @Post('cases/:id/urges')
  @ApiOperation({ summary: 'Urge (催办) one person on one open task of the case: group leader, deputy within remit, or finance officer; once a working day' })
  @ApiCreatedResponse({ type: UrgeViewDto })
  urge(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: UrgeDto): Promise<UrgeViewDto> {
    return this.urges.urge(principal, id, body);
  }

  @Get('cases/:id/due-items')
  @ApiOperation({ summary: 'Who has what due on the case, with due dates and whom each task escalates to' })
  @ApiOkResponse({ type: DueItemListDto })
  dueItems(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<DueItemListDto> {
    return this.urges.openTasks(principal, id);
  }
}
