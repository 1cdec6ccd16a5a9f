// What follows a transition, as data. The workflow interprets these in one place (`interpret` in
// workflows/case.workflow.ts), so nothing that happens after a decision is decided outside the machine.
import type { CumulativeLimit } from '../assess';
import type { AwardExplanation, Reason } from '../award';
import type { CaseChange } from './records';

/**
 * Everything the ledger needs to reserve a final approval, taken from the state: the activity reads
 * no case, no pack. The co-funding split is the assessment's, as assessed; the ledger never works it
 * out again from anything it loads.
 */
export interface AwardReservation {
  caseId: string;
  packId: string;
  actorId: string;
  /** Null for a sub-type without an annual pool: the limits still apply. */
  poolCode: string | null;
  /** The district's own pool for the district share of a co-funded award, when it has one. */
  districtPoolCode: string | null;
  /** The budget year the case counts against: the year it was received, in the pack's time zone. */
  budgetYear: number;
  /** The award as the officer approved it (their amount, their cut line). */
  award: AwardExplanation;
  limits: CumulativeLimit[];
  projectKey: string | null;
  coFunding: { districtBureau: string; districtShareBp: number } | null;
  /**
   * What the approval itself still lacks (a stated reason over a possible double benefit or a
   * co-reviewer's rejection): the ledger then reserves nothing and refuses with these beside whatever
   * the money lacks, so the officer reads every obstacle at once. Absent when nothing is lacking.
   */
  unmet?: Reason[];
}

/** A reservation the ledger did not make: what the money lacks and what the approval lacks (`unmet`), together. */
export type ReservationRefused =
  | {
      ok: false;
      short: 'pool';
      year: number;
      availableFen: string;
      askedFen: string;
      /** The pool that is short (the city's or the district's). */
      poolCode: string;
      /** With a district pool: the largest award both pools could take (askedFen is then the short pool's share). */
      atMostFen?: string;
      unmet?: Reason[];
    }
  /** `exhausted`: every limit with nothing left (absent in results recorded before it: then only `limit`). */
  | { ok: false; short: 'limit'; limit: CumulativeLimit; priorFen: string; exhausted?: { limit: CumulativeLimit; priorFen: string }[]; unmet?: Reason[] }
  /** The money is there; only the approval's own reasons are missing. */
  | { ok: false; short: 'reasons'; year: number; unmet: Reason[] };

export type CaseEffect =
  /** Write the transition (tasks, events, status, the state) in one transaction. No fan-out. */
  | { kind: 'project'; change: CaseChange }
  /** Reserve through the ledger: limits cut the amount, the pool (if any) must cover what is left. */
  | { kind: 'reserveAward'; taskId: string; reservation: AwardReservation }
  /** Start the award's payments: the child workflow `award:<caseId>`. */
  | { kind: 'startPayments'; caseId: string }
  /** Start an approved key lab's lifecycle: the child workflow `lab:<caseId>`. */
  | { kind: 'startLabLifecycle'; labId: string }
  /** Start an approved rent-free period's clock: the child workflow `rentfree:<caseId>`. */
  | { kind: 'startRentFree'; caseId: string };
