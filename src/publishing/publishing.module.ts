import { Module } from '@nestjs/common';
import { PackStoreRepository } from './pack-store.repository';
import { PublishingController } from './publishing.controller';
import { PublishingService } from './publishing.service';

/** Publishing policy packs over the admin API. */
@Module({ controllers: [PublishingController], providers: [PublishingService, PackStoreRepository] })
export class PublishingModule {}
