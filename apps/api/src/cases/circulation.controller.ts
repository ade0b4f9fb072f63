import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { CirculationService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { CirculatedReportDto, CirculationDto } from './case.responses';

export class CirculateDto {
  @ApiProperty({ type: [String], description: 'People of the unit to send the report to for reading' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  userIds: string[];

  @ApiPropertyOptional({ example: '请各位阅知自评报告' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string;
}

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller()
export class CirculationController {
  constructor(private readonly circulation: CirculationService) {}

  @Post('cases/:id/circulations')
  @ApiOperation({ summary: 'Circulate the report for reading (传阅, a leader, from internal review on); blocks nothing; recorded in the history' })
  @ApiCreatedResponse({ type: [CirculationDto] })
  circulate(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: CirculateDto): Promise<CirculationDto[]> {
    return this.circulation.circulate(principal, id, body);
  }

  @Get('cases/:id/circulations')
  @ApiOperation({ summary: 'Who the report was circulated to, and who has read it (已阅)' })
  @ApiOkResponse({ type: [CirculationDto] })
  list(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<CirculationDto[]> {
    return this.circulation.list(principal, id);
  }

  @Post('cases/:id/circulations/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the report circulated to you read (已阅); reading again keeps the first time' })
  @ApiOkResponse({ type: [CirculationDto] })
  read(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<CirculationDto[]> {
    return this.circulation.markRead(principal, id);
  }

  @Get('me/circulations')
  @ApiTags('me')
  @ApiOperation({ summary: 'Reports circulated to you (待阅 first, then 已阅); not tasks, nothing is due' })
  @ApiOkResponse({ type: [CirculatedReportDto] })
  mine(@CurrentPrincipal() principal: Principal): Promise<CirculatedReportDto[]> {
    return this.circulation.mine(principal);
  }
}
