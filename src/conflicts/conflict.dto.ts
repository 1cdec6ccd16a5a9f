import { z } from 'zod';
import { zodDto } from '../common/zod';

export const DeclareConflictSchema = z
  .object({
    organisationId: z.string({ error: 'organisationId is required' }).min(1, 'organisationId is required').max(100),
    reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason must say what the conflict is').max(2000, 'reason is longer than 2000 characters'),
  })
  .strict();
export class DeclareConflictDto extends zodDto(DeclareConflictSchema) {}

export const ConflictSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  reason: z.string(),
  declaredAt: z.string().describe('ISO 8601 instant'),
});
export type ConflictDto = z.infer<typeof ConflictSchema>;
export const ConflictListSchema = z.array(ConflictSchema);
