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
/** A bureau: its code within a jurisdiction. */
export interface BureauKey {
  jurisdictionId: string;
  bureauCode: string;
}
export interface OpenTaskRow extends BureauKey {
  ageDays: number;
  count: number;
}
export interface DecisionRow extends BureauKey {
  month: string;
  decided: number;
  medianDays: number;
  p90Days: number;
}

export const bureauKey = (k: BureauKey): string => `${k.jurisdictionId} ${k.bureauCode}`;

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
  async openTasks(only: BureauKey | null, now: Date): Promise<OpenTaskRow[]> {
    const [jurisdiction, bureauCode] = [only?.jurisdictionId ?? null, only?.bureauCode ?? null];
    const rows = await this.prisma.$queryRaw<{ jurisdiction: string; bureau: string; age: number; n: number }[]>`
      SELECT a.jurisdiction_id AS jurisdiction, t.bureau_code AS bureau,
             GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (${utc(now)}::timestamp - t.created_at)) / 86400))::int AS age, COUNT(*)::int AS n
      FROM review_tasks t JOIN applications a ON a.id = t.application_id
      WHERE t.status IN ('open', 'claimed') AND (${bureauCode}::text IS NULL OR (t.bureau_code = ${bureauCode} AND a.jurisdiction_id = ${jurisdiction}))
      GROUP BY 1, 2, 3`;
    return rows.map((r) => ({ jurisdictionId: r.jurisdiction, bureauCode: r.bureau, ageDays: Number(r.age), count: Number(r.n) }));
  }

  /** Decided tasks per bureau and month of decision in [from, to), with the median and p90 of days taken. */
  async decisions(only: BureauKey | null, from: Date, to: Date, timeZone: string): Promise<DecisionRow[]> {
    const [jurisdiction, bureauCode] = [only?.jurisdictionId ?? null, only?.bureauCode ?? null];
    const rows = await this.prisma.$queryRaw<{ jurisdiction: string; bureau: string; month: string; n: number; median: number; p90: number }[]>`
      WITH d AS (
        SELECT a.jurisdiction_id, t.bureau_code, to_char((t.completed_at AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month,
               EXTRACT(EPOCH FROM (t.completed_at - t.created_at)) / 86400 AS days
        FROM review_tasks t JOIN applications a ON a.id = t.application_id
        WHERE t.status = 'completed' AND t.completed_at >= ${utc(from)}::timestamp AND t.completed_at < ${utc(to)}::timestamp
          AND (${bureauCode}::text IS NULL OR (t.bureau_code = ${bureauCode} AND a.jurisdiction_id = ${jurisdiction}))
      )
      SELECT jurisdiction_id AS jurisdiction, bureau_code AS bureau, month, COUNT(*)::int AS n,
             ROUND((percentile_cont(0.5) WITHIN GROUP (ORDER BY days))::numeric, 1)::float8 AS median,
             ROUND((percentile_cont(0.9) WITHIN GROUP (ORDER BY days))::numeric, 1)::float8 AS p90
      FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
    return rows.map((r) => ({
      jurisdictionId: r.jurisdiction,
      bureauCode: r.bureau,
      month: r.month,
      decided: Number(r.n),
      medianDays: Number(r.median),
      p90Days: Number(r.p90),
    }));
  }

  /** Bureau names keyed `<jurisdiction> <code>` (a code names a bureau within its city only). */
  async bureauNames(keys: BureauKey[]): Promise<Map<string, unknown>> {
    if (keys.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ key: string; name: unknown }[]>`
      SELECT DISTINCT ON (p.jurisdiction_id, b.code) p.jurisdiction_id || ' ' || b.code AS key, b.name
      FROM bureaus b JOIN policy_packs p ON p.id = b.pack_id
      WHERE p.jurisdiction_id || ' ' || b.code = ANY(${keys.map(bureauKey)}::text[])
      ORDER BY p.jurisdiction_id, b.code, b.pack_id`;
    return new Map(rows.map((r) => [r.key, r.name]));
  }

  /** The jurisdiction of a policy and the bureaus it defines (whose supervisors may see its pools). */
  async packBureaus(packId: string): Promise<{ jurisdictionId: string; bureauCodes: string[] }> {
    const pack = await this.prisma.policyPack.findUniqueOrThrow({
      where: { id: packId },
      select: { jurisdictionId: true, bureaus: { select: { code: true } } },
    });
    return { jurisdictionId: pack.jurisdictionId, bureauCodes: pack.bureaus.map((r) => r.code) };
  }
}
