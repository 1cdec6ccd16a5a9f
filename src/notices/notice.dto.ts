import { z } from 'zod';
import { queryInt } from '../common/text';
import { zodDto } from '../common/zod';
import { LocalizedTextSchema } from '../domain/pack/schema';

const bool = z.enum(['true', 'false'], { error: 'unread must be true or false' }).transform((v) => v === 'true');

export const ListNoticesSchema = z
  .object({
    unread: bool.optional().describe('true: only notices nobody of the organisation has read'),
    caseId: z.uuid({ error: 'caseId must be a case id (a UUID)' }).optional(),
    limit: queryInt('limit', 1, 100).default(20),
    offset: queryInt('offset', 0, 1_000_000).default(0),
  })
  .strict();
export class ListNoticesDto extends zodDto(ListNoticesSchema) {}

export const NoticeParamsSchema = z.object({ id: z.uuid({ error: 'id must be a notice id (a UUID)' }) }).strict();
export class NoticeParamsDto extends zodDto(NoticeParamsSchema) {}

const Instant = z.string().describe('ISO 8601 instant');

export const NoticeSchema = z.object({
  id: z.string(),
  kind: z
    .string()
    .describe(
      'information_requested, lapse_warning, lapsed, decision, award, payment (an order paid or cancelled), rentfree_ending, rentfree_ended, lab_evaluation_due',
    ),
  caseId: z.string().nullable(),
  subject: LocalizedTextSchema,
  body: LocalizedTextSchema.describe('what happened and what to do, amounts in yuan'),
  data: z.unknown().describe('the facts the text states (deadlines as ISO instants, amounts as fen strings)'),
  createdAt: Instant,
  read: z.boolean(),
  readAt: Instant.nullable(),
  email: z
    .object({ status: z.enum(['pending', 'sending', 'sent', 'skipped', 'cancelled']), sentAt: Instant.nullable() })
    .describe('the email copy: skipped when no SMTP server or no address is configured'),
});
export type NoticeDto = z.infer<typeof NoticeSchema>;

export const NoticeListSchema = z.object({
  items: z.array(NoticeSchema),
  total: z.number().int(),
  unread: z.number().int().describe('unread notices of the organisation, whatever the filter'),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type NoticeList = z.infer<typeof NoticeListSchema>;
