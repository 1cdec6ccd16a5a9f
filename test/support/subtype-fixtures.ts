// One valid and one ineligible application for every Shenzhen sub-type that takes applications,
// written by hand from the policy text (/work/shared/policy, 《深圳市打造人工智能先锋城市的若干措施》) and
// the pack's decisions. Each award is worked out in the comment beside it: amounts in fen (1 yuan = 100
// fen, 1 万元 = 1,000,000 fen), "rate × base, capped" = min(floor(base × rate), cap).
//
// Applicants are the seeded organisations of seeds/demo.json:
//   applicant-lingxi     org-lingxi      enterprise, startup, Nanshan, registered 2024-03-01
//   applicant-pengcheng  org-pengcheng   enterprise, Longgang, registered 2015-06-18
//   applicant-szu        org-szu         university, Nanshan
//   applicant-siat       org-siat        research institute, Nanshan
//   applicant-opendata   org-opendata    data-source unit, Futian
//   applicant-park       org-park        software-park operator, Longhua
//   applicant-lab        org-embodied-lab  municipal key laboratory (kind `lab`), Nanshan
// A new key lab (m13-new) is applied for by its host (university, institute, enterprise); an
// established lab's evaluation reward (m13-eval) is filed by its lifecycle only (test/integration/lab-lifecycle.test.ts).
//
// Dates: every "already happened" date is in 2025, before any receipt date within the policy's
// validity; "2099-01-01" is a date after any receipt.

export interface RateCheck {
  baseFen: string;
  rateBp: number;
  rawFen: string;
  capFen: string | null;
  capped: boolean;
}

export interface SubtypeFixture {
  measureCode: string;
  subtypeCode: string;
  applicant: string;
  form: Record<string, unknown>;
  /** The award the applicant is shown on assessment; officers approve it as it stands. */
  awardFen: string;
  /** For rate-of-base awards: the figures the explanation must show. */
  rate?: RateCheck;
  ineligible: {
    applicant: string;
    form: Record<string, unknown>;
    /** The pack's reason code and the gist of the reason the applicant reads. */
    reasonCode: string;
    reasonEn: RegExp;
  };
}

const doc = (name: string): string => `doc-${name}`;

// ---- measure 2: 训力券 — 50% of the compute contract, max 1,000万; startups 60% ----
const m2 = {
  projectName: 'Lingxi-13B pre-training',
  modelName: 'Lingxi-13B',
  computeProvider: 'Pengcheng Cloud Brain',
  contractNumber: 'EVERY-M2-001',
  contractSignedOn: '2025-03-01',
  contractAmountFen: '333333333',
  contractDocument: doc('m2-contract'),
  invoiceDocument: doc('m2-invoice'),
  nationalOrProvincialFunding: false,
};

// ---- measure 3: 语料券 ----
const m3a = {
  projectName: 'Legal-domain corpus for fine-tuning',
  corpusDescription: '2 TB of annotated court judgments',
  sellerName: 'Shenzhen Data Exchange member: Huazhi Data Co.',
  sellerIsRelatedParty: false,
  tradingPlatform: '深圳数据交易所',
  purchasedViaTradingPlatform: true,
  purpose: 'rnd',
  contractNumber: 'EVERY-M3A-001',
  contractSignedOn: '2025-02-10',
  contractAmountFen: '800000000',
  contractDocument: doc('m3a-contract'),
  platformTradeRecord: doc('m3a-trade'),
};
const m3b = {
  datasetName: '福田区公共交通开放数据集',
  datasetId: 'EVERY-M3B-FT-TRANSIT',
  usageYear: 2025,
  annualUsageCount: 120000,
  meetsScaleQuality: true,
  meetsUpdateFrequency: true,
  meetsApplicationEffect: true,
  requestedAmountFen: '80000000',
  usageReport: doc('m3b-usage'),
};

// ---- measure 4: 模型券 — 30% of the model purchase, max 200万, CAC-filed model, at least the set scale ----
const m4 = {
  projectName: 'Customer-service agents',
  modelName: 'Pengcheng-Chat',
  modelProvider: 'Pengcheng Lab',
  cacFilingNumber: 'Guangdong-PengchengChat-20240101',
  useCase: 'agent_development',
  purchaseContractNumber: 'EVERY-M4-001',
  modelPurchaseCostFen: '120000000',
  scaleAndEffect: '300 agents in production, 2 million conversations a month',
  contractDocument: doc('m4-contract'),
  invoiceDocument: doc('m4-invoice'),
};

// ---- measure 5: 行业应用 — demonstration 30% max 200万; benchmark (decision: 30%) max 1,000万 ----
const m5 = (code: string, investmentFen: string) => ({
  projectName: `Vision inspection line ${code}`,
  projectCode: code,
  sector: 'manufacturing',
  actualInvestmentFen: investmentFen,
  investmentAuditReport: doc(`${code}-audit`),
  projectReport: doc(`${code}-report`),
  nationalOrProvincialFunding: false,
});

// ---- measure 6: 政务场景 — by adoption, max 500万 (officer sets) ----
const m6 = {
  productName: 'Lingxi document assistant',
  scenarioCode: 'EVERY-M6-GOV-017',
  feasibilityConfirmed: true,
  inUseSince: '2025-06-01',
  adoptionSummary: 'Used by 12 district service centres',
  requestedAmountFen: '180000000',
  feasibilityReport: doc('m6-feasibility'),
  usageEvidence: doc('m6-usage'),
};

// ---- measure 7: 爆款产品 — max 300万 once yearly sales reach the set volume (placeholder 100,000 units) ----
const m7 = {
  productName: 'Pengcheng home robot',
  productModel: 'EVERY-M7-PH-2',
  productCategory: 'embodied_robot',
  usesLargeModel: true,
  salesYear: 2025,
  annualSalesUnits: 150000,
  salesEvidence: doc('m7-sales'),
};

// ---- measure 8: 首版次软件 — max 1,000万 ----
const m8 = {
  softwareName: 'Lingxi Code Reviewer',
  softwareVersion: '1.0',
  softwareCopyrightNumber: 'EVERY-M8-2025SR0001',
  ownIntellectualProperty: true,
  firstCommercialUseOn: '2025-04-15',
  firstCustomer: 'Shenzhen Metro',
  commercialContract: doc('m8-contract'),
  technologyAssessment: doc('m8-assessment'),
};

// ---- measure 9: 基础研究 (officer sets: major ≤1,000万, key ≤300万, general ≤60万); special / 揭榜挂帅 50% max 3,000万 ----
const m9Basic = (code: string, requestedFen: string | null) => ({
  projectName: `Foundations project ${code}`,
  projectCode: code,
  researchDirection: 'core_algorithms',
  ...(requestedFen === null ? {} : { requestedAmountFen: requestedFen }),
  proposal: doc(`${code}-proposal`),
  nationalOrProvincialFunding: false,
});
const m9Invest = (code: string, investmentFen: string) => ({
  projectName: `Key technology project ${code}`,
  projectCode: code,
  researchDirection: 'ai_chips',
  projectInvestmentFen: investmentFen,
  proposal: doc(`${code}-proposal`),
  nationalOrProvincialFunding: false,
});

// ---- measure 10: 国产生态 — city and district together ≤50% of the enterprise's own share, max 300万 ----
const m10 = {
  innovationCentreName: '深圳昇腾人工智能生态创新中心',
  centreQualified: true,
  serviceType: 'migration',
  serviceContractNumber: 'EVERY-M10-001',
  totalServiceFeeFen: '100000000',
  enterpriseShareFeeFen: '70000000',
  contractDocument: doc('m10-contract'),
  invoiceDocument: doc('m10-invoice'),
  nationalOrProvincialFunding: false,
};

// ---- measure 11: 开源 — by downloads and influence, max 100万 ----
const m11 = {
  projectName: 'Lingxi operator library',
  repositoryUrl: 'https://git.example.cn/lingxi/ops',
  license: 'Apache-2.0',
  softwareKind: 'operator_library',
  downloads: 250000,
  influenceSummary: 'Used by 40 downstream projects',
  requestedAmountFen: '50000000',
  evidence: doc('m11-evidence'),
};

// ---- measure 12: 公共技术服务平台 — new 50% max 2,000万; existing 30% of last year's cost max 500万; national centre 1:1 ----
const m12New = {
  platformName: 'Shenzhen model evaluation centre',
  projectCode: 'EVERY-M12-NEW',
  platformType: 'evaluation_adaptation',
  approvedTotalInvestmentFen: '3000000000',
  auditReport: doc('m12-new-audit'),
  nationalOrProvincialFunding: false,
};
const m12Existing = {
  platformName: 'Open-source AI community',
  projectCode: 'EVERY-M12-OPS',
  platformType: 'open_source_community',
  operatingYear: 2025,
  lastYearApprovedOperatingCostFen: '2000000000',
  auditReport: doc('m12-existing-audit'),
  nationalOrProvincialFunding: false,
};
const m12National = {
  platformName: 'National embodied-AI innovation centre',
  projectCode: 'EVERY-M12-NAT',
  platformType: 'innovation_center',
  nationalCentreApproved: true,
  nationalFundingFen: '1234567890',
  approvalDocument: doc('m12-national-approval'),
};

// ---- measure 13: 重点实验室 — new lab max 500万; evaluation good/excellent max 300万 ----
const m13New = {
  labName: '深圳大学多模态智能重点实验室',
  approvalNumber: 'EVERY-M13-LAB-01',
  approvedOn: '2025-09-30',
  requestedAmountFen: '450000000',
  approvalDocument: doc('m13-approval'),
  constructionPlan: doc('m13-plan'),
  nationalOrProvincialFunding: false,
};

// ---- measure 14: 产业集聚 — rent-free 6 months to 3 years (no money); recognised park 200万; excellent park 50万 ----
const m14Incubator = {
  incubatorName: 'Nanshan zero-rent AI incubator',
  isSmallOrMicro: true,
  rentFreeMonths: 24,
  areaSquareMetres: 300,
  tenancyAgreement: doc('m14-tenancy'),
};
const m14Park = {
  parkName: 'Longhua AI software park',
  recognitionNumber: 'EVERY-M14-PARK-01',
  recognisedOn: '2025-05-20',
  recognitionDocument: doc('m14-recognition'),
};
const m14Excellent = {
  parkName: 'Longhua AI software park',
  assessmentYear: 2025,
  assessmentReference: 'EVERY-M14-EXC-2025',
  ratedExcellent: true,
  assessmentDocument: doc('m14-assessment'),
};

// ---- measure 15: 留学人员创业 — registered 6 to 48 months before applying; 100万 / 50万 / 30万 ----
const m15 = {
  unifiedSocialCreditCode: '91440300EVERYM15X',
  founderName: 'Chen Jing',
  founderIsReturnee: true,
  tier: 'second',
  overseasDegree: doc('m15-degree'),
  businessPlan: doc('m15-plan'),
};

// ---- measure 17: 投融资 — rates and caps set by implementing rules (pack placeholders: 50%; 100万 / 50万 / 50万 / 100万) ----
const m17Loan = {
  loanContractNumber: 'EVERY-M17-LOAN',
  lender: 'Bank of Shenzhen',
  loanAmountFen: '5000000000',
  interestPaidFen: '150000001',
  paymentEvidence: doc('m17-loan'),
};
const m17Guarantee = {
  guaranteeContractNumber: 'EVERY-M17-GUAR',
  guarantor: 'Shenzhen SME Guarantee',
  guaranteeFeePaidFen: '120000000',
  paymentEvidence: doc('m17-guarantee'),
};
const m17Insurance = { policyNumber: 'EVERY-M17-INS', insurer: 'PICC Shenzhen', premiumPaidFen: '30000000', paymentEvidence: doc('m17-insurance') };
const m17Ip = { pledgeRegistrationNumber: 'EVERY-M17-IP', lender: 'China Merchants Bank', interestPaidFen: '240000000', paymentEvidence: doc('m17-ip') };

// ---- measure 18: 会议和赛事 — 50% of approved total investment, max 300万 ----
const m18 = {
  eventName: 'Shenzhen Embodied AI Challenge 2025',
  eventCode: 'EVERY-M18-2025',
  eventKind: 'competition',
  eventStartOn: '2025-07-04',
  eventEndOn: '2025-07-06',
  approvedTotalInvestmentFen: '456789013',
  auditReport: doc('m18-audit'),
  nationalOrProvincialFunding: false,
};

const withoutField = (form: Record<string, unknown>, field: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(form).filter(([k]) => k !== field));
const fundedWithoutAudit = (form: Record<string, unknown>) => ({
  reasonCode: 'cumulative.auditedInvestmentMissing',
  reasonEn: /national or provincial funding must state its audited investment/,
  form: { ...form, nationalOrProvincialFunding: true },
});
const onlyKinds = { reasonCode: 'applicant.kind', reasonEn: /^Only .* may apply/ };

export const SUBTYPE_FIXTURES: SubtypeFixture[] = [
  {
    measureCode: 'm2',
    subtypeCode: 'm2',
    applicant: 'applicant-lingxi',
    form: m2,
    // startup: 3,333,333.33 yuan × 60% = 1,999,999.998 yuan → 199,999,999.8 fen → 199,999,999 fen; under the 1,000万 cap.
    awardFen: '199999999',
    rate: { baseFen: '333333333', rateBp: 6000, rawFen: '199999999', capFen: '1000000000', capped: false },
    // (A contract dated after the receipt is refused at its field before any case: test/api/form-rules.test.ts.)
    ineligible: { applicant: 'applicant-park', form: { ...m2, contractNumber: 'EVERY-M2-X' }, ...onlyKinds },
  },
  {
    measureCode: 'm3',
    subtypeCode: 'm3a',
    applicant: 'applicant-pengcheng',
    form: m3a,
    // 8,000,000 yuan × 30% = 2,400,000 yuan, above the 200万 cap → 2,000,000 yuan = 200,000,000 fen.
    awardFen: '200000000',
    rate: { baseFen: '800000000', rateBp: 3000, rawFen: '240000000', capFen: '200000000', capped: true },
    // 向非关联方购买语料
    ineligible: {
      applicant: 'applicant-pengcheng',
      form: { ...m3a, contractNumber: 'EVERY-M3A-X', sellerIsRelatedParty: true },
      reasonCode: 'm3a.relatedParty',
      reasonEn: /not related to the applicant/,
    },
  },
  {
    measureCode: 'm3',
    subtypeCode: 'm3b',
    applicant: 'applicant-opendata',
    form: m3b,
    // Officer-set, at most 100万 per data-source unit a year; 800,000 yuan asked is under it → 80,000,000 fen.
    awardFen: '80000000',
    // 规模、质量、更新频率、应用成效等方面达到一定要求
    ineligible: {
      applicant: 'applicant-opendata',
      form: { ...m3b, datasetId: 'EVERY-M3B-X', meetsUpdateFrequency: false },
      reasonCode: 'm3b.updateFrequency',
      reasonEn: /update-frequency/,
    },
  },
  {
    measureCode: 'm4',
    subtypeCode: 'm4',
    applicant: 'applicant-lingxi',
    form: m4,
    // 1,200,000 yuan (above the 500,000-yuan scale) × 30% = 360,000 yuan = 36,000,000 fen; under the 200万 cap.
    awardFen: '36000000',
    rate: { baseFen: '120000000', rateBp: 3000, rawFen: '36000000', capFen: '200000000', capped: false },
    // 使用通过国家网信办备案的生成式人工智能模型
    ineligible: {
      applicant: 'applicant-lingxi',
      form: withoutField({ ...m4, purchaseContractNumber: 'EVERY-M4-X' }, 'cacFilingNumber'),
      reasonCode: 'm4.notFiled',
      reasonEn: /filed with the Cyberspace Administration/,
    },
  },
  {
    measureCode: 'm5',
    subtypeCode: 'm5-demo',
    applicant: 'applicant-pengcheng',
    form: m5('EVERY-M5-DEMO', '500000005'),
    // 5,000,000.05 yuan × 30% = 1,500,000.015 yuan → 150,000,001.5 fen → 150,000,001 fen; under the 200万 cap.
    awardFen: '150000001',
    rate: { baseFen: '500000005', rateBp: 3000, rawFen: '150000001', capFen: '200000000', capped: false },
    ineligible: { applicant: 'applicant-pengcheng', ...fundedWithoutAudit(m5('EVERY-M5-DEMO-X', '500000005')) },
  },
  {
    measureCode: 'm5',
    subtypeCode: 'm5-benchmark',
    applicant: 'applicant-siat',
    form: m5('EVERY-M5-BENCH', '4000000000'),
    // 40,000,000 yuan × 30% = 12,000,000 yuan, above the 1,000万 cap → 1,000,000,000 fen.
    awardFen: '1000000000',
    rate: { baseFen: '4000000000', rateBp: 3000, rawFen: '1200000000', capFen: '1000000000', capped: true },
    ineligible: { applicant: 'applicant-siat', ...fundedWithoutAudit(m5('EVERY-M5-BENCH-X', '4000000000')) },
  },
  {
    measureCode: 'm6',
    subtypeCode: 'm6',
    applicant: 'applicant-lingxi',
    form: m6,
    // Officer-set up to 500万; 1,800,000 yuan asked → 180,000,000 fen.
    awardFen: '180000000',
    // 经评估可行并投入使用
    ineligible: {
      applicant: 'applicant-lingxi',
      form: { ...m6, scenarioCode: 'EVERY-M6-X', feasibilityConfirmed: false },
      reasonCode: 'm6.notFeasible',
      reasonEn: /shown feasible/,
    },
  },
  {
    measureCode: 'm7',
    subtypeCode: 'm7',
    applicant: 'applicant-pengcheng',
    form: m7,
    // 150,000 units ≥ the 100,000-unit threshold; officer-set up to 300万, nothing asked → the ceiling, 300,000,000 fen.
    awardFen: '300000000',
    // 年度销量达到一定规模: 99,999 units is one short.
    ineligible: {
      applicant: 'applicant-pengcheng',
      form: { ...m7, productModel: 'EVERY-M7-X', annualSalesUnits: 99999 },
      reasonCode: 'm7.belowSalesVolume',
      reasonEn: /below the volume/,
    },
  },
  {
    measureCode: 'm8',
    subtypeCode: 'm8',
    applicant: 'applicant-lingxi',
    form: m8,
    // Officer-set up to 1,000万, nothing asked → the ceiling, 1,000,000,000 fen.
    awardFen: '1000000000',
    // 具有自主知识产权
    ineligible: {
      applicant: 'applicant-lingxi',
      form: { ...m8, softwareCopyrightNumber: 'EVERY-M8-X', ownIntellectualProperty: false },
      reasonCode: 'm8.noOwnIp',
      reasonEn: /own the software's intellectual property/,
    },
  },
  {
    measureCode: 'm9',
    subtypeCode: 'm9-major',
    applicant: 'applicant-szu',
    form: m9Basic('EVERY-M9-MAJOR', '800000000'),
    // Major basic research: officer-set up to 1,000万; 8,000,000 yuan asked → 800,000,000 fen.
    awardFen: '800000000',
    ineligible: { applicant: 'applicant-szu', ...fundedWithoutAudit(m9Basic('EVERY-M9-MAJOR-X', '800000000')) },
  },
  {
    measureCode: 'm9',
    subtypeCode: 'm9-key',
    applicant: 'applicant-siat',
    form: m9Basic('EVERY-M9-KEY', '350000000'),
    // Key basic research: up to 300万; 3,500,000 yuan asked is above it → the cap, 300,000,000 fen.
    awardFen: '300000000',
    ineligible: { applicant: 'applicant-siat', ...fundedWithoutAudit(m9Basic('EVERY-M9-KEY-X', '350000000')) },
  },
  {
    measureCode: 'm9',
    subtypeCode: 'm9-general',
    applicant: 'applicant-szu',
    form: m9Basic('EVERY-M9-GEN', null),
    // General basic research: up to 60万, nothing asked → the ceiling, 60,000,000 fen.
    awardFen: '60000000',
    ineligible: { applicant: 'applicant-szu', ...fundedWithoutAudit(m9Basic('EVERY-M9-GEN-X', null)) },
  },
  {
    measureCode: 'm9',
    subtypeCode: 'm9-special',
    applicant: 'applicant-siat',
    form: m9Invest('EVERY-M9-SPECIAL', '5000000000'),
    // 50,000,000 yuan × 50% = 25,000,000 yuan = 2,500,000,000 fen; under the 3,000万 cap.
    awardFen: '2500000000',
    rate: { baseFen: '5000000000', rateBp: 5000, rawFen: '2500000000', capFen: '3000000000', capped: false },
    ineligible: { applicant: 'applicant-siat', ...fundedWithoutAudit(m9Invest('EVERY-M9-SPECIAL-X', '5000000000')) },
  },
  {
    measureCode: 'm9',
    subtypeCode: 'm9-jbgs',
    applicant: 'applicant-pengcheng',
    form: m9Invest('EVERY-M9-JBGS', '8000000000'),
    // 80,000,000 yuan × 50% = 40,000,000 yuan, above the 3,000万 cap → 3,000,000,000 fen.
    awardFen: '3000000000',
    rate: { baseFen: '8000000000', rateBp: 5000, rawFen: '4000000000', capFen: '3000000000', capped: true },
    ineligible: { applicant: 'applicant-pengcheng', ...fundedWithoutAudit(m9Invest('EVERY-M9-JBGS-X', '8000000000')) },
  },
  {
    measureCode: 'm10',
    subtypeCode: 'm10',
    applicant: 'applicant-pengcheng',
    form: m10,
    // Enterprise's own share 700,000 yuan × 50% = 350,000 yuan = 35,000,000 fen; under the 300万 cap
    // (city and district together; with the default 50:50 split each pays 17,500,000 fen).
    awardFen: '35000000',
    rate: { baseFen: '70000000', rateBp: 5000, rawFen: '35000000', capFen: '300000000', capped: false },
    // The enterprise's share cannot exceed the whole fee.
    ineligible: { applicant: 'applicant-szu', form: { ...m10, serviceContractNumber: 'EVERY-M10-X' }, ...onlyKinds },
  },
  {
    measureCode: 'm11',
    subtypeCode: 'm11',
    applicant: 'applicant-lingxi',
    form: m11,
    // Officer-set up to 100万; 500,000 yuan asked → 50,000,000 fen.
    awardFen: '50000000',
    // No eligibility rule of its own; who may apply is the rule: a data-source unit is not an open-sourcing developer.
    ineligible: { applicant: 'applicant-opendata', form: { ...m11, repositoryUrl: 'https://git.example.cn/opendata/x' }, ...onlyKinds },
  },
  {
    measureCode: 'm12',
    subtypeCode: 'm12-new',
    applicant: 'applicant-siat',
    form: m12New,
    // 30,000,000 yuan × 50% = 15,000,000 yuan = 1,500,000,000 fen; under the 2,000万 cap.
    awardFen: '1500000000',
    rate: { baseFen: '3000000000', rateBp: 5000, rawFen: '1500000000', capFen: '2000000000', capped: false },
    ineligible: { applicant: 'applicant-siat', ...fundedWithoutAudit({ ...m12New, projectCode: 'EVERY-M12-NEW-X' }) },
  },
  {
    measureCode: 'm12',
    subtypeCode: 'm12-existing',
    applicant: 'applicant-szu',
    form: m12Existing,
    // Last year's cost 20,000,000 yuan × 30% = 6,000,000 yuan, above the 500万 cap → 500,000,000 fen.
    awardFen: '500000000',
    rate: { baseFen: '2000000000', rateBp: 3000, rawFen: '600000000', capFen: '500000000', capped: true },
    ineligible: { applicant: 'applicant-szu', ...fundedWithoutAudit({ ...m12Existing, projectCode: 'EVERY-M12-OPS-X' }) },
  },
  {
    measureCode: 'm12',
    subtypeCode: 'm12-national',
    applicant: 'applicant-pengcheng',
    form: m12National,
    // 最高按1:1给予配套: national funding 12,345,678.90 yuan matched 1:1 → 1,234,567,890 fen.
    awardFen: '1234567890',
    ineligible: {
      applicant: 'applicant-pengcheng',
      form: { ...m12National, projectCode: 'EVERY-M12-NAT-X', nationalCentreApproved: false },
      reasonCode: 'm12.notNational',
      reasonEn: /national industry innovation centre/,
    },
  },
  {
    measureCode: 'm13',
    subtypeCode: 'm13-new',
    applicant: 'applicant-szu',
    form: m13New,
    // New municipal key lab: up to 500万; 4,500,000 yuan asked → 450,000,000 fen.
    awardFen: '450000000',
    ineligible: { applicant: 'applicant-park', form: { ...m13New, approvalNumber: 'EVERY-M13-LAB-X' }, ...onlyKinds },
  },
  {
    measureCode: 'm14',
    subtypeCode: 'm14-incubator',
    applicant: 'applicant-lingxi',
    form: m14Incubator,
    // Rent-free space, no money: 0 fen.
    awardFen: '0',
    // 免租期6个月至3年: 48 months is more than 3 years.
    ineligible: {
      applicant: 'applicant-lingxi',
      form: { ...m14Incubator, incubatorName: 'EVERY-M14-INC-X', rentFreeMonths: 48 },
      reasonCode: 'm14.rentFreeTooLong',
      reasonEn: /at most 3 years/,
    },
  },
  {
    measureCode: 'm14',
    subtypeCode: 'm14-park',
    applicant: 'applicant-park',
    form: m14Park,
    // 对认定的人工智能软件园区给予运营主体200万元奖励 → 200,000,000 fen.
    awardFen: '200000000',
    ineligible: { applicant: 'applicant-lingxi', form: { ...m14Park, parkName: 'EVERY-M14-PARK-X' }, ...onlyKinds },
  },
  {
    measureCode: 'm14',
    subtypeCode: 'm14-park-excellent',
    applicant: 'applicant-park',
    form: m14Excellent,
    // 评估优秀的园区给予50万元奖励 → 50,000,000 fen.
    awardFen: '50000000',
    ineligible: {
      applicant: 'applicant-park',
      form: { ...m14Excellent, assessmentReference: 'EVERY-M14-EXC-X', ratedExcellent: false },
      reasonCode: 'm14.notExcellent',
      reasonEn: /rated excellent/,
    },
  },
  {
    measureCode: 'm15',
    subtypeCode: 'm15',
    applicant: 'applicant-lingxi',
    form: m15,
    // Registered 2024-03-01, within 6–48 months of any receipt date in the policy's window (tests pin receipts
    // inside it: RECEIPT_IN_WINDOW; the test packs' window is kept open beyond it); second tier 50万 → 50,000,000 fen.
    awardFen: '50000000',
    // Pengcheng was registered in 2015, more than 48 months ago.
    ineligible: {
      applicant: 'applicant-pengcheng',
      form: { ...m15, unifiedSocialCreditCode: '91440300EVERYM15Y' },
      reasonCode: 'm15.registrationWindow',
      reasonEn: /registered between 6 and 48 months/,
    },
  },
  {
    measureCode: 'm17',
    subtypeCode: 'm17-loan-interest',
    applicant: 'applicant-pengcheng',
    form: m17Loan,
    // Interest 1,500,000.01 yuan × 50% = 750,000.005 yuan → 75,000,000.5 fen → 75,000,000 fen; under the 100万 cap.
    awardFen: '75000000',
    rate: { baseFen: '150000001', rateBp: 5000, rawFen: '75000000', capFen: '100000000', capped: false },
    ineligible: { applicant: 'applicant-szu', form: { ...m17Loan, loanContractNumber: 'EVERY-M17-LOAN-X' }, ...onlyKinds },
  },
  {
    measureCode: 'm17',
    subtypeCode: 'm17-guarantee-fee',
    applicant: 'applicant-lingxi',
    form: m17Guarantee,
    // 1,200,000 yuan × 50% = 600,000 yuan, above the 50万 cap → 50,000,000 fen.
    awardFen: '50000000',
    rate: { baseFen: '120000000', rateBp: 5000, rawFen: '60000000', capFen: '50000000', capped: true },
    ineligible: { applicant: 'applicant-szu', form: { ...m17Guarantee, guaranteeContractNumber: 'EVERY-M17-GUAR-X' }, ...onlyKinds },
  },
  {
    measureCode: 'm17',
    subtypeCode: 'm17-tech-insurance',
    applicant: 'applicant-pengcheng',
    form: m17Insurance,
    // 300,000 yuan × 50% = 150,000 yuan = 15,000,000 fen; under the 50万 cap.
    awardFen: '15000000',
    rate: { baseFen: '30000000', rateBp: 5000, rawFen: '15000000', capFen: '50000000', capped: false },
    ineligible: { applicant: 'applicant-siat', form: { ...m17Insurance, policyNumber: 'EVERY-M17-INS-X' }, ...onlyKinds },
  },
  {
    measureCode: 'm17',
    subtypeCode: 'm17-ip-financing',
    applicant: 'applicant-lingxi',
    form: m17Ip,
    // 2,400,000 yuan × 50% = 1,200,000 yuan, above the 100万 cap → 100,000,000 fen.
    awardFen: '100000000',
    rate: { baseFen: '240000000', rateBp: 5000, rawFen: '120000000', capFen: '100000000', capped: true },
    ineligible: { applicant: 'applicant-park', form: { ...m17Ip, pledgeRegistrationNumber: 'EVERY-M17-IP-X' }, ...onlyKinds },
  },
  {
    measureCode: 'm18',
    subtypeCode: 'm18',
    applicant: 'applicant-szu',
    form: m18,
    // 4,567,890.13 yuan × 50% = 2,283,945.065 yuan → 228,394,506.5 fen → 228,394,506 fen; under the 300万 cap.
    awardFen: '228394506',
    rate: { baseFen: '456789013', rateBp: 5000, rawFen: '228394506', capFen: '300000000', capped: false },
    ineligible: { applicant: 'applicant-szu', ...fundedWithoutAudit({ ...m18, eventCode: 'EVERY-M18-X' }) },
  },
];
