import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { CaseActivitiesImpl } from '../cases/case.activities';

@Module({
  imports: [ConfigModule, DatabaseModule],
  providers: [CaseActivitiesImpl],
})
export class WorkerModule {}
