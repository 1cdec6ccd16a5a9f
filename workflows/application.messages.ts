import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Assessment } from '../src/domain';
import type { CaseStatus } from './activities';

export const applicationWorkflowId = (applicationId: string): string => `application:${applicationId}`;
export const intakeWorkflowId = (packId: string): string => `intake:${packId}`;

export interface ApplicationWorkflowInput {
  applicationId: string;
  packId: string;
  packVersion: number;
  receivedAt: string;
  /** The applicant organisation: withdrawals and answers must come from it, officers from it may not decide. */
  organisationId: string;
}

export interface Actor {
  userId: string;
  role: 'applicant' | 'officer' | 'supervisor' | 'admin';
  bureauCode: string | null;
  organisationId: string | null;
  /** Organisations this user declared a conflict of interest with (loaded by the API). */
  conflictOrganisationIds: string[];
}

/**
 * Why an update was refused. The validator throws an ApplicationFailure of one of these types and
 * the API maps the type (never the message) to an HTTP status.
 */
export const Refusal = {
  /** The caller may never do this (wrong bureau, wrong organisation, not the claimant). 403 */
  Forbidden: 'Forbidden',
  /** The officer is from the applicant organisation or declared a conflict with it. 403 */
  ConflictOfInterest: 'ConflictOfInterest',
  /** The task is not claimed, or claimed by someone else. 409 */
  NotClaimed: 'NotClaimed',
  /** Another officer holds the task. 409 */
  AlreadyClaimed: 'AlreadyClaimed',
  /** The task is already completed or cancelled. 409 */
  AlreadyDecided: 'AlreadyDecided',
  /** The case reached its end (decided, withdrawn, lapsed). 409 */
  CaseClosed: 'CaseClosed',
  /** The case waits for the applicant's answer; no review decision meanwhile. 409 */
  AwaitingInformation: 'AwaitingInformation',
  /** Nothing was asked of the applicant. 409 */
  NotAwaitingInformation: 'NotAwaitingInformation',
  /** The input breaks a rule (amount above the computed award, missing reason, …); details name the field. 422 */
  Invalid: 'Invalid',
  /** No such task in this case. 404 */
  NotFound: 'NotFound',
  /** The budget pool cannot cover the approved amount. 422 */
  PoolExhausted: 'PoolExhausted',
} as const;
export type RefusalType = (typeof Refusal)[keyof typeof Refusal];
/** The ApplicationFailure details of a refusal: the field it concerns, if any. */
export interface RefusalDetails {
  field: string | null;
}

export type Decision =
  | { kind: 'approve'; amountFen?: string; comment?: string; overrideReason?: string }
  | { kind: 'reject'; reason: string }
  | { kind: 'return'; questions: string[]; comment?: string };
export type DecisionKind = Decision['kind'];

export interface DecideArgs {
  taskId: string;
  actor: Actor;
  decision: Decision;
}

export interface DecideResult {
  taskId: string;
  caseStatus: CaseStatus;
  approvedAwardFen: string | null;
}

export interface ClaimArgs {
  taskId: string;
  actor: Actor;
}

export interface ReassignArgs {
  taskId: string;
  actor: Actor;
  /** The officer who takes the task, as loaded by the API. */
  to: Actor;
}

export interface TaskChangeResult {
  taskId: string;
  status: TaskStatus;
  assigneeId: string | null;
}

export interface AnswerInformationArgs {
  actor: Actor;
  answers: string;
  documentIds: string[];
}

export interface AnswerInformationResult {
  caseStatus: CaseStatus;
  /** The task that resumes the review of the bureau that asked. */
  resumedTaskId: string;
  pausedMs: number;
}

export interface WithdrawArgs {
  actor: Actor;
  reason: string | null;
}

export interface WithdrawResult {
  caseStatus: CaseStatus;
  cancelledTaskIds: string[];
}

/**
 * review: the single review of a sub-type without co-reviewers (it is the final decision);
 * intake → co-review (会签, in parallel) → final: the lead bureau, the others, the lead again.
 */
export type TaskStage = 'review' | 'intake' | 'co-review' | 'final';
/** Priority of a task that passed its due date (0 is normal). */
export const ESCALATED_PRIORITY = 1;

/** `deciding` exists only inside the workflow, while an accepted decision is being recorded. */
export type TaskStatus = 'open' | 'claimed' | 'deciding' | 'completed' | 'cancelled';

export interface TaskView {
  taskId: string;
  bureauCode: string;
  stage: TaskStage;
  status: TaskStatus;
  assigneeId: string | null;
  claimedAt: string | null;
  priority: number;
  createdAt: string;
  dueAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
  decision: DecisionKind | null;
}

export interface InformationRequestView {
  taskId: string;
  bureauCode: string;
  questions: string[];
  requestedAt: string;
  answerDueAt: string;
}

export interface CaseView {
  status: CaseStatus;
  assessment: Assessment | null;
  tasks: TaskView[];
  approvedAwardFen: string | null;
  informationRequest: InformationRequestView | null;
}

/** An officer's decision on a review task. Validated before it is accepted into history. */
export const decideUpdate = defineUpdate<DecideResult, [DecideArgs]>('decide');
export const claimUpdate = defineUpdate<TaskChangeResult, [ClaimArgs]>('claim');
export const unclaimUpdate = defineUpdate<TaskChangeResult, [ClaimArgs]>('unclaim');
export const reassignUpdate = defineUpdate<TaskChangeResult, [ReassignArgs]>('reassign');
/** The applicant's answer to a request for information. */
export const answerInformationUpdate = defineUpdate<AnswerInformationResult, [AnswerInformationArgs]>('answerInformation');
export const withdrawUpdate = defineUpdate<WithdrawResult, [WithdrawArgs]>('withdraw');
export const caseQuery = defineQuery<CaseView>('case');
