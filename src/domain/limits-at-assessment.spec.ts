import { assessApplication, limitAtAssessment, type Assessment } from './assess';
import nantongJson from '../../seeds/packs/nantong-general-ai-2024.json';
import { packVersion, packVersionAt, parsePolicyPack } from './pack/pack';
import { pack, RECEIVED_AT } from '../../test/support/case-machine';
import { m10Submission, m2Submission } from '../../test/support/fixtures';

const applicant = { organisationId: 'org-pengcheng', kind: 'enterprise' as const, isStartup: false, district: 'longgang', registeredOn: '2020-01-01' };

function assess(submission: Record<string, unknown>): Assessment {
  const f = submission as { measureCode: string; subtypeCode: string; form: Record<string, unknown> };
  return assessApplication(packVersion(pack(), 1), {
    measureCode: f.measureCode,
    subtypeCode: f.subtypeCode,
    form: f.form,
    applicant,
    receivedAt: RECEIVED_AT,
  });
}

// 4,000,000 yuan of the enterprise's own share → an award of 2,000,000 yuan, under measure 10's 3,000,000 per enterprise.
const m10 = (): Assessment => assess(m10Submission({ totalServiceFeeFen: '500000000', enterpriseShareFeeFen: '400000000' }));
const enterpriseKey = (a: Assessment): string => a.limits.find((l) => l.scope === 'applicant')!.key;

describe('the cumulative limits at assessment', () => {
  it('leaves an award with room under every limit as it was, recording what each limit has left', () => {
    const a = m10();
    expect(a.award.amountFen).toBe('200000000');
    const out = limitAtAssessment(a, {});
    expect(out.award).toEqual(a.award);
    expect(out.eligible).toBe(true);
    expect(out.limitCheck).toEqual({
      beforeFen: '200000000',
      afterFen: '200000000',
      limits: [expect.objectContaining({ key: enterpriseKey(a), capFen: '300000000', priorFen: '0', leftFen: '300000000' })],
    });
  });

  it('cuts the award to what earlier awards left under the per-enterprise cap, as a line of the explanation, and re-splits the co-funding', () => {
    const a = m10();
    const out = limitAtAssessment(a, { [enterpriseKey(a)]: '250000000' });
    expect(out.eligible).toBe(true);
    expect(out.award.amountFen).toBe('50000000');
    expect(out.award.lines.at(-1)).toEqual({
      zh: '由 2,000,000.00 元 核减为 500,000.00 元:单家企业累计资助上限:上限 3,000,000.00 元,此前已获 2,500,000.00 元,尚余 500,000.00 元',
      en: 'Reduced from CNY 2,000,000.00 to CNY 500,000.00: cap per enterprise across all its applications: cap CNY 3,000,000.00, CNY 2,500,000.00 already awarded, CNY 500,000.00 left',
    });
    expect(out.coFunding).toMatchObject({ cityFen: '25000000', districtFen: '25000000' });
    expect(out.limitCheck).toMatchObject({ beforeFen: '200000000', afterFen: '50000000', limits: [{ priorFen: '250000000', leftFen: '50000000' }] });
  });

  it('refuses a case no limit leaves anything for, naming the limit and the amounts in both languages', () => {
    const a = m10();
    const out = limitAtAssessment(a, { [enterpriseKey(a)]: '300000000' });
    expect(out.eligible).toBe(false);
    expect(out.award.amountFen).toBe('0');
    expect(out.ineligibility).toEqual([
      {
        code: 'limit.exhausted',
        zh: '单家企业累计资助上限:上限 3,000,000.00 元,此前已获 3,000,000.00 元,已无余额,本次申请不能获得资助',
        en: 'cap per enterprise across all its applications: cap CNY 3,000,000.00, CNY 3,000,000.00 already awarded, nothing is left, so this application can receive nothing',
      },
    ]);
  });

  it('cuts a nationally funded project to its audited investment less what the project already holds', () => {
    const a = assess(m2Submission({ contractNumber: 'AUDIT-1', nationalOrProvincialFunding: true, auditedInvestmentFen: '100000000' }));
    const project = a.limits.find((l) => l.scope === 'project')!;
    const before = BigInt(a.award.amountFen);
    expect(before).toBeGreaterThan(40_000_000n);
    const out = limitAtAssessment(a, { [project.key]: '60000000' });
    expect(out.award.amountFen).toBe('40000000');
    expect(out.award.cuts.at(-1)!.reason.code).toBe('limit.project');
  });

  it('counts a yearly cap by the year the form names: earlier awards of another year leave it whole', () => {
    const received = '2025-03-10T09:00:00+08:00';
    const rules = packVersionAt(parsePolicyPack(nantongJson), new Date(received));
    const form = {
      computeContractNumber: 'SL-1',
      platformName: '南通公共算力服务平台',
      viaPublicPlatform: true,
      usageYear: 2025,
      actualComputeCostFen: '300000001',
      invoiceDocument: 'doc-1',
    };
    const nt = { organisationId: 'nt-1', kind: 'enterprise' as const, isStartup: false, district: 'innovation-zone', registeredOn: '2020-01-01' };
    const a = assessApplication(rules, { measureCode: 'n2', subtypeCode: 'n2', form, applicant: nt, receivedAt: received });
    expect(a.award.amountFen).toBe('150000000');
    const cut = limitAtAssessment(a, { 'n2|org:nt-1|year:2025': '300000000', 'n2|org:nt-1|year:2024': '400000000' });
    expect(cut.award.amountFen).toBe('100000000');
    expect(cut.award.lines.at(-1)!.zh).toBe(
      '由 1,500,000.00 元 核减为 1,000,000.00 元:每家企业每年算力补贴上限:上限 4,000,000.00 元,此前已获 3,000,000.00 元,尚余 1,000,000.00 元',
    );
    expect(cut.coFunding).toMatchObject({ cityFen: '50000000', districtFen: '50000000' });
    expect(limitAtAssessment(a, { 'n2|org:nt-1|year:2024': '400000000' }).award).toEqual(a.award);
  });

  it('only annotates a case already ineligible, and changes nothing for a sub-type without limits', () => {
    const a = { ...m10(), eligible: false };
    const out = limitAtAssessment(a, { [enterpriseKey(a)]: '300000000' });
    expect(out.award).toEqual(a.award);
    expect(out.ineligibility).toEqual(a.ineligibility);
    const noLimits = assess(m2Submission());
    expect(noLimits.limits).toEqual([]);
    expect(limitAtAssessment(noLimits, {})).toBe(noLimits);
  });
});
