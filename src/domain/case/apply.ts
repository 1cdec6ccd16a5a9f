// apply: the new state and what to do about it (the effects), for a command `check` accepted.
import { applyCut, type Reason } from '../award';
import { addCalendarDays } from '../time';
import { CASE_EVENT_VERSION, type CaseEnd, type CaseEvent, type CaseEventData, type CaseEventType, type ReviewDecision } from './events';
import type { AwardReservation, CaseEffect } from './effects';
import { unmetReasons } from './check';
import { storedTask, type CaseChange, type CaseStatus, type TaskRecord } from './records';
import {
  awardAsApproved,
  decidesCase,
  defaultAmount,
  ESCALATED_PRIORITY,
  findTask,
  liveTasks,
  planOf,
  remindAt,
  stageOf,
  type CaseCommand,
  type CaseState,
  type PendingApproval,
  type RentFreeGrant,
  type Transition,
  type TransitionContext,
} from './state';
import { LAPSE_SENTENCES } from '../words/time';

const iso = (ms: number): string => new Date(ms).toISOString();

/** What the ledger is asked for a final approval: all of it from the state, the split as assessed. */
function reservationOf(s: CaseState, p: PendingApproval, unmet: Reason[]): AwardReservation {
  const a = s.assessment!;
  return {
    caseId: s.facts.caseId,
    packId: s.facts.packId,
    actorId: p.actorId,
    poolCode: a.poolCode,
    districtPoolCode: a.coFunding === null ? null : (s.terms?.districtPoolCode ?? null),
    // Awards count against the budget year the case was received in (the pack's time zone).
    budgetYear: Number(a.receivedOn.slice(0, 4)),
    award: awardAsApproved(a, BigInt(p.amountFen), p.comment ?? ''),
    limits: a.limits,
    projectKey: a.projectKey,
    coFunding: a.coFunding && { districtBureau: a.coFunding.districtBureau, districtShareBp: a.coFunding.districtShareBp },
    // Omitted when empty, so an approval lacking nothing asks the ledger exactly as before.
    ...(unmet.length > 0 ? { unmet } : {}),
  };
}

/** Builds one transition on a private copy of the state. */
class Draft {
  readonly s: CaseState;
  private readonly events: CaseEvent[] = [];
  private readonly touched = new Set<string>();
  private statusChanged = false;
  readonly effects: CaseEffect[] = [];
  /** Effects that must follow the projection (a child reads what it wrote). */
  readonly after: CaseEffect[] = [];
  readonly at: string;

  constructor(
    state: CaseState,
    readonly ctx: TransitionContext,
  ) {
    this.s = JSON.parse(JSON.stringify(state)) as CaseState;
    this.at = iso(ctx.now);
  }

  event<T extends CaseEventType>(type: T, data: CaseEventData[T], opts: { key?: string; actorId?: string | null } = {}): void {
    const e = { eventKey: opts.key ?? `${type}:${this.ctx.newId()}`, type, v: CASE_EVENT_VERSION, actorId: opts.actorId ?? null, at: this.at, data };
    this.events.push(e as CaseEvent);
  }

  touch(t: TaskRecord): void {
    this.touched.add(t.taskId);
  }

  setStatus(status: CaseStatus): void {
    this.s.status = status;
    this.statusChanged = true;
  }

  /** Effects in order: what the transition asks first, then the projection of everything it changed, then what follows it. */
  finish(): Transition {
    if (this.events.length > 0 || this.touched.size > 0 || this.statusChanged) {
      // Each written transition is numbered, so a write that arrives late never overwrites a later one.
      this.s.rev = (this.s.rev ?? 0) + 1;
      const change: CaseChange = {
        caseId: this.s.facts.caseId,
        tasks: this.s.tasks.filter((t) => this.touched.has(t.taskId)).map(storedTask),
        events: this.events,
        ...(this.statusChanged ? { status: this.s.status } : {}),
        ...(this.s.outcome !== null && this.statusChanged ? { outcome: this.s.outcome } : {}),
        state: this.s,
        rev: this.s.rev,
      };
      this.effects.push({ kind: 'project', change });
    }
    return { state: this.s, effects: [...this.effects, ...this.after] };
  }
}

function newTask(d: Draft, bureauCode: string, stage: string, dueMs: number): TaskRecord {
  const t: TaskRecord = {
    taskId: d.ctx.newId(),
    bureauCode,
    stage,
    status: 'open',
    assigneeId: null,
    claimedAt: null,
    priority: 0,
    createdAt: d.at,
    dueAt: iso(dueMs),
    remindedAt: null,
    escalatedAt: null,
    decision: null,
    comment: null,
    amountFen: null,
    overrideReason: null,
    questions: null,
    completedById: null,
    completedAt: null,
  };
  d.s.tasks.push(t);
  d.touch(t);
  return t;
}

function openTask(d: Draft, bureauCode: string, stage: string): void {
  const clock = d.s.clock!;
  const t = newTask(d, bureauCode, stage, addCalendarDays(d.ctx.now, clock.taskDueDays, clock.timeZone));
  d.event('task.opened', { taskId: t.taskId, bureauCode, stage, dueAt: t.dueAt }, { key: `task-opened:${t.taskId}` });
}

const reviewedIn = (s: CaseState, stage: string, bureau: string): boolean =>
  s.tasks.some((t) => t.stage === stage && t.bureauCode === bureau && t.status === 'completed' && (t.decision === 'approve' || t.decision === 'reject'));

/** Opens what the plan needs next: the rest of a parallel stage at once, a sequential stage's next bureau, or the next stage. */
function advance(d: Draft): void {
  const plan = planOf(d.s);
  const current = plan[d.s.stage];
  if (current) {
    const waiting = current.bureaus.filter((b) => !reviewedIn(d.s, current.code, b));
    if (waiting.length > 0) {
      // A sequential stage hands on to its next bureau once nobody of the stage has the case.
      if (liveTasks(d.s).length === 0) openTask(d, waiting[0]!, current.code);
      return;
    }
  }
  d.s.stage += 1;
  const next = plan[d.s.stage];
  // All tasks of a parallel stage open in one transition: the reviews start at the same instant.
  if (next) (next.parallel ? next.bureaus : next.bureaus.slice(0, 1)).forEach((b) => openTask(d, b, next.code));
}

/** The case's end: cancel what is open, record the outcome, in the same write as what ended it. */
function end(d: Draft, status: CaseEnd, reason: string | null, actorId: string | null, internalReason: string | null = null): void {
  for (const t of liveTasks(d.s)) {
    t.status = 'cancelled';
    t.completedAt = d.at;
    d.touch(t);
    d.event('task.cancelled', { taskId: t.taskId, bureauCode: t.bureauCode, because: status }, { key: `task-cancelled:${t.taskId}` });
  }
  const rfi = d.s.rfi;
  switch (status) {
    case 'approved': {
      const approved = d.s.approved!;
      d.event(
        'case.approved',
        { approvedAwardFen: approved.amountFen, reason, internalReason, award: approved.award, ...(approved.rentFree ? { rentFree: approved.rentFree } : {}) },
        { key: 'decided' },
      );
      const lifecycle = d.s.terms?.lifecycle ?? null;
      if (lifecycle === 'keyLab') d.after.push({ kind: 'startLabLifecycle', labId: d.s.facts.caseId });
      if (lifecycle === 'rentFree') d.after.push({ kind: 'startRentFree', caseId: d.s.facts.caseId });
      break;
    }
    case 'rejected':
      d.event('case.rejected', { reason: reason ?? '' }, { key: 'decided' });
      break;
    case 'withdrawn':
      d.event('case.withdrawn', { reason }, { key: 'withdrawn', actorId });
      break;
    case 'lapsed':
      if (rfi) {
        d.event(
          'notice.lapsed',
          {
            ...LAPSE_SENTENCES.recorded(rfi.answerDueAt),
            questions: rfi.questions,
            answerDueAt: rfi.answerDueAt,
          },
          { key: 'notice-lapsed' },
        );
      }
      d.event('case.lapsed', { reason: reason ?? '' }, { key: 'lapsed' });
      break;
  }
  d.s.rfi = null;
  d.s.pending = null;
  d.s.outcome = { status, approvedAwardFen: status === 'approved' ? d.s.approved!.amountFen : null, reason, decidedAt: d.at };
  d.setStatus(status);
}

interface Completion {
  decision: ReviewDecision;
  actorId: string;
  amountFen: string | null;
  comment: string | null;
  overrideReason: string | null;
  questions: string[] | null;
  /** When the ledger cut the approval: what the officer approved, before the cuts that follow. */
  officerAmountFen?: string;
  cuts?: { toFen: string; reason: Reason }[];
  rentFree?: RentFreeGrant;
}

function complete(d: Draft, task: TaskRecord, c: Completion): void {
  const s = d.s;
  Object.assign(task, {
    status: 'completed',
    decision: c.decision,
    amountFen: c.amountFen,
    comment: c.comment,
    overrideReason: c.overrideReason,
    questions: c.questions,
    completedById: c.actorId,
    completedAt: d.at,
  } satisfies Partial<TaskRecord>);
  d.touch(task);
  d.event(
    'task.decided',
    {
      taskId: task.taskId,
      bureauCode: task.bureauCode,
      stage: task.stage,
      decision: c.decision,
      amountFen: c.amountFen,
      comment: c.comment,
      overrideReason: c.overrideReason,
      questions: c.questions,
    },
    { key: `task-decided:${task.taskId}`, actorId: c.actorId },
  );
  const stage = stageOf(s, task);
  switch (c.decision) {
    case 'approve':
      if (stage?.decides) {
        let award = awardAsApproved(s.assessment!, BigInt(c.officerAmountFen ?? c.amountFen!), c.comment ?? '');
        // The limits' cuts are lines of the explanation the applicant and the officer read.
        for (const cut of c.cuts ?? []) award = applyCut(award, BigInt(cut.toFen), cut.reason);
        s.approved = { amountFen: c.amountFen!, award, ...(c.rentFree ? { rentFree: c.rentFree } : {}) };
        end(d, 'approved', c.comment, c.actorId, c.overrideReason);
      } else advance(d);
      return;
    case 'reject':
      // A stage that owns the decision ends the case; elsewhere (会签) a rejection is an opinion.
      if (stage?.rejectionEnds ?? true) end(d, 'rejected', c.comment, c.actorId);
      else advance(d);
      return;
    case 'return': {
      const clock = s.clock!;
      s.rfi = {
        taskId: task.taskId,
        bureauCode: task.bureauCode,
        stage: task.stage,
        questions: c.questions ?? [],
        requestedAt: d.at,
        answerDueAt: iso(addCalendarDays(d.ctx.now, clock.rfiAnswerDays, clock.timeZone)),
      };
      d.setStatus('awaiting_information');
      // The notice is what the applicant reads: what to answer, and by when.
      d.event(
        'notice.information_requested',
        { bureauCode: task.bureauCode, questions: s.rfi.questions, answerDueAt: s.rfi.answerDueAt, clock: 'paused' },
        { key: `notice-information-requested:${task.taskId}`, actorId: c.actorId },
      );
      return;
    }
  }
}

function fireTimers(d: Draft): void {
  const s = d.s;
  const now = d.ctx.now;
  if (s.outcome !== null || s.clock === null) return;
  if (s.rfi !== null) {
    if (now >= Date.parse(s.rfi.answerDueAt)) end(d, 'lapsed', `no answer to the request for information by ${s.rfi.answerDueAt}`, null);
    return;
  }
  for (const t of liveTasks(s)) {
    if (t.remindedAt === null && now >= remindAt(s, t)) {
      t.remindedAt = d.at;
      d.touch(t);
      d.event(
        'task.reminder',
        { taskId: t.taskId, bureauCode: t.bureauCode, assigneeId: t.assigneeId, dueAt: t.dueAt },
        { key: `task-reminder:${t.taskId}:${t.dueAt}` },
      );
    }
  }
  for (const t of liveTasks(s)) {
    if (t.escalatedAt === null && now >= Date.parse(t.dueAt)) {
      t.escalatedAt = d.at;
      t.priority = Math.max(t.priority, ESCALATED_PRIORITY);
      d.touch(t);
      d.event(
        'task.escalated',
        {
          taskId: t.taskId,
          bureauCode: t.bureauCode,
          assigneeId: t.assigneeId,
          dueAt: t.dueAt,
          priority: t.priority,
          supervisorIds: s.clock.supervisors[t.bureauCode] ?? [],
        },
        { key: `task-escalated:${t.taskId}` },
      );
    }
  }
}

/**
 * Applies a command that `check` accepted (commands from the system itself need no check). Returns
 * the new state; the given one is left as it was.
 */
export function apply(state: CaseState, cmd: CaseCommand, ctx: TransitionContext): Transition {
  const d = new Draft(state, ctx);
  const s = d.s;
  switch (cmd.type) {
    case 'assessed': {
      s.assessment = cmd.assessment;
      s.clock = cmd.clock;
      s.terms = cmd.terms ?? { lifecycle: cmd.assessment.rentFree ? 'rentFree' : null, districtPoolCode: null, poolNames: {} };
      if (cmd.priorBenefits !== undefined) s.priorBenefits = cmd.priorBenefits;
      if (s.outcome !== null) break; // withdrawn before the assessment arrived
      if (!cmd.assessment.eligible) {
        d.event('case.refused', { reasons: cmd.assessment.ineligibility }, { key: 'refused' });
        s.outcome = { status: 'refused', approvedAwardFen: null, reason: cmd.assessment.ineligibility.map((r) => r.en).join('; '), decidedAt: d.at };
        d.setStatus('refused');
        break;
      }
      d.setStatus('in_review');
      advance(d);
      break;
    }
    case 'claim': {
      const t = findTask(s, cmd.taskId)!;
      if (t.status === 'claimed') break; // already theirs
      Object.assign(t, { status: 'claimed', assigneeId: cmd.actor.userId, claimedAt: d.at });
      d.touch(t);
      d.event('task.claimed', { taskId: t.taskId, bureauCode: t.bureauCode }, { actorId: cmd.actor.userId });
      break;
    }
    case 'unclaim': {
      const t = findTask(s, cmd.taskId)!;
      const previousAssigneeId = t.assigneeId;
      Object.assign(t, { status: 'open', assigneeId: null, claimedAt: null });
      d.touch(t);
      d.event('task.unclaimed', { taskId: t.taskId, bureauCode: t.bureauCode, previousAssigneeId }, { actorId: cmd.actor.userId });
      break;
    }
    case 'reassign': {
      const t = findTask(s, cmd.taskId)!;
      const previousAssigneeId = t.assigneeId;
      Object.assign(t, { status: 'claimed', assigneeId: cmd.to.userId, claimedAt: d.at });
      d.touch(t);
      d.event('task.reassigned', { taskId: t.taskId, bureauCode: t.bureauCode, previousAssigneeId, assigneeId: cmd.to.userId }, { actorId: cmd.actor.userId });
      break;
    }
    case 'decide': {
      const t = findTask(s, cmd.taskId)!;
      const dec = cmd.decision;
      const actorId = cmd.actor.userId;
      switch (dec.kind) {
        case 'approve': {
          const amount = dec.amountFen === undefined ? defaultAmount(s.assessment!) : BigInt(dec.amountFen);
          const a = s.assessment!;
          const decides = decidesCase(s, t);
          const terms = a.rentFree;
          const rentFree: RentFreeGrant | null =
            terms !== undefined && decides ? { months: dec.rentFreeMonths ?? terms.requestedMonths, requestedMonths: terms.requestedMonths } : null;
          const pending: PendingApproval = {
            taskId: t.taskId,
            actorId,
            amountFen: amount.toString(),
            comment: dec.comment ?? null,
            overrideReason: dec.overrideReason ?? null,
            ...(rentFree ? { rentFree } : {}),
          };
          if (decides && amount > 0n) {
            // The decision waits for the ledger; nothing is recorded until it says yes.
            t.status = 'deciding';
            s.pending = pending;
            d.effects.push({ kind: 'reserveAward', taskId: t.taskId, reservation: reservationOf(s, pending, unmetReasons(s, dec)) });
            break;
          }
          complete(d, t, {
            decision: 'approve',
            actorId,
            amountFen: pending.amountFen,
            comment: pending.comment,
            overrideReason: pending.overrideReason,
            questions: null,
            ...(rentFree ? { rentFree } : {}),
          });
          break;
        }
        case 'reject':
          complete(d, t, { decision: 'reject', actorId, amountFen: null, comment: dec.reason, overrideReason: null, questions: null });
          break;
        case 'return':
          complete(d, t, { decision: 'return', actorId, amountFen: null, comment: dec.comment ?? null, overrideReason: null, questions: dec.questions });
          break;
      }
      break;
    }
    case 'fundsReserved': {
      const p = s.pending;
      const t = findTask(s, cmd.taskId);
      if (!p || !t || p.taskId !== cmd.taskId) break;
      s.pending = null;
      complete(d, t, {
        decision: 'approve',
        actorId: p.actorId,
        amountFen: cmd.grant.amountFen,
        comment: p.comment,
        overrideReason: p.overrideReason,
        questions: null,
        officerAmountFen: p.amountFen,
        cuts: cmd.grant.cuts,
        ...(p.rentFree ? { rentFree: p.rentFree } : {}),
      });
      if (BigInt(cmd.grant.amountFen) > 0n) d.after.push({ kind: 'startPayments', caseId: s.facts.caseId });
      break;
    }
    case 'fundsRefused': {
      const t = findTask(s, cmd.taskId);
      if (t && t.status === 'deciding') t.status = 'claimed';
      s.pending = null;
      break;
    }
    case 'answerInformation': {
      const r = s.rfi!;
      const pausedMs = ctx.now - Date.parse(r.requestedAt);
      // The statutory clock stood still while the applicant had the case: every open deadline moves by the pause.
      const shifted = liveTasks(s);
      for (const t of shifted) {
        t.dueAt = iso(Date.parse(t.dueAt) + pausedMs);
        d.touch(t);
      }
      const returned = findTask(s, r.taskId)!;
      // The same bureau resumes with the time it had left, held by the officer who asked.
      const resumed = newTask(d, r.bureauCode, r.stage, Date.parse(returned.dueAt) + pausedMs);
      Object.assign(resumed, {
        priority: returned.priority,
        remindedAt: returned.remindedAt,
        escalatedAt: returned.escalatedAt,
        status: 'claimed',
        assigneeId: returned.completedById,
        claimedAt: d.at,
      });
      s.answeredRequests = [...(s.answeredRequests ?? []), { ...r, answers: cmd.answers, documentIds: cmd.documentIds, answeredAt: d.at }];
      s.rfi = null;
      d.setStatus('in_review');
      d.event(
        'case.information_received',
        { answers: cmd.answers, documentIds: cmd.documentIds, requestTaskId: r.taskId, pausedMs },
        { key: `information-received:${r.taskId}`, actorId: cmd.actor.userId },
      );
      d.event(
        'clock.resumed',
        { pausedMs, dueDates: [...shifted, resumed].map((t) => ({ taskId: t.taskId, dueAt: t.dueAt })) },
        { key: `clock-resumed:${r.taskId}` },
      );
      d.event(
        'task.opened',
        { taskId: resumed.taskId, bureauCode: resumed.bureauCode, stage: resumed.stage, dueAt: resumed.dueAt, resumedFrom: r.taskId },
        { key: `task-opened:${resumed.taskId}` },
      );
      break;
    }
    case 'withdraw':
      end(d, 'withdrawn', cmd.reason, cmd.actor.userId);
      break;
    case 'timerFired':
      fireTimers(d);
      break;
  }
  return d.finish();
}
