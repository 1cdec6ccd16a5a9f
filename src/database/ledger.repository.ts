import { Injectable } from '@nestjs/common';
import type { AwardExplanation, CumulativeLimit, Reason } from '../domain';
import { CITY_TREASURY, fitAward, sharesOf, type Fit, type LedgerKind, type Movement } from '../domain/ledger/ledger';
import { Prisma } from '../generated/prisma/client';
import { noticeIdFor, writeNotices, type NewNotice, type NoticeRef } from './notice.repository';
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
  /**
   * The pool of the district's own treasury for a co-funded award, when the pack gives it one: it holds
   * the district share and the city pool only the city share. Absent or null: the city pool (if any)
   * holds the whole award, and the district pays its share from no pool kept here.
   */
  districtPoolCode?: string | null;
  actorId: string | null;
  /** What the approval itself lacks (see the case machine): nothing is reserved while anything is. */
  unmet?: Reason[];
}

/** `reasons`: the money is there, but the approval lacks `unmet`, so nothing was reserved. */
export type ReservationOutcome = (Fit & { poolId: string | null }) | { ok: false; short: 'reasons'; poolId: null };

export interface LedgerRow extends Movement {
  id: bigint;
  entryKey: string;
  /** Whose treasury `funder` is: the case's jurisdiction. */
  jurisdictionId: string;
  budgetYear: number;
  reason: string | null;
  actorId: string | null;
  at: Date;
}

export interface PaymentOrderRow {
  id: string;
  caseId: string;
  caseReference: string;
  /** The case's pack, which names the treasuries. */
  packId: string;
  /** The paying treasury is `funder` of this jurisdiction (the case's). */
  jurisdictionId: string;
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

/** The applicant's notice of a settlement, written in its transaction (see src/notices/payment-notices.ts). */
export interface SettleNotice {
  draft: (order: PaymentOrderRow) => NewNotice;
  messageDomain: string;
}

export type SettleResult =
  /** `notices`: the settlement's notice (to start its delivery), also when a retry changed nothing. */
  | { ok: true; changed: boolean; order: PaymentOrderRow; notices: NoticeRef[] }
  | { ok: false; why: 'notFound' }
  | { ok: false; why: 'conflict'; order: PaymentOrderRow };

export type RecoveryResult =
  | { ok: true; recoveredFen: bigint; remainingFen: bigint; poolReleased: boolean; changed: boolean }
  | { ok: false; why: 'notPaid' | 'tooMuch'; shareFen: bigint };

/** How a kind counts toward what is held (see HOLD_SIGN in the domain), as SQL. */
const HOLD_SQL = Prisma.sql`CASE kind WHEN 'reserve' THEN amount_fen WHEN 'release' THEN -amount_fen WHEN 'cancel' THEN -amount_fen WHEN 'claw_back' THEN -amount_fen ELSE 0 END`;

/**
 * What the ledger holds under each of `keys`, one row per key held. `?|` finds the entries through
 * the GIN index on limit_keys; unnesting every entry's keys instead cost a scan of the whole ledger
 * (75 ms at 60,000 entries, against 0.3), for every assessment and under the locks of every approval.
 */
export function heldUnderKeysSql(keys: readonly string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT k.key, SUM(${HOLD_SQL})::bigint::text AS total
    FROM ledger_entries, jsonb_array_elements_text(limit_keys) AS k(key)
    WHERE limit_keys ?| ${keys}::text[] AND k.key = ANY(${keys}::text[])
    GROUP BY k.key`;
}

const ORDER_INCLUDE = { case: { select: { reference: true, packId: true } }, payee: { select: { name: true } } } as const;

function orderRow(o: Prisma.PaymentOrderGetPayload<{ include: typeof ORDER_INCLUDE }>): PaymentOrderRow {
  return {
    id: o.id,
    caseId: o.caseId,
    caseReference: o.case.reference,
    packId: o.case.packId,
    jurisdictionId: o.jurisdictionId,
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
    // Five statements: BEGIN, the advisory locks, one read under them, one write, COMMIT.
    return this.prisma.$transaction(async (tx) => {
      // The case's own key serialises two attempts of one reservation (a retry overlapping a timed-out
      // first try), so the read below, whose snapshot is taken once every lock is held, sees the first.
      const keys = [
        ...new Set([`reserve|${r.caseId}`, ...r.limits.map((l) => l.key), ...(r.projectKey === null ? [] : [`project-total|${r.projectKey}`])]),
      ].sort();
      await lockKeys(tx, keys);
      const districtCode = r.coFunding === null ? null : (r.districtPoolCode ?? null);
      const codes = [r.poolCode, districtCode].filter((c): c is string => c !== null);
      const {
        pools: locked,
        reserves,
        totals: prior,
      } = await lockedStanding(
        tx,
        r,
        codes,
        r.limits.map((l) => l.key),
      );
      const pool = r.poolCode === null ? null : (locked.get(r.poolCode) ?? null);
      const districtPool = districtCode === null ? null : (locked.get(districtCode) ?? null);
      const existing = reserves.find((e) => e.entryKey === `${r.caseId}:reserve`);
      if (existing) {
        const cuts = existing.detail?.cuts ?? [];
        // With a district pool the award is two reservations, one per pool.
        return { ok: true, amountFen: reserves.reduce((sum, e) => sum + BigInt(e.amountFen), 0n), award: r.award, cuts, poolId: existing.poolId };
      }
      // A year the pack has no pool for (after the policy's window) has nothing to give.
      for (const [code, row] of [
        [r.poolCode, pool],
        [districtCode, districtPool],
      ] as const) {
        if (code !== null && row === null)
          return { ok: false, short: 'pool', poolCode: code, availableFen: 0n, askedFen: BigInt(r.award.amountFen), poolId: null };
      }
      const standing = (code: string, row: LockedPool) => ({ code, year: r.year, totalFen: row.totalFen, heldFen: row.reservedFen });
      const district = districtPool && r.coFunding && { pool: standing(districtCode!, districtPool), districtShareBp: r.coFunding.districtShareBp };
      const fit = fitAward(r.award, r.limits, prior, pool && standing(r.poolCode!, pool), district);
      if (!fit.ok) return { ...fit, poolId: (fit.short === 'pool' && fit.poolCode === districtCode ? districtPool?.id : pool?.id) ?? null };
      if ((r.unmet ?? []).length > 0) return { ok: false, short: 'reasons', poolId: null };
      const shares = sharesOf(fit.amountFen, r.coFunding);
      // Which pool holds each funder's share: the district's own pool when it has one, else the city pool.
      const poolOf = (funder: string): LockedPool | null => (districtPool !== null && funder !== CITY_TREASURY ? districtPool : pool);
      const holds = districtPool === null ? [{ funder: CITY_TREASURY, amountFen: fit.amountFen }] : shares;
      const rows = [
        ...holds.map((h, i) => ({
          poolId: poolOf(h.funder)?.id ?? null,
          // The first reservation keeps its key (a retry finds it) and the cuts; a district pool's is keyed by its funder.
          entryKey: i === 0 ? `${r.caseId}:reserve` : `${r.caseId}:reserve:${h.funder}`,
          kind: 'reserve' as const,
          funder: h.funder,
          amountFen: h.amountFen.toString(),
          detail: i === 0 ? { cuts: fit.cuts } : null,
        })),
        ...shares.map((sh) => ({
          poolId: poolOf(sh.funder)?.id ?? null,
          entryKey: `${r.caseId}:split:${sh.funder}`,
          kind: 'split' as const,
          funder: sh.funder,
          amountFen: sh.amountFen.toString(),
          detail: null,
        })),
      ];
      // Every row of the reservation (the holds, one per pool, then the split per funder) and the pool
      // counters they move, in one statement; the counters count only rows this statement inserted, and
      // the table's CHECK refuses a pool held beyond its total whatever the arithmetic above said.
      const [written] = await tx.$queryRaw<{ inserted: number }[]>`
        WITH rows AS (
          INSERT INTO ledger_entries (entry_key, application_id, kind, pool_id, budget_year, funder, amount_fen, project_key, limit_keys, detail, actor_id, at)
          SELECT e."entryKey", ${r.caseId}, e.kind::"LedgerKind", e."poolId", ${r.year}, e.funder, e."amountFen"::bigint, ${r.projectKey},
            ${JSON.stringify(r.limits.map((l) => l.key))}::jsonb, e.detail, ${r.actorId}, ${new Date().toISOString()}::timestamp(3)
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e("entryKey" text, kind text, "poolId" text, funder text, "amountFen" text, detail jsonb)
          ON CONFLICT (entry_key) DO NOTHING
          RETURNING kind, pool_id, amount_fen
        ), held AS (
          UPDATE budget_pools p SET reserved_fen = p.reserved_fen + h.amount
          FROM (SELECT pool_id, SUM(amount_fen) AS amount FROM rows WHERE kind = 'reserve' AND pool_id IS NOT NULL GROUP BY pool_id) h
          WHERE p.id = h.pool_id
          RETURNING p.id
        )
        SELECT (SELECT count(*) FROM rows)::int AS inserted`;
      // Unreachable under the case's lock; rolls back rather than report a grant it did not make.
      if (written?.inserted !== rows.length) throw new Error(`the reservation of case ${r.caseId} was written concurrently`);
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
      const [issued] = await tx.$queryRaw<{ shares: number }[]>`
        ${issueShares(Prisma.sql`SELECT l.*, ${orderId}::text AS order_id FROM ledger_entries l WHERE l.entry_key = ${`${caseId}:split:${funder}`}`)}
        SELECT count(*)::int AS shares FROM s`;
      if (!issued?.shares) throw new Error(`case ${caseId} has no share for ${funder}`);
      return orderRow(await tx.paymentOrder.findUniqueOrThrow({ where: { caseId_funder: { caseId, funder } }, include: ORDER_INCLUDE }));
    }, TX);
  }

  /**
   * Issues the order of every funder's share (a share of nothing has none) and says how many of the
   * case's orders are still issued, in one statement (the award's one local activity on approval). A
   * re-run finds the orders it made (unique per case and funder), so it is as idempotent as `issueOrder`.
   */
  async issueOrders(caseId: string): Promise<{ orders: { funder: string; orderId: string }[]; open: number }> {
    // The shares (`split`: ledger id), the orders this statement inserted, and those there were before it.
    const rows = await this.prisma.$queryRaw<{ funder: string; orderId: string | null; status: string | null; split: bigint | null }[]>`
      ${issueShares(
        Prisma.sql`SELECT l.*, gen_random_uuid()::text AS order_id FROM ledger_entries l
          WHERE l.application_id = ${caseId} AND l.kind = 'split' AND l.amount_fen > 0`,
      )}
      SELECT s.funder, NULL AS "orderId", NULL AS status, s.id AS split FROM s
      UNION ALL SELECT o.funder, o.id, o.status, NULL FROM o
      UNION ALL SELECT p.funder, p.id, p.status::text, NULL FROM payment_orders p WHERE p.application_id = ${caseId}`;
    const shares = rows.filter((r) => r.split !== null).sort((x, y) => (x.split! < y.split! ? -1 : 1));
    let orders = rows.filter((r) => r.orderId !== null) as { funder: string; orderId: string; status: string }[];
    if (shares.some((sh) => !orders.some((o) => o.funder === sh.funder))) {
      // A concurrent run of this activity committed an order after this statement's snapshot: the insert
      // found it and did nothing, and the snapshot does not show it. It is there now.
      orders = (await this.prisma.paymentOrder.findMany({ where: { caseId }, select: { id: true, funder: true, status: true } })).map((o) => ({
        funder: o.funder,
        orderId: o.id,
        status: o.status,
      }));
    }
    const idOf = new Map(orders.map((o) => [o.funder, o.orderId]));
    return {
      orders: shares.map((sh) => ({ funder: sh.funder, orderId: idOf.get(sh.funder)! })),
      open: orders.filter((o) => o.status === 'issued').length,
    };
  }

  /** How many of the case's orders are still issued (neither paid nor cancelled). */
  openOrderCount(caseId: string): Promise<number> {
    return this.prisma.paymentOrder.count({ where: { caseId, status: 'issued' } });
  }

  /** `treasury`: one treasury's orders (its jurisdiction and funder code together); none given, every order. */
  async orders(filter: {
    treasury?: { jurisdictionId: string; funder: string };
    caseId?: string;
    status?: PaymentOrderRow['status'];
  }): Promise<PaymentOrderRow[]> {
    const rows = await this.prisma.paymentOrder.findMany({
      where: { jurisdictionId: filter.treasury?.jurisdictionId, funder: filter.treasury?.funder, caseId: filter.caseId, status: filter.status },
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
  async settleOrder(id: string, to: 'paid' | 'cancelled', actorId: string, reason: string | null, notice?: SettleNotice): Promise<SettleResult> {
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.paymentOrder.findUnique({ where: { id }, select: { caseId: true } });
      if (!found) return { ok: false as const, why: 'notFound' as const };
      const held = await this.lockCase(tx, found.caseId);
      await tx.$queryRaw`SELECT id FROM payment_orders WHERE id = ${id} FOR UPDATE`;
      const order = orderRow(await tx.paymentOrder.findUniqueOrThrow({ where: { id }, include: ORDER_INCLUDE }));
      if (order.status === to) {
        // A retry: the notice the first settlement wrote (none for one settled before payment notices).
        const draft = notice?.draft(order);
        const first = draft && (await tx.notice.findUnique({ where: { sourceKey: draft.sourceKey }, select: { id: true } }));
        return { ok: true as const, changed: false, order, notices: first ? [{ id: noticeIdFor(draft.sourceKey), notBefore: null }] : [] };
      }
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
      // The share goes back to the pool that holds it: the district's own pool for its share when it has one.
      const reserve = held!.of(order.funder);
      if (to === 'paid') await tx.ledgerEntry.create({ data: { ...copyOf(reserve), ...entry, kind: 'pay' } });
      else await this.giveBack(tx, reserve, { ...entry, kind: 'cancel', pool: true });
      const settled = orderRow(await tx.paymentOrder.findUniqueOrThrow({ where: { id }, include: ORDER_INCLUDE }));
      // The applicant's notice exists exactly when the settlement does.
      // The API writes it and starts its delivery whatever its own SMTP_URL: whether to email is the
      // worker's to find, which sends.
      const notices = notice ? await writeNotices(tx, [notice.draft(settled)], { messageDomain: notice.messageDomain, emails: true }) : [];
      return { ok: true as const, changed: true, order: settled, notices };
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
      const held = await this.lockCase(tx, input.caseId);
      if (!held) return { ok: false as const, why: 'notPaid' as const, shareFen: 0n };
      const reserve = held.of(input.funder);
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

  /**
   * What earlier awards hold under each limit key now: a plain read, no lock and nothing held (an
   * assessment's view; the final approval reads again under the keys' locks).
   */
  async limitTotals(keys: string[]): Promise<Record<string, string>> {
    if (keys.length === 0) return {};
    const rows = await this.prisma.$queryRaw<{ key: string; total: string }[]>(heldUnderKeysSql(keys));
    return Object.fromEntries(rows.map((r) => [r.key, r.total]));
  }

  /** What a project's awards hold together, from the ledger. */
  async projectTotal(projectKey: string): Promise<bigint> {
    const [row] = await this.prisma.$queryRaw<
      { total: bigint | null }[]
    >`SELECT SUM(${HOLD_SQL})::bigint AS total FROM ledger_entries WHERE project_key = ${projectKey}`;
    return row?.total ?? 0n;
  }

  /**
   * Takes the case's locks in the order reservations take them: its limit keys, then its pool rows by
   * id. Returns the reservation holding each funder's share (a district pool's, else the first).
   */
  private async lockCase(tx: Tx, caseId: string): Promise<{ of: (funder: string) => ReserveRow } | null> {
    const reserve = await tx.ledgerEntry.findUnique({ where: { entryKey: `${caseId}:reserve` } });
    if (!reserve) return null;
    const keys = [...new Set([...(reserve.limitKeys as string[]), ...(reserve.projectKey === null ? [] : [`project-total|${reserve.projectKey}`])])].sort();
    await lockKeys(tx, keys);
    const reserves = await tx.ledgerEntry.findMany({ where: { caseId, kind: 'reserve' } });
    const poolIds = [...new Set(reserves.map((r) => r.poolId).filter((p): p is string => p !== null))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const p of poolIds) await tx.$queryRaw`SELECT id FROM budget_pools WHERE id = ${p} FOR UPDATE`;
    return { of: (funder) => reserves.find((r) => r.entryKey === `${caseId}:reserve:${funder}`) ?? reserve };
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

const copyOf = (
  r: ReserveRow,
): { caseId: string; jurisdictionId: string; poolId: string | null; budgetYear: number; projectKey: string | null; limitKeys: string[] } => ({
  caseId: r.caseId,
  jurisdictionId: r.jurisdictionId,
  poolId: r.poolId,
  budgetYear: r.budgetYear,
  projectKey: r.projectKey,
  limitKeys: r.limitKeys as string[],
});

function ledgerRow(r: ReserveRow): LedgerRow {
  return {
    id: r.id,
    entryKey: r.entryKey,
    jurisdictionId: r.jurisdictionId,
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

interface LockedPool {
  id: string;
  totalFen: bigint;
  reservedFen: bigint;
}

/**
 * The WITH that issues each share in `shares` (split ledger rows with an `order_id` for a new order)
 * its payment order and the commitment it makes, each once: a re-run inserts nothing. `s` is the
 * shares, `o` the orders inserted.
 */
function issueShares(shares: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH s AS (${shares}), o AS (
      INSERT INTO payment_orders (id, application_id, funder, amount_fen, payee_organisation_id)
      SELECT s.order_id, s.application_id, s.funder, s.amount_fen, a.organisation_id FROM s JOIN applications a ON a.id = s.application_id
      ON CONFLICT (application_id, funder) DO NOTHING
      RETURNING id, funder, status::text AS status
    ), c AS (
      INSERT INTO ledger_entries (entry_key, application_id, kind, pool_id, budget_year, funder, amount_fen, project_key, limit_keys)
      SELECT s.application_id || ':commit:' || s.funder, s.application_id, 'commit'::"LedgerKind", s.pool_id, s.budget_year, s.funder,
        s.amount_fen, s.project_key, s.limit_keys
      FROM s
      ON CONFLICT (entry_key) DO NOTHING
    )`;
}

/** Takes the advisory locks of `keys` in one statement, in the order given (sorted by the caller). */
async function lockKeys(tx: Tx, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  // WITH ORDINALITY … ORDER BY n: the locks are taken in the caller's order (volatile calls run after the sort).
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(k, 0))::text FROM unnest(${keys}::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n`;
}

/**
 * One read under the advisory locks: locks the named pool rows of the year in id order (every writer
 * takes pool rows in that order) and reads them by code, with the case's reservations and the totals
 * held against the limit keys. The statement's snapshot is taken after the advisory locks were
 * granted, so whatever their earlier holders wrote is seen; a pool row is re-read as it is locked.
 */
async function lockedStanding(
  tx: Tx,
  r: { caseId: string; packId: string; year: number },
  codes: string[],
  limitKeys: string[],
): Promise<{
  pools: Map<string, LockedPool>;
  reserves: { entryKey: string; amountFen: string; poolId: string | null; detail: { cuts?: { toFen: string; reason: Reason }[] } | null }[];
  totals: Record<string, string>;
}> {
  // Row locks are taken as the rows are read, in the ORDER BY's order; `id COLLATE "C"` sorts as lockCase's JavaScript sort does.
  const [row] = await tx.$queryRaw<
    { pools: { id: string; code: string; totalFen: string; reservedFen: string }[] | null; reserves: unknown; totals: unknown }[]
  >`
    WITH pools AS MATERIALIZED (
      SELECT id, code, total_fen, reserved_fen FROM budget_pools
      WHERE pack_id = ${r.packId} AND year = ${r.year} AND code = ANY(${codes}::text[])
      ORDER BY id COLLATE "C" FOR UPDATE
    )
    SELECT
      (SELECT json_agg(json_build_object('id', id, 'code', code, 'totalFen', total_fen::text, 'reservedFen', reserved_fen::text)) FROM pools) AS pools,
      (SELECT json_agg(json_build_object('entryKey', entry_key, 'amountFen', amount_fen::text, 'poolId', pool_id, 'detail', detail))
        FROM ledger_entries WHERE application_id = ${r.caseId} AND kind = 'reserve') AS reserves,
      (SELECT json_object_agg(key, total) FROM (${heldUnderKeysSql(limitKeys)}) t) AS totals`;
  const pools = new Map<string, LockedPool>();
  for (const p of row?.pools ?? []) pools.set(p.code, { id: p.id, totalFen: BigInt(p.totalFen), reservedFen: BigInt(p.reservedFen) });
  return {
    pools,
    reserves: (row?.reserves ?? []) as Awaited<ReturnType<typeof lockedStanding>>['reserves'],
    totals: (row?.totals ?? {}) as Record<string, string>,
  };
}

/** What a funder paid on a case and has not yet recovered: only paid money is clawed back (an unpaid order is cancelled). */
async function recoverableOf(tx: Tx, caseId: string, funder: string): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ total: bigint | null }[]>`
    SELECT SUM(CASE kind WHEN 'pay' THEN amount_fen WHEN 'claw_back' THEN -amount_fen ELSE 0 END)::bigint AS total
    FROM ledger_entries WHERE application_id = ${caseId} AND funder = ${funder}`;
  return BigInt(row?.total ?? 0n);
}
