import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

/** The probes and Prometheus' scrape target: the endpoints operations, not people, call. */
@Module({ controllers: [HealthController, MetricsController] })
export class HealthModule {}
