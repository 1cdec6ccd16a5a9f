import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/**
 * How often a database activity is tried before its workflow is told it failed: enough to ride out
 * a PostgreSQL failover or restart of about an hour (1 s doubling to 1 min, then once a minute), and
 * no more, so a fault no retry fixes cannot retry for ever. Failures the activity knows to be
 * permanent (a constraint or encoding error, bad input) are non-retryable and fail on the first try;
 * the activity records an incident (GET /admin/incidents) then, or on the last attempt.
 */
export const ACTIVITY_MAX_ATTEMPTS = 64;

/** Database activities: short, idempotent, retried with backoff, a bounded number of times. */
export const ACTIVITY_DEFAULTS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: ACTIVITY_MAX_ATTEMPTS },
};

/**
 * The case's own database work (assess, project a transition, reserve an approval) as local
 * activities: run by the worker that holds the workflow task, recorded as one marker each, inside the
 * task that caused them, so an update replies once its writes are done. Each is one idempotent
 * transaction, so the re-run a lost worker causes writes nothing twice. Retried as ACTIVITY_DEFAULTS
 * says; a backoff longer than 2 s waits on a server timer instead of holding the task open.
 */
export const LOCAL_ACTIVITY_DEFAULTS: LocalActivityOptions = {
  startToCloseTimeout: ACTIVITY_DEFAULTS.startToCloseTimeout!,
  retry: ACTIVITY_DEFAULTS.retry!,
  localRetryThreshold: '2 seconds',
};

/**
 * Emailing a notice: it heartbeats while the SMTP exchange runs, so a worker that dies midway is
 * noticed in seconds and the delivery retried elsewhere; retried with backoff for as long as it takes.
 */
export const NOTICE_DELIVERY: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
};

/**
 * A batch of an admin's replay: replaying a few histories takes seconds to minutes; it heartbeats
 * after each, so a worker that dies midway is noticed and the batch is replayed again elsewhere.
 */
export const REPLAY_BATCH: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
};
