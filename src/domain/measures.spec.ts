import shenzhenJson from '../../seeds/packs/shenzhen-ai-pioneer-2024.json';
import {
  applyCumulativeLimits,
  applyCut,
  assessApplication,
  coFundingFor,
  packVersionAt,
  parsePolicyPack,
  validateApplicationForm,
  type ApplicantProfile,
  type Assessment,
} from './index';

// Figures below are the text's: 1 万元 = 1,000,000 fen, 1 元 = 100 fen.
const WAN = 1_000_000n;
const pack = parsePolicyPack(shenzhenJson);
const RECEIVED = '2025-06-01T10:00:00+08:00';
const rules = packVersionAt(pack, new Date(RECEIVED));

const applicant = (over: Partial<ApplicantProfile> = {}): ApplicantProfile => ({
  organisationId: 'org-1',
  kind: 'enterprise',
  isStartup: false,
  district: 'nanshan',
  registeredOn: '2022-03-01',
  ...over,
});

const noFunding = { nationalOrProvincialFunding: false };

const forms = {
  m2: {
    projectName: '医疗大模型训练',
    modelName: 'MedLM',
    computeProvider: '鹏城云脑',
    contractNumber: 'HT-2025-001',
    contractSignedOn: '2025-03-01',
    contractAmountFen: '200000000',
    contractDocument: 'doc-contract',
    invoiceDocument: 'doc-invoice',
    ...noFunding,
  },
  m3a: {
    projectName: '法律大模型',
    corpusDescription: '裁判文书语料',
    sellerName: '某数据公司',
    sellerIsRelatedParty: false,
    tradingPlatform: '深圳数据交易所',
    purchasedViaTradingPlatform: true,
    purpose: 'rnd',
    contractNumber: 'YL-1',
    contractSignedOn: '2025-02-01',
    contractAmountFen: '1000000',
    contractDocument: 'doc-1',
    platformTradeRecord: 'doc-2',
  },
  m3b: {
    datasetName: '交通流量语料',
    datasetId: 'OD-778',
    usageYear: 2025,
    annualUsageCount: 12000,
    meetsScaleQuality: true,
    meetsUpdateFrequency: true,
    meetsApplicationEffect: true,
    usageReport: 'doc-1',
  },
  m4: {
    projectName: '客服智能体',
    modelName: 'SomeGPT',
    modelProvider: 'X',
    cacFilingNumber: 'Guangdong-SomeGPT-2024',
    useCase: 'agent_development',
    purchaseContractNumber: 'MX-1',
    modelPurchaseCostFen: '100000000',
    scaleAndEffect: '日均调用十万次',
    contractDocument: 'doc-1',
    invoiceDocument: 'doc-2',
  },
  m5: {
    projectName: '智能质检',
    projectCode: 'SF-1',
    sector: 'manufacturing',
    actualInvestmentFen: '100000000',
    investmentAuditReport: 'doc-1',
    projectReport: 'doc-2',
    ...noFunding,
  },
  m6: {
    productName: '12345热线助手',
    scenarioCode: 'CJ-2025-07',
    feasibilityConfirmed: true,
    inUseSince: '2025-04-01',
    adoptionSummary: '全市推广',
    feasibilityReport: 'doc-1',
    usageEvidence: 'doc-2',
  },
  m7: {
    productName: 'AI眼镜',
    productModel: 'G1',
    productCategory: 'wearable',
    usesLargeModel: true,
    salesYear: 2025,
    annualSalesUnits: 250000,
    salesEvidence: 'doc-1',
  },
  m8: {
    softwareName: '代码助手',
    softwareVersion: '1.0',
    softwareCopyrightNumber: '2025SR000001',
    ownIntellectualProperty: true,
    firstCommercialUseOn: '2025-01-15',
    firstCustomer: '某银行',
    commercialContract: 'doc-1',
    technologyAssessment: 'doc-2',
  },
  m9basic: { projectName: '具身智能基础模型', projectCode: 'JC-1', researchDirection: 'embodied_ai', proposal: 'doc-1', ...noFunding },
  m9invest: {
    projectName: 'AI芯片',
    projectCode: 'ZX-1',
    researchDirection: 'ai_chips',
    projectInvestmentFen: '2000000000',
    proposal: 'doc-1',
    ...noFunding,
  },
  m10: {
    innovationCentreName: '国产生态创新中心',
    centreQualified: true,
    serviceType: 'migration',
    serviceContractNumber: 'QY-1',
    totalServiceFeeFen: '3000000',
    enterpriseShareFeeFen: '2000002',
    contractDocument: 'doc-1',
    invoiceDocument: 'doc-2',
    ...noFunding,
  },
  m11: {
    projectName: '算子库',
    repositoryUrl: 'https://example.org/ops',
    license: 'Apache-2.0',
    softwareKind: 'operator_library',
    downloads: 50000,
    influenceSummary: '广泛使用',
    evidence: 'doc-1',
  },
  m12new: {
    platformName: '评测中心',
    projectCode: 'PT-1',
    platformType: 'evaluation_adaptation',
    approvedTotalInvestmentFen: '1000000000',
    auditReport: 'doc-1',
    ...noFunding,
  },
  m12existing: {
    platformName: '开源社区',
    projectCode: 'PT-2-2025',
    platformType: 'open_source_community',
    operatingYear: 2024,
    lastYearApprovedOperatingCostFen: '1000000000',
    auditReport: 'doc-1',
    ...noFunding,
  },
  m12national: {
    platformName: '国家创新中心',
    projectCode: 'GJ-1',
    platformType: 'innovation_center',
    nationalCentreApproved: true,
    nationalFundingFen: '5000000000',
    approvalDocument: 'doc-1',
  },
  m13new: {
    labName: '多模态实验室',
    approvalNumber: '深科技〔2025〕1号',
    approvedOn: '2025-05-01',
    approvalDocument: 'doc-1',
    constructionPlan: 'doc-2',
    ...noFunding,
  },
  m13eval: { labName: '多模态实验室', labCode: 'LAB-1', evaluationCycle: 1, grade: 'excellent', evaluationReport: 'doc-1' },
  m14incubator: { incubatorName: '南山零租孵化器', isSmallOrMicro: true, rentFreeMonths: 12, areaSquareMetres: 80, tenancyAgreement: 'doc-1' },
  m14park: { parkName: '软件名园', recognitionNumber: 'RD-1', recognisedOn: '2025-03-01', recognitionDocument: 'doc-1' },
  m14excellent: { parkName: '软件名园', assessmentYear: 2025, assessmentReference: 'KH-1', ratedExcellent: true, assessmentDocument: 'doc-1' },
  m15: {
    unifiedSocialCreditCode: '91440300MA5XXXXXX',
    founderName: '张三',
    founderIsReturnee: true,
    tier: 'first',
    overseasDegree: 'doc-1',
    businessPlan: 'doc-2',
  },
  m17loan: { loanContractNumber: 'DK-1', lender: '某银行', loanAmountFen: '1000000000', interestPaidFen: '30000000', paymentEvidence: 'doc-1' },
  m18: {
    eventName: '全球AI大赛',
    eventCode: 'HD-1',
    eventKind: 'competition',
    eventStartOn: '2025-05-01',
    eventEndOn: '2025-05-03',
    approvedTotalInvestmentFen: '400000000',
    auditReport: 'doc-1',
    ...noFunding,
  },
};

function assess(
  measureCode: string,
  subtypeCode: string,
  form: Record<string, unknown>,
  who: ApplicantProfile = applicant(),
  receivedAt = RECEIVED,
): Assessment {
  return assessApplication(rules, { measureCode, subtypeCode, form, applicant: who, receivedAt });
}

function without(form: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(form).filter(([k]) => !keys.includes(k)));
}

const reasonCodes = (a: Assessment): string[] => a.ineligibility.map((r) => r.code);
const zhLines = (a: Assessment): string[] => a.award.lines.map((l) => l.zh);

/** The award a rate-of-base sub-type gives for a base, with everything else from a valid form. */
function rateCase(m: string, s: string, form: Record<string, unknown>, baseField: string, base: bigint, who = applicant()) {
  const a = assess(m, s, { ...form, [baseField]: base.toString() }, who);
  expect(a.ineligibility).toEqual([]);
  return { amount: BigInt(a.award.amountFen), capped: a.award.capped, a };
}

describe('measures without applications', () => {
  it.each(['m1', 'm16'])('%s refuses applications with its own message', (code) => {
    const r = validateApplicationForm(rules, code, code, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]?.path).toBe('measureCode');
    expect(r.issues[0]?.message).toMatch(/takes no applications/);
    const a = assess(code, code, {});
    expect(a.eligible).toBe(false);
    expect(reasonCodes(a)).toEqual(['measure.noApplications']);
    expect(a.ineligibility[0]?.zh).toMatch(/不受理资助申请/);
    expect(a.award.amountFen).toBe('0');
  });

  it('an unknown measure or sub-type is refused with the valid choices', () => {
    expect(validateApplicationForm(rules, 'm99', 'x', {})).toEqual({
      ok: false,
      issues: [{ path: 'measureCode', message: expect.stringMatching(/unknown measure "m99".*m2, m3, m4/) }],
    });
    expect(validateApplicationForm(rules, 'm9', 'm9-huge', {})).toEqual({
      ok: false,
      issues: [{ path: 'subtypeCode', message: 'unknown sub-type "m9-huge" of measure m9; choose one of: m9-major, m9-key, m9-general, m9-special, m9-jbgs' }],
    });
    expect(reasonCodes(assess('m99', 'x', {}))).toEqual(['measure.unknown']);
    expect(reasonCodes(assess('m9', 'm9-huge', {}))).toEqual(['subtype.unknown']);
  });
});

describe('measure 2: training-compute voucher (训力券)', () => {
  it('pays 50% of the compute service contract and explains it', () => {
    const a = assess('m2', 'm2', forms.m2);
    expect(a.eligible).toBe(true);
    expect(a.award).toMatchObject({
      kind: 'rateOfBase',
      amountFen: '100000000',
      baseFen: '200000000',
      rateBp: 5000,
      rawFen: '100000000',
      capFen: '1000000000',
      capped: false,
      officerSet: false,
    });
    expect(zhLines(a)).toEqual([
      '算力服务合同金额:2,000,000.00 元',
      '资助比例 50%',
      '2,000,000.00 元 × 50% = 1,000,000.00 元',
      '未超过上限 10,000,000.00 元',
      '核定金额:1,000,000.00 元',
    ]);
    expect(a.award.lines[4]?.en).toBe('Award: CNY 1,000,000.00');
  });

  it('raises the rate to 60% for a startup', () => {
    const a = assess('m2', 'm2', forms.m2, applicant({ isStartup: true }));
    expect(a.award.rateBp).toBe(6000);
    expect(a.award.amountFen).toBe('120000000');
    expect(a.award.lines[1]?.en).toBe('Rate 60% (startup)');
  });

  it('does not treat a university as a startup', () => {
    expect(assess('m2', 'm2', forms.m2, applicant({ kind: 'university', isStartup: true })).award.rateBp).toBe(5000);
  });

  it('caps at 10,000,000 yuan: exactly at the cap, and one fen over', () => {
    expect(rateCase('m2', 'm2', forms.m2, 'contractAmountFen', 2_000_000_000n)).toMatchObject({ amount: 1000n * WAN, capped: false });
    // 2,000,000,001 × 50% = 1,000,000,000.5 → floors to exactly the cap, not over it
    expect(rateCase('m2', 'm2', forms.m2, 'contractAmountFen', 2_000_000_001n)).toMatchObject({ amount: 1000n * WAN, capped: false });
    const over = rateCase('m2', 'm2', forms.m2, 'contractAmountFen', 2_000_000_002n);
    expect(over).toMatchObject({ amount: 1000n * WAN, capped: true });
    expect(over.a.award.rawFen).toBe('1000000001');
    expect(zhLines(over.a)).toContain('超过上限 10,000,000.00 元,按上限核定为 10,000,000.00 元');
  });

  it('caps a startup at the same 10,000,000 yuan', () => {
    const s = applicant({ isStartup: true });
    expect(rateCase('m2', 'm2', forms.m2, 'contractAmountFen', 1_666_666_668n, s)).toMatchObject({ amount: 1000n * WAN, capped: false });
    expect(rateCase('m2', 'm2', forms.m2, 'contractAmountFen', 1_666_666_669n, s)).toMatchObject({ amount: 1000n * WAN, capped: true });
  });

  it('floors to the fen and says so', () => {
    const r = rateCase('m2', 'm2', forms.m2, 'contractAmountFen', 3n);
    expect(r.amount).toBe(1n);
    expect(zhLines(r.a)[2]).toBe('0.03 元 × 50% = 0.01 元(不足一分的部分舍去)');
    expect(rateCase('m2', 'm2', forms.m2, 'contractAmountFen', 1n).amount).toBe(0n);
  });

  it('routes to stic, draws on the 5亿 training-voucher pool, and keys the project for the no-double-benefit rule', () => {
    const a = assess('m2', 'm2', { ...forms.m2, contractNumber: '  ht-2025-001 ' });
    expect(a.routing).toEqual({ lead: 'stic', coReviewers: [], district: null });
    expect(a.poolCode).toBe('m2-training-voucher');
    expect(rules.pools.find((p) => p.code === 'm2-training-voucher')?.annualFen).toBe('50000000000');
    expect(a.sameKindGroup).toBe('compute-subsidy');
    expect(a.projectKey).toBe(assess('m2', 'm2', forms.m2).projectKey);
    expect(a.coFunding).toBeNull();
  });

  it('refuses other applicants, with a reason naming who may apply', () => {
    const a = assess('m2', 'm2', forms.m2, applicant({ kind: 'data_source_unit' }));
    expect(a.eligible).toBe(false);
    expect(a.ineligibility).toEqual([
      { code: 'applicant.kind', zh: '本项仅限企业、高等院校、科研机构申请', en: 'Only enterprises, universities, research institutes may apply for this' },
    ]);
    expect(a.award.amountFen).toBe('0');
    expect(a.award.cuts[0]?.reason.code).toBe('ineligible');
  });

  it('refuses a contract dated after the application', () => {
    expect(reasonCodes(assess('m2', 'm2', { ...forms.m2, contractSignedOn: '2025-06-02' }))).toEqual(['contract.signedAfterReceipt']);
    expect(assess('m2', 'm2', { ...forms.m2, contractSignedOn: '2025-06-01' }).eligible).toBe(true);
  });

  it('refuses an application received outside the validity window, using Shanghai dates', () => {
    const late = assess('m2', 'm2', forms.m2, applicant(), '2026-12-17T16:00:00Z');
    expect(late.ineligibility).toEqual([
      {
        code: 'intake.outsideValidity',
        zh: '申请于 2026-12-18 收到,不在本政策有效期(2024-12-18 至 2026-12-17)内',
        en: "The application was received on 2026-12-18, outside the policy's validity (2024-12-18 to 2026-12-17)",
      },
    ]);
    expect(assess('m2', 'm2', forms.m2, applicant(), '2026-12-17T15:59:59Z').eligible).toBe(true);
    const early = assess('m2', 'm2', { ...forms.m2, contractSignedOn: '2024-12-01' }, applicant(), '2024-12-17T15:59:59Z');
    expect(reasonCodes(early)).toEqual(['intake.outsideValidity']);
    expect(early.receivedOn).toBe('2024-12-17');
  });

  it('refuses an invalid form instead of computing from it', () => {
    const a = assess('m2', 'm2', { ...forms.m2, contractAmountFen: 2000000.5 });
    expect(reasonCodes(a)).toEqual(['form.invalid']);
    expect(a.ineligibility[0]?.en).toMatch(/form\.contractAmountFen: amount must be a string of whole fen/);
    expect(a.award.amountFen).toBe('0');
  });

  describe('cumulative cap for projects with national or provincial funding', () => {
    it('requires the audited investment', () => {
      expect(reasonCodes(assess('m2', 'm2', { ...forms.m2, nationalOrProvincialFunding: true }))).toEqual(['cumulative.auditedInvestmentMissing']);
    });

    it('cuts the award to what the audited investment leaves, and shows the cut', () => {
      const a = assess('m2', 'm2', { ...forms.m2, nationalOrProvincialFunding: true, auditedInvestmentFen: '150000000' });
      expect(a.eligible).toBe(true);
      const limit = a.limits.find((l) => l.scope === 'project');
      expect(limit).toMatchObject({ key: `project|${a.projectKey ?? ''}`, capFen: '150000000' });
      const cut = applyCumulativeLimits(a.award, a.limits, { [limit?.key ?? '']: '80000000' });
      expect(cut.amountFen).toBe('70000000');
      expect(cut.cuts).toHaveLength(1);
      expect(cut.cuts[0]?.reason.code).toBe('limit.project');
      expect(cut.lines.at(-1)?.zh).toMatch(/^由 1,000,000.00 元 核减为 700,000.00 元:已获国家或省级财政支持的项目.*此前已获 800,000.00 元,尚余 700,000.00 元$/);
    });

    it('leaves an award alone when it fits, and sets none when there is no national funding', () => {
      const a = assess('m2', 'm2', { ...forms.m2, nationalOrProvincialFunding: true, auditedInvestmentFen: '150000000' });
      expect(applyCumulativeLimits(a.award, a.limits, {}).amountFen).toBe('100000000');
      expect(assess('m2', 'm2', forms.m2).limits).toEqual([]);
    });
  });
});

describe('measure 3: corpus vouchers (语料券)', () => {
  it('m3a pays 30% of the contract, capped at 2,000,000 yuan', () => {
    expect(assess('m3', 'm3a', forms.m3a).award.amountFen).toBe('300000');
    expect(rateCase('m3', 'm3a', forms.m3a, 'contractAmountFen', 666_666_667n)).toMatchObject({ amount: 200n * WAN, capped: false });
    expect(rateCase('m3', 'm3a', forms.m3a, 'contractAmountFen', 666_666_670n)).toMatchObject({ amount: 200n * WAN, capped: true });
    expect(rateCase('m3', 'm3a', forms.m3a, 'contractAmountFen', 333n).amount).toBe(99n);
  });

  it('m3a refuses a related-party seller and a purchase off the trading platform', () => {
    const a = assess('m3', 'm3a', { ...forms.m3a, sellerIsRelatedParty: true, purchasedViaTradingPlatform: false });
    expect(a.ineligibility.map((r) => r.zh)).toEqual(['语料须购自非关联方', '语料须通过数据交易平台购买']);
    expect(reasonCodes(assess('m3', 'm3a', forms.m3a, applicant({ kind: 'university' })))).toEqual(['applicant.kind']);
  });

  it('m3b is set by the officer up to 1,000,000 yuan per data-source unit per year', () => {
    const dsu = applicant({ kind: 'data_source_unit' });
    const none = assess('m3', 'm3b', forms.m3b, dsu);
    expect(none.award).toMatchObject({ kind: 'perUnitPerYear', amountFen: '100000000', officerSet: true, capped: false });
    expect(assess('m3', 'm3b', { ...forms.m3b, requestedAmountFen: '50000000' }, dsu).award.amountFen).toBe('50000000');
    expect(assess('m3', 'm3b', { ...forms.m3b, requestedAmountFen: '100000000' }, dsu).award).toMatchObject({ amountFen: '100000000', capped: false });
    expect(assess('m3', 'm3b', { ...forms.m3b, requestedAmountFen: '100000001' }, dsu).award).toMatchObject({ amountFen: '100000000', capped: true });
    expect(none.limits).toEqual([expect.objectContaining({ key: 'm3b|org:org-1|year:2025', scope: 'applicantYear', capFen: '100000000' })]);
    const cut = applyCumulativeLimits(none.award, none.limits, { 'm3b|org:org-1|year:2025': '80000000' });
    expect(cut.amountFen).toBe('20000000');
    expect(applyCumulativeLimits(none.award, none.limits, { 'm3b|org:org-1|year:2024': '80000000' }).amountFen).toBe('100000000');
  });

  it('m3b is only for data-source units and corpora meeting the requirements', () => {
    expect(reasonCodes(assess('m3', 'm3b', forms.m3b))).toEqual(['applicant.kind']);
    const a = assess(
      'm3',
      'm3b',
      { ...forms.m3b, meetsScaleQuality: false, meetsUpdateFrequency: false, meetsApplicationEffect: false },
      applicant({ kind: 'data_source_unit' }),
    );
    expect(reasonCodes(a)).toEqual(['m3b.scaleQuality', 'm3b.updateFrequency', 'm3b.applicationEffect']);
  });

  it('3a and 3b share one 5,000万 pool run by gsdb', () => {
    const a = assess('m3', 'm3a', forms.m3a);
    const b = assess('m3', 'm3b', forms.m3b, applicant({ kind: 'data_source_unit' }));
    expect(a.poolCode).toBe('m3-corpus-voucher');
    expect(b.poolCode).toBe('m3-corpus-voucher');
    expect(rules.pools.find((p) => p.code === 'm3-corpus-voucher')?.annualFen).toBe('5000000000');
    expect(a.routing.lead).toBe('gsdb');
  });
});

describe('measure 4: model voucher (模型券)', () => {
  it('pays 30% of the model purchase cost, capped at 2,000,000 yuan', () => {
    expect(assess('m4', 'm4', forms.m4).award.amountFen).toBe('30000000');
    expect(rateCase('m4', 'm4', forms.m4, 'modelPurchaseCostFen', 666_666_667n)).toMatchObject({ amount: 200n * WAN, capped: false });
    expect(rateCase('m4', 'm4', forms.m4, 'modelPurchaseCostFen', 666_666_670n)).toMatchObject({ amount: 200n * WAN, capped: true });
  });

  it('requires a CAC filing number', () => {
    const a = assess('m4', 'm4', without(forms.m4, 'cacFilingNumber'));
    expect(a.ineligibility).toEqual([
      {
        code: 'm4.notFiled',
        zh: '所用模型须经国家网信办备案,请填写备案号',
        en: 'The model must be filed with the Cyberspace Administration of China; give its filing number',
      },
    ]);
    expect(reasonCodes(assess('m4', 'm4', { ...forms.m4, cacFilingNumber: '   ' }))).toEqual(['m4.notFiled']);
  });

  it('requires "a certain scale" as the pack sets it (500,000 yuan)', () => {
    expect(reasonCodes(assess('m4', 'm4', { ...forms.m4, modelPurchaseCostFen: '49999999' }))).toEqual(['m4.belowScale']);
    const at = assess('m4', 'm4', { ...forms.m4, modelPurchaseCostFen: '50000000' });
    expect(at.eligible).toBe(true);
    expect(at.award.amountFen).toBe('15000000');
  });
});

describe('measure 5: industry applications', () => {
  it('demonstration: 30% of actual investment, capped at 2,000,000 yuan', () => {
    expect(assess('m5', 'm5-demo', forms.m5).award.amountFen).toBe('30000000');
    expect(rateCase('m5', 'm5-demo', forms.m5, 'actualInvestmentFen', 666_666_667n)).toMatchObject({ amount: 200n * WAN, capped: false });
    expect(rateCase('m5', 'm5-demo', forms.m5, 'actualInvestmentFen', 666_666_670n)).toMatchObject({ amount: 200n * WAN, capped: true });
  });

  it('benchmark: the same 30% with the 10,000,000-yuan cap', () => {
    expect(rateCase('m5', 'm5-benchmark', forms.m5, 'actualInvestmentFen', 4_000_000_000n)).toMatchObject({ amount: 1000n * WAN, capped: true });
    expect(rateCase('m5', 'm5-benchmark', forms.m5, 'actualInvestmentFen', 3_333_333_334n)).toMatchObject({ amount: 1000n * WAN, capped: false });
    expect(rateCase('m5', 'm5-benchmark', forms.m5, 'actualInvestmentFen', 3_333_333_337n)).toMatchObject({ amount: 1000n * WAN, capped: true });
  });

  it('demonstration and benchmark are the same kind of benefit for one project, and share the 1亿 pool', () => {
    const d = assess('m5', 'm5-demo', forms.m5);
    const b = assess('m5', 'm5-benchmark', forms.m5);
    expect(d.sameKindGroup).toBe(b.sameKindGroup);
    expect(d.projectKey).toBe(b.projectKey);
    expect(d.poolCode).toBe('m5-industry-application');
    expect(b.poolCode).toBe('m5-industry-application');
  });
});

describe('measure 6: government scenarios', () => {
  it('is set by the officer up to 5,000,000 yuan', () => {
    expect(assess('m6', 'm6', forms.m6).award).toMatchObject({ kind: 'officerSet', amountFen: '500000000', officerSet: true, capFen: '500000000' });
    expect(assess('m6', 'm6', { ...forms.m6, requestedAmountFen: '120000000' }).award.amountFen).toBe('120000000');
    expect(assess('m6', 'm6', { ...forms.m6, requestedAmountFen: '500000001' }).award).toMatchObject({ amountFen: '500000000', capped: true });
    expect(assess('m6', 'm6', forms.m6).poolCode).toBe('m6-gov-scenarios');
  });

  it('requires a feasible product already in use', () => {
    expect(reasonCodes(assess('m6', 'm6', { ...forms.m6, feasibilityConfirmed: false, inUseSince: '2025-07-01' }))).toEqual(['m6.notFeasible', 'm6.notInUse']);
  });
});

describe('measure 7: AI products', () => {
  it('rewards up to 3,000,000 yuan once sales reach the pack threshold', () => {
    expect(assess('m7', 'm7', { ...forms.m7, annualSalesUnits: 100000 }).award).toMatchObject({ amountFen: '300000000', officerSet: true });
    const below = assess('m7', 'm7', { ...forms.m7, annualSalesUnits: 99999 });
    expect(below.ineligibility).toEqual([
      { code: 'm7.belowSalesVolume', zh: '年度销售量未达到规定规模', en: 'Yearly sales are below the volume the implementing rules set' },
    ]);
    expect(reasonCodes(assess('m7', 'm7', { ...forms.m7, usesLargeModel: false }))).toEqual(['m7.noLargeModel']);
    expect(assess('m7', 'm7', forms.m7).poolCode).toBeNull();
  });
});

describe('measure 8: first-version AI software', () => {
  it('is set by the officer up to 10,000,000 yuan for own-IP software in commercial use', () => {
    expect(assess('m8', 'm8', forms.m8).award).toMatchObject({ amountFen: '1000000000', officerSet: true });
    expect(reasonCodes(assess('m8', 'm8', { ...forms.m8, ownIntellectualProperty: false, firstCommercialUseOn: '2025-12-01' }))).toEqual([
      'm8.noOwnIp',
      'm8.notYetCommercial',
    ]);
  });
});

describe('measure 9: basic research and key technologies', () => {
  it.each<[string, bigint]>([
    ['m9-major', 1000n * WAN],
    ['m9-key', 300n * WAN],
    ['m9-general', 60n * WAN],
  ])('%s is set by the officer up to its cap', (code, cap) => {
    expect(assess('m9', code, forms.m9basic, applicant({ kind: 'university' })).award).toMatchObject({ amountFen: cap.toString(), officerSet: true });
    const over = assess('m9', code, { ...forms.m9basic, requestedAmountFen: (cap + 1n).toString() }, applicant({ kind: 'university' }));
    expect(over.award).toMatchObject({ amountFen: cap.toString(), capped: true });
    const at = assess('m9', code, { ...forms.m9basic, requestedAmountFen: cap.toString() }, applicant({ kind: 'university' }));
    expect(at.award).toMatchObject({ amountFen: cap.toString(), capped: false });
  });

  it.each(['m9-special', 'm9-jbgs'])('%s pays 50% of project investment, capped at 30,000,000 yuan', (code) => {
    expect(assess('m9', code, forms.m9invest).award.amountFen).toBe('1000000000');
    expect(rateCase('m9', code, forms.m9invest, 'projectInvestmentFen', 6_000_000_000n)).toMatchObject({ amount: 3000n * WAN, capped: false });
    expect(rateCase('m9', code, forms.m9invest, 'projectInvestmentFen', 6_000_000_002n)).toMatchObject({ amount: 3000n * WAN, capped: true });
  });

  it('routes by sub-type and draws on the 3亿 research pool', () => {
    expect(assess('m9', 'm9-key', forms.m9basic).routing).toEqual({ lead: 'stic', coReviewers: [], district: null });
    // Jointly managed by the three bureaus of measure 9: stic's intake, then stic, miit and drc in parallel, then stic decides.
    expect(assess('m9', 'm9-special', forms.m9invest).routing).toEqual({ lead: 'stic', coReviewers: ['stic', 'miit', 'drc'], district: null });
    expect(assess('m9', 'm9-jbgs', forms.m9invest).routing).toEqual({ lead: 'miit', coReviewers: ['stic'], district: null });
    expect(assess('m9', 'm9-general', forms.m9basic).poolCode).toBe('m9-research');
    expect(rules.pools.find((p) => p.code === 'm9-research')?.annualFen).toBe('30000000000');
    expect(reasonCodes(assess('m9', 'm9-key', forms.m9basic, applicant({ kind: 'park_operator' })))).toEqual(['applicant.kind']);
  });
});

describe('measure 10: domestic AI ecosystem (city + district)', () => {
  it('pays 50% of the enterprise share, split city/district with the odd fen to the city', () => {
    const a = assess('m10', 'm10', forms.m10);
    expect(a.award.amountFen).toBe('1000001');
    expect(a.coFunding).toEqual({ districtBureau: 'district:nanshan', cityFen: '500001', districtFen: '500000', districtShareBp: 5000 });
    expect(a.routing).toEqual({ lead: 'miit', coReviewers: [], district: 'district:nanshan' });
  });

  it('caps at 3,000,000 yuan per enterprise, applied to the sum of both shares', () => {
    const at = rateCase('m10', 'm10', { ...forms.m10, totalServiceFeeFen: '900000000' }, 'enterpriseShareFeeFen', 600_000_000n);
    expect(at).toMatchObject({ amount: 300n * WAN, capped: false });
    const over = rateCase('m10', 'm10', { ...forms.m10, totalServiceFeeFen: '900000000' }, 'enterpriseShareFeeFen', 600_000_002n);
    expect(over).toMatchObject({ amount: 300n * WAN, capped: true });
    expect(over.a.coFunding).toMatchObject({ cityFen: '150000000', districtFen: '150000000' });
  });

  it('counts earlier awards to the same enterprise against the 3,000,000 yuan, and re-splits the cut award', () => {
    const a = assess('m10', 'm10', { ...forms.m10, enterpriseShareFeeFen: '3000000', totalServiceFeeFen: '3000000' });
    expect(a.limits).toEqual([expect.objectContaining({ key: 'm10|org:org-1', scope: 'applicant', capFen: '300000000' })]);
    const cut = applyCumulativeLimits(a.award, a.limits, { 'm10|org:org-1': '299000001' });
    expect(cut.amountFen).toBe('999999');
    expect(coFundingFor(a, BigInt(cut.amountFen))).toEqual({
      districtBureau: 'district:nanshan',
      cityFen: '500000',
      districtFen: '499999',
      districtShareBp: 5000,
    });
  });

  it('finds the district however it is written', () => {
    expect(assess('m10', 'm10', forms.m10, applicant({ district: 'district:longgang' })).routing.district).toBe('district:longgang');
    expect(assess('m10', 'm10', forms.m10, applicant({ district: '宝安区' })).routing.district).toBe('district:baoan');
    expect(assess('m10', 'm10', forms.m10, applicant({ district: 'Shenshan Special Cooperation Zone' })).routing.district).toBe('district:shenshan');
  });

  it('needs a known registered district, a qualifying centre, and a share within the total fee', () => {
    const noDistrict = assess('m10', 'm10', forms.m10, applicant({ district: null }));
    expect(reasonCodes(noDistrict)).toEqual(['applicant.district']);
    expect(noDistrict.coFunding).toBeNull();
    expect(noDistrict.routing.district).toBeNull();
    expect(assess('m10', 'm10', forms.m10, applicant({ district: 'gotham' })).ineligibility[0]?.en).toBe(
      'The registered district "gotham" is not one this policy covers',
    );
    expect(reasonCodes(assess('m10', 'm10', { ...forms.m10, centreQualified: false, enterpriseShareFeeFen: '3000001' }))).toEqual([
      'm10.centreNotQualified',
      'm10.shareAboveTotal',
    ]);
  });
});

describe('measure 11: open-source AI software', () => {
  it('is set by the officer up to 1,000,000 yuan', () => {
    expect(assess('m11', 'm11', forms.m11).award).toMatchObject({ amountFen: '100000000', officerSet: true });
    expect(assess('m11', 'm11', { ...forms.m11, requestedAmountFen: '100000001' }).award).toMatchObject({ amountFen: '100000000', capped: true });
  });
});

describe('measure 12: public technical service platforms', () => {
  it('new platform: 50% of approved total investment, capped at 20,000,000 yuan', () => {
    expect(assess('m12', 'm12-new', forms.m12new).award.amountFen).toBe('500000000');
    expect(rateCase('m12', 'm12-new', forms.m12new, 'approvedTotalInvestmentFen', 4_000_000_000n)).toMatchObject({ amount: 2000n * WAN, capped: false });
    expect(rateCase('m12', 'm12-new', forms.m12new, 'approvedTotalInvestmentFen', 4_000_000_002n)).toMatchObject({ amount: 2000n * WAN, capped: true });
  });

  it("existing platform: 30% of last year's approved operating cost, capped at 5,000,000 yuan", () => {
    expect(assess('m12', 'm12-existing', forms.m12existing).award.amountFen).toBe('300000000');
    expect(rateCase('m12', 'm12-existing', forms.m12existing, 'lastYearApprovedOperatingCostFen', 1_666_666_667n)).toMatchObject({
      amount: 500n * WAN,
      capped: false,
    });
    expect(rateCase('m12', 'm12-existing', forms.m12existing, 'lastYearApprovedOperatingCostFen', 1_666_666_670n)).toMatchObject({
      amount: 500n * WAN,
      capped: true,
    });
  });

  it('national industry innovation centre: matched up to 1:1', () => {
    const a = assess('m12', 'm12-national', forms.m12national);
    expect(a.award).toMatchObject({ kind: 'matching', amountFen: '5000000000', ratio: { num: 1, den: 1 }, capFen: null, capped: false });
    expect(zhLines(a)).toContain('按 1:1 配套:50,000,000.00 元');
    expect(reasonCodes(assess('m12', 'm12-national', { ...forms.m12national, nationalCentreApproved: false }))).toEqual(['m12.notNational']);
  });

  it('is led by miit with drc co-reviewing', () => {
    expect(assess('m12', 'm12-new', forms.m12new).routing).toEqual({ lead: 'miit', coReviewers: ['drc'], district: null });
  });
});

describe('measure 13: AI key laboratories', () => {
  it('a newly approved lab is set by the officer up to 5,000,000 yuan', () => {
    expect(assess('m13', 'm13-new', forms.m13new, applicant({ kind: 'university' })).award).toMatchObject({ amountFen: '500000000', officerSet: true });
  });

  it('an excellent or good evaluation earns up to 3,000,000 yuan, with the pack default per grade', () => {
    const lab = applicant({ kind: 'lab' });
    expect(assess('m13', 'm13-eval', forms.m13eval, lab).award).toMatchObject({
      kind: 'graded',
      amountFen: '300000000',
      suggestedFen: '300000000',
      officerSet: true,
    });
    const good = assess('m13', 'm13-eval', { ...forms.m13eval, grade: 'good' }, lab);
    expect(good.award).toMatchObject({ amountFen: '300000000', suggestedFen: '200000000' });
    expect(zhLines(good)).toContain('评估结果为良好:默认奖励 2,000,000.00 元,审核部门可在 3,000,000.00 元 以内核定');
  });

  it.each(['pass', 'fail'])('a %s evaluation earns nothing, and says why', (grade) => {
    const a = assess('m13', 'm13-eval', { ...forms.m13eval, grade }, applicant({ kind: 'lab' }));
    expect(a.ineligibility).toEqual([
      { code: 'm13.gradeNotRewarded', zh: '评估结果为良好或优秀的方可获得奖励', en: 'Only a good or excellent evaluation earns a reward' },
    ]);
    expect(a.award.amountFen).toBe('0');
  });
});

describe('measure 14: industry clusters', () => {
  it('the zero-rent incubator grants 6 to 36 rent-free months and no money, reviewed by the district', () => {
    const a = assess('m14', 'm14-incubator', { ...forms.m14incubator, rentFreeMonths: 6 });
    expect(a.eligible).toBe(true);
    expect(a.award).toMatchObject({ kind: 'none', amountFen: '0' });
    expect(zhLines(a)).toContain('本项不涉及资金资助');
    expect(a.routing).toEqual({ lead: 'miit', coReviewers: ['qianhai'], district: 'district:nanshan' });
    expect(assess('m14', 'm14-incubator', { ...forms.m14incubator, rentFreeMonths: 36 }).eligible).toBe(true);
    expect(reasonCodes(assess('m14', 'm14-incubator', { ...forms.m14incubator, rentFreeMonths: 5 }))).toEqual(['m14.rentFreeTooShort']);
    expect(reasonCodes(assess('m14', 'm14-incubator', { ...forms.m14incubator, rentFreeMonths: 37 }))).toEqual(['m14.rentFreeTooLong']);
    expect(reasonCodes(assess('m14', 'm14-incubator', { ...forms.m14incubator, isSmallOrMicro: false }))).toEqual(['m14.notSme']);
  });

  it('a recognised park earns its operator 2,000,000 yuan; a park rated excellent 500,000 yuan', () => {
    const operator = applicant({ kind: 'park_operator' });
    expect(assess('m14', 'm14-park', forms.m14park, operator).award).toMatchObject({ kind: 'fixed', amountFen: '200000000' });
    expect(assess('m14', 'm14-park-excellent', forms.m14excellent, operator).award).toMatchObject({ kind: 'fixed', amountFen: '50000000' });
    expect(reasonCodes(assess('m14', 'm14-park-excellent', { ...forms.m14excellent, ratedExcellent: false }, operator))).toEqual(['m14.notExcellent']);
    expect(reasonCodes(assess('m14', 'm14-park', forms.m14park))).toEqual(['applicant.kind']);
  });
});

describe('measure 15: returnee AI founders', () => {
  it.each<[string, string]>([
    ['first', '100000000'],
    ['second', '50000000'],
    ['third', '30000000'],
  ])('tier %s pays a one-off %s fen', (tier, amount) => {
    expect(assess('m15', 'm15', { ...forms.m15, tier }).award).toMatchObject({ kind: 'fixedTiers', amountFen: amount });
  });

  it('requires registration 6 to 48 months before the application, to the day', () => {
    const on = (registeredOn: string | null) => assess('m15', 'm15', forms.m15, applicant({ registeredOn }));
    expect(on('2024-12-01').eligible).toBe(true); // exactly 6 months before 2025-06-01
    expect(reasonCodes(on('2024-12-02'))).toEqual(['m15.registrationWindow']);
    expect(on('2021-06-01').eligible).toBe(true); // exactly 48 months
    expect(reasonCodes(on('2021-05-31'))).toEqual(['m15.registrationWindow']);
    expect(reasonCodes(on(null))).toEqual(['m15.registrationWindow']);
    expect(on('2024-12-02').ineligibility[0]?.zh).toBe('企业注册时间须在6至48个月内(以注册日期和申请受理日期计)');
  });

  it('requires a returnee founder and is reviewed by talent with stic, hrss and miit', () => {
    expect(reasonCodes(assess('m15', 'm15', { ...forms.m15, founderIsReturnee: false }))).toEqual(['m15.notReturnee']);
    expect(assess('m15', 'm15', forms.m15).routing).toEqual({ lead: 'talent', coReviewers: ['stic', 'hrss', 'miit'], district: null });
  });
});

describe('measure 17: financing subsidies (amounts from the pack parameters)', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['m17-loan-interest', forms.m17loan, 'interestPaidFen'],
    ['m17-guarantee-fee', { guaranteeContractNumber: 'DB-1', guarantor: 'G', guaranteeFeePaidFen: '1000', paymentEvidence: 'd' }, 'guaranteeFeePaidFen'],
    ['m17-tech-insurance', { policyNumber: 'BX-1', insurer: 'I', premiumPaidFen: '1000', paymentEvidence: 'd' }, 'premiumPaidFen'],
    ['m17-ip-financing', { pledgeRegistrationNumber: 'ZY-1', lender: 'L', interestPaidFen: '1000', paymentEvidence: 'd' }, 'interestPaidFen'],
  ])('%s pays the parameter rate of what was paid, capped by the parameter cap', (code, form, baseField) => {
    const key =
      { 'm17-loan-interest': 'loanInterest', 'm17-guarantee-fee': 'guaranteeFee', 'm17-tech-insurance': 'techInsurance', 'm17-ip-financing': 'ipFinancing' }[
        code
      ] ?? '';
    const rateParam = rules.parameters[`m17.${key}.rateBp`];
    const capParam = rules.parameters[`m17.${key}.capFen`];
    if (rateParam?.type !== 'bp' || capParam?.type !== 'fen') throw new Error('pack parameters missing');
    const cap = BigInt(capParam.value);
    const a = assess('m17', code, { ...form, [baseField]: '1001' });
    expect(a.award.rateBp).toBe(rateParam.value);
    expect(a.award.amountFen).toBe(((1001n * BigInt(rateParam.value)) / 10_000n).toString());
    const big = assess('m17', code, { ...form, [baseField]: (cap * 10n).toString() });
    expect(big.award).toMatchObject({ amountFen: cap.toString(), capped: true });
    expect(a.routing).toEqual({ lead: 'finance', coReviewers: ['miit', 'stic', 'samr', 'finreg'], district: 'district:nanshan' });
  });
});

describe('measure 18: industry events', () => {
  it('pays 50% of approved total investment, capped at 3,000,000 yuan', () => {
    expect(assess('m18', 'm18', forms.m18).award.amountFen).toBe('200000000');
    expect(rateCase('m18', 'm18', forms.m18, 'approvedTotalInvestmentFen', 600_000_000n)).toMatchObject({ amount: 300n * WAN, capped: false });
    expect(rateCase('m18', 'm18', forms.m18, 'approvedTotalInvestmentFen', 600_000_002n)).toMatchObject({ amount: 300n * WAN, capped: true });
    expect(reasonCodes(assess('m18', 'm18', { ...forms.m18, eventEndOn: '2025-04-30' }))).toEqual(['m18.endsBeforeStart']);
  });
});

describe('applyCut', () => {
  const award = assess('m2', 'm2', forms.m2).award;

  it('lowers an award and records the reason in both languages', () => {
    const cut = applyCut(award, 60_000_000n, { code: 'officer', zh: '审核核减', en: 'reduced on review' });
    expect(cut.amountFen).toBe('60000000');
    expect(cut.cuts).toEqual([{ fromFen: '100000000', toFen: '60000000', reason: { code: 'officer', zh: '审核核减', en: 'reduced on review' } }]);
    expect(cut.lines.at(-1)).toEqual({
      zh: '由 1,000,000.00 元 核减为 600,000.00 元:审核核减',
      en: 'Reduced from CNY 1,000,000.00 to CNY 600,000.00: reduced on review',
    });
    expect(award.amountFen).toBe('100000000');
  });

  it('never raises an award nor takes it below zero', () => {
    expect(() => applyCut(award, 100_000_001n, { code: 'x', zh: 'x', en: 'x' })).toThrow(/never raises/);
    expect(() => applyCut(award, -1n, { code: 'x', zh: 'x', en: 'x' })).toThrow(RangeError);
    expect(applyCut(award, 100_000_000n, { code: 'x', zh: 'x', en: 'x' })).toBe(award);
  });
});

describe('assessments are JSON-safe (they travel in workflow payloads)', () => {
  it('round-trips through JSON unchanged', () => {
    const a = assess('m10', 'm10', forms.m10);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});
