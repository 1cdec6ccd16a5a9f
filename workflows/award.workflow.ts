import { condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { PaymentActivities } from './activities';
import { ChildStarts, startNotices } from './children';
import { orderSettledSignal, type AwardWorkflowInput, type AwardWorkflowResult } from './award.messages';
import { Patches } from './patches';
import { ACTIVITY_DEFAULTS, LOCAL_ACTIVITY_DEFAULTS } from './presets';

const acts = proxyActivities<PaymentActivities>(ACTIVITY_DEFAULTS);
const local = proxyLocalActivities<PaymentActivities>(LOCAL_ACTIVITY_DEFAULTS);

/**
 * The payments of one award: one order per funder (the orders are unique per case and funder, so a
 * worker that dies between two orders leaves nothing to do twice), then waits until treasury staff
 * have settled every order. The settlements' notices are delivered by its `notice:` children.
 */
export async function awardWorkflow(input: AwardWorkflowInput): Promise<AwardWorkflowResult> {
  let settled = 0;
  const children = new ChildStarts();
  setHandler(orderSettledSignal, ({ notices }) => {
    settled += 1;
    // A settlement signalled again (a retried request) names the same notices; their ids make the start once.
    if (notices.length > 0) children.add(() => startNotices(notices, { caseId: input.caseId }));
  });
  const orders: AwardWorkflowResult['orders'] = [];
  if (patched(Patches.awardOrdersLocal)) {
    // Counted again after each settlement; one that arrives while a count runs makes the next look at once.
    let seen = settled;
    const issued = await local.issueAwardOrders(input.caseId);
    orders.push(...issued.orders);
    for (let open = issued.open; open > 0; open = await local.openPaymentOrders(input.caseId)) {
      await condition(() => settled !== seen);
      seen = settled;
    }
  } else {
    for (const share of await acts.awardShares(input.caseId)) {
      const { orderId } = await acts.issuePaymentOrder({ caseId: input.caseId, funder: share.funder });
      orders.push({ funder: share.funder, orderId });
    }
    for (;;) {
      const seen = settled;
      if ((await acts.openPaymentOrders(input.caseId)) === 0) break;
      await condition(() => settled !== seen);
    }
  }
  await children.settled();
  return { caseId: input.caseId, orders };
}
