import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MetricsRepository } from '../database/metrics.repository';
import { ApiMetrics } from './api-metrics';
import { flushTracing } from './tracing';

/** The API's metrics: global, so the rate-limit guard of any module counts its refusals (HealthModule serves them). */
@Global()
@Module({
  providers: [MetricsRepository, ApiMetrics],
  exports: [ApiMetrics],
})
export class ObservabilityModule implements OnApplicationShutdown {
  /** The spans of the last requests leave before the process does. */
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}
