import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ReminderLadderService,
  UrgeService,
  type DueItemView,
  type LadderView,
  type Principal,
  type UrgeLateResult,
  type UrgeView,
} from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { uuidPipe } from '../http/uuid.pipe';
import { ReminderLadderDto, UrgeDto, UrgeLateDto } from './reminder.dto';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller()
export class ReminderController {
  constructor(
    private readonly ladders: ReminderLadderService,
    private readonly urges: UrgeService,
  ) {}

  @Get('campaigns/:id/reminder-ladder')
  @ApiOperation({ summary: "The campaign's reminder ladder (the default until a finance officer sets one)" })
  ladder(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string): Promise<LadderView> {
    return this.ladders.get(principal, id);
  }

  @Put('campaigns/:id/reminder-ladder')
  @ApiOperation({ summary: "Set the campaign's reminder ladder (its finance officers): offsets, overdue and escalation rules, working hours" })
  setLadder(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: ReminderLadderDto): Promise<LadderView> {
    return this.ladders.put(principal, id, body);
  }

  @Delete('campaigns/:id/reminder-ladder')
  @ApiOperation({ summary: 'Go back to the default reminder ladder (its finance officers)' })
  resetLadder(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string): Promise<LadderView> {
    return this.ladders.reset(principal, id);
  }

  @Post('campaigns/:id/urge-late')
  @HttpCode(200)
  @ApiOperation({ summary: 'Urge (催办) every overdue open task of the campaign at once (its finance officers)' })
  urgeLate(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('campaign')) id: string, @Body() body: UrgeLateDto): Promise<UrgeLateResult> {
    return this.urges.urgeAllLate(id, principal, body.message);
  }

  @Post('cases/:id/urges')
  @ApiOperation({ summary: 'Urge (催办) one person on one open task of the case: group leader, deputy within remit, or finance officer; once a working day' })
  urge(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: UrgeDto): Promise<UrgeView> {
    return this.urges.urge(principal, id, body);
  }

  @Get('cases/:id/due-items')
  @ApiOperation({ summary: 'Who has what due on the case, with due dates and whom each task escalates to' })
  dueItems(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<{ items: DueItemView[] }> {
    return this.urges.openTasks(principal, id);
  }
}
