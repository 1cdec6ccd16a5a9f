import type { ActivityOptions } from '@temporalio/workflow';

/** Database activities: short, idempotent, retried with backoff until they succeed. */
export const ACTIVITY_DEFAULTS: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
};
