import { z } from 'zod';
import { PersonName } from '../common/people';
import { idText, queryInt } from '../common/text';
import { zodDto } from '../common/zod';
import { LocalizedTextSchema } from '../domain/pack/schema';
import { instant } from '../domain/date.schema';
import { storable, uuidParam } from '../common/text';
import { bilingual, REQUEST_SENTENCES as S } from '../domain/words/validation';

/** Temporal's default limit on a workflow id is 1,000 bytes; control characters (NUL first) never belong in one. */
export const WorkflowIdSchema = z
  .string()
  .min(1, 'a workflow id is required')
  .max(1000, 'a workflow id has at most 1000 characters')
  .superRefine(storable('a workflow id'));

/** A Temporal visibility query, e.g. WorkflowType='…' AND ExecutionStatus='Running'. */
export const VisibilityQuerySchema = z
  .string()
  .trim()
  .min(1, 'the query may not be empty (leave it out to replay every workflow)')
  .max(2000, 'the query has at most 2000 characters')
  // A query pasted over several lines is still one query.
  .superRefine(storable('the query', true));

export const HistoryParamsSchema = z.object({ workflowId: WorkflowIdSchema }).strict();
export class HistoryParamsDto extends zodDto(HistoryParamsSchema) {}

export const HistoryQuerySchema = z.object({ runId: uuidParam('runId', 'a run id').optional() }).strict();
export class HistoryQueryDto extends zodDto(HistoryQuerySchema) {}

/** Named workflows, or a visibility query, or neither (every workflow of the service); not both. */
export const StartReplaySchema = z
  .object({
    query: VisibilityQuerySchema.optional(),
    workflowIds: z
      .array(WorkflowIdSchema)
      .min(1, 'workflowIds needs at least one id (leave it out to replay every workflow)')
      .max(1000, 'at most 1000 workflowIds; select more with a query')
      .optional(),
  })
  .strict()
  .refine((b) => !(b.query !== undefined && b.workflowIds !== undefined), {
    path: ['query'],
    message: S.queryOrWorkflowIds.en,
    params: { zh: S.queryOrWorkflowIds.zh },
  });
export class StartReplayDto extends zodDto(StartReplaySchema) {}

export const ReplayJobParamsSchema = z.object({ jobId: uuidParam('jobId', 'a job id') }).strict();
export class ReplayJobParamsDto extends zodDto(ReplayJobParamsSchema) {}

const WorkflowReplayResultSchema = z.object({
  workflowId: z.string(),
  runId: z.string().nullable(),
  workflowType: z.string().nullable(),
  outcome: z.enum(['ok', 'diverged', 'failed']),
  error: z.string().nullable().describe('the determinism error, or why the history could not be fetched or replayed'),
  divergedAt: z.object({ eventId: z.number().int(), eventType: z.string().describe('e.g. ActivityTaskScheduled') }).nullable(),
  summary: z.object({ zh: z.string(), en: z.string() }),
});

/** What GET /admin/replays/:jobId (and the POST that starts a job) answers. */
export const ReplayJobSchema = z.object({
  jobId: z.uuid(),
  status: z.enum(['running', 'completed', 'failed']),
  percent: z.number().int().min(0).max(100),
  done: z.number().int(),
  total: z.number().int(),
  query: z.string().nullable(),
  workflowIds: z.array(z.string()).nullable(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  ok: z.number().int(),
  diverged: z.number().int(),
  failed: z.number().int(),
  error: z.string().nullable(),
  results: z.array(WorkflowReplayResultSchema),
});

const at = instant;

export const ListAuditSchema = z
  .object({
    actorId: idText('actorId', 200).min(1).optional(),
    caseId: z.uuid({ error: 'caseId must be a case id (a UUID)' }).optional(),
    subjectType: z
      .string()
      .regex(/^[a-z_]+$/, bilingual(S.subjectType))
      .optional(),
    subjectId: idText('subjectId', 200).min(1).optional(),
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]+)+$/, bilingual(S.action))
      .optional(),
    from: at('from').optional().describe('inclusive'),
    to: at('to').optional().describe('exclusive'),
    limit: queryInt('limit', 1, 200).default(50),
    offset: queryInt('offset', 0, 1_000_000).default(0),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: S.toAfterFrom.en, params: { zh: S.toAfterFrom.zh } });
export class ListAuditDto extends zodDto(ListAuditSchema) {}

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string().describe('ISO 8601 instant'),
  actorId: z.string(),
  actorName: PersonName,
  action: z
    .string()
    .describe(
      'case.submit, case.answer, case.withdraw, task.claim, task.release, task.reassign, task.decide, task.override, pack.publish, admin.export, admin.replay, …',
    ),
  subjectType: z.string(),
  subjectId: z.string(),
  caseId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  subjectTypeLabel: LocalizedTextSchema.describe('what was acted on, in words'),
  details: z
    .array(z.object({ label: LocalizedTextSchema, value: LocalizedTextSchema, written: z.boolean().describe('what a person wrote, as written') }))
    .describe('the payload’s facts by name, amounts in yuan (ids and technical keys left out)'),
});
export const AuditListSchema = z.object({ items: z.array(AuditEntrySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type AuditList = z.infer<typeof AuditListSchema>;
