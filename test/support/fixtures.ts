export const SHENZHEN = 'shenzhen-ai-pioneer-2024';

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
