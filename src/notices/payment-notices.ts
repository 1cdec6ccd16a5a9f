// The notice an applicant gets when a treasury pays or cancels a payment order of its award: the case
// reference, the treasury by name and the amount in yuan, in Chinese and English. Pure: the ledger
// writes it in the transaction that settles the order.
import type { NewNotice } from '../database/notice.repository';
import type { PaymentOrderRow } from '../database/ledger.repository';
import type { LocalizedText } from '../domain/pack/schema';
import { treasuryWords } from '../domain/words';
import { NOTICE_SENTENCES } from '../domain/words/notices';

/** One notice per order and outcome, so a retried settlement records it once. */
export const paymentNoticeKey = (orderId: string, status: 'paid' | 'cancelled'): string => `payment:${orderId}:${status}`;

/** A treasury as people name it: the catalogue's words (kept under this name for the notices' callers). */
export const treasuryName = treasuryWords;

/** The notice of a settled order (its status is the outcome: paid or cancelled, with the reason). */
export function paymentNotice(order: PaymentOrderRow, treasury: LocalizedText, at: Date): NewNotice {
  const ref = order.caseReference;
  const common = {
    organisationId: order.payeeOrganisationId,
    caseId: order.caseId,
    kind: 'payment',
    createdAt: at.toISOString(),
    data: { orderId: order.id, funder: order.funder, amountFen: order.amountFen.toString(), status: order.status },
  };
  if (order.status === 'cancelled') {
    const why = order.cancelReason ?? '';
    return {
      ...common,
      sourceKey: paymentNoticeKey(order.id, 'cancelled'),
      ...NOTICE_SENTENCES.paymentCancelled(ref, treasury, order.amountFen, why),
    };
  }
  return {
    ...common,
    sourceKey: paymentNoticeKey(order.id, 'paid'),
    ...NOTICE_SENTENCES.paid(ref, treasury, order.amountFen),
  };
}
