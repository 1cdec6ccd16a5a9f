import { Module } from '@nestjs/common';
import { NoticeDeliveryService } from './notice-delivery.service';
import { NoticeController } from './notice.controller';
import { NoticeService } from './notice.service';

/** The applicant's notices; delivery is exported for the API's own writers of notices (payments). */
@Module({ controllers: [NoticeController], providers: [NoticeService, NoticeDeliveryService], exports: [NoticeDeliveryService] })
export class NoticesModule {}
