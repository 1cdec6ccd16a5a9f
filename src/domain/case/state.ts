// The case's state and what every part of the machine reads of it: one serialisable value, the
// commands that change it, and small pure helpers. No Temporal, Nest, Prisma or schema library here.
import type { Actor } from '../access';
import type { Assessment } from '../assess';
import type { LocalizedText } from '../pack/schema';
import { applyCut, type AwardExplanation, type Reason } from '../award';
import { addCalendarDays } from '../time';
import { DECISION_REASON_SENTENCES } from '../words/case';
import type { CaseEffect } from './effects';
import type { ReviewStage } from './plan';
import type { CaseOutcome, CaseStatus, TaskRecord } from './records';

/** The review clock of a rule version (calendar days in the pack's time zone) and whom overdue tasks escalate to. */
export interface ReviewClock {
  taskDueDays: number;
  reminderDaysBeforeDue: number;
  rfiAnswerDays: number;
  timeZone: string;
  /** Supervisors per bureau of the plan, as known when the case was assessed. */
  supervisors: Record<string, string[]>;
}

/** What never changes in a case: set at submission. */
export interface CaseFacts {
  caseId: string;
  packId: string;
  packVersion: number;
  organisationId: string;
  receivedAt: string;
  /** The case's reference (AP-…), as filed; null for a case started without one. */
  reference?: string | null;
}

export interface InformationRequest {
  taskId: string;
  bureauCode: string;
  stage: string;
  questions: string[];
  requestedAt: string;
  answerDueAt: string;
}

export type Decision =
  /** `rentFreeMonths`: a final approval of a sub-type with a rent-free period grants that many months (default: as asked). */
  | { kind: 'approve'; amountFen?: string; comment?: string; overrideReason?: string; rentFreeMonths?: number }
  | { kind: 'reject'; reason: string }
  | { kind: 'return'; questions: string[]; comment?: string };

/** An approval accepted but waiting for its funds: the task is `deciding` meanwhile. */
export interface PendingApproval {
  taskId: string;
  actorId: string;
  amountFen: string;
  comment: string | null;
  overrideReason: string | null;
  rentFree?: RentFreeGrant;
}

/** The rent-free period a final approval granted (measure 14), beside what the applicant asked for. */
export interface RentFreeGrant {
  months: number;
  requestedMonths: number;
}

/** A request for information the applicant answered, kept so an officer can read the answer beside the questions. */
export interface AnsweredRequest extends InformationRequest {
  answers: string;
  documentIds: string[];
  answeredAt: string;
}

/** What follows an approval, known at assessment: the lifecycle the sub-type starts and the pools' names and codes. */
export interface CaseTerms {
  /** An approval of a key lab starts its lifecycle; of a rent-free sub-type, its rent-free clock. */
  lifecycle: 'keyLab' | 'rentFree' | null;
  /** The district's own pool for a co-funded award's district share, when the rule version gives it one. */
  districtPoolCode: string | null;
  /** The names of the pools an approval may draw on, for a refusal that says which is short. */
  poolNames: Record<string, LocalizedText>;
}

export interface CaseState {
  facts: CaseFacts;
  /** Set with the assessment. */
  terms: CaseTerms | null;
  status: CaseStatus;
  assessment: Assessment | null;
  clock: ReviewClock | null;
  /** Index of the stage under review in `assessment.reviewPlan`; -1 before review starts. */
  stage: number;
  tasks: TaskRecord[];
  rfi: InformationRequest | null;
  /** Every answered request for information, oldest first. */
  answeredRequests: AnsweredRequest[];
  pending: PendingApproval | null;
  approved: { amountFen: string; award: AwardExplanation; rentFree?: RentFreeGrant } | null;
  outcome: CaseOutcome | null;
  /** Other pending or awarded cases of the applicant for the same project and kind (absent in states from before the ledger). */
  priorBenefits?: PriorBenefit[];
  /** How many transitions have been written (absent before any was numbered): see `CaseChange.rev`. */
  rev?: number;
}

/** Another case of the same applicant, project and same-kind group: a possible double benefit. */
export interface PriorBenefit {
  caseId: string;
  reference: string;
  status: CaseStatus;
  /** The award it holds (approved) or was computed (pending). */
  amountFen: string;
}

/** What the ledger granted an approval: the amount after the cumulative limits, with each cut's reason. */
export interface Grant {
  amountFen: string;
  cuts: { toFen: string; reason: Reason }[];
}

export type CaseCommand =
  /** `terms` absent: no lifecycle beyond the assessment's rent-free terms, no district pool, pools named by code. */
  | { type: 'assessed'; assessment: Assessment; clock: ReviewClock; priorBenefits?: PriorBenefit[]; terms?: CaseTerms }
  | { type: 'claim'; taskId: string; actor: Actor }
  | { type: 'unclaim'; taskId: string; actor: Actor }
  | { type: 'reassign'; taskId: string; actor: Actor; to: Actor }
  | { type: 'decide'; taskId: string; actor: Actor; decision: Decision }
  | { type: 'fundsReserved'; taskId: string; grant: Grant }
  | { type: 'fundsRefused'; taskId: string }
  | { type: 'answerInformation'; actor: Actor; answers: string; documentIds: string[] }
  | { type: 'withdraw'; actor: Actor; reason: string | null }
  | { type: 'timerFired' };

export interface TransitionContext {
  now: number;
  newId: () => string;
}

export interface Transition {
  state: CaseState;
  effects: CaseEffect[];
}

/** Priority of a task that passed its due date (0 is normal). */
export const ESCALATED_PRIORITY = 1;

export function initialCase(facts: CaseFacts): CaseState {
  return {
    facts,
    terms: null,
    status: 'submitted',
    assessment: null,
    clock: null,
    stage: -1,
    tasks: [],
    rfi: null,
    answeredRequests: [],
    pending: null,
    approved: null,
    outcome: null,
  };
}

export const isClosed = (s: CaseState): boolean => s.outcome !== null;
export const isLive = (t: TaskRecord): boolean => t.status === 'open' || t.status === 'claimed' || t.status === 'deciding';
export const liveTasks = (s: CaseState): TaskRecord[] => s.tasks.filter(isLive);
export const findTask = (s: CaseState, taskId: string): TaskRecord | undefined => s.tasks.find((t) => t.taskId === taskId);
export const planOf = (s: CaseState): ReviewStage[] => s.assessment?.reviewPlan ?? [];
export const stageOf = (s: CaseState, t: TaskRecord): ReviewStage | undefined => planOf(s).find((st) => st.code === t.stage);
/** Whether approving this task approves the case. */
export const decidesCase = (s: CaseState, t: TaskRecord): boolean => stageOf(s, t)?.decides ?? false;

/** What an officer approves by default: the grade's default where the pack sets one, else the computed award. */
export function defaultAmount(a: Assessment): bigint {
  return BigInt(a.award.suggestedFen ?? a.award.amountFen);
}

/** Rejections that did not end the case (co-reviewers' opinions): approving over them needs a reason. */
export function overridableRejections(s: CaseState): TaskRecord[] {
  return s.tasks.filter((t) => t.status === 'completed' && t.decision === 'reject' && !(stageOf(s, t)?.rejectionEnds ?? true));
}
/** The explanation the applicant reads for the approved amount, with the cut and its reason when it is lower. */
export function awardAsApproved(a: Assessment, amount: bigint, comment: string): AwardExplanation {
  if (amount >= BigInt(a.award.amountFen)) return a.award;
  const atDefault = a.award.suggestedFen !== null && amount === BigInt(a.award.suggestedFen);
  const reason = atDefault
    ? { code: 'award.gradeDefault', ...DECISION_REASON_SENTENCES.gradeDefault() }
    : { code: 'award.reducedByOfficer', zh: comment, en: comment };
  return applyCut(a.award, amount, reason);
}

export const remindAt = (s: CaseState, t: TaskRecord): number => addCalendarDays(Date.parse(t.dueAt), -s.clock!.reminderDaysBeforeDue, s.clock!.timeZone);

/** The next instant a timer is due, or null. Task clocks stand still while the applicant has the case. */
export function nextDeadline(s: CaseState): number | null {
  if (s.outcome !== null || s.clock === null) return null;
  if (s.rfi !== null) return Date.parse(s.rfi.answerDueAt);
  let next: number | null = null;
  for (const t of liveTasks(s)) {
    if (t.remindedAt === null) next = Math.min(next ?? Infinity, remindAt(s, t));
    if (t.escalatedAt === null) next = Math.min(next ?? Infinity, Date.parse(t.dueAt));
  }
  return next;
}
