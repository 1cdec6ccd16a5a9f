import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { AuditRepository } from './audit.repository';
import { CaseRepository } from './case.repository';
import { DocumentRepository } from './document.repository';
import { NoticeRepository } from './notice.repository';
import { OrganisationRepository } from './organisation.repository';
import { LabRepository } from './lab.repository';
import { PackRepository } from './pack.repository';
import { PackStoreRepository } from './pack-store.repository';
import { LedgerRepository } from './ledger.repository';
import { PoolRepository } from './pool.repository';
import { PrismaService, workerPoolSize } from './prisma.service';
import { TaskRepository } from './task.repository';
import { IncidentRepository } from './incident.repository';
import { HealthRepository } from './health.repository';
import { IdentityCache } from './identity-cache';

const REPOSITORIES = [
  CaseRepository,
  DocumentRepository,
  TaskRepository,
  OrganisationRepository,
  PackRepository,
  PackStoreRepository,
  PoolRepository,
  LabRepository,
  LedgerRepository,
  NoticeRepository,
  AuditRepository,
  IncidentRepository,
  HealthRepository,
  IdentityCache,
];

/** Prisma stays in here: the rest of the service reaches PostgreSQL through these repositories only. */
@Global()
@Module({
  providers: [
    { provide: PrismaService, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new PrismaService(c.databaseUrl, c.databasePoolMax) },
    ...REPOSITORIES,
  ],
  exports: [PrismaService, ...REPOSITORIES],
})
export class DatabaseModule {
  /** The worker's: its pool sized from its activity slots (workerPoolSize). */
  static forWorker(): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: PrismaService, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new PrismaService(c.databaseUrl, workerPoolSize(c)) }],
    };
  }
}
