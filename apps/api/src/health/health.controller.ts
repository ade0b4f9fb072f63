import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ObservationStore, Transactor } from '@jixiao/persistence';
import { Public } from '../auth/public.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { ApiError } from '../http/api-error';
import { HealthDto, LivenessDto } from './health.responses';
import { ServingState } from './serving-state';

@ApiTags('health')
@ApiErrorResponses()
@Controller('health')
export class HealthController {
  constructor(
    private readonly transactor: Transactor,
    private readonly observations: ObservationStore,
    private readonly serving: ServingState,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and database reachability' })
  @ApiOkResponse({ type: HealthDto })
  async health(): Promise<HealthDto> {
    try {
      await this.transactor.ping();
    } catch {
      throw new ServiceUnavailableException('The database is not reachable.');
    }
    return { status: 'ok', database: 'ok' };
  }

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: answers while the process runs, without asking the database' })
  @ApiOkResponse({ type: LivenessDto })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when the database answers and its migrations are current; 503 from the start of a shutdown' })
  @ApiOkResponse({ type: HealthDto })
  async ready(): Promise<HealthDto> {
    if (this.serving.stopping) throw new ApiError('SERVER.STOPPING', 'This api process is shutting down.');
    let pending: string[];
    try {
      pending = await this.observations.pendingMigrations();
    } catch {
      throw new ServiceUnavailableException('The database is not reachable.');
    }
    if (pending.length > 0) throw new ApiError('SERVER.NOT_READY', `The database lacks migrations: ${pending.join(', ')}.`);
    return { status: 'ok', database: 'ok' };
  }
}
