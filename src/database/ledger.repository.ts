import { Injectable } from '@nestjs/common';
import type { AwardExplanation, CumulativeLimit, Reason } from '../domain';
import { CITY_TREASURY, fitAward, sharesOf, type Fit, type LedgerKind, type Movement } from '../domain/ledger/ledger';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from './prisma.service';

type Tx = Prisma.TransactionClient;

/** Lock waits under many concurrent approvals outlast Prisma's 5 s default. */
const TX = { maxWait: 20_000, timeout: 60_000 } as const;

export interface AwardReservation {
  caseId: string;
  packId: string;
  /** Null for a sub-type without an annual pool: the limits still apply. */
  poolCode: string | null;
  year: number;
  /** The award as the officer approved it (their amount, their cut line). */
  award: AwardExplanation;
  limits: CumulativeLimit[];
  projectKey: string | null;
  coFunding: { districtBureau: string; districtShareBp: number } | null;
  actorId: string | null;
}

export type ReservationOutcome = Fit & { poolId: string | null };

export interface LedgerRow extends Movement {
  id: bigint;
  entryKey: string;
  budgetYear: number;
  reason: string | null;
  actorId: string | null;
  at: Date;
}

export interface PaymentOrderRow {
  id: string;
  caseId: string;
  caseReference: string;
  funder: string;
  amountFen: bigint;
  payeeOrganisationId: string;
  payeeName: string;
  status: 'issued' | 'paid' | 'cancelled';
  createdAt: Date;
  settledAt: Date | null;
  settledById: string | null;
  cancelReason: string | null;
}

export type SettleResult =
  { ok: true; changed: boolean; order: PaymentOrderRow } | { ok: false; why: 'notFound' } | { ok: false; why: 'conflict'; order: PaymentOrderRow };

export type RecoveryResult =
  | { ok: true; recoveredFen: bigint; remainingFen: bigint; poolReleased: boolean; changed: boolean }
  | { ok: false; why: 'notPaid' | 'tooMuch'; shareFen: bigint };

/** How a kind counts toward what is held (see HOLD_SIGN in the domain), as SQL. */
const HOLD_SQL = Prisma.sql`CASE kind WHEN 'reserve' THEN amount_fen WHEN 'release' THEN -amount_fen WHEN 'cancel' THEN -amount_fen WHEN 'claw_back' THEN -amount_fen ELSE 0 END`;

const ORDER_INCLUDE = { case: { select: { reference: true } }, payee: { select: { name: true } } } as const;

function orderRow(o: Prisma.PaymentOrderGetPayload<{ include: typeof ORDER_INCLUDE }>): PaymentOrderRow {
  return {
    id: o.id,
    caseId: o.caseId,
    caseReference: o.case.reference,
    funder: o.funder,
    amountFen: o.amountFen,
    payeeOrganisationId: o.payeeOrganisationId,
    payeeName: o.payee.name,
    status: o.status,
    createdAt: o.createdAt,
    settledAt: o.settledAt,
    settledById: o.settledById,
    cancelReason: o.cancelReason,
  };
}

/**
 * The money ledger: append-only rows (the database refuses UPDATE and DELETE), the pool counters kept
 * in step with them, and payment orders. Every write that can move a ceiling takes the advisory locks
 * of the limit keys it touches (sorted, so two writers never wait on each other in a circle) and then
 * the pool-year row's lock, in one transaction: concurrent approvals in any number of processes are
 * serialised exactly where they compete.
 */
@Injectable()
export class LedgerRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Reserves an approved award once (a retry returns the first grant): cut to fit the cumulative
   * limits, refused when its pool cannot cover the rest; then split per funder.
   */
  async reserveAward(r: AwardReservation): Promise<ReservationOutcome> {
    return this.prisma.$transaction(async (tx) => {
      const keys = [...new Set([...r.limits.map((l) => l.key), ...(r.projectKey === null ? [] : [`project-total|${r.projectKey}`])])].sort();
      for (const k of keys) await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${k}, 0))::text`;
      const pool = r.poolCode === null ? null : await lockPool(tx, r.packId, r.poolCode, r.year);
      const existing = await tx.ledgerEntry.findUnique({ where: { entryKey: `${r.caseId}:reserve` } });
      if (existing) {
        const cuts = ((existing.detail as { cuts?: { toFen: string; reason: Reason }[] } | null)?.cuts ?? []) as { toFen: string; reason: Reason }[];
        return { ok: true, amountFen: existing.amountFen, award: r.award, cuts, poolId: existing.poolId };
      }
      // A year the pack has no pool for (after the policy's window) has nothing to give.
      if (r.poolCode !== null && pool === null) return { ok: false, short: 'pool', availableFen: 0n, askedFen: BigInt(r.award.amountFen), poolId: null };
      const prior = await limitTotalsTx(
        tx,
        r.limits.map((l) => l.key),
      );
      const fit = fitAward(r.award, r.limits, prior, pool && { code: r.poolCode!, year: r.year, totalFen: pool.totalFen, heldFen: pool.reservedFen });
      if (!fit.ok) return { ...fit, poolId: pool?.id ?? null };
      const base = {
        caseId: r.caseId,
        poolId: pool?.id ?? null,
        budgetYear: r.year,
        projectKey: r.projectKey,
        limitKeys: r.limits.map((l) => l.key),
        actorId: r.actorId,
      };
      await tx.ledgerEntry.create({
        data: {
          ...base,
          entryKey: `${r.caseId}:reserve`,
          kind: 'reserve',
          funder: CITY_TREASURY,
          amountFen: fit.amountFen,
          detail: { cuts: fit.cuts } as unknown as Prisma.InputJsonValue,
        },
      });
      for (const s of sharesOf(fit.amountFen, r.coFunding)) {
        await tx.ledgerEntry.create({ data: { ...base, entryKey: `${r.caseId}:split:${s.funder}`, kind: 'split', funder: s.funder, amountFen: s.amountFen } });
      }
      if (pool) await tx.budgetPool.update({ where: { id: pool.id }, data: { reservedFen: { increment: fit.amountFen } } });
      return { ...fit, poolId: pool?.id ?? null };
    }, TX);
  }

  /** The award's shares per funder, as split at the reservation; empty when nothing was reserved. */
  async shares(caseId: string): Promise<{ funder: string; amountFen: bigint }[]> {
    const rows = await this.prisma.ledgerEntry.findMany({ where: { caseId, kind: 'split' }, orderBy: { id: 'asc' } });
    return rows.map((r) => ({ funder: r.funder, amountFen: r.amountFen }));
  }

  /** Issues the order of one funder's share once: a re-run finds the order it made (unique per case and funder). */
  async issueOrder(caseId: string, funder: string, orderId: string): Promise<PaymentOrderRow> {
    return this.prisma.$transaction(async (tx) => {
      const split = await tx.ledgerEntry.findUnique({ where: { entryKey: `${caseId}:split:${funder}` } });
      if (!split) throw new Error(`case ${caseId} has no share for ${funder}`);
      const app = await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { organisationId: true } });
      await tx.$executeRaw`
        INSERT INTO payment_orders (id, application_id, funder, amount_fen, payee_organisation_id)
        VALUES (${orderId}, ${caseId}, ${funder}, ${split.amountFen}, ${app.organisationId})
        ON CONFLICT (application_id, funder) DO NOTHING`;
      await tx.$executeRaw`
        INSERT INTO ledger_entries (entry_key, application_id, kind, pool_id, budget_year, funder, amount_fen, project_key, limit_keys)
        VALUES (${`${caseId}:commit:${funder}`}, ${caseId}, 'commit', ${split.poolId}, ${split.budgetYear}, ${funder}, ${split.amountFen}, ${split.projectKey}, ${JSON.stringify(split.limitKeys)}::jsonb)
        ON CONFLICT (entry_key) DO NOTHING`;
      return orderRow(await tx.paymentOrder.findUniqueOrThrow({ where: { caseId_funder: { caseId, funder } }, include: ORDER_INCLUDE }));
    }, TX);
  }

  async orders(filter: { funder?: string; caseId?: string; status?: PaymentOrderRow['status'] }): Promise<PaymentOrderRow[]> {
    const rows = await this.prisma.paymentOrder.findMany({
      where: { funder: filter.funder, caseId: filter.caseId, status: filter.status },
      include: ORDER_INCLUDE,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(orderRow);
  }

  async order(id: string): Promise<PaymentOrderRow | null> {
    const o = await this.prisma.paymentOrder.findUnique({ where: { id }, include: ORDER_INCLUDE });
    return o && orderRow(o);
  }

  /**
   * Moves an issued order to paid or cancelled, once: the same change again changes nothing; a paid
   * order cannot be cancelled nor a cancelled one paid. A cancelled share goes back to the pool.
   */
  async settleOrder(id: string, to: 'paid' | 'cancelled', actorId: string, reason: string | null): Promise<SettleResult> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.paymentOrder.findUnique({ where: { id }, select: { caseId: true } });
      if (!found) return { ok: false as const, why: 'notFound' as const };
      const reserve = await this.lockCase(tx, found.caseId);
      await tx.$queryRaw`SELECT id FROM payment_orders WHERE id = ${id} FOR UPDATE`;
      const order = orderRow(await tx.paymentOrder.findUniqueOrThrow({ where: { id }, include: ORDER_INCLUDE }));
      if (order.status === to) return { ok: true as const, changed: false, order };
      if (order.status !== 'issued') return { ok: false as const, why: 'conflict' as const, order };
      await tx.paymentOrder.update({
        where: { id },
        data: { status: to, settledAt: new Date(), settledById: actorId, cancelReason: to === 'cancelled' ? reason : null },
      });
      const entry = {
        entryKey: `${order.caseId}:${to === 'paid' ? 'pay' : 'cancel'}:${order.funder}`,
        funder: order.funder,
        amountFen: order.amountFen,
        reason,
        actorId,
      };
      if (to === 'paid') await tx.ledgerEntry.create({ data: { ...copyOf(reserve!), ...entry, kind: 'pay' } });
      else await this.giveBack(tx, reserve!, { ...entry, kind: 'cancel', pool: true });
      return { ok: true as const, changed: true, order: orderRow(await tx.paymentOrder.findUniqueOrThrow({ where: { id }, include: ORDER_INCLUDE })) };
    }, TX);
  }

  /**
   * Records a recovery (追回) of part or all of what a funder paid, once per `recoveryId`. The pool gets
   * it back only while its budget year is open; the award, the project total and the limits always do.
   */
  async recordRecovery(input: {
    caseId: string;
    recoveryId: string;
    funder: string;
    amountFen: bigint;
    reason: string;
    actorId: string;
    poolYearOpen: (year: number) => boolean;
  }): Promise<RecoveryResult> {
    return this.prisma.$transaction(async (tx) => {
      const reserve = await this.lockCase(tx, input.caseId);
      if (!reserve) return { ok: false as const, why: 'notPaid' as const, shareFen: 0n };
      const key = `${input.caseId}:claw_back:${input.recoveryId}`;
      const again = await tx.ledgerEntry.findUnique({ where: { entryKey: key } });
      const share = await recoverableOf(tx, input.caseId, input.funder);
      if (again) return { ok: true as const, recoveredFen: again.amountFen, remainingFen: share, poolReleased: again.poolId !== null, changed: false };
      if (share <= 0n) return { ok: false as const, why: 'notPaid' as const, shareFen: share };
      if (input.amountFen > share) return { ok: false as const, why: 'tooMuch' as const, shareFen: share };
      const pool = reserve.poolId !== null && input.poolYearOpen(reserve.budgetYear);
      await this.giveBack(tx, reserve, {
        entryKey: key,
        kind: 'claw_back',
        funder: input.funder,
        amountFen: input.amountFen,
        reason: input.reason,
        actorId: input.actorId,
        pool,
      });
      return { ok: true as const, recoveredFen: input.amountFen, remainingFen: share - input.amountFen, poolReleased: pool, changed: true };
    }, TX);
  }

  /** Every row of a case, oldest first. */
  async entries(caseId: string): Promise<LedgerRow[]> {
    const rows = await this.prisma.ledgerEntry.findMany({ where: { caseId: caseId }, orderBy: { id: 'asc' } });
    return rows.map(ledgerRow);
  }

  /** The whole ledger (tests and audits compare it with the stored balances). */
  async all(): Promise<LedgerRow[]> {
    const rows = await this.prisma.ledgerEntry.findMany({ orderBy: { id: 'asc' } });
    return rows.map(ledgerRow);
  }

  /** What a project's awards hold together, from the ledger. */
  async projectTotal(projectKey: string): Promise<bigint> {
    const [row] = await this.prisma.$queryRaw<
      { total: bigint | null }[]
    >`SELECT SUM(${HOLD_SQL})::bigint AS total FROM ledger_entries WHERE project_key = ${projectKey}`;
    return row?.total ?? 0n;
  }

  /** Takes the case's locks in the order reservations take them: its limit keys, then its pool row. */
  private async lockCase(tx: Tx, caseId: string): Promise<ReserveRow | null> {
    const reserve = await tx.ledgerEntry.findUnique({ where: { entryKey: `${caseId}:reserve` } });
    if (!reserve) return null;
    const keys = [...new Set([...(reserve.limitKeys as string[]), ...(reserve.projectKey === null ? [] : [`project-total|${reserve.projectKey}`])])].sort();
    for (const k of keys) await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${k}, 0))::text`;
    if (reserve.poolId !== null) await tx.$queryRaw`SELECT id FROM budget_pools WHERE id = ${reserve.poolId} FOR UPDATE`;
    return reserve;
  }

  private async giveBack(
    tx: Tx,
    reserve: ReserveRow,
    e: {
      entryKey: string;
      kind: Extract<LedgerKind, 'release' | 'cancel' | 'claw_back'>;
      funder: string;
      amountFen: bigint;
      reason: string | null;
      actorId: string | null;
      pool: boolean;
    },
  ): Promise<void> {
    const poolId = e.pool ? reserve.poolId : null;
    await tx.ledgerEntry.create({
      data: { ...copyOf(reserve), poolId, entryKey: e.entryKey, kind: e.kind, funder: e.funder, amountFen: e.amountFen, reason: e.reason, actorId: e.actorId },
    });
    if (poolId !== null) await tx.budgetPool.update({ where: { id: poolId }, data: { reservedFen: { decrement: e.amountFen } } });
  }
}

type ReserveRow = Prisma.LedgerEntryGetPayload<object>;

const copyOf = (r: ReserveRow): { caseId: string; poolId: string | null; budgetYear: number; projectKey: string | null; limitKeys: string[] } => ({
  caseId: r.caseId,
  poolId: r.poolId,
  budgetYear: r.budgetYear,
  projectKey: r.projectKey,
  limitKeys: r.limitKeys as string[],
});

function ledgerRow(r: ReserveRow): LedgerRow {
  return {
    id: r.id,
    entryKey: r.entryKey,
    caseId: r.caseId,
    kind: r.kind,
    poolId: r.poolId,
    budgetYear: r.budgetYear,
    funder: r.funder,
    amountFen: r.amountFen,
    projectKey: r.projectKey,
    limitKeys: r.limitKeys as string[],
    reason: r.reason,
    actorId: r.actorId,
    at: r.at,
  };
}

async function lockPool(tx: Tx, packId: string, code: string, year: number): Promise<{ id: string; totalFen: bigint; reservedFen: bigint } | null> {
  const [row] = await tx.$queryRaw<{ id: string; total_fen: bigint; reserved_fen: bigint }[]>`
    SELECT id, total_fen, reserved_fen FROM budget_pools WHERE pack_id = ${packId} AND code = ${code} AND year = ${year} FOR UPDATE`;
  return row ? { id: row.id, totalFen: BigInt(row.total_fen), reservedFen: BigInt(row.reserved_fen) } : null;
}

async function limitTotalsTx(tx: Tx, keys: string[]): Promise<Record<string, string>> {
  if (keys.length === 0) return {};
  const rows = await tx.$queryRaw<{ key: string; total: bigint }[]>`
    SELECT k.key, SUM(${HOLD_SQL})::bigint AS total
    FROM ledger_entries, jsonb_array_elements_text(limit_keys) AS k(key)
    WHERE k.key IN (${Prisma.join(keys)})
    GROUP BY k.key`;
  return Object.fromEntries(rows.map((r) => [r.key, BigInt(r.total).toString()]));
}

/** What a funder paid on a case and has not yet recovered: only paid money is clawed back (an unpaid order is cancelled). */
async function recoverableOf(tx: Tx, caseId: string, funder: string): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ total: bigint | null }[]>`
    SELECT SUM(CASE kind WHEN 'pay' THEN amount_fen WHEN 'claw_back' THEN -amount_fen ELSE 0 END)::bigint AS total
    FROM ledger_entries WHERE application_id = ${caseId} AND funder = ${funder}`;
  return BigInt(row?.total ?? 0n);
}
