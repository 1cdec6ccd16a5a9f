import { z } from 'zod';
import { zodDto } from '../common/zod';
import { IntakeStatusSchema } from '../catalog/catalog.dto';

export const PublishQuerySchema = z
  .object({
    dryRun: z
      .enum(['true', 'false'], { error: 'dryRun is true or false' })
      .transform((v) => v === 'true')
      .optional(),
  })
  .strict();
export class PublishQueryDto extends zodDto(PublishQuerySchema) {}

export const PublishResultSchema = z.object({
  packId: z.string(),
  dryRun: z.boolean(),
  newVersions: z.array(z.number().int()).describe('rule versions this request added'),
  versions: z.array(z.object({ version: z.number().int(), effectiveFrom: z.string(), publishedAt: z.string().nullable() })),
  succeeds: z.string().nullable(),
  windowChanged: z.boolean().describe('the validity window differs from what was stored; the intake clock was replaced'),
  clockStarted: z.boolean(),
  status: IntakeStatusSchema,
});
