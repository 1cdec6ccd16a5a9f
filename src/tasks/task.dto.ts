import { z } from 'zod';
import { PersonName } from '../common/people';
import { FenString } from '../domain';
import { zodDto, type Same } from '../common/zod';
import { freeText, idText, queryInt, uuidParam } from '../common/text';
import { CASE_STATUSES } from '../domain/case/records';
import { instant } from '../domain/date.schema';
import { CaseSchema, InformationRoundSchema, LabelSchema, RoutingSchema, TimelineEntrySchema } from '../cases/case.dto';
import { AwardExplanationSchema } from '../cases/case-events.schema';
import { CaseDocumentSchema } from '../documents/document.dto';
import { bilingualIssue, REQUEST_SENTENCES as S } from '../domain/words/validation';
import type { DecideResult, TaskChangeResult } from '../../workflows/case.messages';

const text = freeText;

/** A key lab's n-th evaluation task: `lab-<lab id>-evaluation-<n>` (labEvaluationTaskId). */
const LAB_TASK_ID = /^lab-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-evaluation-[1-9][0-9]{0,3}$/;
const caseTaskId = uuidParam('taskId', 'a task id');
export const TASK_ID_PATTERN = `^(${LAB_TASK_ID.source.slice(1, -1)}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$`;

export const TaskParamsSchema = z
  .object({
    taskId: z.string().refine((v) => LAB_TASK_ID.test(v) || caseTaskId.safeParse(v).success, { message: S.taskId.en, params: { zh: S.taskId.zh } }),
  })
  .strict();
export class TaskParamsDto extends zodDto(TaskParamsSchema) {}

const DECISION_FIELDS = {
  approve: ['amountFen', 'comment', 'overrideReason', 'rentFreeMonths'],
  reject: ['reason'],
  return: ['questions', 'comment'],
} as const;

/**
 * approve: optionally a lower amount (never above the computed one); overrideReason when approving
 * over a co-reviewer's rejection; rentFreeMonths, on the final approval of a sub-type with a rent-free
 * period, grants that many months (default: as the applicant asked; the pack's bounds are checked by the
 * case). reject: a reason. return: questions for the applicant.
 * One flat object (not a union) so that it stays a DTO class the global pipe recognises.
 */
export const DecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject', 'return'], { error: 'decision must be "approve", "reject" or "return"' }),
    amountFen: FenString.optional(),
    comment: text('comment').optional(),
    overrideReason: text('overrideReason').optional(),
    rentFreeMonths: z
      .number({ error: 'rentFreeMonths must be a whole number of months' })
      .int('rentFreeMonths must be a whole number of months')
      .min(1, 'rentFreeMonths must be at least 1')
      .max(1200, 'rentFreeMonths must be at most 1200')
      .optional()
      .describe("the rent-free period granted, in months (final approval of a sub-type with one; default as asked; within the policy's bounds)"),
    reason: text('reason').optional(),
    questions: z
      .array(text('a question', 1000), { error: 'questions must be a list of questions for the applicant' })
      .min(1, 'a return for information needs at least one question')
      .max(20, 'at most 20 questions')
      .optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.decision === 'reject' && d.reason === undefined) ctx.addIssue(bilingualIssue(S.rejectionNeedsReason, ['reason']));
    if (d.decision === 'return' && d.questions === undefined) ctx.addIssue(bilingualIssue(S.returnNeedsQuestions, ['questions']));
    const allowed: readonly string[] = DECISION_FIELDS[d.decision];
    for (const field of ['amountFen', 'comment', 'overrideReason', 'rentFreeMonths', 'reason', 'questions'] as const) {
      if (d[field] !== undefined && !allowed.includes(field)) ctx.addIssue(bilingualIssue(S.notPartOfDecision(field, d.decision), [field]));
    }
  });
export class DecisionDto extends zodDto(DecisionSchema) {}

export const ReassignSchema = z.object({ assigneeId: idText('assigneeId', 100) }).strict();
export class ReassignDto extends zodDto(ReassignSchema) {}

export const ListTasksSchema = z
  .object({
    status: z.enum(['open', 'claimed', 'completed', 'cancelled'], { error: 'status must be open, claimed, completed or cancelled' }).optional(),
    measureCode: idText('measureCode', 50).optional(),
    dueFrom: instant('dueFrom').optional(),
    dueTo: instant('dueTo').optional(),
    priority: queryInt('priority', 0, 10).optional(),
    assignee: z.enum(['me', 'unassigned'], { error: 'assignee must be "me" or "unassigned"' }).optional(),
    doubleBenefit: z
      .enum(['true', 'false'], { error: 'doubleBenefit must be "true" or "false"' })
      .transform((v) => v === 'true')
      .optional()
      .describe('only cases flagged (true) or not flagged (false) for a possible double benefit'),
    sort: z.enum(['dueAt', '-dueAt'], { error: 'sort must be "dueAt" (soonest first) or "-dueAt" (latest first)' }).default('dueAt'),
    limit: queryInt('limit', 1, 100).default(20),
    offset: queryInt('offset', 0, 1_000_000).default(0),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.dueFrom && q.dueTo && q.dueFrom > q.dueTo) ctx.addIssue(bilingualIssue(S.dueToBeforeDueFrom, ['dueTo']));
  });
export class ListTasksDto extends zodDto(ListTasksSchema) {}

// ---- responses (also the OpenAPI document's response schemas) ----

const Instant = z.string().describe('ISO 8601 instant');

export const TaskSchema = z.object({
  id: z.string(),
  caseId: z.string().nullable().describe('the case reviewed; null for the evaluation of a key lab registered without a designating case'),
  labId: z.string().nullable().describe('the key lab a lab evaluation task grades (POST /labs/{labId}/evaluations/{cycle}/grade); null for a case review'),
  reference: z.string().describe('the case’s reference; a registered key lab’s evaluation: the lab’s name'),
  measureCode: z.string(),
  measureCodeLabel: LabelSchema,
  subtypeCode: z.string(),
  subtypeCodeLabel: LabelSchema,
  bureauCode: z.string(),
  bureauCodeLabel: LabelSchema,
  stage: z.string(),
  stageLabel: LabelSchema,
  status: z.enum(['open', 'claimed', 'completed', 'cancelled']),
  statusLabel: LabelSchema,
  assigneeId: z.string().nullable(),
  assigneeName: PersonName,
  claimedAt: Instant.nullable(),
  priority: z.number().int(),
  createdAt: Instant,
  dueAt: Instant.nullable(),
  remindedAt: Instant.nullable(),
  escalatedAt: Instant.nullable(),
  completedAt: Instant.nullable(),
  completedById: z.string().nullable(),
  completedByName: PersonName,
  decision: z.string().nullable().describe('approve, reject or return; a key lab evaluation’s grade'),
  decisionLabel: LabelSchema.nullable(),
  computedAwardFen: FenString.nullable(),
  doubleBenefit: z.boolean().describe('the applicant has another pending or awarded case for the same project and kind'),
});
export type TaskDto = z.infer<typeof TaskSchema>;

export const TaskListSchema = z.object({ items: z.array(TaskSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type TaskList = z.infer<typeof TaskListSchema>;

export const OpinionSchema = z.object({
  taskId: z.string(),
  bureauCode: z.string(),
  bureauCodeLabel: LabelSchema,
  stage: z.string(),
  stageLabel: LabelSchema,
  decision: z.string().nullable(),
  decisionLabel: LabelSchema.nullable(),
  amountFen: FenString.nullable(),
  comment: z.string().nullable(),
  overrideReason: z.string().nullable(),
  questions: z.array(z.string()).nullable(),
  completedById: z.string().nullable(),
  completedByName: PersonName,
  completedAt: Instant.nullable(),
});
export type OpinionDto = z.infer<typeof OpinionSchema>;

export const TaskDetailSchema = z.object({
  task: TaskSchema,
  application: CaseSchema.pick({
    id: true,
    reference: true,
    status: true,
    statusLabel: true,
    packId: true,
    packVersion: true,
    measureCode: true,
    measureCodeLabel: true,
    subtypeCode: true,
    subtypeCodeLabel: true,
    organisationId: true,
    form: true,
    submittedAt: true,
    computedAwardFen: true,
  })
    .extend({ organisationName: z.string() })
    .nullable()
    .describe('the case reviewed; null for a registered key lab’s evaluation, which no case holds'),
  lab: z
    .object({ id: z.string(), name: z.string(), organisationId: z.string(), organisationName: z.string() })
    .nullable()
    .describe('the key lab a lab evaluation task grades; null for a case review'),
  award: AwardExplanationSchema.nullable().describe('how the computed amount was reached (the award explanation of the assessment)'),
  routing: RoutingSchema.nullable(),
  allowedActions: z
    .array(
      z.object({
        action: z.enum(['claim', 'unclaim', 'decide']),
        allowed: z.boolean(),
        reason: LabelSchema.nullable().describe('why not, as the case’s validator answers'),
        label: LabelSchema,
      }),
    )
    .describe('what the caller may do with this task now, asked of the same check the workflow’s validator runs'),
  informationRounds: z.array(InformationRoundSchema).describe('every request for information so far, with its answer once recorded'),
  opinions: z.array(OpinionSchema).describe('decisions already taken on this case by other tasks (other bureaus, earlier stages), oldest first'),
  timeline: z.array(TimelineEntrySchema),
  documents: z.array(CaseDocumentSchema).describe('the files the form’s document fields name; GET /documents/{id} opens one'),
  doubleBenefit: z
    .object({
      flagged: z.boolean(),
      otherCases: z.array(
        z.object({ caseId: z.string(), reference: z.string(), status: z.enum(CASE_STATUSES), statusLabel: LabelSchema, amountFen: FenString }),
      ),
    })
    .describe('no double benefit: the applicant’s other pending or awarded cases for this project and kind; approving needs an overrideReason'),
  earlierAwards: z
    .array(
      z.object({
        caseId: z.string(),
        reference: z.string(),
        measureCode: z.string(),
        measureCodeLabel: LabelSchema,
        subtypeCode: z.string(),
        subtypeCodeLabel: LabelSchema,
        amountFen: FenString,
        decidedAt: Instant.nullable(),
      }),
    )
    .describe('every earlier award to the same project and applicant, of any kind'),
  coFunding: z
    .object({
      districtBureau: z.string(),
      districtBureauLabel: LabelSchema,
      cityFen: FenString,
      districtFen: FenString,
      districtShareBp: z.number().int(),
      shareOfThisBureauFen: FenString.nullable(),
    })
    .nullable()
    .describe('a co-funded award’s split; a district government’s task shows its own share'),
});
export type TaskDetailDto = z.infer<typeof TaskDetailSchema>;

export const TaskChangeResultSchema = z.object({
  taskId: z.string(),
  status: z.enum(['open', 'claimed', 'deciding', 'completed', 'cancelled']),
  assigneeId: z.string().nullable(),
});
export const DecideResultSchema = z.object({ taskId: z.string(), caseStatus: z.enum(CASE_STATUSES), approvedAwardFen: FenString.nullable() });

// The update results are the workflow's types: the schemas must describe exactly those.
const taskChangeMatches: Same<z.infer<typeof TaskChangeResultSchema>, TaskChangeResult> = true;
const decideMatches: Same<z.infer<typeof DecideResultSchema>, DecideResult> = true;
void taskChangeMatches;
void decideMatches;
