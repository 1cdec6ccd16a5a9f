import { Injectable } from '@nestjs/common';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from '../database/prisma.service';

/** How a ledger kind counts toward what a pool holds (as HOLD_SIGN in the domain). */
const HOLD_SQL = Prisma.sql`CASE e.kind WHEN 'reserve' THEN e.amount_fen WHEN 'release' THEN -e.amount_fen WHEN 'cancel' THEN -e.amount_fen WHEN 'claw_back' THEN -e.amount_fen ELSE 0 END`;
const PAID_SQL = Prisma.sql`CASE e.kind WHEN 'pay' THEN e.amount_fen WHEN 'claw_back' THEN -e.amount_fen ELSE 0 END`;

/** A wall-clock timestamp as the database stores instants (UTC, without a zone). */
const utc = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

export interface PoolRow {
  code: string;
  totalFen: bigint;
}
export interface PoolMovementRow {
  code: string;
  /** 1–12: the month of the budget year (movements outside the year count in its first or last month). */
  month: number;
  heldFen: bigint;
  paidFen: bigint;
}
export interface ExposureRow {
  /** 1-based index into the month ends passed in. */
  month: number;
  subtypeCode: string;
  fen: bigint;
}
export interface OpenTaskRow {
  bureauCode: string;
  ageDays: number;
  count: number;
}
export interface DecisionRow {
  bureauCode: string;
  month: string;
  decided: number;
  medianDays: number;
  p90Days: number;
}

/** Aggregates for the supervisors' and admins' charts: a few grouped statements, nothing per case. */
@Injectable()
export class StatsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async pools(packId: string, year: number): Promise<PoolRow[]> {
    return this.prisma.budgetPool.findMany({ where: { packId, year }, select: { code: true, totalFen: true } });
  }

  async poolMovements(packId: string, year: number, timeZone: string): Promise<PoolMovementRow[]> {
    const rows = await this.prisma.$queryRaw<{ code: string; month: number; held: string; paid: string }[]>`
      SELECT p.code,
             LEAST(12, GREATEST(1, (EXTRACT(YEAR FROM l.local)::int - ${year}) * 12 + EXTRACT(MONTH FROM l.local)::int)) AS month,
             SUM(${HOLD_SQL})::text AS held,
             SUM(${PAID_SQL})::text AS paid
      FROM ledger_entries e
      JOIN budget_pools p ON p.id = e.pool_id
      CROSS JOIN LATERAL (SELECT (e.at AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone} AS local) l
      WHERE p.pack_id = ${packId} AND p.year = ${year}
      GROUP BY 1, 2`;
    return rows.map((r) => ({ code: r.code, month: Number(r.month), heldFen: BigInt(r.held), paidFen: BigInt(r.paid) }));
  }

  /** Computed awards of the pack's cases of `year` that were under review at each of `monthEnds`, per sub-type. */
  async exposure(packId: string, year: number, subtypeCodes: string[], monthEnds: Date[]): Promise<ExposureRow[]> {
    if (subtypeCodes.length === 0 || monthEnds.length === 0) return [];
    const rows = await this.prisma.$queryRaw<{ month: number; subtype: string; fen: string }[]>`
      SELECT m.idx::int AS month, c.subtype_code AS subtype, SUM(c.computed_award_fen)::text AS fen
      FROM unnest(${monthEnds.map(utc)}::text[]) WITH ORDINALITY AS m(end_at, idx)
      JOIN applications c
        ON c.pack_id = ${packId} AND c.budget_year = ${year} AND c.subtype_code = ANY(${subtypeCodes}::text[])
       AND c.computed_award_fen IS NOT NULL
       AND c.submitted_at < m.end_at::timestamp
       AND (c.status IN ('submitted', 'in_review', 'awaiting_information') OR (c.decided_at IS NOT NULL AND c.decided_at >= m.end_at::timestamp))
      GROUP BY 1, 2`;
    return rows.map((r) => ({ month: Number(r.month), subtypeCode: r.subtype, fen: BigInt(r.fen) }));
  }

  /** Open (or claimed) review tasks by bureau and whole days since they opened; `bureauCode` null: every bureau. */
  async openTasks(bureauCode: string | null, now: Date): Promise<OpenTaskRow[]> {
    const rows = await this.prisma.$queryRaw<{ bureau: string; age: number; n: number }[]>`
      SELECT bureau_code AS bureau, GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (${utc(now)}::timestamp - created_at)) / 86400))::int AS age, COUNT(*)::int AS n
      FROM review_tasks
      WHERE status IN ('open', 'claimed') AND (${bureauCode}::text IS NULL OR bureau_code = ${bureauCode})
      GROUP BY 1, 2`;
    return rows.map((r) => ({ bureauCode: r.bureau, ageDays: Number(r.age), count: Number(r.n) }));
  }

  /** Decided tasks per bureau and month of decision in [from, to), with the median and p90 of days taken. */
  async decisions(bureauCode: string | null, from: Date, to: Date, timeZone: string): Promise<DecisionRow[]> {
    const rows = await this.prisma.$queryRaw<{ bureau: string; month: string; n: number; median: number; p90: number }[]>`
      WITH d AS (
        SELECT bureau_code, to_char((completed_at AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month,
               EXTRACT(EPOCH FROM (completed_at - created_at)) / 86400 AS days
        FROM review_tasks
        WHERE status = 'completed' AND completed_at >= ${utc(from)}::timestamp AND completed_at < ${utc(to)}::timestamp
          AND (${bureauCode}::text IS NULL OR bureau_code = ${bureauCode})
      )
      SELECT bureau_code AS bureau, month, COUNT(*)::int AS n,
             ROUND((percentile_cont(0.5) WITHIN GROUP (ORDER BY days))::numeric, 1)::float8 AS median,
             ROUND((percentile_cont(0.9) WITHIN GROUP (ORDER BY days))::numeric, 1)::float8 AS p90
      FROM d GROUP BY 1, 2 ORDER BY 1, 2`;
    return rows.map((r) => ({ bureauCode: r.bureau, month: r.month, decided: Number(r.n), medianDays: Number(r.median), p90Days: Number(r.p90) }));
  }

  /** Bureau names by code (a code defined by several policies takes the first policy's name). */
  async bureauNames(codes: string[]): Promise<Map<string, unknown>> {
    if (codes.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ code: string; name: unknown }[]>`
      SELECT DISTINCT ON (code) code, name FROM bureaus WHERE code = ANY(${codes}::text[]) ORDER BY code, pack_id`;
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** The bureaus a policy defines (whose supervisors may see its pools). */
  async packBureaus(packId: string): Promise<string[]> {
    const rows = await this.prisma.bureau.findMany({ where: { packId }, select: { code: true } });
    return rows.map((r) => r.code);
  }
}
