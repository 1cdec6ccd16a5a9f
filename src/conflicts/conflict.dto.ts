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

export const ConflictSchema = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  reason: z.string(),
  declaredAt: z.string().describe('ISO 8601 instant'),
});
export type ConflictDto = z.infer<typeof ConflictSchema>;
export const ConflictListSchema = z.array(ConflictSchema);
