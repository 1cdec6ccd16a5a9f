import { fixedClock } from '../../src/common/clock';
import { approveUntilFinal, officerOf, readCase, waitForAssessment, yuan, type CaseBody } from '../support/approve';
import { SHENZHEN, RECEIPT_IN_WINDOW } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { SUBTYPE_FIXTURES, type SubtypeFixture } from '../support/subtype-fixtures';

interface CatalogSubtype {
  code: string;
  filedBy: string;
  pool: { code: string } | null;
  routing: { lead: { code: string } };
}
interface CatalogMeasure {
  code: string;
  acceptsApplications: boolean;
  subtypes: CatalogSubtype[];
}

/**
 * Acceptance: an application for each Shenzhen sub-type goes through the real API and workflow
 * (real PostgreSQL, a real Temporal dev server, the in-process worker), and its award is the one
 * worked out by hand from the policy text. Approval follows whatever tasks the case shows.
 */
describe('every Shenzhen sub-type, end to end', () => {
  let h: Harness;
  let catalog: CatalogMeasure[];
  const approved = new Map<string, CaseBody>();

  beforeAll(async () => {
    h = await startHarness({ clock: fixedClock(RECEIPT_IN_WINDOW) });
    const res = await h.http.get(`/catalog/packs/${SHENZHEN}/measures`);
    expect(res.status).toBe(200);
    catalog = (res.body as { items: CatalogMeasure[] }).items;
  });
  afterAll(async () => {
    await h?.close();
  });

  const auth = (user: string): { Authorization: string } => h.auth(user);
  const submit = async (applicant: string, f: SubtypeFixture, form: Record<string, unknown>): Promise<string> => {
    const res = await h.http.post('/cases').set(auth(applicant)).send({ packId: SHENZHEN, measureCode: f.measureCode, subtypeCode: f.subtypeCode, form });
    if (res.status !== 201) throw new Error(`submitting ${f.subtypeCode} as ${applicant}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as CaseBody).id;
  };

  it('has a hand-written fixture for exactly the sub-types that take applications', () => {
    const taking = catalog
      .filter((m) => m.acceptsApplications)
      .flatMap((m) => m.subtypes.filter((s) => s.filedBy === 'applicant').map((s) => `${m.code}/${s.code}`));
    expect(SUBTYPE_FIXTURES.map((f) => `${f.measureCode}/${f.subtypeCode}`).sort()).toEqual([...taking].sort());
    expect(taking).toHaveLength(29);
    // Measure 13's evaluation rewards come from the key-lab lifecycle only.
    expect(catalog.flatMap((m) => m.subtypes.filter((s) => s.filedBy === 'lifecycle').map((s) => s.code))).toEqual(['m13-eval']);
    expect(catalog.filter((m) => !m.acceptsApplications).map((m) => m.code)).toEqual(['m1', 'm16']);
  });

  it.each(SUBTYPE_FIXTURES.map((f) => [f.subtypeCode, f] as const))(
    '%s: a valid application is assessed as worked out by hand and approved',
    async (_code, f) => {
      const id = await submit(f.applicant, f, f.form);
      const assessed = await waitForAssessment(h, f.applicant, id);
      expect({ status: assessed.status, ineligibility: assessed.ineligibility }).toEqual({ status: 'in_review', ineligibility: [] });
      expect(assessed.packVersion).toBe(1);

      // The explanation the applicant reads: the amount, and for a rate the base, rate, raw product and cap.
      const award = assessed.award!;
      expect(assessed.computedAwardFen).toBe(f.awardFen);
      expect(award.amountFen).toBe(f.awardFen);
      const en = award.lines.map((l) => l.en).join('\n');
      const zh = award.lines.map((l) => l.zh).join('\n');
      expect(en).toContain(`CNY ${yuan(f.awardFen)}`);
      expect(zh).toContain(`${yuan(f.awardFen)} 元`);
      if (f.rate) {
        expect(award).toMatchObject({ baseFen: f.rate.baseFen, rateBp: f.rate.rateBp, rawFen: f.rate.rawFen, capFen: f.rate.capFen, capped: f.rate.capped });
        const pct = `${f.rate.rateBp / 100}%`;
        for (const fen of [f.rate.baseFen, f.rate.rawFen, ...(f.rate.capFen ? [f.rate.capFen] : [])]) {
          expect(en).toContain(`CNY ${yuan(fen)}`);
          expect(zh).toContain(`${yuan(fen)} 元`);
        }
        expect(en).toContain(pct);
        expect(zh).toContain(pct);
      }

      // The officer of the lead bureau sees the same explanation.
      const lead = catalog.find((m) => m.code === f.measureCode)!.subtypes.find((s) => s.code === f.subtypeCode)!.routing.lead.code;
      expect(assessed.routing?.lead).toBe(lead);
      expect((await readCase(h, officerOf(lead), id)).award).toEqual(award);

      const { case: final, decided } = await approveUntilFinal(h, f.applicant, id);
      expect(final.status).toBe('approved');
      expect(final.approvedAwardFen).toBe(f.awardFen);
      expect(decided.map((d) => d.bureauCode)).toContain(lead);
      // Whoever reviewed is one of the bureaus the case was routed to.
      const routed = [assessed.routing!.lead, ...assessed.routing!.coReviewers, ...(assessed.routing!.district ? [assessed.routing!.district] : [])];
      expect(decided.filter((d) => !routed.includes(d.bureauCode))).toEqual([]);
      approved.set(f.subtypeCode, final);
    },
  );

  it.each(SUBTYPE_FIXTURES.map((f) => [f.subtypeCode, f] as const))(
    '%s: an ineligible application is refused with the reason the applicant reads',
    async (_code, f) => {
      const bad = f.ineligible;
      const id = await submit(bad.applicant, f, bad.form);
      const c = await waitForAssessment(h, bad.applicant, id);
      expect(c.status).toBe('refused');
      expect(c.ineligibility).toEqual([{ code: bad.reasonCode, zh: expect.stringMatching(/\S/), en: expect.stringMatching(bad.reasonEn) }]);
      expect(c.decisionReason).toContain(c.ineligibility[0]!.en);
      expect(c.approvedAwardFen).toBeNull();
      expect(c.computedAwardFen).toBe('0');
      expect(c.tasks).toEqual([]);
    },
  );

  it('holds the approved awards in this year’s pools, and nothing for the refused ones', async () => {
    const poolOf = new Map(catalog.flatMap((m) => m.subtypes.map((s) => [s.code, s.pool?.code ?? null] as const)));
    const expected = new Map<string, bigint>();
    for (const f of SUBTYPE_FIXTURES) {
      const pool = poolOf.get(f.subtypeCode);
      if (pool && approved.has(f.subtypeCode)) expected.set(pool, (expected.get(pool) ?? 0n) + BigInt(f.awardFen));
    }
    // m2 199,999,999; m3a + m3b 200,000,000 + 80,000,000; m4 36,000,000; m5 150,000,001 + 1,000,000,000;
    // m6 180,000,000; m9 800,000,000 + 300,000,000 + 60,000,000 + 2,500,000,000 + 3,000,000,000.
    expect(Object.fromEntries([...expected].map(([k, v]) => [k, v.toString()]))).toEqual({
      'm2-training-voucher': '199999999',
      'm3-corpus-voucher': '280000000',
      'm4-model-voucher': '36000000',
      'm5-industry-application': '1150000001',
      'm6-gov-scenarios': '180000000',
      'm9-research': '6660000000',
    });
    const res = await h.http.get(`/catalog/packs/${SHENZHEN}/pools`).set(auth('admin'));
    expect(res.status).toBe(200);
    const pools = res.body.items as { code: string; totalFen: string; reservedFen: string; availableFen: string }[];
    for (const p of pools) {
      const held = expected.get(p.code) ?? 0n;
      expect({ pool: p.code, reservedFen: p.reservedFen, availableFen: p.availableFen }).toEqual({
        pool: p.code,
        reservedFen: held.toString(),
        availableFen: (BigInt(p.totalFen) - held).toString(),
      });
    }
  });
});
