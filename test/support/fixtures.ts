export const SHENZHEN = 'shenzhen-ai-pioneer-2024';

/**
 * A receipt instant inside the Shenzhen pack's window (2024-12-18 to 2026-12-18), for tests whose
 * outcome depends on when an application is received: measure 15 admits companies registered 6 to 48
 * months before receipt, and the demo startup (registered 2024-03-01) would age out of it on
 * 2028-03-01 if receipts were the machine's today. Pass it as the harness's clock.
 */
export const RECEIPT_IN_WINDOW = '2026-06-01T10:00:00+08:00';

/** A measure-2 training-compute voucher form as an applicant would fill it in. */
export function m2Form(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    projectName: 'Lingxi-7B pre-training',
    modelName: 'Lingxi-7B',
    computeProvider: 'Pengcheng Cloud Brain',
    contractNumber: 'PCL-2025-0042',
    contractSignedOn: '2025-03-01',
    contractAmountFen: '123456789',
    contractDocument: 'doc-contract-0042',
    invoiceDocument: 'doc-invoice-0042',
    nationalOrProvincialFunding: false,
    ...overrides,
  };
}

export function m2Submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { packId: SHENZHEN, measureCode: 'm2', subtypeCode: 'm2', form: m2Form(overrides) };
}

/** Measure 9, major special project: 50% of the project investment, routed by the pack's m9-special routing. */
export function m9SpecialSubmission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    packId: SHENZHEN,
    measureCode: 'm9',
    subtypeCode: 'm9-special',
    form: {
      projectName: 'Embodied intelligence foundation model',
      projectCode: 'SZ-AI-2025-009',
      researchDirection: 'embodied_ai',
      projectInvestmentFen: '200000000', // 2,000,000 yuan → 50% = 100,000,000 fen
      proposal: 'doc-proposal-009',
      nationalOrProvincialFunding: false,
      ...overrides,
    },
  };
}

/** Measure 15, returnee founders: a fixed tier amount; lead talent with three co-reviewing bureaus. */
export function m15Submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    packId: SHENZHEN,
    measureCode: 'm15',
    subtypeCode: 'm15',
    form: {
      unifiedSocialCreditCode: '91440300MA5GLINGXI',
      founderName: 'Chen Jing',
      founderIsReturnee: true,
      tier: 'second', // 500,000 yuan
      overseasDegree: 'doc-degree-001',
      businessPlan: 'doc-plan-001',
      ...overrides,
    },
  };
}

/** Measure 10, domestic-ecosystem migration: reviewed by miit and the applicant's district government. */
export function m10Submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    packId: SHENZHEN,
    measureCode: 'm10',
    subtypeCode: 'm10',
    form: {
      innovationCentreName: 'Shenzhen Domestic AI Innovation Centre',
      centreQualified: true,
      serviceType: 'migration',
      serviceContractNumber: 'DAIC-2025-017',
      totalServiceFeeFen: '80000000',
      enterpriseShareFeeFen: '60000000',
      contractDocument: 'doc-contract-017',
      invoiceDocument: 'doc-invoice-017',
      nationalOrProvincialFunding: false,
      ...overrides,
    },
  };
}
