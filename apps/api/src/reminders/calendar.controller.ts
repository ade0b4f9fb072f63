import { Body, Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarService, type CalendarOverrideView, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { CalendarDateQuery, CalendarOverrideDto, CalendarRangeQuery } from './reminder.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({ summary: 'The working-day calendar from one date to another (at most 366 days): holidays, 调休 and local overrides' })
  days(@Query() query: CalendarRangeQuery) {
    return this.calendar.days(query.from, query.to);
  }

  @Put('overrides')
  @ApiOperation({ summary: 'Make one date a working day or a day off locally, with a reason (finance officers)' })
  put(@CurrentPrincipal() principal: Principal, @Body() body: CalendarOverrideDto): Promise<CalendarOverrideView> {
    return this.calendar.putOverride(principal, body);
  }

  @Delete('overrides')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the local override of a date (finance officers); the national calendar applies again' })
  async remove(@CurrentPrincipal() principal: Principal, @Query() query: CalendarDateQuery): Promise<void> {
    await this.calendar.deleteOverride(principal, query.date);
  }
}
