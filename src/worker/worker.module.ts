import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { CaseActivitiesImpl } from '../cases/case.activities';
import { LabActivitiesImpl } from '../labs/lab.activities';

@Module({
  imports: [ConfigModule, DatabaseModule],
  providers: [CaseActivitiesImpl, LabActivitiesImpl],
})
export class WorkerModule {}
