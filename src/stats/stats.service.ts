import { Inject, Injectable } from '@nestjs/common';
import { packVersionNearest, type LocalizedText } from '../domain';
import { maySeeStatsOf, type Actor } from '../domain/access';
import { CITY_FUNDER } from '../domain/pack/schema';
import { budgetYear, budgetYearsOf, zoneOffsetMs } from '../domain/time';
import { CLOCK, type Clock } from '../common/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { PackRepository } from '../database/pack.repository';
import type { Principal } from '../domain/access';
import { AGE_BUCKETS, type AgeBucket, type BureauStats, type PoolStats } from './stats.dto';
import { bureauKey, StatsRepository, type BureauKey } from './stats.repository';
import { REQUEST_SENTENCES as S } from '../domain/words/validation';

/** Task ages and decision months are read on the city's calendar. */
const BEIJING = 'Asia/Shanghai';

const actorOf = (p: Principal): Pick<Actor, 'role' | 'bureauCode' | 'jurisdictionId'> => ({
  role: p.role,
  bureauCode: p.bureauCode,
  jurisdictionId: p.jurisdictionId,
});

export function ageBucket(days: number): AgeBucket {
  if (days <= 2) return '0-2';
  if (days <= 7) return '3-7';
  if (days <= 14) return '8-14';
  if (days <= 30) return '15-30';
  return '31+';
}

/** The instant a local calendar month begins in `timeZone` (month 13 is January of the next year). */
export function monthStart(year: number, month: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, 1);
  return new Date(wall - zoneOffsetMs(wall, timeZone));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Figures behind the supervisors' and admins' charts. */
@Injectable()
export class StatsService {
  constructor(
    private readonly rows: StatsRepository,
    private readonly packs: PackRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Each pool's budget and, per month of the year, what approved awards hold, what was paid and what is in review. */
  async pools(user: Principal, packId: string, year: number | undefined, now = this.clock.now()): Promise<PoolStats> {
    const { pack } = await this.packs.pack(packId);
    // A supervisor outside the policy's bureaus learns nothing of it, not even that it exists.
    if (!maySeeStatsOf(actorOf(user), await this.rows.packBureaus(packId))) throw new NotFoundError('packId', `no policy pack ${packId}`);
    const years = budgetYearsOf(new Date(pack.validity.from), new Date(pack.validity.to), pack.timezone);
    const first = years[0]!;
    const last = years[years.length - 1]!;
    const thisYear = budgetYear(now, pack.timezone);
    const y = year ?? Math.min(Math.max(thisYear, first), last);
    if (!years.includes(y))
      throw new ValidationError([{ path: 'query.year', message: S.budgetYears(first, last, y).en, zh: S.budgetYears(first, last, y).zh }]);
    // A past year shows all twelve months; the current one up to this month; a future one only January.
    const monthCount = y < thisYear ? 12 : y > thisYear ? 1 : Number(new Date(now.getTime() + zoneOffsetMs(now.getTime(), pack.timezone)).getUTCMonth()) + 1;
    const ends = Array.from({ length: monthCount }, (_, i) => monthStart(y, i + 2, pack.timezone));

    const rules = packVersionNearest(pack, now);
    const stored = new Map((await this.rows.pools(packId, y)).map((p) => [p.code, p.totalFen]));
    const defined = rules.pools.filter((p) => stored.has(p.code));
    // Cases under review are exposure of the city pool of their sub-type (a district pool holds a share only once approved).
    const poolOfSubtype = new Map<string, string>();
    for (const p of defined) if ((p.funder ?? CITY_FUNDER) === CITY_FUNDER) for (const s of p.subtypes) poolOfSubtype.set(s, p.code);
    const [movements, exposure] = await Promise.all([
      this.rows.poolMovements(packId, y, pack.timezone),
      this.rows.exposure(packId, y, [...poolOfSubtype.keys()], ends),
    ]);

    const items = defined.map((p) => {
      const held = Array<bigint>(monthCount).fill(0n);
      const paid = Array<bigint>(monthCount).fill(0n);
      const review = Array<bigint>(monthCount).fill(0n);
      for (const m of movements) {
        if (m.code !== p.code) continue;
        // A movement after the shown months (a future-dated row) counts in the last one shown.
        const i = Math.min(m.month, monthCount) - 1;
        held[i]! += m.heldFen;
        paid[i]! += m.paidFen;
      }
      for (const e of exposure) if (poolOfSubtype.get(e.subtypeCode) === p.code) review[e.month - 1]! += e.fen;
      let h = 0n;
      let pd = 0n;
      const months = held.map((_, i) => {
        h += held[i]!;
        pd += paid[i]!;
        return {
          month: `${y}-${pad(i + 1)}`,
          reservedFen: (h > 0n ? h : 0n).toString(),
          paidFen: (pd > 0n ? pd : 0n).toString(),
          inReviewFen: review[i]!.toString(),
        };
      });
      return { code: p.code, name: p.name, funder: p.funder ?? CITY_FUNDER, totalFen: stored.get(p.code)!.toString(), months };
    });
    return { packId: pack.id, year: y, budgetYears: years, items };
  }

  /** Open tasks by age and decision times per month: a supervisor's own bureau, or every bureau with figures for an admin. */
  async bureaus(user: Principal, year: number | undefined, now = this.clock.now()): Promise<BureauStats> {
    const only = user.role === 'admin' || user.bureauCode === null ? null : { jurisdictionId: user.jurisdictionId, bureauCode: user.bureauCode };
    if (user.role !== 'admin' && (only === null || !maySeeStatsOf(actorOf(user), { jurisdictionId: only.jurisdictionId, bureauCodes: [only.bureauCode] })))
      throw new ForbiddenError(null, 'only supervisors (of their own bureau) and administrators see bureau figures');
    const y = year ?? budgetYear(now, BEIJING);
    const [open, decided] = await Promise.all([
      this.rows.openTasks(only, now),
      this.rows.decisions(only, monthStart(y, 1, BEIJING), monthStart(y, 13, BEIJING), BEIJING),
    ]);
    const byKey = new Map<string, BureauKey>();
    for (const k of [...(only === null ? [] : [only]), ...open, ...decided])
      byKey.set(bureauKey(k), { jurisdictionId: k.jurisdictionId, bureauCode: k.bureauCode });
    const keys = [...byKey.keys()].sort().map((k) => byKey.get(k)!);
    const names = await this.rows.bureauNames(keys);
    const items = keys.map((key) => {
      const code = key.bureauCode;
      const same = (r: BureauKey): boolean => bureauKey(r) === bureauKey(key);
      const counts = new Map<AgeBucket, number>(AGE_BUCKETS.map((b) => [b, 0]));
      for (const r of open) if (same(r)) counts.set(ageBucket(r.ageDays), counts.get(ageBucket(r.ageDays))! + r.count);
      return {
        jurisdictionId: key.jurisdictionId,
        bureauCode: code,
        name: (names.get(bureauKey(key)) as LocalizedText | undefined) ?? { zh: code, en: code },
        openTasks: AGE_BUCKETS.map((bucket) => ({ bucket, count: counts.get(bucket)! })),
        decisions: decided.filter(same).map(({ month, decided: n, medianDays, p90Days }) => ({ month, decided: n, medianDays, p90Days })),
      };
    });
    return { year: y, items };
  }
}
