import fc from 'fast-check';
import shenzhenJson from '../../seeds/packs/shenzhen-ai-pioneer-2024.json';
import nantongJson from '../../seeds/packs/nantong-general-ai-2024.json';
import {
  applyCumulativeLimits,
  applyCut,
  assessApplication,
  packVersionAt,
  parsePolicyPack,
  resolveBp,
  resolveFen,
  splitCoFunding,
  type ApplicantProfile,
  type PackRules,
  type Subtype,
} from './index';

const packs = [parsePolicyPack(shenzhenJson), parsePolicyPack(nantongJson)];
const RECEIVED = '2025-06-01T10:00:00+08:00';
const allRules = packs.map((p) => packVersionAt(p, new Date(RECEIVED)));

interface Case {
  rules: PackRules;
  measureCode: string;
  subtype: Subtype;
}
const cases: Case[] = allRules.flatMap((rules) => rules.measures.flatMap((m) => m.subtypes.map((subtype) => ({ rules, measureCode: m.code, subtype }))));

/** A form value the field accepts, drawn from a generator for its type. */
function arbField(f: Subtype['form'][number], fenArb: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'fen':
      return fenArb;
    case 'integer':
      return fc.integer({ min: f.min ?? 0, max: f.max ?? 1_000_000 });
    case 'text':
    case 'document':
      return fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '');
    case 'date':
      return fc.constantFrom('2020-01-01', '2024-12-31', '2025-05-31', '2025-06-01', '2025-06-02');
    case 'yearMonth':
      return fc.constantFrom('2024-12', '2025-06');
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...f.options.map((o) => o.value));
  }
}

const fenArb = fc
  .oneof(fc.bigInt({ min: 1n, max: 10_000n }), fc.bigInt({ min: 1n, max: 100_000_000_000n }), fc.bigInt({ min: 1n, max: 999_999_999_999_999_999n }))
  .map((b) => b.toString());

function arbForm(s: Subtype): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of s.form) shape[f.name] = arbField(f, fenArb);
  return fc.record(shape, { requiredKeys: s.form.filter((f) => f.required).map((f) => f.name) });
}

const arbApplicant: fc.Arbitrary<ApplicantProfile> = fc.record({
  organisationId: fc.constantFrom('o1', 'o2'),
  kind: fc.constantFrom('enterprise', 'university', 'institute', 'data_source_unit', 'park_operator', 'lab', 'other'),
  isStartup: fc.boolean(),
  district: fc.constantFrom('nanshan', 'innovation-zone', null, 'gotham'),
  registeredOn: fc.constantFrom('2021-06-01', '2024-12-01', null),
});

describe('award invariants over every sub-type of both packs', () => {
  it.each(cases.map((c) => [`${c.rules.packId} ${c.subtype.code}`, c] as const))(
    '%s: never negative, never above its cap, never above rate × base',
    (_name, c) => {
      fc.assert(
        fc.property(arbForm(c.subtype), arbApplicant, (form, applicant) => {
          const a = assessApplication(c.rules, { measureCode: c.measureCode, subtypeCode: c.subtype.code, form, applicant, receivedAt: RECEIVED });
          const amount = BigInt(a.award.amountFen);
          expect(amount >= 0n).toBe(true);
          if (!a.eligible) expect(amount).toBe(0n);
          if (a.award.capFen !== null) expect(amount <= BigInt(a.award.capFen)).toBe(true);
          if (a.award.rawFen !== null) expect(amount <= BigInt(a.award.rawFen)).toBe(true);
          const rule = c.subtype.award;
          if (rule.kind === 'rateOfBase' && a.award.baseFen !== null && a.award.rateBp !== null) {
            const base = BigInt(a.award.baseFen);
            expect(amount * 10_000n <= base * BigInt(a.award.rateBp)).toBe(true);
            const allowed = [resolveBp(c.rules, rule.rateBp), ...rule.rateOverrides.map((o) => resolveBp(c.rules, o.rateBp))];
            expect(allowed).toContain(a.award.rateBp);
            if (rule.capFen !== null) expect(a.award.capFen).toBe(resolveFen(c.rules, rule.capFen).toString());
          }
          if (a.coFunding !== null) {
            expect(BigInt(a.coFunding.cityFen) + BigInt(a.coFunding.districtFen)).toBe(amount);
          }
          expect(JSON.parse(JSON.stringify(a))).toEqual(a);
        }),
        { numRuns: 150 },
      );
    },
  );
});

describe('co-funding split', () => {
  it('always adds up exactly, and the city never gets less when the split is even', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999_999_999_999_999_999n }), fc.integer({ min: 0, max: 10_000 }), (total, bp) => {
        const s = splitCoFunding(total, bp);
        expect(s.cityFen + s.districtFen).toBe(total);
        expect(s.districtFen >= 0n && s.cityFen >= 0n).toBe(true);
        expect(s.districtFen * 10_000n <= total * BigInt(bp)).toBe(true);
        if (bp === 5000) expect(s.cityFen - s.districtFen === 0n || s.cityFen - s.districtFen === 1n).toBe(true);
      }),
    );
  });
});

describe('cuts and cumulative limits', () => {
  const rules = allRules[0] as PackRules;
  const base = assessApplication(rules, {
    measureCode: 'm3',
    subtypeCode: 'm3b',
    form: {
      datasetName: 'd',
      datasetId: 'x',
      usageYear: 2025,
      annualUsageCount: 1,
      meetsScaleQuality: true,
      meetsUpdateFrequency: true,
      meetsApplicationEffect: true,
      usageReport: 'r',
    },
    applicant: { organisationId: 'o', kind: 'data_source_unit', isStartup: false, district: null, registeredOn: null },
    receivedAt: RECEIVED,
  });

  it('never raise an award, and keep the total under the cap', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 300_000_000n }), (prior) => {
        const key = base.limits[0]?.key ?? '';
        const cut = applyCumulativeLimits(base.award, base.limits, { [key]: prior.toString() });
        const amount = BigInt(cut.amountFen);
        expect(amount <= BigInt(base.award.amountFen)).toBe(true);
        expect(amount >= 0n).toBe(true);
        expect(prior + amount <= 100_000_000n || amount === 0n).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 200_000_000n }), (n) => {
        const reason = { code: 'x', zh: 'x', en: 'x' };
        if (n > BigInt(base.award.amountFen)) expect(() => applyCut(base.award, n, reason)).toThrow(RangeError);
        else expect(applyCut(base.award, n, reason).amountFen).toBe(n.toString());
      }),
    );
  });
});
