import { z } from 'zod';
import { FenString } from '../domain';
import { zodDto } from '../common/zod';
import type { Assessment } from '../domain';
import type { CaseDto } from '../applications/application.dto';

const text = (what: string, max = 2000) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${what} is required` : `${what} must be text`) })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is longer than ${max} characters`);

export const TaskParamsSchema = z.object({ taskId: z.uuid({ error: 'taskId must be a task id (a UUID)' }) }).strict();
export class TaskParamsDto extends zodDto(TaskParamsSchema) {}

const DECISION_FIELDS = {
  approve: ['amountFen', 'comment', 'overrideReason'],
  reject: ['reason'],
  return: ['questions', 'comment'],
} as const;

/**
 * approve: optionally a lower amount (never above the computed one); overrideReason when approving
 * over a co-reviewer's rejection. reject: a reason. return: questions for the applicant.
 * One flat object (not a union) so that it stays a DTO class the global pipe recognises.
 */
export const DecisionSchema = z
  .object({
    decision: z.enum(['approve', 'reject', 'return'], { error: 'decision must be "approve", "reject" or "return"' }),
    amountFen: FenString.optional(),
    comment: text('comment').optional(),
    overrideReason: text('overrideReason').optional(),
    reason: text('reason').optional(),
    questions: z
      .array(text('a question', 1000), { error: 'questions must be a list of questions for the applicant' })
      .min(1, 'a return for information needs at least one question')
      .max(20, 'at most 20 questions')
      .optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.decision === 'reject' && d.reason === undefined) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a rejection needs a reason' });
    if (d.decision === 'return' && d.questions === undefined) {
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'a return for information needs the questions for the applicant' });
    }
    const allowed: readonly string[] = DECISION_FIELDS[d.decision];
    for (const field of ['amountFen', 'comment', 'overrideReason', 'reason', 'questions'] as const) {
      if (d[field] !== undefined && !allowed.includes(field)) ctx.addIssue({ code: 'custom', path: [field], message: `${field} is not part of a "${d.decision}" decision` });
    }
  });
export class DecisionDto extends zodDto(DecisionSchema) {}

export const ReassignSchema = z.object({ assigneeId: z.string({ error: 'assigneeId is required' }).min(1, 'assigneeId is required').max(100) }).strict();
export class ReassignDto extends zodDto(ReassignSchema) {}

const instant = (what: string) =>
  z.iso.datetime({ offset: true, error: `${what} must be an ISO date-time, e.g. 2026-12-01T00:00:00+08:00` }).transform((s) => new Date(s));

export const ListTasksSchema = z
  .object({
    status: z.enum(['open', 'claimed', 'completed', 'cancelled'], { error: 'status must be open, claimed, completed or cancelled' }).optional(),
    measureCode: z.string().min(1).max(50).optional(),
    dueFrom: instant('dueFrom').optional(),
    dueTo: instant('dueTo').optional(),
    priority: z.coerce.number({ error: 'priority must be a whole number' }).int('priority must be a whole number').min(0).max(10).optional(),
    assignee: z.enum(['me', 'unassigned'], { error: 'assignee must be "me" or "unassigned"' }).optional(),
    sort: z.enum(['dueAt', '-dueAt'], { error: 'sort must be "dueAt" (soonest first) or "-dueAt" (latest first)' }).default('dueAt'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.dueFrom && q.dueTo && q.dueFrom > q.dueTo) ctx.addIssue({ code: 'custom', path: ['dueTo'], message: 'dueTo is before dueFrom' });
  });
export class ListTasksDto extends zodDto(ListTasksSchema) {}

export interface TaskDto {
  id: string;
  applicationId: string;
  reference: string;
  measureCode: string;
  subtypeCode: string;
  bureauCode: string;
  stage: string;
  status: string;
  assigneeId: string | null;
  claimedAt: string | null;
  priority: number;
  createdAt: string;
  dueAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  completedAt: string | null;
  completedById: string | null;
  decision: string | null;
  computedAwardFen: string | null;
}

export interface OpinionDto {
  taskId: string;
  bureauCode: string;
  stage: string;
  decision: string | null;
  amountFen: string | null;
  comment: string | null;
  overrideReason: string | null;
  questions: string[] | null;
  completedById: string | null;
  completedAt: string | null;
}

export interface TaskDetailDto {
  task: TaskDto;
  application: Pick<
    CaseDto,
    'id' | 'reference' | 'status' | 'packId' | 'packVersion' | 'measureCode' | 'subtypeCode' | 'organisationId' | 'form' | 'submittedAt' | 'computedAwardFen'
  > & { organisationName: string };
  /** How the computed amount was reached (the award explanation of the assessment). */
  award: Assessment['award'] | null;
  routing: Assessment['routing'] | null;
  /** Decisions already taken on this case by other tasks (other bureaus, earlier stages), oldest first. */
  opinions: OpinionDto[];
  timeline: { at: string; type: string; actorId: string | null; data: unknown }[];
}
