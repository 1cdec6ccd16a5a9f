// The contract between workflows and the activities that src/ implements. Interfaces only:
// workflow code proxies these by type and never imports their implementation.
import type { Assessment } from '../src/domain/assess';
import type { ReviewClock } from '../src/domain/case/machine';
import type { CaseChange } from '../src/domain/case/records';
import type { LocalizedText } from '../src/domain/pack/schema';

export type { CaseStatus } from '../src/domain/case/records';

/** What a case is reviewed under: its assessment (award, routing, review plan) and the review clock. */
export interface CaseAssessment {
  assessment: Assessment;
  clock: ReviewClock;
}

export interface ReserveFundsInput {
  caseId: string;
  packId: string;
  poolCode: string;
  amountFen: string;
}

export type ReserveFundsResult = { ok: true; reservationId: string; year: number } | { ok: false; year: number; availableFen: string; poolName: LocalizedText };

export interface CaseActivities {
  /** Loads the case, its organisation and its rule version; stores the assessment with its event, in one transaction. */
  assessCase(caseId: string): Promise<CaseAssessment>;
  /** Writes one transition of the case to the projection the API reads, in one transaction; a retry writes nothing twice. */
  projectCase(change: CaseChange): Promise<void>;
  /** Reserves from the pack's pool for the budget year the case was received in (Asia/Shanghai); never over-commits. */
  reserveFunds(input: ReserveFundsInput): Promise<ReserveFundsResult>;
}

export interface IntakeActivities {
  setIntakeOpen(packId: string, open: boolean, at: string): Promise<void>;
}
