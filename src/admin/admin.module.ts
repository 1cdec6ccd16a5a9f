import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { AdminController } from './admin.controller';
import { IncidentsService } from './incidents.service';
import { REPLAY_ENGINE, ReplayJobsService } from './replay-jobs.service';
import { ReplayEngine } from './replay.engine';

/** History export and replay for admins. */
@Module({
  controllers: [AdminController],
  providers: [
    {
      provide: REPLAY_ENGINE,
      inject: [TEMPORAL_CLIENT, APP_CONFIG],
      useFactory: (client: Client, config: AppConfig): ReplayEngine => new ReplayEngine(client, config.temporal.taskQueue),
    },
    ReplayJobsService,
    IncidentsService,
  ],
})
export class AdminModule {}
