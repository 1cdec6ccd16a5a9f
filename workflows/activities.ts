// The contract between workflows and the activities that src/ implements. Interfaces only:
// workflow code proxies these by type and never imports their implementation.
import type { Assessment } from '../src/domain';

export type CaseStatus =
  | 'submitted'
  | 'in_review'
  | 'awaiting_information'
  | 'approved'
  | 'rejected'
  | 'withdrawn'
  | 'lapsed'
  | 'refused';

export interface OpenTaskInput {
  taskId: string;
  applicationId: string;
  bureauCode: string;
  stage: string;
  createdAt: string;
  dueAt: string | null;
}

export interface CloseTaskInput {
  taskId: string;
  status: 'completed' | 'cancelled';
  decision: string | null;
  comment: string | null;
  completedById: string | null;
  completedAt: string;
}

export interface RecordEventInput {
  applicationId: string;
  /** Unique per application, so a retried activity records the event once. */
  eventKey: string;
  type: string;
  actorId: string | null;
  data: Record<string, unknown>;
  at: string;
}

export interface ReserveFundsInput {
  applicationId: string;
  packId: string;
  poolCode: string;
  amountFen: string;
  at: string;
}

export type ReserveFundsResult =
  | { ok: true; reservationId: string; year: number }
  | { ok: false; year: number; availableFen: string };

export interface FinalizeCaseInput {
  applicationId: string;
  status: CaseStatus;
  approvedAwardFen: string | null;
  reason: string | null;
  decidedAt: string;
}

export interface ApplicationActivities {
  /** Loads the application, its organisation and its rule version; stores and returns the assessment. */
  assessApplication(applicationId: string): Promise<Assessment>;
  setCaseStatus(applicationId: string, status: CaseStatus): Promise<void>;
  openTask(input: OpenTaskInput): Promise<void>;
  closeTask(input: CloseTaskInput): Promise<void>;
  recordEvent(input: RecordEventInput): Promise<void>;
  /** Reserves from the pack's pool for the budget year of `at` (Asia/Shanghai); never over-commits. */
  reserveFunds(input: ReserveFundsInput): Promise<ReserveFundsResult>;
  finalizeCase(input: FinalizeCaseInput): Promise<void>;
}

export interface IntakeActivities {
  setIntakeOpen(packId: string, open: boolean, at: string): Promise<void>;
}
