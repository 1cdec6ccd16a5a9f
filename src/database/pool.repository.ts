import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

export interface PoolRecord {
  code: string;
  year: number;
  totalFen: bigint;
  reservedFen: bigint;
}

export interface Reservation {
  packId: string;
  poolCode: string;
  /** The budget year the award counts against. */
  year: number;
  caseId: string;
  amountFen: bigint;
}

export type ReservationResult = { ok: true; reservationId: string } | { ok: false; availableFen: bigint };

/** Annual budget pools and the reservations approved awards hold in them. */
@Injectable()
export class PoolRepository {
  constructor(private readonly prisma: PrismaService) {}

  async pools(packId: string, year: number): Promise<PoolRecord[]> {
    return this.prisma.budgetPool.findMany({ where: { packId, year }, select: { code: true, year: true, totalFen: true, reservedFen: true } });
  }

  /**
   * Reserves once per case and pool (a retried activity finds its reservation), never over-committing:
   * one conditional UPDATE, whose row lock serialises concurrent reservations; the CHECK constraint backs it up.
   */
  async reserve(r: Reservation): Promise<ReservationResult> {
    const reservationId = `${r.caseId}:${r.poolCode}`;
    const amount = r.amountFen;
    return this.prisma.$transaction(async (tx) => {
      // Nothing releases a reservation yet, so one that exists holds its amount.
      const existing = await tx.poolReservation.findUnique({ where: { id: reservationId }, select: { id: true } });
      if (existing) return { ok: true as const, reservationId };
      const updated = await tx.$queryRaw<{ id: string }[]>`
        UPDATE budget_pools SET reserved_fen = reserved_fen + ${amount}
        WHERE pack_id = ${r.packId} AND code = ${r.poolCode} AND year = ${r.year} AND reserved_fen + ${amount} <= total_fen
        RETURNING id`;
      const pool = updated[0];
      if (!pool) {
        const row = await tx.budgetPool.findUnique({ where: { packId_code_year: { packId: r.packId, code: r.poolCode, year: r.year } } });
        return { ok: false as const, availableFen: row ? row.totalFen - row.reservedFen : 0n };
      }
      await tx.poolReservation.create({ data: { id: reservationId, poolId: pool.id, caseId: r.caseId, amountFen: amount } });
      return { ok: true as const, reservationId };
    });
  }
}
