// The contract between workflows and the activities that src/ implements. Interfaces only:
// workflow code proxies these by type and never imports their implementation.
import type { Assessment } from '../src/domain/assess';
import type { CumulativeLimit } from '../src/domain/assess';
import type { Grant, PriorBenefit, ReviewClock } from '../src/domain/case/machine';
import type { CaseChange } from '../src/domain/case/records';
import type { CaseEvent } from '../src/domain/case/events';
import type { LabReward, LabSettings, LabState } from '../src/domain/lab/lifecycle';
import type { LocalizedText } from '../src/domain/pack/schema';
import type { ReplayBatch, ReplayBatchInput } from './replay.messages';

export type { CaseStatus } from '../src/domain/case/records';

/** What a case is reviewed under: its assessment (award, routing, review plan) and the review clock. */
export interface CaseAssessment {
  assessment: Assessment;
  clock: ReviewClock;
  /** Other cases of the applicant for the same project and kind, pending or awarded (absent before the ledger). */
  priorBenefits?: PriorBenefit[];
}

export interface ReserveAwardInput {
  caseId: string;
  actorId: string;
  poolCode: string | null;
  /** What the officer approved, and their comment (the cut line when it is less than computed). */
  amountFen: string;
  comment: string | null;
}

export type ReserveAwardResult =
  | { ok: true; year: number; grant: Grant }
  | {
      ok: false;
      short: 'pool';
      year: number;
      availableFen: string;
      askedFen: string;
      poolName: LocalizedText;
      /** The pool that is short (the city's or the district's); absent in results recorded before district pools. */
      poolCode?: string;
      /** With a district pool: the largest award both pools could take (askedFen is then the short pool's share). */
      atMostFen?: string;
    }
  | { ok: false; short: 'limit'; limit: CumulativeLimit; priorFen: string };

export interface PaymentShare {
  funder: string;
  amountFen: string;
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
  /**
   * Reserves a final approval through the ledger in one transaction: cut to fit the cumulative limits,
   * refused when its pool cannot cover the rest, split per funder. A retry returns the first grant.
   */
  reserveAward(input: ReserveAwardInput): Promise<ReserveAwardResult>;
  /** Starts the award's payment workflow (`award:<caseId>`); already started counts as done. */
  startAwardPayments(caseId: string): Promise<void>;
}

export interface PaymentActivities {
  /** The award's shares per funder, as the reservation split them. */
  awardShares(caseId: string): Promise<PaymentShare[]>;
  /** Issues one funder's payment order once (unique per case and funder). */
  issuePaymentOrder(input: { caseId: string; funder: string }): Promise<{ orderId: string }>;
  /** How many of the case's orders are still issued (neither paid nor cancelled). */
  openPaymentOrders(caseId: string): Promise<number>;
}

export interface IntakeActivities {
  setIntakeOpen(packId: string, open: boolean, at: string): Promise<void>;
}

export interface FileLabRewardInput {
  labId: string;
  cycle: number;
  grade: string;
  /** The local date the evaluation fell on: the reward needs a policy in force then. */
  dueOn: string;
  gradedById: string;
}

export interface LabActivities {
  /** What the lifecycle runs under: the designating case, its pack's lifecycle rules and review clock. */
  labSettings(labId: string): Promise<LabSettings>;
  /** Writes the lab and its evaluation tasks to the projection, in one transaction; idempotent. */
  projectLab(state: LabState): Promise<void>;
  markLabTask(taskId: string, field: 'remindedAt' | 'escalatedAt', at: string): Promise<void>;
  /** Files the reward as a normal case under the policy in force on `dueOn` (the lab's, or a successor), or says none is. */
  fileLabReward(input: FileLabRewardInput): Promise<LabReward>;
}

export interface RentFreePeriod {
  months: number;
  startsOn: string;
  endsOn: string;
  endsAtMs: number;
  noticeDays: number;
  noticeAtMs: number;
}

export interface RentFreeActivities {
  /** The granted period of an approved rent-free case, by the pack's lifecycle rules. */
  rentFreePeriod(caseId: string): Promise<RentFreePeriod>;
  /** Appends events to a case's timeline (keyed, so a retry records each once). */
  recordCaseEvents(caseId: string, events: CaseEvent[]): Promise<void>;
}

export interface NoticeActivities {
  /**
   * Emails one notice when SMTP is configured, with a Message-ID that never changes, and marks the
   * row sent; a notice already sent or skipped is left alone. Returns the notice's delivery state.
   */
  deliverNotice(noticeId: string): Promise<string>;
}

/** An admin's replay job (workflows/replay.workflow.ts): one batch of histories replayed per call. */
export interface ReplayActivities {
  replayBatch(input: ReplayBatchInput): Promise<ReplayBatch>;
}
