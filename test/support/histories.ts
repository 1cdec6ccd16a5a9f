import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = join(__dirname, '../../workflows/test/histories');

/**
 * With CAPTURE_HISTORIES=1, a harness writes the histories of the workflows its tests ran to
 * workflows/test/histories, one file per distinct shape (the sequence of event types). CI replays
 * them against the current workflow code, so a change that would break running cases fails there.
 */
export async function captureHistories(client: Client, workflowIds: (string | { workflowId: string; runId: string })[]): Promise<number> {
  mkdirSync(HISTORIES_DIR, { recursive: true });
  let written = 0;
  for (const id of workflowIds) {
    // A named run (an earlier run of a workflow that continued as new), or the latest one.
    const handle = typeof id === 'string' ? client.workflow.getHandle(id) : client.workflow.getHandle(id.workflowId, id.runId);
    const description = await handle.describe().catch(() => null);
    // Running cases too: their partial histories are exactly what a deployed change must still replay.
    if (!description) continue;
    const history = await handle.fetchHistory();
    const shape = `${description.status.name}:${(history.events ?? []).map((e) => String(e.eventType)).join(',')}`;
    const name = `${description.type}-${createHash('sha1').update(`${description.type}:${shape}`).digest('hex').slice(0, 12)}.json`;
    writeFileSync(join(HISTORIES_DIR, name), `${historyToJSON(history)}\n`);
    written++;
  }
  return written;
}

/** The activity types of the local activities a history records, in order (read from their markers). */
export function localActivityTypes(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const m = e.markerRecordedEventAttributes;
    const data = m?.markerName === 'core_local_activity' ? m.details?.data?.payloads?.[0]?.data : null;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type] : [];
  });
}

/** The activity types a history schedules on the task queue, in order. */
export function activityTypes(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}
