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

/** The whole state of one review task, as the inbox shows it. Written whole, so a retried write is harmless. */
export interface TaskSnapshot {
  taskId: string;
  applicationId: string;
  bureauCode: string;
  stage: string;
  status: 'open' | 'claimed' | 'completed' | 'cancelled';
  assigneeId: string | null;
  claimedAt: string | null;
  priority: number;
  createdAt: string;
  dueAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
  decision: string | null;
  comment: string | null;
  amountFen: string | null;
  overrideReason: string | null;
  questions: string[] | null;
  completedById: string | null;
  completedAt: string | null;
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

/** One state change of a case, written in one transaction: task snapshots, timeline events, the case status. */
export interface SyncCaseInput {
  applicationId: string;
  tasks: TaskSnapshot[];
  events: RecordEventInput[];
  status?: CaseStatus;
  final?: FinalizeCaseInput;
}

/** The review clock of a rule version, from the pack's parameters. Calendar days. */
export interface ReviewClock {
  taskDueDays: number;
  reminderDaysBeforeDue: number;
  rfiAnswerDays: number;
}

export interface ApplicationActivities {
  /** Loads the application, its organisation and its rule version; stores and returns the assessment. */
  assessApplication(applicationId: string): Promise<Assessment>;
  syncCase(input: SyncCaseInput): Promise<void>;
  reviewClock(packId: string, packVersion: number): Promise<ReviewClock>;
  /** The users an overdue task of the bureau escalates to. */
  bureauSupervisors(bureauCode: string): Promise<string[]>;
  recordEvent(input: RecordEventInput): Promise<void>;
  /** Reserves from the pack's pool for the budget year the application was received in (Asia/Shanghai); never over-commits. */
  reserveFunds(input: ReserveFundsInput): Promise<ReserveFundsResult>;
}

export interface IntakeActivities {
  setIntakeOpen(packId: string, open: boolean, at: string): Promise<void>;
}
