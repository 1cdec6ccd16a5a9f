// What follows a transition, as data: the workflow interprets these in one place (see
// workflows/case.workflow.ts), so nothing that happens after a decision is decided outside the machine.
import type { CaseChange } from './records';

export type CaseEffect =
  | { kind: 'project'; change: CaseChange }
  | { kind: 'reserveFunds'; taskId: string; poolCode: string; amountFen: string }
  /** Reserve through the ledger: limits cut the amount, the pool (if any) must cover what is left. */
  | { kind: 'reserveAward'; taskId: string; actorId: string; poolCode: string | null; amountFen: string; comment: string | null };
