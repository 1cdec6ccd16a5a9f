// What the applicant organisation is shown of its own case. Officers and admins read the full
// timeline; a citizen is told which bureau has the case at which stage and what it decided, and what
// is asked of them, but not who in a bureau handled it, how the work moved inside the bureau
// (claims, reassignments, reminders, escalations, clock bookkeeping), nor officers' internal
// comments, recommended amounts or override reasons.

export interface TimelineEntry {
  at: string;
  type: string;
  actorId: string | null;
  data: unknown;
}

interface EventRow {
  at: Date;
  type: string;
  actorId: string | null;
  data: unknown;
}

interface TaskRow {
  id: string;
  stage: string;
  comment: string | null;
  overrideReason: string | null;
}

/** Events the applicant's own users act in: their user id stays on these, every other actor is withheld. */
const APPLICANT_ACTS = new Set(['case.submitted', 'case.withdrawn', 'case.information_received']);

type Data = Record<string, unknown>;
const asData = (v: unknown): Data => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});

/**
 * A case's reason as the applicant may read it. A rejection's reason, the comment explaining an
 * approved amount, a withdrawal's or a lapse's reason are theirs to know; the reason a lead bureau
 * gave for approving over a co-reviewer's rejection is internal, and is never shown.
 */
export function applicantReason(reason: string | null, tasks: TaskRow[]): string | null {
  if (reason === null) return null;
  const internal = tasks.some((t) => t.overrideReason === reason) && !tasks.some((t) => t.comment === reason);
  return internal ? null : reason;
}

export function applicantTimeline(events: EventRow[], tasks: TaskRow[]): TimelineEntry[] {
  const stageOf = new Map(tasks.map((t) => [t.id, t.stage]));
  const out: TimelineEntry[] = [];
  for (const e of events) {
    const at = e.at.toISOString();
    const d = asData(e.data);
    const taskId = typeof d.taskId === 'string' ? d.taskId : null;
    const task = { taskId, bureauCode: d.bureauCode ?? null, stage: d.stage ?? (taskId === null ? null : (stageOf.get(taskId) ?? null)) };
    if (e.type.startsWith('case.') || e.type.startsWith('notice.')) {
      // internalReason (why the lead overrode a co-reviewer) is the bureaus' own business.
      const { internalReason: _internal, ...open } = d;
      const data = 'reason' in d ? { ...open, reason: applicantReason(typeof d.reason === 'string' ? d.reason : null, tasks) } : e.data;
      out.push({ at, type: e.type, actorId: APPLICANT_ACTS.has(e.type) ? e.actorId : null, data });
      continue;
    }
    switch (e.type) {
      case 'task.opened':
        out.push({ at, type: e.type, actorId: null, data: task });
        break;
      case 'task.decided':
        // approve / reject / return: an approval's amount before the final stage is only a recommendation.
        out.push({ at, type: e.type, actorId: null, data: { ...task, decision: d.decision ?? null, ...(d.decision === 'return' ? { questions: d.questions ?? [] } : {}) } });
        break;
      case 'task.cancelled':
        out.push({ at, type: e.type, actorId: null, data: { ...task, because: d.because ?? null } });
        break;
      default:
        // task.claimed, task.unclaimed, task.reassigned, task.reminder, task.escalated, clock.*, and
        // anything added later: the bureaus' own business until it is deliberately made public here.
        break;
    }
  }
  return out;
}
