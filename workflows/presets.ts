import type { ActivityOptions } from '@temporalio/workflow';

/** Database activities: short, idempotent, retried with backoff until they succeed. */
export const ACTIVITY_DEFAULTS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
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
