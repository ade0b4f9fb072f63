import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, NotFoundException, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpReply } from '../http/http-types';
import { Public } from '../auth/public.decorator';
import { ApiMetrics } from './api-metrics';

export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

/**
 * GET /api/metrics in the Prometheus text format, for a scraper holding METRICS_TOKEN. Without the
 * token configured the route answers 404 as if it did not exist; with a wrong or missing token, 404
 * too, so that the route tells nobody it is there. Not in the OpenAPI document: no person calls it.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly expected: Buffer | null;

  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(METRICS_TOKEN) token: string | null,
  ) {
    this.expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  }

  @Public()
  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: HttpReply): Promise<void> {
    if (!this.authorized(authorization)) throw new NotFoundException();
    const metrics = await this.metrics.text();
    if (metrics === null) throw new ServiceUnavailableException('The cluster primary did not answer with the metrics.');
    const { contentType, body } = metrics;
    response.header('Cache-Control', 'no-store');
    response.type(contentType).send(body);
  }

  private authorized(authorization: string | undefined): boolean {
    if (this.expected === null || authorization === undefined) return false;
    const given = Buffer.from(authorization);
    return given.length === this.expected.length && timingSafeEqual(given, this.expected);
  }
}
