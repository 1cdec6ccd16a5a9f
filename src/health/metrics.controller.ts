import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/decorators';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ApiMetrics } from '../observability/api-metrics';

/** Prometheus' scrape target: its text format, not part of the API's document. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const token = this.config.observability.metricsToken;
    if (token !== null && !sameSecret(authorization ?? '', `Bearer ${token}`)) {
      res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: 'metrics need the METRICS_TOKEN bearer token' });
      return;
    }
    const { contentType, body } = await this.metrics.metrics();
    res.setHeader('content-type', contentType);
    res.send(body);
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
