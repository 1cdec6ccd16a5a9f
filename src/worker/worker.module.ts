import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { ApplicationActivitiesImpl } from '../applications/application.activities';
import { LabActivitiesImpl } from '../labs/lab.activities';

@Module({
  imports: [ConfigModule, DatabaseModule],
  providers: [ApplicationActivitiesImpl, LabActivitiesImpl],
})
export class WorkerModule {}
