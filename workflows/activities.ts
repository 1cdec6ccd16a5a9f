// The contract between workflows and the activities that src/ implements. Interfaces only:
// workflow code proxies these by type and never imports their implementation.
import type { Assessment } from '../src/domain/assess';
import type { AwardReservation, CaseTerms, Grant, PriorBenefit, ReservationRefused, ReviewClock } from '../src/domain/case/machine';
import type { CaseChange } from '../src/domain/case/records';
import type { CaseEvent } from '../src/domain/case/events';
import type { LabReward, LabSettings, LabState } from '../src/domain/lab/lifecycle';
import type { ReplayBatch, ReplayBatchInput } from './replay.messages';
import type { NoticeRef } from './children';
import type { CaseWorkflowInput } from './case.messages';

export type { CaseStatus } from '../src/domain/case/records';
export type { NoticeRef } from './children';
export type { AwardReservation } from '../src/domain/case/machine';

/** What a case is reviewed under: its assessment (award, routing, review plan) and the review clock. */
export interface CaseAssessment {
  assessment: Assessment;
  clock: ReviewClock;
  /** Other cases of the applicant for the same project and kind, pending or awarded. */
  priorBenefits: PriorBenefit[];
  /** What follows an approval: the lifecycle the sub-type starts, the district pool, the pools' names. */
  terms: CaseTerms;
  /** When the `case.assessed` event says it happened; what the assessment opens is stamped no earlier. */
  assessedAt?: string;
}

/** A grant, or every obstacle the ledger found at once (what the money lacks and what the approval lacks). */
export type ReserveAwardResult = { ok: true; year: number; grant: Grant } | ReservationRefused;

export interface PaymentShare {
  funder: string;
  amountFen: string;
}

export interface CaseActivities {
  /** Loads the case, its organisation and its rule version; stores the assessment with its event, in one transaction. */
  assessCase(caseId: string): Promise<CaseAssessment>;
  /**
   * Writes one transition of the case to the projection the API reads, with the notices it raises, in
   * one transaction; a retry writes nothing twice. Returns the notices, whose delivery the workflow starts.
   */
  projectCase(change: CaseChange): Promise<NoticeRef[]>;
  /**
   * Reserves a final approval through the ledger in one transaction: cut to fit the cumulative limits,
   * refused when its pool cannot cover the rest, split per funder as the reservation says (the split as
   * assessed). Reads no case and no pack. A retry returns the first grant.
   */
  reserveAward(reservation: AwardReservation): Promise<ReserveAwardResult>;
}

export interface PaymentActivities {
  /** The award's shares per funder, as the reservation split them. */
  awardShares(caseId: string): Promise<PaymentShare[]>;
  /** Issues one funder's payment order once (unique per case and funder). */
  issuePaymentOrder(input: { caseId: string; funder: string }): Promise<{ orderId: string }>;
  /** How many of the case's orders are still issued (neither paid nor cancelled). */
  openPaymentOrders(caseId: string): Promise<number>;
  /**
   * Issues every funder's order once, in one transaction, and counts those still issued: what the
   * three above do for an award since award-orders-local, as one local activity.
   */
  issueAwardOrders(caseId: string): Promise<IssuedAwardOrders>;
}

export interface IssuedAwardOrders {
  orders: { funder: string; orderId: string }[];
  open: number;
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

export interface FiledLabReward {
  reward: LabReward;
  /** The reward case's workflow input, when one was filed. */
  start: CaseWorkflowInput | null;
}

export interface LabActivities {
  /** What the lifecycle runs under: the designating case, its pack's lifecycle rules and review clock. */
  labSettings(labId: string): Promise<LabSettings>;
  /** Writes the lab and its evaluation tasks to the projection, in one transaction; idempotent. Returns the notices written. */
  projectLab(state: LabState): Promise<NoticeRef[]>;
  markLabTask(taskId: string, field: 'remindedAt' | 'escalatedAt', at: string): Promise<void>;
  /**
   * Files the reward as a normal case under the policy in force on `dueOn` (the lab's, or a successor),
   * or says none is: writes the case row (src/cases/filing.ts) and returns how to start its workflow,
   * which the lab workflow starts as its child.
   */
  fileLabReward(input: FileLabRewardInput): Promise<FiledLabReward>;
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
  /** Appends events to a case's timeline (keyed, so a retry records each once), with their notices; returns the notices. */
  recordCaseEvents(caseId: string, events: CaseEvent[]): Promise<NoticeRef[]>;
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
