import { Global, Module } from '@nestjs/common';
import { MetricsRepository } from '../database/metrics.repository';
import { ApiMetrics } from './api-metrics';
import { MetricsController } from './metrics.controller';

/** The API's metrics: global, so the rate-limit guard of any module counts its refusals. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsRepository, ApiMetrics],
  exports: [ApiMetrics],
})
export class ObservabilityModule {}
