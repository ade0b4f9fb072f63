import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReportTablesService, type Principal } from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { uuidPipe } from '../http/uuid.pipe';
import { AcknowledgeProblemDto, SaveTableDto } from './report-tables.dto';
import { AcknowledgementDto, DataTableDto, IndicatorScoresDto, SavedDataTableDto, SavedIndicatorScoresDto } from './report-tables.responses';

@ApiTags('cases')
@ApiBearerAuth()
@ApiErrorResponses()
@Controller('cases')
export class ReportTablesController {
  constructor(private readonly tables: ReportTablesService) {}

  @Get(':id/data-table')
  @ApiOperation({ summary: 'The basic data table (基础数据表) with every problem found in it' })
  @ApiOkResponse({ type: DataTableDto })
  getDataTable(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<DataTableDto> {
    return this.tables.getDataTable(principal, id);
  }

  @Put(':id/data-table')
  @ApiOperation({ summary: 'Save the basic data table (compiler, during self-assessment); bad input: 422, nothing saved' })
  @ApiOkResponse({ type: SavedDataTableDto })
  saveDataTable(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: SaveTableDto): Promise<SavedDataTableDto> {
    return this.tables.saveDataTable(principal, id, { input: body.input, expectedRevision: body.expectedRevision });
  }

  @Get(':id/indicator-scores')
  @ApiOperation({ summary: 'The indicator scores with the computed total, grade and problems' })
  @ApiOkResponse({ type: IndicatorScoresDto })
  getIndicatorScores(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<IndicatorScoresDto> {
    return this.tables.getIndicatorScores(principal, id);
  }

  @Put(':id/indicator-scores')
  @ApiOperation({ summary: 'Save the indicator scores (compiler, during self-assessment); bad input: 422, nothing saved' })
  @ApiOkResponse({ type: SavedIndicatorScoresDto })
  saveIndicatorScores(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Body() body: SaveTableDto,
  ): Promise<SavedIndicatorScoresDto> {
    return this.tables.saveScores(principal, id, { input: body.input, expectedRevision: body.expectedRevision });
  }

  @Post(':id/acknowledgements')
  @HttpCode(201)
  @ApiOperation({ summary: 'Acknowledge a warning of the basic data table with a comment (compiler); errors cannot be acknowledged' })
  @ApiCreatedResponse({ type: AcknowledgementDto })
  acknowledge(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: AcknowledgeProblemDto): Promise<AcknowledgementDto> {
    return this.tables.acknowledge(principal, id, body);
  }
}
