import { Injectable } from '@nestjs/common';
import { OPEN_STATUSES } from '../domain/case/records';
import { PrismaService } from './prisma.service';

export interface OpenCaseCount {
  status: string;
  n: number;
}
export interface OpenTaskCount {
  bureau: string;
  age: string;
  n: number;
}
export interface PoolBalance {
  packId: string;
  code: string;
  year: number;
  totalFen: bigint;
  reservedFen: bigint;
}

/** The cheap aggregates an operator's gauges show, read on each scrape (one indexed query each). */
@Injectable()
export class MetricsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async openCases(): Promise<OpenCaseCount[]> {
    return this.prisma.$queryRaw<OpenCaseCount[]>`
      SELECT status::text AS status, count(*)::int AS n FROM applications
       WHERE status = ANY(${OPEN_STATUSES}::"ApplicationStatus"[]) GROUP BY status`;
  }

  /** Open and claimed review tasks by bureau and how long ago they were created. */
  async openTasks(): Promise<OpenTaskCount[]> {
    return this.prisma.$queryRaw<OpenTaskCount[]>`
      SELECT bureau_code AS bureau,
             CASE WHEN created_at > now() - interval '1 day' THEN 'under_1d'
                  WHEN created_at > now() - interval '7 days' THEN '1d_to_7d'
                  WHEN created_at > now() - interval '30 days' THEN '7d_to_30d'
                  ELSE 'over_30d' END AS age,
             count(*)::int AS n
        FROM review_tasks WHERE status IN ('open', 'claimed') GROUP BY 1, 2`;
  }

  /** The connection pool now: connections open and idle, and queries waiting for one. */
  poolStats(): { total: number; idle: number; waiting: number } {
    const { totalCount, idleCount, waitingCount } = this.prisma.pool;
    return { total: totalCount, idle: idleCount, waiting: waitingCount };
  }

  /** Times every checkout of a connection (pg's pool.query goes through connect() too): `start` returns the stop. */
  timePoolAcquisitions(start: () => () => void): void {
    const pool = this.prisma.pool;
    const connect = pool.connect.bind(pool) as (cb?: (...a: unknown[]) => void) => unknown;
    const timed = (cb?: (...a: unknown[]) => void): unknown => {
      const stop = start();
      if (cb)
        return connect((...a: unknown[]) => {
          stop();
          cb(...a);
        });
      return (connect() as Promise<unknown>).finally(stop);
    };
    (pool as unknown as { connect: typeof timed }).connect = timed;
  }

  async poolBalances(): Promise<PoolBalance[]> {
    return this.prisma.budgetPool.findMany({ select: { packId: true, code: true, year: true, totalFen: true, reservedFen: true } });
  }
}
