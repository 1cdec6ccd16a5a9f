import nantongJson from '../../seeds/packs/nantong-general-ai-2024.json';
import { applyCumulativeLimits, assessApplication, intakeWindow, packVersionAt, parsePolicyPack, type ApplicantProfile } from './index';

// A second city's policy, run by the same engine with no code of its own.
const pack = parsePolicyPack(nantongJson);
const RECEIVED = '2025-03-10T09:00:00+08:00';
const rules = packVersionAt(pack, new Date(RECEIVED));
const inZone: ApplicantProfile = { organisationId: 'nt-1', kind: 'enterprise', isStartup: false, district: 'innovation-zone', registeredOn: '2020-01-01' };
const usage = {
  computeContractNumber: 'SL-1',
  platformName: '南通公共算力服务平台',
  viaPublicPlatform: true,
  usageYear: 2025,
  actualComputeCostFen: '300000001',
  invoiceDocument: 'doc-1',
};
const assess = (measureCode: string, subtypeCode: string, form: Record<string, unknown>, applicant = inZone) =>
  assessApplication(rules, { measureCode, subtypeCode, form, applicant, receivedAt: RECEIVED });

describe('Nantong general-AI pack', () => {
  it('has its own validity window and bureaus', () => {
    expect(intakeWindow(pack).opensAt.toISOString()).toBe('2024-06-26T16:00:00.000Z');
    expect(rules.bureaus.map((b) => b.code)).toEqual(expect.arrayContaining(['nt-stb', 'nt-miit', 'nt-data', 'nt-district:innovation-zone']));
    // Bureau codes are global (an officer's account names one): Nantong's offices are not Shenzhen's.
    expect(rules.bureaus.map((b) => b.code).filter((c) => !c.startsWith('nt-'))).toEqual([]);
  });

  it('compute usage: city and district together pay at most 50% of the actual cost, split between them', () => {
    const a = assess('n2', 'n2', usage);
    expect(a.eligible).toBe(true);
    expect(a.award).toMatchObject({ amountFen: '150000000', rateBp: 5000, rawFen: '150000000' });
    expect(a.coFunding).toEqual({ districtBureau: 'nt-district:innovation-zone', cityFen: '75000000', districtFen: '75000000', districtShareBp: 5000 });
    expect(a.routing).toEqual({ lead: 'nt-stb', coReviewers: [], district: 'nt-district:innovation-zone' });
  });

  it('compute usage: at most 4,000,000 yuan a year, counting earlier awards that year', () => {
    expect(assess('n2', 'n2', { ...usage, actualComputeCostFen: '800000000' }).award).toMatchObject({ amountFen: '400000000', capped: false });
    expect(assess('n2', 'n2', { ...usage, actualComputeCostFen: '800000002' }).award).toMatchObject({ amountFen: '400000000', capped: true });
    const a = assess('n2', 'n2', usage);
    expect(a.limits).toEqual([expect.objectContaining({ key: 'n2|org:nt-1|year:2025', capFen: '400000000' })]);
    expect(applyCumulativeLimits(a.award, a.limits, { 'n2|org:nt-1|year:2025': '300000000' }).amountFen).toBe('100000000');
  });

  it('compute usage: only for enterprises in the zone using the public platform', () => {
    const elsewhere = assess('n2', 'n2', usage, { ...inZone, district: 'rugao' });
    expect(elsewhere.ineligibility.map((r) => r.zh)).toEqual(['仅限南通创新区区内企业申请']);
    expect(assess('n2', 'n2', { ...usage, viaPublicPlatform: false }).ineligibility.map((r) => r.code)).toEqual(['nt.notPublicPlatform']);
  });

  it('high-quality datasets: up to 4,000,000 yuan, city and district', () => {
    const a = assess('n3', 'n3-dataset', { name: '纺织质检数据集', registrationNumber: 'SJ-1', qualityReport: 'doc-1' });
    expect(a.award).toMatchObject({ amountFen: '400000000', officerSet: true });
    expect(a.coFunding).toMatchObject({ cityFen: '200000000', districtFen: '200000000' });
    expect(a.routing.lead).toBe('nt-data');
  });

  it('compute projects: up to 30,000,000 yuan a project', () => {
    const form = {
      projectName: '智算中心',
      projectCode: 'ZS-1',
      computePetaflops: 500,
      projectInvestmentFen: '50000000000',
      requestedAmountFen: '3000000001',
      proposal: 'doc-1',
      nationalOrProvincialFunding: false,
    };
    expect(assess('n1', 'n1', form).award).toMatchObject({ amountFen: '3000000000', capped: true, officerSet: true });
  });
});
