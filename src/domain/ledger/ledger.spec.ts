import fc from 'fast-check';
import { zeroAward, type AwardExplanation } from '../award';
import type { CumulativeLimit } from '../assess';
import { caseAward, fitAward, funderShares, limitTotals, paidBy, poolHeld, projectTotal, sharesOf, type Movement } from './ledger';

const award = (fen: bigint): AwardExplanation => ({ ...zeroAward('rateOfBase', { zh: '测算', en: 'computed' }), amountFen: fen.toString() });
const perEnterprise: CumulativeLimit = {
  key: 'm10|org:org-1',
  scope: 'applicant',
  capFen: '300000000',
  label: { zh: '单家企业累计资助上限', en: 'cap per enterprise across all its applications' },
};

describe('the co-funding split by treasury', () => {
  it('adds up to the award exactly, follows the ratio within one fen, and gives the odd fen to the city', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999_999_999n }), fc.integer({ min: 0, max: 10_000 }), (total, bp) => {
        const [city, district] = sharesOf(total, { districtBureau: 'district:nanshan', districtShareBp: bp });
        expect(city!.funder).toBe('city');
        expect(district!.funder).toBe('district:nanshan');
        expect(city!.amountFen + district!.amountFen).toBe(total);
        // |district × 10000 − total × bp| < 10000: within one fen of the exact share.
        const exact = total * BigInt(bp);
        const diff = district!.amountFen * 10_000n - exact;
        expect(diff <= 0n && diff > -10_000n).toBe(true);
        if (bp === 5000) expect(city!.amountFen - district!.amountFen).toBe(total % 2n);
      }),
    );
  });

  it('pays all of an award that is not co-funded from the city treasury', () => {
    expect(sharesOf(12_345n, null)).toEqual([{ funder: 'city', amountFen: 12_345n }]);
  });
});

describe('fitting an approval under the limits and the pool', () => {
  it('cuts to what is left under a cap, with the cut as a bilingual line of the explanation', () => {
    const fit = fitAward(award(200_000_000n), [perEnterprise], { [perEnterprise.key]: '250000000' }, null);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.amountFen).toBe(50_000_000n);
    expect(fit.cuts).toEqual([{ toFen: '50000000', reason: expect.objectContaining({ code: 'limit.applicant' }) }]);
    expect(fit.award.lines.at(-1)).toEqual({
      zh: '由 2,000,000.00 元 核减为 500,000.00 元:单家企业累计资助上限:上限 3,000,000.00 元,此前已获 2,500,000.00 元,尚余 500,000.00 元',
      en: 'Reduced from CNY 2,000,000.00 to CNY 500,000.00: cap per enterprise across all its applications: cap CNY 3,000,000.00, CNY 2,500,000.00 already awarded, CNY 500,000.00 left',
    });
  });

  it('refuses, naming the limit, when nothing is left under it', () => {
    const fit = fitAward(award(100n), [perEnterprise], { [perEnterprise.key]: '300000000' }, null);
    expect(fit).toEqual({
      ok: false,
      short: 'limit',
      limit: perEnterprise,
      priorFen: 300_000_000n,
      exhausted: [{ limit: perEnterprise, priorFen: 300_000_000n }],
    });
  });

  it('names every limit with nothing left at once, not only the first', () => {
    const project = { key: 'project|o|p', scope: 'project' as const, capFen: '1000', label: { zh: '审计投资额', en: 'audited investment' } };
    const roomy = { key: 'm10|org:o|year:2025', scope: 'applicantYear' as const, capFen: '999999', label: { zh: '年度上限', en: 'yearly cap' } };
    const fit = fitAward(award(100n), [perEnterprise, roomy, project], { [perEnterprise.key]: '300000001', [project.key]: '1000' }, null);
    expect(fit).toMatchObject({ ok: false, short: 'limit', limit: perEnterprise });
    if (fit.ok || fit.short !== 'limit') return;
    expect(fit.exhausted.map((x) => [x.limit.key, x.priorFen])).toEqual([
      [perEnterprise.key, 300_000_001n],
      [project.key, 1000n],
    ]);
  });

  it('refuses what the pool cannot cover after the cuts, with what remains, and takes what fits', () => {
    const pool = { code: 'm2', year: 2025, totalFen: 1_000n, heldFen: 900n };
    expect(fitAward(award(101n), [], {}, pool)).toEqual({ ok: false, short: 'pool', poolCode: 'm2', availableFen: 100n, askedFen: 101n });
    expect(fitAward(award(100n), [], {}, pool)).toMatchObject({ ok: true, amountFen: 100n, cuts: [] });
    // The cut comes first: 150 asked, 100 left under the cap, and the pool has 100.
    const capped = fitAward(award(150n), [{ ...perEnterprise, capFen: '100' }], {}, pool);
    expect(capped).toMatchObject({ ok: true, amountFen: 100n });
  });

  it('draws a co-funded award from the city pool for the city share and the district pool for the district share', () => {
    const city = { code: 'm10-city', year: 2025, totalFen: 1_000n, heldFen: 0n };
    const district = { pool: { code: 'm10-nanshan', year: 2025, totalFen: 300n, heldFen: 100n }, districtShareBp: 5000 };
    // 401: 201 to the city, 200 to the district, which has exactly 200 left.
    expect(fitAward(award(401n), [], {}, city, district)).toMatchObject({ ok: true, amountFen: 401n });
    // 403: the district's 201 does not fit; at most 401 fits both (an odd fen goes to the city).
    expect(fitAward(award(403n), [], {}, city, district)).toEqual({
      ok: false,
      short: 'pool',
      poolCode: 'm10-nanshan',
      availableFen: 200n,
      askedFen: 201n,
      atMostFen: 401n,
    });
    // The city pool is asked for its share only, and the largest award is what both pools take.
    expect(fitAward(award(401n), [], {}, { ...city, heldFen: 900n }, district)).toEqual({
      ok: false,
      short: 'pool',
      poolCode: 'm10-city',
      availableFen: 100n,
      askedFen: 201n,
      atMostFen: 200n,
    });
    // No city pool (measure 10 in the real pack): only the district pool can refuse.
    expect(fitAward(award(401n), [], {}, null, district)).toMatchObject({ ok: true, amountFen: 401n });
  });

  it('finds the largest award both pools take, for any ratio and balances', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        fc.bigInt({ min: 0n, max: 10_000_000n }),
        (asked, bp, cityLeft, districtLeft) => {
          const city = { code: 'c', year: 2025, totalFen: cityLeft, heldFen: 0n };
          const district = { pool: { code: 'd', year: 2025, totalFen: districtLeft, heldFen: 0n }, districtShareBp: bp };
          const fit = fitAward(award(asked), [], {}, city, district);
          if (fit.ok) return;
          expect(fit.short).toBe('pool');
          if (fit.short !== 'pool') return;
          const most = fit.atMostFen!;
          expect(most < asked).toBe(true);
          expect(fitAward(award(most), [], {}, city, district).ok || most === 0n).toBe(true);
          expect(fitAward(award(most + 1n), [], {}, city, district).ok).toBe(false);
        },
      ),
    );
  });
});

describe('balances derived from the ledger', () => {
  const base = { poolId: 'p1', projectKey: 'org-1|proj', limitKeys: ['m10|org:org-1'] };
  const rows: Movement[] = [
    { ...base, caseId: 'a', kind: 'reserve', funder: 'city', amountFen: 1_000n },
    { ...base, caseId: 'a', kind: 'split', funder: 'city', amountFen: 500n },
    { ...base, caseId: 'a', kind: 'split', funder: 'district:nanshan', amountFen: 500n },
    { ...base, caseId: 'a', kind: 'commit', funder: 'city', amountFen: 500n },
    { ...base, caseId: 'a', kind: 'pay', funder: 'city', amountFen: 500n },
    { ...base, caseId: 'a', kind: 'cancel', funder: 'district:nanshan', amountFen: 500n },
    { ...base, caseId: 'b', kind: 'reserve', funder: 'city', amountFen: 300n },
    { ...base, caseId: 'a', poolId: null, kind: 'claw_back', funder: 'city', amountFen: 200n },
  ];

  it('sums each kind the way it counts', () => {
    expect(caseAward(rows, 'a')).toBe(300n);
    expect(caseAward(rows, 'b')).toBe(300n);
    // The claw-back after the year closed is not given back to the pool.
    expect(poolHeld(rows, 'p1')).toBe(800n);
    expect(projectTotal(rows, 'org-1|proj')).toBe(600n);
    expect(limitTotals(rows, ['m10|org:org-1', 'other'])).toEqual({ 'm10|org:org-1': '600', other: '0' });
    expect(funderShares(rows, 'a')).toEqual({ city: 300n, 'district:nanshan': 0n });
    expect(paidBy(rows, 'a', 'city')).toBe(500n);
  });
});
