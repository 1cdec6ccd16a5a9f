import { z } from 'zod';
import { zodDto } from '../common/zod';
import { freeText, idText } from '../common/text';

export const DeclareConflictSchema = z
  .object({
    organisationId: idText('organisationId', 100),
    reason: freeText('reason', 2000),
  })
  .strict();
export class DeclareConflictDto extends zodDto(DeclareConflictSchema) {}

export const WithdrawConflictSchema = z
  .object({
    reason: z
      .string({ error: 'reason is required' })
      .trim()
      .min(1, 'reason must say why the conflict no longer stands')
      .max(2000, 'reason is longer than 2000 characters'),
  })
  .strict();
export class WithdrawConflictDto extends zodDto(WithdrawConflictSchema) {}

export const ConflictParamsSchema = z.object({ conflictId: z.uuid({ error: 'conflictId must be a UUID' }) }).strict();
export class ConflictParamsDto extends zodDto(ConflictParamsSchema) {}

export const ConflictSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  reason: z.string(),
  declaredAt: z.string().describe('ISO 8601 instant'),
  withdrawnAt: z.string().nullable().describe('ISO 8601 instant; null while the declaration stands'),
  withdrawalReason: z.string().nullable(),
});
export type ConflictDto = z.infer<typeof ConflictSchema>;
export const ConflictListSchema = z.array(ConflictSchema);
