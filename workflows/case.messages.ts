import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../src/domain/access';
import type { Assessment } from '../src/domain/assess';
import type { Decision, CaseState, InformationRequest } from '../src/domain/case/machine';
import type { CaseEvent } from '../src/domain/case/events';
import type { CaseChange, CaseStatus, TaskRecord, TaskStatus } from '../src/domain/case/records';

export const caseWorkflowId = (caseId: string): string => `case:${caseId}`;
export const intakeWorkflowId = (packId: string): string => `intake:${packId}`;

export interface CaseWorkflowInput {
  caseId: string;
  packId: string;
  packVersion: number;
  receivedAt: string;
  /** The applicant organisation: withdrawals and answers must come from it, officers from it may not decide. */
  organisationId: string;
  /** The case's reference (AP-…), shown as the CaseReference search attribute; absent for cases started before it was passed. */
  reference?: string;
  /** The state handed on by continue-as-new; absent on a case's first run. */
  state?: CaseState;
  /** Handed on by continue-as-new too: changes the API wrote (claims) that no write of the workflow has sent again yet. */
  callerWrote?: CallerWrote[];
}

/** A claim's change the API wrote, as the workflow keeps it to send again with its next write. */
export interface CallerWrote {
  rev: number;
  events: CaseEvent[];
  taskIds: string[];
}

export type { Actor } from '../src/domain/access';
export { Refusal, type RefusalType } from '../src/domain/case/refusals';
export type { Decision } from '../src/domain/case/machine';
export { ESCALATED_PRIORITY } from '../src/domain/case/machine';
export type DecisionKind = Decision['kind'];

/** The ApplicationFailure details of a refusal: the field it concerns, its Chinese text, and any facts. */
export interface RefusalDetails {
  field: string | null;
  zh: string;
  [fact: string]: unknown;
}

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
  /**
   * Since claims-by-caller: what the caller writes to the projection for the workflow (a claim,
   * release or reassignment writes nothing itself). Never shown to a user.
   */
  change?: CaseChange;
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

export type { TaskStatus } from '../src/domain/case/records';

export type TaskView = Omit<TaskRecord, 'comment' | 'amountFen' | 'overrideReason' | 'questions' | 'completedById' | 'completedAt'>;

export interface CaseView {
  status: CaseStatus;
  assessment: Assessment | null;
  tasks: TaskView[];
  approvedAwardFen: string | null;
  informationRequest: Omit<InformationRequest, 'stage'> | null;
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
/** The whole state of the case, for admins. */
export const caseStateQuery = defineQuery<CaseState>('caseState');

/**
 * A case's workflow task runs its local activities, so it lasts as long as its database writes: under
 * load longer than Temporal's default 10 s (the SDK extends a task at 80% of this, but a starved worker
 * misses that beat, the task times out and an update it carried is lost). The cost: a worker that dies
 * midway holds the case this long before another worker takes it up.
 */
export const CASE_WORKFLOW_TASK_TIMEOUT = '30 seconds';
