import { z } from 'zod';
import { freeText, idText } from '../common/text';
import { FenString, LocalizedTextSchema } from '../domain';
import { zodDto } from '../common/zod';

export const LabParamsSchema = z.object({ labId: idText('labId', 200).min(1) }).strict();
export class LabParamsDto extends zodDto(LabParamsSchema) {}

export const GradeParamsSchema = z
  .object({
    labId: idText('labId', 200).min(1),
    cycle: z
      .string()
      .regex(/^[1-9][0-9]{0,3}$/, { error: 'cycle is the evaluation number, 1, 2, 3… / 评估周期须为正整数' })
      .transform(Number),
  })
  .strict();
export class GradeParamsDto extends zodDto(GradeParamsSchema) {}

export const GradeSchema = z
  .object({
    grade: z.string({ error: 'grade is required: excellent, good, pass or fail / 须填写评估结果' }).min(1),
    comment: freeText('comment', 2000).nullable().optional(),
  })
  .strict();
export class GradeDto extends zodDto(GradeSchema) {}

const RewardSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('filed'), caseId: z.string(), packId: z.string() }),
  z.object({ kind: z.literal('notRewarded') }),
  z.object({ kind: z.literal('noPolicy'), message: LocalizedTextSchema }),
]);

export const LabViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  caseId: z.string().describe('the case whose final approval designated the lab'),
  packId: z.string(),
  status: z.enum(['active', 'ended']),
  approvedOn: z.string(),
  nextEvaluationOn: z.string().nullable().describe('the next evaluation date (Asia/Shanghai), null while one is open or once ended'),
  ended: z.object({ at: z.string(), reason: LocalizedTextSchema }).nullable(),
  grades: z
    .array(z.object({ value: z.string(), label: LocalizedTextSchema, rewarded: z.boolean(), defaultRewardFen: FenString.nullable() }))
    .describe('the grades an evaluation can give, as the lab’s policy names them; only rewarded ones earn money (the default amount per grade)'),
  evaluations: z.array(
    z.object({
      cycle: z.number().int(),
      dueOn: z.string(),
      taskId: z.string(),
      taskDueAt: z.string(),
      grade: z.string().nullable(),
      gradedAt: z.string().nullable(),
      reward: RewardSchema.nullable(),
    }),
  ),
});
export type LabView = z.infer<typeof LabViewSchema>;

export const GradeResultSchema = z.object({
  cycle: z.number().int(),
  grade: z.string(),
  reward: RewardSchema,
  status: z.enum(['active', 'ended']),
  ended: z.object({ at: z.string(), reason: LocalizedTextSchema }).nullable(),
});
