import { Module } from '@nestjs/common';
import { ReplayActivitiesImpl } from '../admin/replay.activities';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { CaseActivitiesImpl } from '../cases/case.activities';
import { LabActivitiesImpl } from '../labs/lab.activities';
import { NoticeDeliveryService } from '../notices/notice-delivery.service';
import { TemporalModule } from '../temporal/temporal.module';

@Module({
  imports: [ConfigModule, DatabaseModule, TemporalModule],
  providers: [CaseActivitiesImpl, LabActivitiesImpl, NoticeDeliveryService, ReplayActivitiesImpl],
})
export class WorkerModule {}
