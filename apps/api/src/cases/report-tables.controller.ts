import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ReportTablesService,
  type AcknowledgementView,
  type DataTableView,
  type IndicatorScoresView,
  type Principal,
  type SavedDataTable,
  type SavedIndicatorScores,
} from '@jixiao/evaluation';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { uuidPipe } from '../http/uuid.pipe';
import { AcknowledgeProblemDto, SaveTableDto } from './report-tables.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ReportTablesController {
  constructor(private readonly tables: ReportTablesService) {}

  @Get(':id/data-table')
  @ApiOperation({ summary: 'The basic data table (基础数据表) with every problem found in it' })
  getDataTable(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<DataTableView> {
    return this.tables.getDataTable(principal, id);
  }

  @Put(':id/data-table')
  @ApiOperation({ summary: 'Save the basic data table (compiler, during self-assessment); bad input: 422, nothing saved' })
  saveDataTable(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: SaveTableDto): Promise<SavedDataTable> {
    return this.tables.saveDataTable(principal, id, { input: body.input, expectedRevision: body.expectedRevision });
  }

  @Get(':id/indicator-scores')
  @ApiOperation({ summary: 'The indicator scores with the computed total, grade and problems' })
  getIndicatorScores(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string): Promise<IndicatorScoresView> {
    return this.tables.getIndicatorScores(principal, id);
  }

  @Put(':id/indicator-scores')
  @ApiOperation({ summary: 'Save the indicator scores (compiler, during self-assessment); bad input: 422, nothing saved' })
  saveIndicatorScores(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuidPipe('case')) id: string,
    @Body() body: SaveTableDto,
  ): Promise<SavedIndicatorScores> {
    return this.tables.saveScores(principal, id, { input: body.input, expectedRevision: body.expectedRevision });
  }

  @Post(':id/acknowledgements')
  @HttpCode(201)
  @ApiOperation({ summary: 'Acknowledge a warning of the basic data table with a comment (compiler); errors cannot be acknowledged' })
  acknowledge(@CurrentPrincipal() principal: Principal, @Param('id', uuidPipe('case')) id: string, @Body() body: AcknowledgeProblemDto): Promise<AcknowledgementView> {
    return this.tables.acknowledge(principal, id, body);
  }
}
