import { Module } from '@nestjs/common';
import { PublishingController } from './publishing.controller';
import { PublishingService } from './publishing.service';

/** Publishing policy packs over the admin API. */
@Module({ controllers: [PublishingController], providers: [PublishingService] })
export class PublishingModule {}
