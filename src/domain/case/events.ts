// Every event a case's timeline can hold, as one typed union. The workflow's projection writes them
// (and the API writes `case.submitted`); the case view reads them back through the zod mirror of this
// union in src/cases. Plain TypeScript: the workflow bundle carries no schema library.
// A change to an event's data is a new `v` of that event, and readers accept every version they wrote.
import type { AwardExplanation, Reason } from '../award';

/** The version of the event shapes written today. */
export const CASE_EVENT_VERSION = 1;

export type ReviewDecision = 'approve' | 'reject' | 'return';
export type CaseEnd = 'approved' | 'rejected' | 'withdrawn' | 'lapsed';

export interface CaseEventData {
  'case.submitted': { packVersion: number };
  'case.assessed': { eligible: boolean; computedAwardFen: string; routing: { lead: string; coReviewers: string[]; district: string | null } };
  'case.refused': { reasons: Reason[] };
  'task.opened': { taskId: string; bureauCode: string; stage: string; dueAt: string; resumedFrom?: string };
  'task.claimed': { taskId: string; bureauCode: string };
  'task.unclaimed': { taskId: string; bureauCode: string; previousAssigneeId: string | null };
  'task.reassigned': { taskId: string; bureauCode: string; previousAssigneeId: string | null; assigneeId: string };
  'task.decided': {
    taskId: string;
    bureauCode: string;
    stage: string;
    decision: ReviewDecision;
    amountFen: string | null;
    /** Public: a rejection's reason or the comment that explains a cut. */
    comment: string | null;
    /** Internal: why the lead approved over a co-reviewer's rejection. Never shown to the applicant. */
    overrideReason: string | null;
    questions: string[] | null;
  };
  'task.reminder': { taskId: string; bureauCode: string; assigneeId: string | null; dueAt: string };
  /** `supervisorIds` are the bureau's supervisors at the time the projection recorded the escalation. */
  'task.escalated': { taskId: string; bureauCode: string; assigneeId: string | null; dueAt: string; priority: number; supervisorIds: string[] };
  'task.cancelled': { taskId: string; bureauCode: string; because: CaseEnd };
  'notice.information_requested': { bureauCode: string; questions: string[]; answerDueAt: string; clock: 'paused' };
  'case.information_received': { answers: string; documentIds: string[]; requestTaskId: string; pausedMs: number };
  'clock.resumed': { pausedMs: number; dueDates: { taskId: string; dueAt: string }[] };
  /**
   * `reason` is public (the officer's comment on the award); `internalReason` is the override reason.
   * `rentFree`: the rent-free period granted (measure 14) and the months asked for; absent elsewhere and on earlier approvals.
   */
  'case.approved': {
    approvedAwardFen: string;
    reason: string | null;
    internalReason: string | null;
    award: AwardExplanation;
    rentFree?: { months: number; requestedMonths: number };
  };
  'case.rejected': { reason: string };
  'case.withdrawn': { reason: string | null };
  'notice.lapsed': { zh: string; en: string; questions: string[]; answerDueAt: string };
  'case.lapsed': { reason: string };
  /** Measure 14: a granted rent-free period, from the approval, as a durable clock (rentfree:<case id>). */
  'rentfree.started': { months: number; startsOn: string; endsOn: string };
  'notice.rentfree_ending': { zh: string; en: string; endsOn: string; daysBeforeEnd: number };
  'rentfree.ended': { endsOn: string };
}

export type CaseEventType = keyof CaseEventData;
export const CASE_EVENT_TYPES = [
  'case.submitted',
  'case.assessed',
  'case.refused',
  'task.opened',
  'task.claimed',
  'task.unclaimed',
  'task.reassigned',
  'task.decided',
  'task.reminder',
  'task.escalated',
  'task.cancelled',
  'notice.information_requested',
  'case.information_received',
  'clock.resumed',
  'case.approved',
  'case.rejected',
  'case.withdrawn',
  'notice.lapsed',
  'case.lapsed',
  'rentfree.started',
  'notice.rentfree_ending',
  'rentfree.ended',
] as const satisfies readonly CaseEventType[];

/** One timeline event as written: a key unique within the case makes a retried write record it once. */
export type CaseEvent = {
  [T in CaseEventType]: { eventKey: string; type: T; v: typeof CASE_EVENT_VERSION; actorId: string | null; at: string; data: CaseEventData[T] };
}[CaseEventType];
