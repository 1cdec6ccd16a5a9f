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

  constructor(databaseUrl: string) {
    const pool = new Pool({ connectionString: databaseUrl });
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
