import { Body, Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CalendarService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { CalendarDateQuery, CalendarOverrideDto, CalendarRangeQuery } from './reminder.dto';
import { CalendarOverrideViewDto, CalendarRangeDto } from './reminder.responses';

@ApiTags('calendar')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @ApiOperation({ summary: 'The working-day calendar from one date to another (at most 366 days): holidays, 调休 and local overrides' })
  @ApiOkResponse({ type: CalendarRangeDto })
  days(@Query() query: CalendarRangeQuery): Promise<CalendarRangeDto> {
    return this.calendar.days(query.from, query.to);
  }

  @Put('overrides')
  @ApiOperation({ summary: 'Make one date a working day or a day off locally, with a reason (finance officers)' })
  @ApiOkResponse({ type: CalendarOverrideViewDto })
  put(@CurrentPrincipal() principal: Principal, @Body() body: CalendarOverrideDto): Promise<CalendarOverrideViewDto> {
    return this.calendar.putOverride(principal, body);
  }

  @Delete('overrides')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove the local override of a date (finance officers); the national calendar applies again' })
  @ApiNoContentResponse({ description: 'Removed' })
  async remove(@CurrentPrincipal() principal: Principal, @Query() query: CalendarDateQuery): Promise<void> {
    await this.calendar.deleteOverride(principal, query.date);
  }
}
