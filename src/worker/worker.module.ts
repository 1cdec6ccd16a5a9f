import { Module, type INestApplicationContext } from '@nestjs/common';
import { ReplayActivitiesImpl } from '../admin/replay.activities';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { ActivityGuard } from '../temporal/activity-guard';
import { CaseActivitiesImpl } from '../cases/case.activities';
import { CaseProjection } from '../cases/case-projection';
import { LabActivitiesImpl } from '../labs/lab.activities';
import { RentFreeActivitiesImpl } from '../labs/rentfree.activities';
import { NoticeActivitiesImpl } from '../notices/notice.activities';
import { NoticeDeliveryService } from '../notices/notice-delivery.service';
import { PaymentActivitiesImpl } from '../payments/payment.activities';
import { IntakeActivitiesImpl } from '../temporal/intake.activities';
import { TemporalModule } from '../temporal/temporal.module';
import type { WorkerActivities } from '../temporal/worker.factory';

@Module({
  imports: [ConfigModule, DatabaseModule.forWorker(), TemporalModule],
  providers: [
    ActivityGuard,
    CaseProjection,
    NoticeDeliveryService,
    CaseActivitiesImpl,
    PaymentActivitiesImpl,
    LabActivitiesImpl,
    RentFreeActivitiesImpl,
    NoticeActivitiesImpl,
    IntakeActivitiesImpl,
    ReplayActivitiesImpl,
  ],
})
export class WorkerModule {}

/** The worker's activities, one class per workflow, from its application context. */
export function workerActivities(app: INestApplicationContext): WorkerActivities {
  return {
    case: app.get(CaseActivitiesImpl),
    payments: app.get(PaymentActivitiesImpl),
    lab: app.get(LabActivitiesImpl),
    rentFree: app.get(RentFreeActivitiesImpl),
    notice: app.get(NoticeActivitiesImpl),
    intake: app.get(IntakeActivitiesImpl),
  };
}
