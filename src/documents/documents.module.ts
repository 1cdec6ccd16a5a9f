import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DiskDocumentStore, DOCUMENT_STORE, type DocumentStore } from './document-store';
import { DocumentController } from './document.controller';
import { DocumentService } from './document.service';
import { S3DocumentStore } from './s3-document-store';

/** The store behind the documents, chosen by configuration alone (DOCUMENTS_STORE). */
export function documentStoreFor(config: AppConfig): DocumentStore {
  const { dir, s3 } = config.documents;
  return s3 ? new S3DocumentStore(s3, join(dir, 'staging')) : new DiskDocumentStore(dir);
}

/** Evidence files, kept on disk or in an S3-compatible bucket. */
@Module({
  controllers: [DocumentController],
  providers: [DocumentService, { provide: DOCUMENT_STORE, inject: [APP_CONFIG], useFactory: documentStoreFor }],
  exports: [DocumentService],
})
export class DocumentsModule implements OnModuleDestroy {
  constructor(@Inject(DOCUMENT_STORE) private readonly store: DocumentStore) {}

  onModuleDestroy(): void {
    if (this.store instanceof S3DocumentStore) this.store.destroy();
  }
}
