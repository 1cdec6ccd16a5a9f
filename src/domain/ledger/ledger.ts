// The money ledger's arithmetic: what each kind of movement does to a case's award, its pool, its
// project and its cumulative limits, and how a final approval is fitted under them. Plain TypeScript
// (bigint fen), so the workflow bundle may carry it; the repository stores rows and sums the same way.
import { applyCumulativeLimits, type CumulativeLimit } from '../assess';
import type { AwardExplanation, Reason } from '../award';
import { formatYuan, formatYuanEn, splitCoFunding, type Fen } from '../fen';

export const LEDGER_KINDS = ['reserve', 'release', 'commit', 'split', 'pay', 'cancel', 'claw_back'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** The city treasury's funder code; a district treasury is its district bureau's code. */
export const CITY_TREASURY = 'city';

export interface Movement {
  caseId: string;
  kind: LedgerKind;
  poolId: string | null;
  funder: string;
  /** Never negative: the kind says which way it counts. */
  amountFen: Fen;
  projectKey: string | null;
  limitKeys: readonly string[];
}

/**
 * How a movement counts toward what a case holds: a reservation holds money; a release, a cancelled
 * payment order and a claw-back give it back. Commit, split and pay say where held money goes.
 */
export const HOLD_SIGN: Record<LedgerKind, -1n | 0n | 1n> = {
  reserve: 1n,
  release: -1n,
  cancel: -1n,
  claw_back: -1n,
  commit: 0n,
  split: 0n,
  pay: 0n,
};

const held = (rows: readonly Movement[], keep: (m: Movement) => boolean): Fen =>
  rows.reduce((sum, m) => (keep(m) ? sum + HOLD_SIGN[m.kind] * m.amountFen : sum), 0n);

/** What a pool holds for awards (its reserved amount). */
export const poolHeld = (rows: readonly Movement[], poolId: string): Fen => held(rows, (m) => m.poolId === poolId);
/** A case's award as it stands: reserved, less what was released, cancelled or recovered. */
export const caseAward = (rows: readonly Movement[], caseId: string): Fen => held(rows, (m) => m.caseId === caseId);
/** Every city and district award to one project together. */
export const projectTotal = (rows: readonly Movement[], projectKey: string): Fen => held(rows, (m) => m.projectKey === projectKey);
/** What earlier awards hold under each limit key: the prior amounts `applyCumulativeLimits` takes. */
export function limitTotals(rows: readonly Movement[], keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, held(rows, (m) => m.limitKeys.includes(k)).toString()]));
}

/** A case's share per funder: its split, less what was cancelled or recovered from that funder. */
export function funderShares(rows: readonly Movement[], caseId: string): Record<string, Fen> {
  const out: Record<string, Fen> = {};
  for (const m of rows) {
    if (m.caseId !== caseId) continue;
    if (m.kind === 'split') out[m.funder] = (out[m.funder] ?? 0n) + m.amountFen;
    if (m.kind === 'cancel' || m.kind === 'claw_back') out[m.funder] = (out[m.funder] ?? 0n) - m.amountFen;
  }
  return out;
}

/** What a funder has paid on a case. */
export const paidBy = (rows: readonly Movement[], caseId: string, funder: string): Fen =>
  rows.reduce((sum, m) => (m.caseId === caseId && m.funder === funder && m.kind === 'pay' ? sum + m.amountFen : sum), 0n);

export interface Share {
  funder: string;
  amountFen: Fen;
}

/** The award by treasury: the district's ratio from the pack, an odd fen to the city; all to the city when not co-funded. */
export function sharesOf(totalFen: Fen, coFunding: { districtBureau: string; districtShareBp: number } | null): Share[] {
  if (coFunding === null) return [{ funder: CITY_TREASURY, amountFen: totalFen }];
  const s = splitCoFunding(totalFen, coFunding.districtShareBp);
  return [
    { funder: CITY_TREASURY, amountFen: s.cityFen },
    { funder: coFunding.districtBureau, amountFen: s.districtFen },
  ];
}

export interface PoolStanding {
  code: string;
  year: number;
  totalFen: Fen;
  heldFen: Fen;
}

export type Fit =
  | { ok: true; amountFen: Fen; award: AwardExplanation; cuts: { toFen: string; reason: Reason }[] }
  | { ok: false; short: 'pool'; availableFen: Fen; askedFen: Fen }
  | { ok: false; short: 'limit'; limit: CumulativeLimit; priorFen: Fen };

/**
 * Fits an approved amount under the cumulative limits (cut to what is left, each cut a line of the
 * explanation) and then into its pool. A pool that cannot take the whole cut amount refuses it: the
 * officer decides whether a lower amount that fits is right, the system does not pick one.
 */
export function fitAward(award: AwardExplanation, limits: readonly CumulativeLimit[], priorByKey: Record<string, string>, pool: PoolStanding | null): Fit {
  const fitted = applyCumulativeLimits(award, [...limits], priorByKey);
  const amount = BigInt(fitted.amountFen);
  if (amount === 0n && BigInt(award.amountFen) > 0n) {
    const limit = limits.find((l) => BigInt(priorByKey[l.key] ?? '0') >= BigInt(l.capFen))!;
    return { ok: false, short: 'limit', limit, priorFen: BigInt(priorByKey[limit.key] ?? '0') };
  }
  if (pool !== null) {
    const available = pool.totalFen - pool.heldFen;
    if (amount > available) return { ok: false, short: 'pool', availableFen: available > 0n ? available : 0n, askedFen: amount };
  }
  const cuts = fitted.cuts.slice(award.cuts.length).map((c) => ({ toFen: c.toFen, reason: c.reason }));
  return { ok: true, amountFen: amount, award: fitted, cuts };
}

/** The line a limit refusal shows when nothing at all is left under it. */
export function limitReachedText(limit: CumulativeLimit, priorFen: Fen): { zh: string; en: string } {
  const cap = BigInt(limit.capFen);
  return {
    zh: `${limit.label.zh}:上限 ${formatYuan(cap)},此前已获 ${formatYuan(priorFen)},已无余额,不能再予资助;可不予通过`,
    en: `${limit.label.en}: cap ${formatYuanEn(cap)}, ${formatYuanEn(priorFen)} already awarded, nothing is left; reject the application`,
  };
}
