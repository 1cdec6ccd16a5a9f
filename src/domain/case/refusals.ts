// Why a command on a case was refused. The case machine returns one; the workflow's validator turns it
// into an ApplicationFailure of its type, and the API maps the type (never the message) to an HTTP status.

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
  /** A cumulative limit (per applicant, per year, per project) has nothing left. 422 */
  LimitReached: 'LimitReached',
} as const;
export type RefusalType = (typeof Refusal)[keyof typeof Refusal];

export interface CaseRefusal {
  type: RefusalType;
  /** The input field the refusal concerns, if any. */
  field: string | null;
  en: string;
  zh: string;
  /** Facts a client may act on (for a short pool: its code, year and what is left). */
  details?: Record<string, unknown>;
}

export const refusal = (type: RefusalType, field: string | null, en: string, zh: string, details?: Record<string, unknown>): CaseRefusal =>
  details === undefined ? { type, field, en, zh } : { type, field, en, zh, details };
