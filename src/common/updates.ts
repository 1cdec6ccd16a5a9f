import { ActivityFailure, ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Actor, Principal } from '../domain/access';
import type { CaseRefusal } from '../domain/case/refusals';
import { Refusal, type RefusalType } from '../../workflows/case.messages';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, UnavailableError, UnprocessableError, sayIt } from '../domain/errors';
import { SERVICE_SENTENCES } from '../domain/words/service';

/**
 * The caller as the access policy (and the workflow, whose Actor has the same shape) sees it; officers
 * carry their declared conflicts so the validator can refuse.
 */
export function actorOf(user: Principal, conflictOrganisationIds: string[] = []): Actor {
  return {
    userId: user.userId,
    role: user.role,
    bureauCode: user.bureauCode,
    organisationId: user.organisationId,
    jurisdictionId: user.jurisdictionId,
    conflictOrganisationIds,
  };
}

const STATUS: Record<RefusalType, new (field: string | null, message: string, details?: Record<string, unknown>) => DomainError> = {
  [Refusal.Forbidden]: ForbiddenError,
  [Refusal.ConflictOfInterest]: ForbiddenError,
  [Refusal.NotClaimed]: ConflictError,
  [Refusal.AlreadyClaimed]: ConflictError,
  [Refusal.AlreadyDecided]: ConflictError,
  [Refusal.CaseClosed]: ConflictError,
  [Refusal.AwaitingInformation]: ConflictError,
  [Refusal.NotAwaitingInformation]: ConflictError,
  [Refusal.Invalid]: UnprocessableError,
  [Refusal.NotFound]: NotFoundError,
  [Refusal.PoolExhausted]: UnprocessableError,
  [Refusal.LimitReached]: UnprocessableError,
};

const isRefusal = (t: string | undefined | null): t is RefusalType => t != null && Object.prototype.hasOwnProperty.call(STATUS, t);

/** The HTTP error for a refusal the API found itself, asking the machine's `check` before the workflow. */
export function refusalError(r: CaseRefusal): DomainError {
  const Err = STATUS[r.type];
  return new Err(r.field, r.en, { reason: r.type, zh: r.zh, ...(r.details ?? {}) });
}

/**
 * Turns a refused workflow update into the HTTP error the caller sees, by the failure's type (never
 * its message). A closed workflow accepts no more updates: that is a conflict, not a server error.
 * Anything else is rethrown as is.
 */
export function refusalToHttp(err: unknown): never {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && isRefusal(err.cause.type)) {
    const cause = err.cause;
    const [first] = cause.details ?? [];
    const { field = null, ...rest } = (first ?? {}) as { field?: string | null } & Record<string, unknown>;
    const Err = STATUS[cause.type as RefusalType];
    throw new Err(field, cause.message, { reason: cause.type, ...rest });
  }
  // Accepted, but its record could not be written even after the activity's retries: an incident
  // for admins (GET /admin/incidents), not a refusal of the caller's request.
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ActivityFailure) {
    throw sayIt(UnavailableError, null, SERVICE_SENTENCES.recordFailed(), { reason: 'RecordFailed' });
  }
  if (err instanceof WorkflowNotFoundError) throw new ConflictError(null, 'the case is closed and accepts no further actions', { reason: Refusal.CaseClosed });
  throw err;
}
