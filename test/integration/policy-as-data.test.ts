import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedPrisma } from '../../seeds/seed';
import { keepWindowOpen } from '../support/packs';
import { parsePolicyPack } from '../../src/domain';
import { approveUntilFinal, readCase, waitForAssessment, type CaseBody } from '../support/approve';
import { m2Submission, SHENZHEN } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';

const NANTONG = 'nantong-general-ai-2024';

interface PackBody {
  versions: { version: number; effectiveFrom: string }[];
  currentVersion: number | null;
}
interface CatalogM2 {
  items: { code: string; subtypes: { code: string; award: { rateBp: number; rateOverrides: { rateBp: number }[] } }[] }[];
  version: number;
}

/** Rules and cities are data: a new rule version and a second city's pack run with no code change. */
describe('policy as data, through the real API and workflow', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  const auth = (user: string): { Authorization: string } => h.auth(user);
  const submit = async (user: string, body: Record<string, unknown>): Promise<CaseBody> => {
    const res = await h.http.post('/cases').set(auth(user)).send(body);
    if (res.status !== 201) throw new Error(`submitting as ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as CaseBody;
  };

  describe('a rate changed mid-term', () => {
    it('applies only to cases received after the new version takes effect', async () => {
      // Version 2 of the Shenzhen pack lowers measure 2 to 40% (startups 50%), effective a few seconds from now.
      const json = JSON.parse(readFileSync(join(__dirname, '../../seeds/packs/shenzhen-ai-pioneer-2024.json'), 'utf8')) as {
        versions: { version: number; effectiveFrom: string; measures: { code: string; subtypes: { award: Record<string, unknown> }[] }[] }[];
      };
      const m2 = structuredClone(json.versions[0]!.measures.find((m) => m.code === 'm2')!);
      m2.subtypes[0]!.award = {
        ...m2.subtypes[0]!.award,
        rateBp: 4000,
        rateOverrides: [{ when: { op: 'applicantIsStartup' }, rateBp: 5000, label: { zh: '初创企业', en: 'startup' } }],
      };
      const switchAt = new Date(Math.ceil((Date.now() + 4_000) / 1000) * 1000);
      json.versions.push({
        version: 2,
        effectiveFrom: switchAt.toISOString(),
        note: { zh: '训力券资助比例调整为40%(初创企业50%)', en: 'Training-compute vouchers: 40% (startups 50%)' },
        measures: [m2],
      } as (typeof json.versions)[number]);
      await seedPrisma(h.prisma, [keepWindowOpen(parsePolicyPack(json))]);

      const before = (await h.http.get(`/catalog/packs/${SHENZHEN}`)).body as PackBody;
      expect(before.versions.map((v) => [v.version, v.effectiveFrom])).toEqual([
        [1, '2024-12-18T00:00:00+08:00'],
        [2, switchAt.toISOString()],
      ]);
      expect(before.currentVersion).toBe(1);

      // Received under version 1: 123,456,789 fen × 50% = 61,728,394.5 → 61,728,394 fen.
      const early = await submit('applicant-szu', m2Submission({ contractNumber: 'VERSION-EARLY' }));
      expect(Date.parse(early.submittedAt)).toBeLessThan(switchAt.getTime());
      expect(early.packVersion).toBe(1);
      const earlyAssessed = await waitForAssessment(h, 'applicant-szu', early.id);
      expect(earlyAssessed.award).toMatchObject({ rateBp: 5000, amountFen: '61728394' });

      await new Promise((r) => setTimeout(r, Math.max(0, switchAt.getTime() - Date.now() + 50)));
      const after = (await h.http.get(`/catalog/packs/${SHENZHEN}`)).body as PackBody;
      expect(after.currentVersion).toBe(2);
      const rateIn = (body: CatalogM2): number => body.items.find((m) => m.code === 'm2')!.subtypes[0]!.award.rateBp;
      expect(rateIn((await h.http.get(`/catalog/packs/${SHENZHEN}/measures`)).body as CatalogM2)).toBe(4000);
      expect(rateIn((await h.http.get(`/catalog/packs/${SHENZHEN}/measures?version=1`)).body as CatalogM2)).toBe(5000);

      // Received under version 2: 123,456,789 fen × 40% = 49,382,715.6 → 49,382,715 fen.
      const late = await submit('applicant-siat', m2Submission({ contractNumber: 'VERSION-LATE' }));
      expect(late.packVersion).toBe(2);
      const lateAssessed = await waitForAssessment(h, 'applicant-siat', late.id);
      expect(lateAssessed.award).toMatchObject({ rateBp: 4000, amountFen: '49382715' });
      expect(lateAssessed.award!.lines.map((l) => l.en).join('\n')).toContain('40%');

      // The early case is decided after the change, and keeps the rate it was received under.
      const earlyFinal = (await approveUntilFinal(h, 'applicant-szu', early.id)).case;
      expect(earlyFinal).toMatchObject({ status: 'approved', packVersion: 1, approvedAwardFen: '61728394' });
      expect(earlyFinal.award).toMatchObject({ rateBp: 5000 });
      const lateFinal = (await approveUntilFinal(h, 'applicant-siat', late.id)).case;
      expect(lateFinal).toMatchObject({ status: 'approved', packVersion: 2, approvedAwardFen: '49382715' });
    });
  });

  describe('a second city’s pack (Nantong)', () => {
    it('runs a co-funded compute-usage subsidy for an Innovation Zone enterprise to approval', async () => {
      const catalog = (await h.http.get(`/catalog/packs/${NANTONG}/measures`)).body as {
        items: { code: string; subtypes: { code: string; routing: { lead: { code: string } } }[] }[];
      };
      const lead = catalog.items.find((m) => m.code === 'n2')!.subtypes[0]!.routing.lead.code;
      expect(lead).toBe('nt-stb'); // 南通市科学技术局

      // 算力使用补贴:按实际使用费用的50%,每家企业每年最高400万元 (city and district together).
      // 3,000,000.01 yuan × 50% = 1,500,000.005 yuan → 150,000,000.5 fen → 150,000,000 fen; under 400万.
      const c = await submit('applicant-nt-zone', {
        packId: NANTONG,
        measureCode: 'n2',
        subtypeCode: 'n2',
        form: {
          computeContractNumber: 'NT-SL-2025-007',
          platformName: '南通公共算力服务平台',
          viaPublicPlatform: true,
          usageYear: 2025,
          actualComputeCostFen: '300000001',
          invoiceDocument: 'doc-nt-invoice-007',
        },
      });
      expect(c).toMatchObject({ packId: NANTONG, packVersion: 1 });
      const assessed = await waitForAssessment(h, 'applicant-nt-zone', c.id);
      expect(assessed.status).toBe('in_review');
      expect(assessed.award).toMatchObject({ amountFen: '150000000', rateBp: 5000, baseFen: '300000001', capFen: '400000000', capped: false });
      // The zone's government reviews as the applicant's district (相关区政府).
      expect(assessed.routing).toMatchObject({
        lead,
        coReviewers: [],
        district: 'nt-district:innovation-zone',
        districtLabel: { zh: '南通创新区管理委员会', en: 'Nantong Innovation Zone Administrative Committee' },
      });
      // What each treasury pays: the city and the zone half each (the pack's placeholder share).
      expect(assessed.coFunding).toEqual({
        districtBureau: 'nt-district:innovation-zone',
        districtBureauLabel: { zh: '南通创新区管理委员会', en: 'Nantong Innovation Zone Administrative Committee' },
        cityFen: '75000000',
        districtFen: '75000000',
        districtShareBp: 5000,
      });

      const { case: final, decided } = await approveUntilFinal(h, 'applicant-nt-zone', c.id);
      expect(final).toMatchObject({ status: 'approved', approvedAwardFen: '150000000' });
      expect(final.coFunding).toEqual(assessed.coFunding);
      expect(decided.map((d) => d.bureauCode)).toContain(lead);
    });

    it('runs a dataset reward, which the data bureau reviews, to approval', async () => {
      // 高质量数据集:最高400万元; 2,500,000 yuan asked → 250,000,000 fen.
      const c = await submit('applicant-nt-zone', {
        packId: NANTONG,
        measureCode: 'n3',
        subtypeCode: 'n3-dataset',
        form: { name: '纺织面料瑕疵检测数据集', registrationNumber: 'NT-SJ-2025-031', requestedAmountFen: '250000000', qualityReport: 'doc-nt-quality-031' },
      });
      const assessed = await waitForAssessment(h, 'applicant-nt-zone', c.id);
      expect(assessed.award).toMatchObject({ amountFen: '250000000', officerSet: true });
      expect(assessed.routing?.lead).toBe('nt-data');
      const { case: final } = await approveUntilFinal(h, 'applicant-nt-zone', c.id);
      expect(final).toMatchObject({ status: 'approved', approvedAwardFen: '250000000' });
    });

    it('keeps Nantong’s tasks from Shenzhen’s officers: a bureau code names one city’s office', async () => {
      // n1 is reviewed by Nantong's miit; Shenzhen has a miit too, whose officers must neither see nor decide it.
      const c = await submit('applicant-nt-zone', {
        packId: NANTONG,
        measureCode: 'n1',
        subtypeCode: 'n1',
        form: {
          projectName: '南通创新区智算中心二期',
          projectCode: 'NT-ZS-2025-002',
          computePetaflops: 300,
          projectInvestmentFen: '80000000000',
          requestedAmountFen: '2000000000',
          proposal: 'doc-nt-proposal-002',
          nationalOrProvincialFunding: false,
        },
      });
      const assessed = await waitForAssessment(h, 'applicant-nt-zone', c.id);
      expect(assessed.routing).toMatchObject({
        lead: 'nt-stb',
        coReviewers: ['nt-miit'],
        coReviewersLabels: [{ zh: '南通市工业和信息化局', en: 'Nantong Municipal Bureau of Industry and Information Technology' }],
        district: null,
      });
      const openTask = async (bureau: string, stage: string): Promise<string> => {
        for (let i = 0; i < 300; i++) {
          const t = (await readCase(h, 'admin', c.id)).tasks.find((x) => x.bureauCode === bureau && x.stage === stage && x.status === 'open');
          if (t) return t.id;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`no open ${stage} task for ${bureau}`);
      };
      const intake = await openTask('nt-stb', 'intake');
      expect((await h.http.post(`/tasks/${intake}/claim`).set(auth('officer-nt-stb'))).status).toBe(200);
      expect((await h.http.post(`/tasks/${intake}/decision`).set(auth('officer-nt-stb')).send({ decision: 'approve' })).status).toBe(200);
      const coReview = await openTask('nt-miit', 'co-review');

      // Shenzhen's miit: not in its inbox, not readable, not claimable, not decidable; the case is not theirs to see.
      const inbox = await h.http.get('/tasks?limit=100').set(auth('officer-miit'));
      expect((inbox.body.items as { caseId: string }[]).filter((t) => t.caseId === c.id)).toEqual([]);
      expect((await h.http.get(`/tasks/${coReview}`).set(auth('officer-miit'))).status).toBe(404);
      expect((await h.http.get(`/cases/${c.id}`).set(auth('officer-miit'))).status).toBe(404);
      const claim = await h.http.post(`/tasks/${coReview}/claim`).set(auth('officer-miit'));
      expect(claim.status).toBe(404);
      expect(claim.body.field).toBe('taskId');
      const decide = await h.http.post(`/tasks/${coReview}/decision`).set(auth('officer-miit')).send({ decision: 'approve' });
      expect(decide.status).toBe(404);
      expect((await h.http.post(`/tasks/${coReview}/claim`).set(auth('supervisor-miit'))).status).toBe(404);

      // Nantong's own miit does.
      expect((await h.http.get(`/tasks/${coReview}`).set(auth('officer-nt-miit'))).status).toBe(200);
      expect((await h.http.post(`/tasks/${coReview}/claim`).set(auth('officer-nt-miit'))).status).toBe(200);
      const approved = await h.http.post(`/tasks/${coReview}/decision`).set(auth('officer-nt-miit')).send({ decision: 'approve' });
      expect(approved.status).toBe(200);
      expect(approved.body.caseStatus).toBe('in_review');
    });

    const zoneForm = {
      computeContractNumber: 'NT-1',
      platformName: '南通公共算力服务平台',
      viaPublicPlatform: true,
      usageYear: 2025,
      actualComputeCostFen: '100000000',
      invoiceDocument: 'doc-1',
    };

    it('refuses a Shenzhen enterprise Nantong’s policy at the door: another city’s organisation applies under its own', async () => {
      const before = await h.prisma.case.count();
      const res = await h.http.post('/cases').set(auth('applicant-pengcheng')).send({ packId: NANTONG, measureCode: 'n2', subtypeCode: 'n2', form: zoneForm });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ field: 'packId', reason: 'OtherJurisdiction' });
      expect(res.body.zh).toMatch(/南通市/);
      expect(await h.prisma.case.count()).toBe(before);
    });

    it('refuses a Nantong enterprise outside the zone the zone-only subsidy, saying why', async () => {
      const c = await submit('applicant-nt-chongchuan', { packId: NANTONG, measureCode: 'n2', subtypeCode: 'n2', form: zoneForm });
      const refused = await waitForAssessment(h, 'applicant-nt-chongchuan', c.id);
      expect(refused.status).toBe('refused');
      expect(refused.ineligibility.map((r) => r.code).sort()).toEqual(['nt.notInZone']);
      expect(refused.ineligibility.find((r) => r.code === 'nt.notInZone')!.zh).toMatch(/南通创新区/);
      expect((await readCase(h, 'applicant-nt-chongchuan', c.id)).tasks).toEqual([]);
    });
  });
});
