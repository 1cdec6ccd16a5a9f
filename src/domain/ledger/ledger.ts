// The money ledger's arithmetic: what each kind of movement does to a case's award, its pool, its
// project and its cumulative limits, and how a final approval is fitted under them. Plain TypeScript
// (bigint fen), so the workflow bundle may carry it; the repository stores rows and sums the same way.
import { applyCumulativeLimits, type CumulativeLimit } from '../assess';
import type { AwardExplanation, Reason } from '../award';
import { splitCoFunding, type Fen } from '../fen';
import { LIMIT_SENTENCES } from '../words/limits';

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

/** A co-funded award's draw on its district's own pool: the district's share, by the pack's ratio. */
export interface DistrictDraw {
  pool: PoolStanding;
  districtShareBp: number;
}

export type Fit =
  | { ok: true; amountFen: Fen; award: AwardExplanation; cuts: { toFen: string; reason: Reason }[] }
  /**
   * `askedFen` is what the short pool was asked for: the whole award, or its treasury's share when a
   * district pool holds the district's; then `atMostFen` is the largest award both pools could take.
   */
  | { ok: false; short: 'pool'; poolCode: string; availableFen: Fen; askedFen: Fen; atMostFen?: Fen }
  /** `exhausted`: every limit with nothing left (the first is `limit`), so one refusal names them all. */
  | { ok: false; short: 'limit'; limit: CumulativeLimit; priorFen: Fen; exhausted: { limit: CumulativeLimit; priorFen: Fen }[] };

const leftIn = (p: PoolStanding): Fen => (p.totalFen > p.heldFen ? p.totalFen - p.heldFen : 0n);

/**
 * Fits an approved amount under the cumulative limits (cut to what is left, each cut a line of the
 * explanation) and then into its pools: the city pool takes the whole award, or only the city share
 * when `district` names the district's pool, which takes the district share. A pool that cannot take
 * its part refuses the award: the officer decides whether a lower amount that fits is right.
 */
export function fitAward(
  award: AwardExplanation,
  limits: readonly CumulativeLimit[],
  priorByKey: Record<string, string>,
  pool: PoolStanding | null,
  district: DistrictDraw | null = null,
): Fit {
  const fitted = applyCumulativeLimits(award, [...limits], priorByKey);
  const amount = BigInt(fitted.amountFen);
  if (amount === 0n && BigInt(award.amountFen) > 0n) {
    const exhausted = limits.map((limit) => ({ limit, priorFen: BigInt(priorByKey[limit.key] ?? '0') })).filter((x) => x.priorFen >= BigInt(x.limit.capFen));
    return { ok: false, short: 'limit', limit: exhausted[0]!.limit, priorFen: exhausted[0]!.priorFen, exhausted };
  }
  const split = district === null ? { cityFen: amount, districtFen: 0n } : splitCoFunding(amount, district.districtShareBp);
  const draws: [PoolStanding | null, Fen][] = [
    [pool, split.cityFen],
    [district?.pool ?? null, split.districtFen],
  ];
  for (const [p, need] of draws) {
    if (p === null || need <= p.totalFen - p.heldFen) continue;
    const short = { ok: false as const, short: 'pool' as const, poolCode: p.code, availableFen: leftIn(p), askedFen: need };
    return district === null ? short : { ...short, atMostFen: largestFitting(amount, pool, district) };
  }
  const cuts = fitted.cuts.slice(award.cuts.length).map((c) => ({ toFen: c.toFen, reason: c.reason }));
  return { ok: true, amountFen: amount, award: fitted, cuts };
}

/** The line a limit refusal shows when nothing at all is left under it. */
export function limitReachedText(limit: CumulativeLimit, priorFen: Fen): { zh: string; en: string } {
  return LIMIT_SENTENCES.nothingLeftReject(limit.label, BigInt(limit.capFen), priorFen);
}

/** The largest award up to `amount` whose city and district shares both fit their pools (each share grows with the award). */
function largestFitting(amount: Fen, city: PoolStanding | null, district: DistrictDraw): Fen {
  const fits = (t: Fen): boolean => {
    const s = splitCoFunding(t, district.districtShareBp);
    return s.districtFen <= leftIn(district.pool) && (city === null || s.cityFen <= leftIn(city));
  };
  let lo = 0n;
  let hi = amount;
  while (lo < hi) {
    const mid = (lo + hi + 1n) / 2n;
    if (fits(mid)) lo = mid;
    else hi = mid - 1n;
  }
  return lo;
}

/** The pool holding a district's share of a co-funded sub-type, if the pack gives that district one. */
export function districtPoolOf<P extends { code: string; subtypes: readonly string[]; funder?: string }>(
  pools: readonly P[],
  subtypeCode: string,
  districtBureau: string,
): P | null {
  return pools.find((p) => p.funder === districtBureau && p.subtypes.includes(subtypeCode)) ?? null;
}
