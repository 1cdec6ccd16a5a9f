// The shapes a case's projection is written in: one task record (the inbox row, the workflow's task
// state and the task detail all derive from it) and one change (what a transition writes, in one
// transaction). Plain TypeScript, shared by the case machine, the activities and the repositories.
import type { CaseEvent, ReviewDecision } from './events';
import type { CaseState } from './state';

export type CaseStatus = 'submitted' | 'in_review' | 'awaiting_information' | 'approved' | 'rejected' | 'withdrawn' | 'lapsed' | 'refused';
export const CASE_STATUSES = [
  'submitted',
  'in_review',
  'awaiting_information',
  'approved',
  'rejected',
  'withdrawn',
  'lapsed',
  'refused',
] as const satisfies readonly CaseStatus[];
export const TERMINAL_STATUSES = ['approved', 'rejected', 'withdrawn', 'lapsed', 'refused'] as const satisfies readonly CaseStatus[];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];
export const isTerminal = (s: CaseStatus): s is TerminalStatus => (TERMINAL_STATUSES as readonly CaseStatus[]).includes(s);
/** The statuses a case can still leave: every one but the terminal ones. */
export const OPEN_STATUSES = CASE_STATUSES.filter((s) => !isTerminal(s));

/** `deciding` exists only inside the workflow, while an accepted decision waits for its funds. */
export type TaskStatus = 'open' | 'claimed' | 'deciding' | 'completed' | 'cancelled';
export type StoredTaskStatus = Exclude<TaskStatus, 'deciding'>;

/** One review task, whole. Instants are ISO strings so the record is JSON as it stands. */
export interface TaskRecord {
  taskId: string;
  bureauCode: string;
  /** The stage's code in the review plan (e.g. review, intake, co-review, final). */
  stage: string;
  status: TaskStatus;
  assigneeId: string | null;
  claimedAt: string | null;
  priority: number;
  createdAt: string;
  dueAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
  decision: ReviewDecision | null;
  comment: string | null;
  amountFen: string | null;
  overrideReason: string | null;
  questions: string[] | null;
  completedById: string | null;
  completedAt: string | null;
}

/** The task as the projection stores it: a task being decided is still claimed to everyone else. */
export type StoredTask = Omit<TaskRecord, 'status'> & { status: StoredTaskStatus };
export const storedTask = (t: TaskRecord): StoredTask => ({ ...t, status: t.status === 'deciding' ? 'claimed' : t.status });

/** How a case ended, as the case row records it. `reason` is what the applicant may read. */
export interface CaseOutcome {
  status: TerminalStatus;
  approvedAwardFen: string | null;
  reason: string | null;
  decidedAt: string;
}

/** One state change of a case, written in one transaction: task records, timeline events, the status. */
export interface CaseChange {
  caseId: string;
  tasks: StoredTask[];
  events: CaseEvent[];
  status?: CaseStatus;
  outcome?: CaseOutcome;
  /** The machine's whole state after the transition: the case read model every view is computed from. */
  state?: CaseState;
  /**
   * The transition's number in its case (the state's `rev`). A task row or the case's state is written
   * only over an older one: the workflow and, for a claim, the API both write, and either may be late.
   * Absent in changes made before transitions were numbered: those are written unconditionally.
   */
  rev?: number;
}
