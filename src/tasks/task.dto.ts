import { z } from 'zod';
import { zodDto } from '../common/zod';

const fenString = z
  .string({ error: 'amountFen must be a string of integer fen, e.g. "500000000"' })
  .regex(/^(0|[1-9][0-9]{0,17})$/, 'amountFen must be a non-negative whole number of fen written as a string, e.g. "500000000"');

export const DecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject'], { error: 'decision must be "approve" or "reject"' }),
    amountFen: fenString.optional(),
    comment: z.string().max(2000).optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.decision === 'reject' && !d.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a rejection needs a reason' });
    if (d.decision === 'reject' && d.amountFen !== undefined) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: 'a rejection has no amount' });
  });
export class DecisionDto extends zodDto(DecisionSchema) {}

export const ListTasksSchema = z
  .object({
    status: z.enum(['open', 'claimed', 'completed', 'cancelled']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export class ListTasksDto extends zodDto(ListTasksSchema) {}
