import { proxyActivities } from '@temporalio/workflow';
import type { NoticeActivities } from './activities';
import { NOTICE_DELIVERY } from './presets';

const acts = proxyActivities<NoticeActivities>(NOTICE_DELIVERY);

export const noticeWorkflowId = (noticeId: string): string => `notice:${noticeId}`;

/**
 * Emails one notice of the outbox. One workflow per notice id, so a duplicate start is refused by
 * Temporal; the activity is retried until it succeeds and is itself idempotent (see deliverNotice).
 */
export async function noticeWorkflow(input: { noticeId: string }): Promise<string> {
  return acts.deliverNotice(input.noticeId);
}
