import { proxyActivities, sleep } from '@temporalio/workflow';
import type { NoticeActivities } from './activities';
import { NOTICE_DELIVERY } from './presets';

const acts = proxyActivities<NoticeActivities>(NOTICE_DELIVERY);

export const noticeWorkflowId = (noticeId: string): string => `notice:${noticeId}`;

/**
 * Emails one notice of the outbox. One workflow per notice id, so a duplicate start is refused by
 * Temporal; the activity is retried until it succeeds and is itself idempotent (see deliverNotice).
 */
export async function noticeWorkflow(input: { noticeId: string; notBefore?: string | null }): Promise<string> {
  // A scheduled notice (a lapse warning) waits on a durable timer; the activity then checks it still applies.
  const wait = input.notBefore ? Date.parse(input.notBefore) - Date.now() : 0;
  if (wait > 0) await sleep(wait);
  return acts.deliverNotice(input.noticeId);
}
