import { z } from 'zod';
import { zodDto } from '../common/zod';

export const DeclareConflictSchema = z
  .object({
    organisationId: z.string({ error: 'organisationId is required' }).min(1, 'organisationId is required').max(100),
    reason: z
      .string({ error: 'reason is required' })
      .trim()
      .min(1, 'reason must say what the conflict is')
      .max(2000, 'reason is longer than 2000 characters'),
  })
  .strict();
export class DeclareConflictDto extends zodDto(DeclareConflictSchema) {}

export interface ConflictDto {
  id: string;
  organisationId: string;
  organisationName: string;
  reason: string;
  declaredAt: string;
}
