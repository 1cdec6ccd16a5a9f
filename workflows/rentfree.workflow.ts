import { proxyActivities, sleep } from '@temporalio/workflow';
import { CASE_EVENT_VERSION, type CaseEvent } from '../src/domain/case/events';
import type { RentFreeActivities } from './activities';
import { ChildStarts, startNotices } from './children';
import { ACTIVITY_DEFAULTS } from './presets';

const acts = proxyActivities<RentFreeActivities>(ACTIVITY_DEFAULTS);

export const rentFreeWorkflowId = (caseId: string): string => `rentfree:${caseId}`;

export interface RentFreeInput {
  caseId: string;
}

/**
 * Measure 14: a granted rent-free period as a durable clock of months to years. It records, on the
 * case's timeline, the start, a notice to the enterprise the pack's days before the end, and the end,
 * so the notices outbox can send them.
 */
export async function rentFreeWorkflow(input: RentFreeInput): Promise<'ended'> {
  const children = new ChildStarts();
  // Each record's notices are delivered by `notice:` children of this workflow.
  const record = async (events: CaseEvent[]): Promise<void> => {
    const notices = await acts.recordCaseEvents(input.caseId, events);
    if (notices.length > 0) children.add(() => startNotices(notices, { caseId: input.caseId }));
  };
  const p = await acts.rentFreePeriod(input.caseId);
  const ev = { v: CASE_EVENT_VERSION, actorId: null } as const;
  await record([
    {
      ...ev,
      eventKey: 'rentfree.started',
      type: 'rentfree.started',
      at: new Date().toISOString(),
      data: { months: p.months, startsOn: p.startsOn, endsOn: p.endsOn },
    },
  ]);
  if (p.noticeAtMs > Date.now()) await sleep(p.noticeAtMs - Date.now());
  await record([
    {
      ...ev,
      eventKey: 'notice.rentfree_ending',
      type: 'notice.rentfree_ending',
      at: new Date().toISOString(),
      data: {
        zh: `贵单位的免租期将于 ${p.endsOn} 届满(剩余 ${p.noticeDays} 天)`,
        en: `Your rent-free period ends on ${p.endsOn} (${p.noticeDays} days from now)`,
        endsOn: p.endsOn,
        daysBeforeEnd: p.noticeDays,
      },
    },
  ]);
  if (p.endsAtMs > Date.now()) await sleep(p.endsAtMs - Date.now());
  await record([{ ...ev, eventKey: 'rentfree.ended', type: 'rentfree.ended', at: new Date().toISOString(), data: { endsOn: p.endsOn } }]);
  await children.settled();
  return 'ended';
}
