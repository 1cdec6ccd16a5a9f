import { Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
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
export class DocumentsModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Documents');
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly documents: DocumentService,
  ) {}

  /** Sweeps unreferenced uploads on a schedule (DOCUMENT_SWEEP_INTERVAL_MS); a failed sweep is logged and tried again next time. */
  onApplicationBootstrap(): void {
    const every = this.config.documents.sweepIntervalMs;
    if (every === 0) return;
    this.sweep = setInterval(() => {
      this.documents.sweepUnreferenced().then(
        (n) => n > 0 && this.logger.log(`deleted ${n} uploads no case names, with their bytes`),
        (err: unknown) => this.logger.warn(`sweep of unreferenced uploads failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    }, every);
    this.sweep.unref();
  }

  onModuleDestroy(): void {
    if (this.sweep) clearInterval(this.sweep);
    if (this.store instanceof S3DocumentStore) this.store.destroy();
  }
}
