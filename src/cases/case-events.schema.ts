// The zod mirror of the CaseEvent union (src/domain/case/events.ts): the read side parses stored
// events through it instead of trusting untyped JSON. The checks at the bottom fail to compile when
// the mirror and the union drift apart, either way.
import { z } from 'zod';
import { AwardExplanationSchema, ReasonSchema } from '../domain/case/state.schema';
import { CASE_EVENT_VERSION, type CaseEvent } from '../domain/case/events';
import type { Same } from '../common/zod';

export { AwardExplanationSchema, ReasonSchema };

const decision = z.enum(['approve', 'reject', 'return']);
const caseEnd = z.enum(['approved', 'rejected', 'withdrawn', 'lapsed']);
const taskRef = { taskId: z.string(), bureauCode: z.string() };

function event<T extends string, D extends z.ZodObject>(type: T, data: D) {
  return z.object({ eventKey: z.string(), type: z.literal(type), v: z.literal(CASE_EVENT_VERSION), actorId: z.string().nullable(), at: z.string(), data });
}

export const CaseEventSchema = z.discriminatedUnion('type', [
  event('case.submitted', z.object({ packVersion: z.number().int() })),
  event(
    'case.assessed',
    z.object({
      eligible: z.boolean(),
      computedAwardFen: z.string(),
      routing: z.object({ lead: z.string(), coReviewers: z.array(z.string()), district: z.string().nullable() }),
    }),
  ),
  event('case.refused', z.object({ reasons: z.array(ReasonSchema) })),
  event('task.opened', z.object({ ...taskRef, stage: z.string(), dueAt: z.string(), resumedFrom: z.string().optional() })),
  event('task.claimed', z.object(taskRef)),
  event('task.unclaimed', z.object({ ...taskRef, previousAssigneeId: z.string().nullable() })),
  event('task.reassigned', z.object({ ...taskRef, previousAssigneeId: z.string().nullable(), assigneeId: z.string() })),
  event(
    'task.decided',
    z.object({
      ...taskRef,
      stage: z.string(),
      decision,
      amountFen: z.string().nullable(),
      comment: z.string().nullable(),
      overrideReason: z.string().nullable(),
      questions: z.array(z.string()).nullable(),
    }),
  ),
  event('rentfree.started', z.object({ months: z.number().int(), startsOn: z.string(), endsOn: z.string() })),
  event('notice.rentfree_ending', z.object({ zh: z.string(), en: z.string(), endsOn: z.string(), daysBeforeEnd: z.number().int() })),
  event('rentfree.ended', z.object({ endsOn: z.string() })),
  event('task.reminder', z.object({ ...taskRef, assigneeId: z.string().nullable(), dueAt: z.string() })),
  event(
    'task.escalated',
    z.object({ ...taskRef, assigneeId: z.string().nullable(), dueAt: z.string(), priority: z.number().int(), supervisorIds: z.array(z.string()) }),
  ),
  event('task.cancelled', z.object({ ...taskRef, because: caseEnd })),
  event(
    'notice.information_requested',
    z.object({ bureauCode: z.string(), questions: z.array(z.string()), answerDueAt: z.string(), clock: z.literal('paused') }),
  ),
  event('case.information_received', z.object({ answers: z.string(), documentIds: z.array(z.string()), requestTaskId: z.string(), pausedMs: z.number() })),
  event('clock.resumed', z.object({ pausedMs: z.number(), dueDates: z.array(z.object({ taskId: z.string(), dueAt: z.string() })) })),
  event(
    'case.approved',
    z.object({
      approvedAwardFen: z.string(),
      reason: z.string().nullable(),
      internalReason: z.string().nullable(),
      award: AwardExplanationSchema,
      rentFree: z.object({ months: z.number().int(), requestedMonths: z.number().int() }).optional(),
    }),
  ),
  event('case.rejected', z.object({ reason: z.string() })),
  event('case.withdrawn', z.object({ reason: z.string().nullable() })),
  event('notice.lapsed', z.object({ zh: z.string(), en: z.string(), questions: z.array(z.string()), answerDueAt: z.string() })),
  event('case.lapsed', z.object({ reason: z.string() })),
]);

type Parsed = z.infer<typeof CaseEventSchema>;
// Compile-time: every parsed event is a CaseEvent, and every CaseEvent is what the mirror parses.
const mirrorsUnion: Same<Parsed, CaseEvent> = true;
void mirrorsUnion;

/** An application_events row as the repository returns it. */
export interface StoredEventRow {
  eventKey: string;
  type: string;
  version: number;
  actorId: string | null;
  data: unknown;
  at: Date;
}

/** The stored event as its typed CaseEvent, or null when the row matches no version this code reads. */
export function readCaseEvent(row: StoredEventRow): CaseEvent | null {
  const r = CaseEventSchema.safeParse({
    eventKey: row.eventKey,
    type: row.type,
    v: row.version,
    actorId: row.actorId,
    at: row.at.toISOString(),
    data: row.data,
  });
  return r.success ? r.data : null;
}
