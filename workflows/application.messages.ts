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
}

export interface Actor {
  userId: string;
  role: 'applicant' | 'officer' | 'supervisor' | 'admin';
  bureauCode: string | null;
  organisationId: string | null;
}

export type Decision =
  | { kind: 'approve'; amountFen?: string; comment?: string }
  | { kind: 'reject'; reason: string };

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

export type TaskStage = 'review';

export interface TaskView {
  taskId: string;
  bureauCode: string;
  stage: TaskStage;
  status: 'open' | 'deciding' | 'completed' | 'cancelled';
  createdAt: string;
  dueAt: string | null;
  decision: Decision['kind'] | null;
}

export interface CaseView {
  status: CaseStatus;
  assessment: Assessment | null;
  tasks: TaskView[];
  approvedAwardFen: string | null;
}

/** An officer's decision on a review task. Validated before it is accepted into history. */
export const decideUpdate = defineUpdate<DecideResult, [DecideArgs]>('decide');
export const caseQuery = defineQuery<CaseView>('case');
