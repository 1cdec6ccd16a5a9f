// What the applicant organisation is shown of its own case. Officers and admins read the full
// timeline; a citizen is told which bureau has the case at which stage and what it decided, and what
// is asked of them, but not who in a bureau handled it, how the work moved inside the bureau
// (claims, reassignments, reminders, escalations, clock bookkeeping), nor officers' internal
// comments, recommended amounts or override reasons. Events arrive typed (./case-events.schema), so
// what is public is decided by each event's type and fields, never by comparing texts.
import type { CaseEvent } from '../domain/case/events';
import { eventWords } from '../domain/words';
import { eventSentence, type TimelineNames } from '../domain/words/case';
import type { EventRow } from '../database/case.repository';
import type { TimelineEntryDto } from './case.dto';
import { readCaseEvent } from './case-events.schema';

export function applicantTimeline(rows: EventRow[], tasks: { taskId: string; stage: string }[], names: TimelineNames): TimelineEntryDto[] {
  const stageOf = new Map(tasks.map((t) => [t.taskId, t.stage]));
  const out: TimelineEntryDto[] = [];
  const push = (e: CaseEvent, data: unknown, actorId: string | null = null): void => {
    out.push({ at: e.at, type: e.type, typeLabel: eventWords(e.type), actorId, data, text: eventSentence(e, names) });
  };
  for (const row of rows) {
    const e = readCaseEvent(row);
    if (e === null) continue;
    switch (e.type) {
      // The applicant's own acts keep its user id.
      case 'case.submitted':
      case 'case.withdrawn':
      case 'case.information_received':
        push(e, e.data, e.actorId);
        break;
      case 'case.assessed':
      case 'case.refused':
      case 'case.rejected':
      case 'case.lapsed':
      case 'notice.information_requested':
      case 'notice.lapsed':
      case 'rentfree.started':
      case 'notice.rentfree_ending':
      case 'rentfree.ended':
        push(e, e.data);
        break;
      case 'case.approved': {
        const { internalReason: _internal, ...shown } = e.data;
        push(e, shown);
        break;
      }
      case 'task.opened':
        push(e, { taskId: e.data.taskId, bureauCode: e.data.bureauCode, stage: e.data.stage });
        break;
      case 'task.decided':
        // approve / reject / return: an approval's amount before the final stage is only a recommendation.
        push(e, {
          taskId: e.data.taskId,
          bureauCode: e.data.bureauCode,
          stage: e.data.stage,
          decision: e.data.decision,
          ...(e.data.decision === 'return' ? { questions: e.data.questions ?? [] } : {}),
        });
        break;
      case 'task.cancelled':
        push(e, { taskId: e.data.taskId, bureauCode: e.data.bureauCode, stage: stageOf.get(e.data.taskId) ?? null, because: e.data.because });
        break;
      case 'task.claimed':
      case 'task.unclaimed':
      case 'task.reassigned':
      case 'task.reminder':
      case 'task.escalated':
      case 'clock.resumed':
        // The bureaus' own business until it is deliberately made public here.
        break;
    }
  }
  return out;
}
