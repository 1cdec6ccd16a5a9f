import { Module } from '@nestjs/common';
import { NoticesModule } from '../notices/notices.module';
import { PaymentController } from './payment.controller';
import { PaymentService } from './payment.service';

/** Payment orders of approved awards; a settlement writes the applicant's notice and starts its delivery. */
@Module({ imports: [NoticesModule], controllers: [PaymentController], providers: [PaymentService] })
export class PaymentsModule {}
