// The notice an applicant gets when a treasury pays or cancels a payment order of its award: the case
// reference, the treasury by name and the amount in yuan, in Chinese and English. Pure: the ledger
// writes it in the transaction that settles the order.
import type { NewNotice } from '../database/notice.repository';
import type { PaymentOrderRow } from '../database/ledger.repository';
import { formatYuan, formatYuanEn } from '../domain/fen';
import type { LocalizedText } from '../domain/pack/schema';
import { treasuryWords } from '../domain/words';

/** One notice per order and outcome, so a retried settlement records it once. */
export const paymentNoticeKey = (orderId: string, status: 'paid' | 'cancelled'): string => `payment:${orderId}:${status}`;

/** A treasury as people name it: the catalogue's words (kept under this name for the notices' callers). */
export const treasuryName = treasuryWords;

/** The notice of a settled order (its status is the outcome: paid or cancelled, with the reason). */
export function paymentNotice(order: PaymentOrderRow, treasury: LocalizedText, at: Date): NewNotice {
  const ref = order.caseReference;
  const zh = formatYuan(order.amountFen);
  const en = formatYuanEn(order.amountFen);
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
      subject: { zh: `申请 ${ref}:${treasury.zh}取消了 ${zh}的支付指令`, en: `Application ${ref}: ${treasury.en} cancelled a payment of ${en}` },
      body: {
        zh: `${treasury.zh}已取消您的申请 ${ref} 一笔 ${zh} 的资助款支付指令,该款项不再支付。理由:${why}`,
        en: `${treasury.en} cancelled the payment order of ${en} of the award on your application ${ref}; it will not be paid. Reason: ${why}`,
      },
    };
  }
  return {
    ...common,
    sourceKey: paymentNoticeKey(order.id, 'paid'),
    subject: { zh: `申请 ${ref}:${treasury.zh}已支付资助款 ${zh}`, en: `Application ${ref}: ${treasury.en} paid ${en}` },
    body: {
      zh: `${treasury.zh}已向贵单位支付申请 ${ref} 的资助款 ${zh}。`,
      en: `${treasury.en} has paid your organisation ${en} of the award on your application ${ref}.`,
    },
  };
}
