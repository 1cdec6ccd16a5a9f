import { creditCodeCheckCharacter } from '../src/domain/credit-code';

const SHENZHEN = 'shenzhen-ai-pioneer-2024';

/**
 * The measures of the rush, one review shape each: a single bureau (m2), a three-bureau parallel
 * co-review (m15: talent, then stic, hrss and miit together, then talent), the same shape for
 * m9 special projects (stic leads), and a district review with a co-funded award (m10: miit and
 * the Nanshan district government). Amounts are small so that no pool runs dry.
 */
export interface MeasureMix {
  key: string;
  /** The user who submits case number i. */
  applicant: (i: number) => string;
  body: (i: number) => Record<string, unknown>;
}

/*
 * Each m15 case (a start-up grant, one per company) comes from its own company: the bench seeds an
 * organisation with a valid credit code and an applicant user per m15 case number (bench/applicants.ts),
 * so no case is refused as a second grant to the same company.
 */
export const benchOrganisation = (i: number): string => `org-bench-${i}`;
export const benchApplicant = (i: number): string => `applicant-bench-${i}`;
/** A valid unified social credit code (GB 32100-2015) for case number i: enterprise, Shenzhen, organisation code BN + i. */
export function benchCreditCode(i: number): string {
  const first17 = `91440300BN${String(i).padStart(7, '0')}`;
  return `${first17}${creditCodeCheckCharacter(first17)!}`;
}

export const MIX: MeasureMix[] = [
  {
    key: 'm2 single bureau',
    applicant: () => 'applicant-lingxi',
    body: (i) => ({
      packId: SHENZHEN,
      measureCode: 'm2',
      subtypeCode: 'm2',
      form: {
        projectName: `Bench training run ${i}`,
        modelName: 'Lingxi-7B',
        computeProvider: 'Pengcheng Cloud Brain',
        contractNumber: `BENCH-M2-${i}`,
        contractSignedOn: '2025-03-01',
        contractAmountFen: '1000000',
        contractDocument: 'doc-bench-contract',
        invoiceDocument: 'doc-bench-invoice',
        nationalOrProvincialFunding: false,
      },
    }),
  },
  {
    key: 'm15 three-bureau parallel',
    applicant: benchApplicant,
    body: (i) => ({
      packId: SHENZHEN,
      measureCode: 'm15',
      subtypeCode: 'm15',
      form: {
        unifiedSocialCreditCode: benchCreditCode(i),
        founderName: 'Chen Jing',
        founderIsReturnee: true,
        tier: 'second',
        overseasDegree: 'doc-degree-001',
        businessPlan: 'doc-plan-001',
      },
    }),
  },
  {
    key: 'm9 special (parallel)',
    applicant: () => 'applicant-siat',
    body: (i) => ({
      packId: SHENZHEN,
      measureCode: 'm9',
      subtypeCode: 'm9-special',
      form: {
        projectName: `Bench special project ${i}`,
        projectCode: `SZ-AI-BENCH-${i}`,
        researchDirection: 'embodied_ai',
        projectInvestmentFen: '2000000',
        proposal: 'doc-bench-proposal',
        nationalOrProvincialFunding: false,
      },
    }),
  },
  {
    key: 'm10 district, co-funded',
    applicant: () => 'applicant-lingxi',
    body: (i) => ({
      packId: SHENZHEN,
      measureCode: 'm10',
      subtypeCode: 'm10',
      form: {
        innovationCentreName: 'Shenzhen Domestic AI Innovation Centre',
        centreQualified: true,
        serviceType: 'migration',
        serviceContractNumber: `DAIC-BENCH-${i}`,
        totalServiceFeeFen: '800000',
        enterpriseShareFeeFen: '600000',
        contractDocument: 'doc-bench-contract',
        invoiceDocument: 'doc-bench-invoice',
        nationalOrProvincialFunding: false,
      },
    }),
  },
];

/** The evidence documents the mix's forms name; the bench registers them for each applicant's organisation, as if uploaded once. */
export const BENCH_DOCUMENTS = ['doc-bench-contract', 'doc-bench-invoice', 'doc-bench-proposal', 'doc-degree-001', 'doc-plan-001'];

/** The bureaus whose officers review the mix. */
export const BUREAUS = ['stic', 'miit', 'drc', 'talent', 'hrss', 'district:nanshan'];
export const officerOf = (bureau: string): string => `officer-${bureau.replace(/:/g, '-')}`;
/** Whether case number i of any phase is an m15 case (whose applicant the bench seeds). */
export const isM15 = (i: number): boolean => MIX[i % MIX.length]!.key.startsWith('m15');
export const TERMINAL = ['approved', 'rejected', 'withdrawn', 'lapsed', 'refused'];
