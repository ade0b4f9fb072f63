import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Transactor } from '@jixiao/persistence';
import { Public } from '../auth/public.decorator';
import { ApiErrorResponses } from '../http/api-error.dto';
import { HealthDto } from './health.responses';

@ApiTags('health')
@ApiErrorResponses()
@Controller('health')
export class HealthController {
  constructor(private readonly transactor: Transactor) {}

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
}
