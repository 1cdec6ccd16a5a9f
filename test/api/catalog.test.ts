import { startApiApp, type ApiApp } from '../support/api-app';
import { loadPackFiles } from '../../seeds/seed';
import { m2Form, SHENZHEN } from '../support/fixtures';

const NANTONG = 'nantong-general-ai-2024';
// 本措施自2024年12月18日起施行,有效期2年 (Asia/Shanghai, end exclusive).
const SZ_FROM = '2024-12-18T00:00:00+08:00';
const SZ_TO = '2026-12-18T00:00:00+08:00';

interface Localized {
  zh: string;
  en: string;
}
interface Bureau {
  code: string;
  name: Localized;
}
interface Subtype {
  code: string;
  applicants: { kind: string; label: Localized }[];
  award: {
    kind: string;
    text: Localized;
    rateBp: number | null;
    rateOverrides: { rateBp: number; label: Localized }[];
    capFen: string | null;
    amountFen: string | null;
    tiers: { value: string; amountFen: string }[] | null;
    officerSet: boolean;
  };
  pool: { code: string; annualFen: string } | null;
  routing: { lead: Bureau; coReviewers: Bureau[]; districtReview: boolean };
  coFunding: { districtShareBp: number } | null;
  eligibility: { code: string; zh: string; en: string }[];
  limits: { scope: string; capFen: string }[];
  formPath: string;
}
interface Measure {
  number: number;
  code: string;
  bureaus: Bureau[];
  acceptsApplications: boolean;
  refusal: Localized | null;
  subtypes: Subtype[];
}
interface JsonSchema {
  type: string;
  title: string;
  required: string[];
  additionalProperties: boolean;
  properties: Record<string, { type?: string; pattern?: string; enum?: string[]; title?: string }>;
}

describe('the catalog', () => {
  let api: ApiApp;
  beforeAll(async () => {
    // The catalog shows the packs exactly as published, so the real windows here.
    api = await startApiApp({}, loadPackFiles());
  });
  afterAll(async () => {
    await api?.close();
  });
  const bearer = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });

  async function measures(packId = SHENZHEN): Promise<Measure[]> {
    const res = await api.http.get(`/catalog/packs/${packId}/measures`);
    expect(res.status).toBe(200);
    return (res.body as { items: Measure[] }).items;
  }
  const measure = async (code: string): Promise<Measure> => {
    const m = (await measures()).find((x) => x.code === code);
    if (!m) throw new Error(`the catalog lists no measure ${code}`);
    return m;
  };
  const subtype = async (measureCode: string, code: string): Promise<Subtype> => {
    const s = (await measure(measureCode)).subtypes.find((x) => x.code === code);
    if (!s) throw new Error(`the catalog lists no sub-type ${code}`);
    return s;
  };

  describe('packs (public)', () => {
    it('lists both packs with their validity, intake state and rule versions, without a token', async () => {
      const res = await api.http.get('/catalog/packs');
      expect(res.status).toBe(200);
      const items = (
        res.body as {
          items: {
            id: string;
            validity: { from: string; to: string };
            intakeOpen: boolean;
            versions: { version: number; effectiveFrom: string }[];
            currentVersion: number | null;
            measureCount: number;
          }[];
        }
      ).items;
      expect(items.map((p) => p.id).sort()).toEqual([NANTONG, SHENZHEN]);
      const sz = items.find((p) => p.id === SHENZHEN)!;
      expect(sz.validity).toEqual({ from: SZ_FROM, to: SZ_TO });
      expect(sz.versions).toEqual([expect.objectContaining({ version: 1, effectiveFrom: SZ_FROM })]);
      // Version 1 is in force throughout the two years, and nothing outside them.
      const now = Date.now();
      expect(sz.currentVersion).toBe(now >= Date.parse(SZ_FROM) && now < Date.parse(SZ_TO) ? 1 : null);
      expect(sz.measureCount).toBe(18);
      expect(sz.intakeOpen).toBe(true);
      const nt = items.find((p) => p.id === NANTONG)!;
      expect(nt.validity.from).toBe('2024-06-27T00:00:00+08:00');
    });

    it('answers an unknown pack with a 404 naming packId', async () => {
      for (const path of ['/catalog/packs/beijing-2030', '/catalog/packs/beijing-2030/measures', '/catalog/packs/beijing-2030/measures/m2/subtypes/m2/form']) {
        const res = await api.http.get(path);
        expect({ path, status: res.status, field: res.body.field }).toEqual({ path, status: 404, field: 'packId' });
        expect(res.body.message).toMatch(/beijing-2030/);
      }
    });
  });

  describe('measures (public)', () => {
    it('lists all 18 Shenzhen measures in order, with their responsible bureaus, lead first', async () => {
      const ms = await measures();
      expect(ms.map((m) => m.number)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
      // 9. 责任单位:市科技创新局、市工业和信息化局、市发展改革委
      expect((await measure('m9')).bureaus.map((b) => b.code)).toEqual(['stic', 'miit', 'drc']);
      expect((await measure('m9')).bureaus[0]!.name.zh).toBe('市科技创新局');
      // 10. 市工业和信息化局、相关区政府: the district is the applicant's own.
      const m10 = await measure('m10');
      expect(m10.bureaus.map((b) => b.code)).toEqual(['miit', 'district']);
      expect(m10.bureaus[1]!.name.en).toMatch(/applicant’s registered district/);
    });

    it('shows measures 1 and 16 as taking no applications, with the reason in both languages', async () => {
      for (const code of ['m1', 'm16']) {
        const m = await measure(code);
        expect(m.acceptsApplications).toBe(false);
        expect(m.subtypes).toEqual([]);
        expect(m.refusal?.zh).toMatch(/不受理/);
        expect(m.refusal?.en).toMatch(/takes no applications/);
      }
      // 1: compute, models and corpora at preferential prices; 16: discipline funds, posts and training bases.
      expect((await measure('m1')).refusal?.en).toMatch(/preferential prices/);
      expect((await measure('m16')).refusal?.en).toMatch(/discipline funds/);
    });

    it('describes measure 2: who applies, 50% of the contract up to 10,000,000 yuan, startups 60%, the 500,000,000-yuan pool, stic reviews', async () => {
      const s = await subtype('m2', 'm2');
      expect(s.applicants.map((a) => a.kind).sort()).toEqual(['enterprise', 'institute', 'university']);
      expect(s.award).toMatchObject({ kind: 'rateOfBase', rateBp: 5000, capFen: '1000000000', officerSet: false }); // 1,000万元 = 1,000,000,000 fen
      expect(s.award.rateOverrides).toEqual([{ rateBp: 6000, label: expect.objectContaining({ en: 'startup' }) }]);
      expect(s.award.text.en).toContain('50%');
      expect(s.award.text.en).toContain('CNY 10,000,000.00');
      expect(s.award.text.en).toContain('60%');
      expect(s.award.text.zh).toContain('10,000,000.00 元');
      expect(s.pool).toMatchObject({ code: 'm2-training-voucher', annualFen: '50000000000' }); // 5亿元
      expect(s.routing).toMatchObject({ lead: { code: 'stic' }, coReviewers: [], districtReview: false });
      expect(s.formPath).toBe(`/catalog/packs/${SHENZHEN}/measures/m2/subtypes/m2/form?version=1`);
    });

    it('describes the co-funded measure 10 and the fixed tiers of measure 15', async () => {
      const m10 = await subtype('m10', 'm10');
      // 市区联合按不超过企业自付部分的50%给予资助,单家企业最高300万元
      expect(m10.award).toMatchObject({ kind: 'rateOfBase', rateBp: 5000, capFen: '300000000' });
      expect(m10.coFunding).toEqual({ districtShareBp: 5000 });
      expect(m10.routing.districtReview).toBe(true);
      expect(m10.limits).toEqual([expect.objectContaining({ scope: 'applicant', capFen: '300000000' })]);
      expect(m10.eligibility.map((e) => e.code)).toContain('m10.centreNotQualified');

      const m15 = await subtype('m15', 'm15');
      // 分档给予100万元、50万元、30万元一次性资助
      expect(m15.award.kind).toBe('fixedTiers');
      expect(m15.award.tiers?.map((t) => t.amountFen)).toEqual(['100000000', '50000000', '30000000']);
      expect(m15.routing.lead.code).toBe('talent');
      expect(m15.routing.coReviewers.map((b) => b.code)).toEqual(['stic', 'hrss', 'miit']);
    });

    it('shows the Nantong pack’s measures through the same endpoint', async () => {
      const ms = await measures(NANTONG);
      expect(ms.map((m) => m.code)).toEqual(['n1', 'n2', 'n3']);
      const n2 = ms.find((m) => m.code === 'n2')!.subtypes[0]!;
      expect(n2.award).toMatchObject({ kind: 'rateOfBase', rateBp: 5000, capFen: '400000000' });
      expect(n2.coFunding).toEqual({ districtShareBp: 5000 });
      expect(n2.routing.lead).toEqual({ code: 'nt-stb', name: { zh: '南通市科学技术局', en: 'Nantong Municipal Science and Technology Bureau' } });
    });

    it('answers one measure, and an unknown one with a 404 naming measureCode', async () => {
      const one = await api.http.get(`/catalog/packs/${SHENZHEN}/measures/m13`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ packId: SHENZHEN, version: 1, number: 13, code: 'm13' });
      const missing = await api.http.get(`/catalog/packs/${SHENZHEN}/measures/m19`);
      expect(missing.status).toBe(404);
      expect(missing.body.field).toBe('measureCode');
      expect(missing.body.message).toMatch(/m19/);
    });

    it('takes a rule version, refusing a malformed one with a 400 and an unknown one with a 404', async () => {
      expect((await api.http.get(`/catalog/packs/${SHENZHEN}/measures?version=1`)).body.version).toBe(1);
      const unknown = await api.http.get(`/catalog/packs/${SHENZHEN}/measures?version=2`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.field).toBe('version');
      for (const bad of ['abc', '0', '1.5', '-1', '']) {
        const res = await api.http.get(`/catalog/packs/${SHENZHEN}/measures`).query({ version: bad });
        expect({ bad, status: res.status, field: res.body.field }).toEqual({ bad, status: 400, field: 'query.version' });
      }
      const extra = await api.http.get(`/catalog/packs/${SHENZHEN}/measures?verison=1`);
      expect(extra.status).toBe(400);
    });
  });

  describe('application forms (public)', () => {
    it('gives the JSON Schema of the measure-2 form, which the form the API accepts satisfies', async () => {
      const res = await api.http.get(`/catalog/packs/${SHENZHEN}/measures/m2/subtypes/m2/form`);
      expect(res.status).toBe(200);
      const schema = res.body as JsonSchema;
      expect(schema.type).toBe('object');
      expect(schema.additionalProperties).toBe(false);
      const form = m2Form();
      // Every field a valid application sends is in the schema, and every required one is sent.
      expect(Object.keys(form).filter((k) => !(k in schema.properties))).toEqual([]);
      expect(schema.required.filter((k) => !(k in form))).toEqual([]);
      expect(schema.required).toEqual(expect.arrayContaining(['contractAmountFen', 'contractSignedOn', 'nationalOrProvincialFunding']));
      expect(schema.required).not.toContain('auditedInvestmentFen');
      // Amounts are strings of integer fen: the schema's own pattern says so.
      const amount = schema.properties['contractAmountFen']!;
      expect(amount.type).toBe('string');
      const pattern = new RegExp(amount.pattern!);
      expect(['0', '150', '123456789'].every((s) => pattern.test(s))).toBe(true);
      expect(['1.5', '1e6', '-1', '+1', '01', ' 1', '1,000'].some((s) => pattern.test(s))).toBe(false);
      expect(schema.properties['contractSignedOn']).toMatchObject({ type: 'string' });
      expect(schema.properties['nationalOrProvincialFunding']).toMatchObject({ type: 'boolean' });
    });

    it('gives a form for every sub-type the catalog lists, at the path the catalog gives', async () => {
      for (const packId of [SHENZHEN, NANTONG]) {
        for (const m of await measures(packId)) {
          for (const s of m.subtypes) {
            const res = await api.http.get(s.formPath);
            expect({ form: s.formPath, status: res.status }).toEqual({ form: s.formPath, status: 200 });
            expect((res.body as JsonSchema).type).toBe('object');
            expect((res.body as JsonSchema).title).toContain(s.code);
          }
        }
      }
    });

    it('lists the measure-15 tiers as the enum of its form', async () => {
      const res = await api.http.get(`/catalog/packs/${SHENZHEN}/measures/m15/subtypes/m15/form`);
      expect((res.body as JsonSchema).properties['tier']?.enum).toEqual(['first', 'second', 'third']);
    });

    it('answers an unknown sub-type with a 404 naming subtypeCode, and a measure without applications with its reason', async () => {
      const unknown = await api.http.get(`/catalog/packs/${SHENZHEN}/measures/m5/subtypes/m5-gold/form`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.field).toBe('subtypeCode');
      expect(unknown.body.message).toMatch(/m5-demo, m5-benchmark/);
      const noForms = await api.http.get(`/catalog/packs/${SHENZHEN}/measures/m16/subtypes/m16/form`);
      expect(noForms.status).toBe(404);
      expect(noForms.body.field).toBe('subtypeCode');
      expect(noForms.body.message).toContain((await measure('m16')).refusal!.en);
      const noMeasure = await api.http.get(`/catalog/packs/${SHENZHEN}/measures/m99/subtypes/m2/form`);
      expect(noMeasure.body.field).toBe('measureCode');
    });
  });

  describe('measures without applications refuse them', () => {
    it.each(['m1', 'm16'])('%s: a submission gets a 400 with the refusal the catalog shows, and nothing is stored', async (code) => {
      const refusal = (await measure(code)).refusal!;
      const res = await api.http.post('/cases').set(bearer('applicant-szu')).send({ packId: SHENZHEN, measureCode: code, subtypeCode: code, form: {} });
      expect(res.status).toBe(400);
      const issues = res.body.issues as { path: string; message: string }[];
      expect(issues).toEqual([{ path: 'measureCode', message: expect.stringContaining(refusal.en) }]);
      expect(issues[0]!.message).toContain(refusal.zh);
      expect(await api.prisma.case.count()).toBe(0);
      expect(api.temporal.starts).toHaveLength(0);
    });
  });

  describe('pool balances (officers, supervisors, administrators)', () => {
    const poolsPath = `/catalog/packs/${SHENZHEN}/pools`;

    it('need a token, and are not for applicants', async () => {
      expect((await api.http.get(poolsPath)).status).toBe(401);
      expect((await api.http.get(poolsPath).set(bearer('applicant-lingxi'))).status).toBe(403);
      expect((await api.http.get(poolsPath).set(bearer('admin'))).status).toBe(200);
    });

    it('show each pool’s yearly total, what approved awards hold and what is left, in fen', async () => {
      const before = await api.http.get(`${poolsPath}?year=2025`).set(bearer('officer-stic'));
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({ packId: SHENZHEN, year: 2025, budgetYears: [2024, 2025, 2026] });
      const items = before.body.items as { code: string; totalFen: string; reservedFen: string; availableFen: string }[];
      // Six measures have a yearly total: 2 (5亿), 3 (5,000万), 4 (1亿), 5 (1亿), 6 (5,000万), 9 (3亿).
      expect(Object.fromEntries(items.map((p) => [p.code, p.totalFen]))).toEqual({
        'm2-training-voucher': '50000000000',
        'm3-corpus-voucher': '5000000000',
        'm4-model-voucher': '10000000000',
        'm5-industry-application': '10000000000',
        'm6-gov-scenarios': '5000000000',
        'm9-research': '30000000000',
      });
      expect(items.every((p) => p.reservedFen === '0' && p.availableFen === p.totalFen)).toBe(true);

      // What an approved 74,074,073-fen award reserves (the workflow's reservation, done here by hand).
      await api.prisma.budgetPool.update({
        where: { packId_code_year: { packId: SHENZHEN, code: 'm2-training-voucher', year: 2025 } },
        data: { reservedFen: 74_074_073n },
      });
      const after = await api.http.get(`${poolsPath}?year=2025`).set(bearer('supervisor-stic'));
      const m2 = (after.body.items as typeof items).find((p) => p.code === 'm2-training-voucher');
      expect(m2).toMatchObject({ totalFen: '50000000000', reservedFen: '74074073', availableFen: '49925925927' });
      const other = await api.http.get(`${poolsPath}?year=2026`).set(bearer('officer-stic'));
      expect((other.body.items as typeof items).find((p) => p.code === 'm2-training-voucher')?.reservedFen).toBe('0');
    });

    it('default to the current budget year within the pack’s years', async () => {
      const res = await api.http.get(poolsPath).set(bearer('officer-stic'));
      const thisYear = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
      expect(res.body.year).toBe(Math.min(Math.max(thisYear, 2024), 2026));
    });

    it('refuse a malformed year or one outside the pack with a 400 naming the year', async () => {
      for (const bad of ['25', '2025.0', 'abcd', '２０２５', '2030', '2023']) {
        const res = await api.http.get(poolsPath).query({ year: bad }).set(bearer('officer-stic'));
        expect({ bad, status: res.status, field: res.body.field }).toEqual({ bad, status: 400, field: 'query.year' });
      }
      const outside = await api.http.get(`${poolsPath}?year=2030`).set(bearer('officer-stic'));
      expect(outside.body.message).toMatch(/2024–2026/);
      const unknownPack = await api.http.get('/catalog/packs/nowhere/pools?year=2025').set(bearer('officer-stic'));
      expect(unknownPack.status).toBe(404);
      expect(unknownPack.body.field).toBe('packId');
    });

    it('are empty for a pack without yearly totals', async () => {
      const res = await api.http.get(`/catalog/packs/${NANTONG}/pools?year=2025`).set(bearer('admin'));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    });
  });

  it('documents the catalog in the OpenAPI document, with a token only for pool balances', async () => {
    const doc = (await api.http.get('/docs/openapi.json')).body as { paths: Record<string, { get?: { security?: unknown[] } }> };
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/catalog'));
    expect(paths.sort()).toEqual([
      '/catalog/packs',
      '/catalog/packs/{packId}',
      '/catalog/packs/{packId}/measures',
      '/catalog/packs/{packId}/measures/{measureCode}',
      '/catalog/packs/{packId}/measures/{measureCode}/subtypes/{subtypeCode}/form',
      '/catalog/packs/{packId}/pools',
      '/catalog/packs/{packId}/status',
      '/catalog/words',
    ]);
    for (const p of paths) expect({ p, secured: doc.paths[p]!.get!.security !== undefined }).toEqual({ p, secured: p.endsWith('/pools') });
  });
});
