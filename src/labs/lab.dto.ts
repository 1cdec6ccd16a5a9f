import { z } from 'zod';
import { freeText, idText, storableText } from '../common/text';
import { FenString, LocalizedTextSchema } from '../domain';
import { zodDto } from '../common/zod';
import { REQUEST_SENTENCES } from '../domain/words/request';
import { bilingual, REQUEST_SENTENCES as S } from '../domain/words/validation';

export const LabParamsSchema = z.object({ labId: idText('labId', 200).min(1) }).strict();
export class LabParamsDto extends zodDto(LabParamsSchema) {}

export const GradeParamsSchema = z
  .object({
    labId: idText('labId', 200).min(1),
    cycle: z
      .string()
      .regex(/^[1-9][0-9]{0,3}$/, { error: bilingual(S.labCycle) })
      .transform(Number),
  })
  .strict();
export class GradeParamsDto extends zodDto(GradeParamsSchema) {}

export const GradeSchema = z
  .object({
    grade: z.string({ error: bilingual(REQUEST_SENTENCES.grade()) }).min(1),
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
  caseId: z
    .string()
    .nullable()
    .describe('the case whose final approval designated the lab; null for a lab designated before the system ran, registered by an admin'),
  packId: z.string(),
  status: z.enum(['active', 'ended']),
  designatedOn: z.string().describe('the designation date (批准组建, Asia/Shanghai) the evaluations count from'),
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
      reward: RewardSchema.nullable().describe('null while open, and for an evaluation held before the lab was registered'),
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

const day = (field: string) => z.string({ error: bilingual(S.labDay(field)) }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: bilingual(S.labDay(field)) });

/** An admin registers a lab designated before the system ran: its designation date and the evaluations it has had. */
export const RegisterLabSchema = z
  .object({
    organisationId: idText('organisationId', 200),
    labName: storableText('labName', { max: 200, trim: true }),
    packId: idText('packId', 200),
    designatedOn: day('designatedOn').describe('the designation date (批准组建), Asia/Shanghai; not in the future'),
    evaluations: z
      .array(
        z
          .object({
            evaluatedOn: day('evaluatedOn').describe('the day the evaluation was held'),
            grade: idText('grade', 40).describe('a grade the policy gives: excellent, good, pass, fail'),
          })
          .strict(),
      )
      .max(30)
      .default([])
      .describe('the evaluations held so far, oldest first: the first is cycle 1, held on or after designatedOn + 3 years, and so on'),
  })
  .strict();
export class RegisterLabDto extends zodDto(RegisterLabSchema) {}
