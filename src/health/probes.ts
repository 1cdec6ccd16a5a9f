import type { WorkflowService } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { HealthRepository } from '../database/health.repository';
import type { Probe } from './checks';

/** A worker long-polls about once a minute; a poller not seen for this long is gone. */
export const POLLER_FRESH_MS = 2 * 60_000;

export const databaseProbe =
  (db: HealthRepository): Probe =>
  () =>
    db.ping();

export const temporalProbe =
  (service: () => WorkflowService, namespace: string): Probe =>
  async () => {
    await service().describeNamespace({ namespace });
  };

/** Some worker polled the task queue's workflow tasks within POLLER_FRESH_MS (Temporal's own record of pollers). */
export const workerProbe =
  (service: () => WorkflowService, namespace: string, taskQueue: string, now: () => number = Date.now): Probe =>
  async () => {
    const { pollers } = await service().describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    const fresh = (pollers ?? []).filter((p) => (optionalTsToMs(p.lastAccessTime) ?? 0) > now() - POLLER_FRESH_MS).length;
    if (fresh === 0) throw new Error(`no worker polls task queue ${taskQueue}`);
    return { pollers: fresh };
  };
