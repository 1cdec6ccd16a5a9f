import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PaymentActivities } from './activities';
import { orderSettledSignal, type AwardWorkflowInput, type AwardWorkflowResult } from './award.messages';
import { ACTIVITY_DEFAULTS } from './presets';

const acts = proxyActivities<PaymentActivities>(ACTIVITY_DEFAULTS);

/**
 * The payments of one award: one order per funder (the orders are unique per case and funder, so a
 * worker that dies between two orders leaves nothing to do twice), then waits until treasury staff
 * have settled every order.
 */
export async function awardWorkflow(input: AwardWorkflowInput): Promise<AwardWorkflowResult> {
  let settled = 0;
  setHandler(orderSettledSignal, () => void (settled += 1));
  const orders: AwardWorkflowResult['orders'] = [];
  for (const share of await acts.awardShares(input.caseId)) {
    const { orderId } = await acts.issuePaymentOrder({ caseId: input.caseId, funder: share.funder });
    orders.push({ funder: share.funder, orderId });
  }
  for (;;) {
    const seen = settled;
    if ((await acts.openPaymentOrders(input.caseId)) === 0) break;
    await condition(() => settled !== seen);
  }
  return { caseId: input.caseId, orders };
}
