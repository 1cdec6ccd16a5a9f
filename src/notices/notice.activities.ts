import { Injectable } from '@nestjs/common';
import { ActivityGuard } from '../temporal/activity-guard';
import type { NoticeActivities } from '../../workflows/activities';
import { NoticeDeliveryService } from './notice-delivery.service';

/** The notice workflow's activity: one email, sent once (see NoticeDeliveryService). */
@Injectable()
export class NoticeActivitiesImpl implements NoticeActivities {
  constructor(
    private readonly delivery: NoticeDeliveryService,
    private readonly guard: ActivityGuard,
  ) {}

  deliverNotice(noticeId: string): Promise<string> {
    return this.guard.run(() => this.delivery.deliver(noticeId));
  }
}
