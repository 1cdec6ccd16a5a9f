import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

export interface PoolRecord {
  code: string;
  year: number;
  totalFen: bigint;
  reservedFen: bigint;
}

/** Annual budget pools; what awards hold in them is written by the ledger (LedgerRepository). */
@Injectable()
export class PoolRepository {
  constructor(private readonly prisma: PrismaService) {}

  async pools(packId: string, year: number): Promise<PoolRecord[]> {
    return this.prisma.budgetPool.findMany({ where: { packId, year }, select: { code: true, year: true, totalFen: true, reservedFen: true } });
  }
}
