import { Context, type Info } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { permanentDatabaseError } from '../database/errors';
import type { IncidentKind } from '../database/incident.repository';
import { textProblem } from '../domain/text';

/**
 * The non-retryable failure an error stands for, or null when a retry might succeed. Permanent:
 * a failure already marked non-retryable, a database error no retry fixes (src/database/errors.ts),
 * and errors of our own code on bad input (TypeError, RangeError, SyntaxError), which are
 * deterministic. Anything else (connections, timeouts) is retried within the activity's bounded policy.
 */
export function permanentFailure(err: unknown): { failure: ApplicationFailure; kind: IncidentKind } | null {
  if (err instanceof ApplicationFailure) return err.nonRetryable ? { failure: err, kind: 'BadInput' } : null;
  const db = permanentDatabaseError(err);
  if (db) return { failure: ApplicationFailure.nonRetryable(db, 'PermanentDatabaseError'), kind: 'PermanentDatabaseError' };
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) {
    return { failure: ApplicationFailure.nonRetryable(`${err.name}: ${err.message}`, 'BadInput'), kind: 'BadInput' };
  }
  return null;
}

/** The running activity's info; null when called outside a worker (tests calling a method directly). */
export function currentActivity(): Info | null {
  try {
    return Context.current().info;
  } catch {
    return null;
  }
}

/** An error message as it can be stored and shown: unstorable characters replaced, at most 2000 characters. */
export function storableMessage(message: string): string {
  let out = '';
  for (const ch of message) out += textProblem(ch, true) ? '\uFFFD' : ch;
  return out.length > 2000 ? `${out.slice(0, 1999)}…` : out;
}
