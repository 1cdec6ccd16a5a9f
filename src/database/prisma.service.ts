import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The connection pool, ours so the API's metrics can watch it; $disconnect ends it. */
  readonly pool: Pool;

  /** `max`: connections in the pool (pg's default, 10, when null). */
  constructor(databaseUrl: string, max: number | null = null) {
    const pool = new Pool({ connectionString: databaseUrl, ...(max !== null ? { max } : {}) });
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

/** The Temporal SDK's default number of activity slots (WorkerOptions.maxConcurrentActivityTaskExecutions). */
const SDK_ACTIVITY_SLOTS = 100;
/** Four processes at this size (two workers, two APIs at pg's 10) stay well under PostgreSQL's default 100 connections. */
const WORKER_POOL_CAP = 24;

/**
 * The worker's pool: each activity holds at most one connection at a time (its one transaction), so a
 * connection per activity slot, plus one for the worker's own work (intake clocks, readiness), up to the
 * cap; DATABASE_POOL_MAX overrides. More connections than slots would sit idle; fewer make activities queue.
 */
export function workerPoolSize(c: { databasePoolMax: number | null; worker: { maxConcurrentActivityTaskExecutions?: number } }): number {
  if (c.databasePoolMax !== null) return c.databasePoolMax;
  return Math.min((c.worker.maxConcurrentActivityTaskExecutions ?? SDK_ACTIVITY_SLOTS) + 1, WORKER_POOL_CAP);
}
