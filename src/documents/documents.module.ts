import { Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DiskDocumentStore, DOCUMENT_STORE } from './document-store';
import { DocumentController } from './document.controller';
import { DocumentService } from './document.service';

/** Evidence files; the store binding is where an object-store implementation would be chosen by configuration. */
@Module({
  controllers: [DocumentController],
  providers: [DocumentService, { provide: DOCUMENT_STORE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new DiskDocumentStore(c.documents.dir) }],
  exports: [DocumentService],
})
export class DocumentsModule {}
