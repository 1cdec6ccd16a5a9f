import { z } from 'zod';
import { PersonName } from '../common/people';
import { ORDER_STATUS_WORDS } from '../domain/words';
import { FEN_PATTERN, FenString } from '../domain';
import { idText } from '../common/text';
import { zodDto } from '../common/zod';
import type { PaymentOrderRow } from '../database/ledger.repository';
import { LocalizedTextSchema, type LocalizedText } from '../domain/pack/schema';
import { bilingualIssue, REQUEST_SENTENCES as S } from '../domain/words/validation';

const text = (what: string, max = 2000) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is longer than ${max} characters`);

export const OrderParamsSchema = z.object({ orderId: z.uuid({ error: 'orderId must be a payment order id (a UUID)' }) }).strict();
export class OrderParamsDto extends zodDto(OrderParamsSchema) {}

export const CaseParamsSchema = z.object({ id: z.uuid({ error: 'id must be an application id (a UUID)' }) }).strict();
export class CaseParamsDto extends zodDto(CaseParamsSchema) {}

export const ListOrdersSchema = z
  .object({ status: z.enum(['issued', 'paid', 'cancelled'], { error: 'status must be "issued", "paid" or "cancelled"' }).optional() })
  .strict();
export class ListOrdersDto extends zodDto(ListOrdersSchema) {}

/** paid, or cancelled with a reason; the same change twice changes nothing. */
export const SettleOrderSchema = z
  .object({
    status: z.enum(['paid', 'cancelled'], { error: 'status must be "paid" or "cancelled"' }),
    reason: text('reason').optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.status === 'cancelled' && d.reason === undefined) ctx.addIssue(bilingualIssue(S.cancellingNeedsReason, ['reason']));
  });
export class SettleOrderDto extends zodDto(SettleOrderSchema) {}

/** A recovery (追回): how much, from which treasury, why; recoveryId makes a retry record it once. */
export const RecoverySchema = z
  .object({
    recoveryId: z.uuid({ error: 'recoveryId must be a UUID the client chooses (a retry sends the same one)' }),
    amountFen: FenString.refine((v) => !FEN_PATTERN.test(v) || BigInt(v) > 0n, {
      message: S.recoveryMoreThanZero.en,
      params: { zh: S.recoveryMoreThanZero.zh },
    }),
    funder: idText('funder', 100).min(1).optional().describe('the treasury recovering: "city" or a district bureau; finance users default to their own'),
    reason: text('reason'),
  })
  .strict();
export class RecoveryDto extends zodDto(RecoverySchema) {}

export const PaymentOrderSchema = z.object({
  orderId: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  funder: z.string().describe('"city" or the district bureau whose treasury pays'),
  treasury: LocalizedTextSchema.describe('the paying treasury by name, as the case’s pack names it'),
  funderLabel: LocalizedTextSchema.describe('the paying treasury by name (the same as treasury: every code has its <name>Label)'),
  amountFen: FenString,
  payeeOrganisationId: z.string(),
  payeeName: z.string(),
  status: z.enum(['issued', 'paid', 'cancelled']),
  statusLabel: LocalizedTextSchema,
  issuedAt: z.string(),
  settledAt: z.string().nullable(),
  settledById: z.string().nullable(),
  settledByName: PersonName,
  cancelReason: z.string().nullable(),
});
export type PaymentOrderDto = z.infer<typeof PaymentOrderSchema>;
export const PaymentOrderListSchema = z.object({ items: z.array(PaymentOrderSchema) });

export const SettleResultSchema = z.object({ changed: z.boolean().describe('false when the order already had this status'), order: PaymentOrderSchema });

export const RecoveryResultSchema = z.object({
  changed: z.boolean().describe('false when this recoveryId was already recorded'),
  recoveredFen: FenString,
  remainingFen: FenString.describe('what the treasury paid on the case and has not recovered'),
  poolReleased: z.boolean().describe('whether the pool got it back (only while its budget year is open)'),
});

export function toOrderDto(o: PaymentOrderRow, treasury: LocalizedText): PaymentOrderDto {
  return {
    orderId: o.id,
    caseId: o.caseId,
    caseReference: o.caseReference,
    funder: o.funder,
    treasury,
    funderLabel: treasury,
    amountFen: o.amountFen.toString(),
    payeeOrganisationId: o.payeeOrganisationId,
    payeeName: o.payeeName,
    status: o.status,
    statusLabel: ORDER_STATUS_WORDS[o.status],
    issuedAt: o.createdAt.toISOString(),
    settledAt: o.settledAt?.toISOString() ?? null,
    settledById: o.settledById,
    cancelReason: o.cancelReason,
  };
}
