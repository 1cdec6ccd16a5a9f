import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  TemporalFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  apply,
  check,
  findTask,
  initialCase,
  isClosed,
  liveTasks,
  nextDeadline,
  reservationRefusal,
  type CaseCommand,
  type CaseEffect,
  type CaseState,
} from '../src/domain/case/machine';
import { storedTask, type CaseChange } from '../src/domain/case/records';
import { withCallerWrites } from './caller-writes';
import type { CaseRefusal } from '../src/domain/case/refusals';
import type { CaseActivities } from './activities';
import { awardWorkflowId } from './award.messages';
import type { awardWorkflow } from './award.workflow';
import {
  answerInformationUpdate,
  caseQuery,
  caseStateQuery,
  claimUpdate,
  decideUpdate,
  reassignUpdate,
  unclaimUpdate,
  withdrawUpdate,
  type CallerWrote,
  type CaseWorkflowInput,
  type CaseView,
  type RefusalDetails,
  type TaskChangeResult,
} from './case.messages';
import { ChildStarts, startAbandoned, startNotices } from './children';
import { labWorkflowId } from './lab.messages';
import type { labLifecycleWorkflow } from './lab.workflow';
import { Patches } from './patches';
import { ACTIVITY_DEFAULTS, LOCAL_ACTIVITY_DEFAULTS } from './presets';
import { rentFreeWorkflowId, type rentFreeWorkflow } from './rentfree.workflow';
import { caseSearchAttributes, changedAttributes, type RelatedIdentity } from './search-attributes';

const acts = proxyActivities<CaseActivities>(ACTIVITY_DEFAULTS);
const local = proxyLocalActivities<CaseActivities>(LOCAL_ACTIVITY_DEFAULTS);

/**
 * A local activity's failure reaches the workflow unwrapped; this wraps it as an activity's is, so the
 * case fails, and the API answers an update whose record failed (503 RecordFailed), as before.
 */
function asActivityFailure(activityType: string): (err: unknown) => never {
  return (err) => {
    if (!(err instanceof TemporalFailure) || err instanceof ActivityFailure) throw err;
    const exhausted = err instanceof ApplicationFailure && !err.nonRetryable;
    throw new ActivityFailure('local activity failed', activityType, undefined, exhausted ? 'MAXIMUM_ATTEMPTS_REACHED' : 'NON_RETRYABLE_FAILURE', 'local', err);
  };
}

const localActs: CaseActivities = {
  assessCase: (caseId) => local.assessCase(caseId).catch(asActivityFailure('assessCase')),
  projectCase: (change) => local.projectCase(change).catch(asActivityFailure('projectCase')),
  reserveAward: (reservation) => local.reserveAward(reservation).catch(asActivityFailure('reserveAward')),
};

function refuse(r: CaseRefusal): never {
  const details: RefusalDetails = { field: r.field, zh: r.zh, code: r.code, ...r.details };
  throw ApplicationFailure.create({ type: r.type, message: r.en, nonRetryable: true, details: [details] });
}

function viewOf(s: CaseState): CaseView {
  const r = s.rfi;
  return {
    status: s.status,
    assessment: s.assessment,
    tasks: s.tasks.map(({ comment: _c, amountFen: _a, overrideReason: _o, questions: _q, completedById: _b, completedAt: _t, ...t }) => t),
    approvedAwardFen: s.approved?.amountFen ?? null,
    informationRequest: r && { taskId: r.taskId, bureauCode: r.bureauCode, questions: r.questions, requestedAt: r.requestedAt, answerDueAt: r.answerDueAt },
  };
}

/**
 * One workflow per case, from submission to its end. The rules are the case machine's
 * (src/domain/case): this function wires updates, queries and timers to it and interprets its effects
 * in one place (`interpret`). Every update handler has one shape: validate, step, interpret, reply.
 * Payments, a key lab's lifecycle, a rent-free clock and notice deliveries are child workflows with
 * business ids (award:, lab:, rentfree:, notice:) that outlive the case (ParentClosePolicy.ABANDON).
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  let state: CaseState =
    input.state ??
    initialCase({
      caseId: input.caseId,
      packId: input.packId,
      packVersion: input.packVersion,
      organisationId: input.organisationId,
      receivedAt: input.receivedAt,
      reference: input.reference ?? null,
    });
  const related: RelatedIdentity = {
    caseId: input.caseId,
    reference: input.reference ?? null,
    organisationId: input.organisationId,
    packId: input.packId,
  };
  // Since local-case-writes a case records less (workflows/patches.ts); a case started before keeps its path.
  const lean = patched(Patches.localCaseWrites);
  const db = lean ? localActs : acts;
  const children = new ChildStarts(lean);

  let indexed = '';
  /** Applies a command now (no await before it, so the validator's view still holds) and returns its effects. */
  const step = (cmd: CaseCommand, now = Date.now()): CaseEffect[] => {
    const t = apply(state, cmd, { now, newId: uuid4 });
    state = t.state;
    const attrs = caseSearchAttributes(state, { caseId: input.caseId, reference: input.reference ?? null });
    if (lean) {
      // Compared with what the workflow has (its start's attributes, a previous run's), not with the last upsert.
      const changed = changedAttributes(attrs.pairs, workflowInfo().typedSearchAttributes);
      if (changed.length > 0) upsertSearchAttributes(changed);
    } else if (attrs.key !== indexed) {
      indexed = attrs.key;
      upsertSearchAttributes(attrs.pairs);
    }
    return t.effects;
  };

  // Since claims-by-caller: the claims' changes the API wrote, sent again with the workflow's next write.
  let callerWrote: CallerWrote[] = input.callerWrote ?? [];
  const resend = (change: CaseChange): CaseChange => {
    const r = withCallerWrites(callerWrote, change);
    callerWrote = r.pending;
    return r.change;
  };

  /** Runs effects in order. A refused reservation steps the machine back and throws the refusal to the caller. */
  // An update is durable only once the workflow task that accepts it completes; a server restart before
  // then loses the update and the local activities that task ran together. So the first write an update
  // causes goes through the queue (the accepting task completes first, recording it), and only the
  // writes after it are local (writes-after-acceptance); timers and the start are in the history already.
  const runEffects = async (effects: CaseEffect[], fromUpdate: boolean): Promise<void> => {
    for (const e of effects) {
      switch (e.kind) {
        case 'project': {
          const viaQueue = !lean || (fromUpdate && patched(Patches.writesAfterAcceptance));
          fromUpdate = false;
          const notices = await (viaQueue ? acts : db).projectCase(resend(e.change));
          // Together, each notice is its own start: a transition's notices begin in one workflow task.
          if (lean) for (const n of notices) children.add(() => startNotices([n], related));
          else if (notices.length > 0) children.add(() => startNotices(notices, related));
          break;
        }
        case 'reserveAward': {
          // Money moves only once the approval is in the history (a lost update once left a reservation
          // and an approved row with no payment orders).
          const viaQueue = !lean || patched(Patches.writesAfterAcceptance);
          fromUpdate = false;
          const r = await (viaQueue ? acts : db).reserveAward(e.reservation);
          if (!r.ok) {
            step({ type: 'fundsRefused', taskId: e.taskId });
            refuse(reservationRefusal(r, (code) => state.terms?.poolNames[code] ?? { zh: code, en: code }));
          }
          await runEffects(step({ type: 'fundsReserved', taskId: e.taskId, grant: r.grant }), false);
          break;
        }
        case 'startPayments':
          children.add(() => startAbandoned<typeof awardWorkflow>('awardWorkflow', awardWorkflowId(e.caseId), [{ caseId: e.caseId }], related));
          break;
        case 'startLabLifecycle':
          children.add(() => startAbandoned<typeof labLifecycleWorkflow>('labLifecycleWorkflow', labWorkflowId(e.labId), [{ labId: e.labId }], related));
          break;
        case 'startRentFree':
          children.add(() => startAbandoned<typeof rentFreeWorkflow>('rentFreeWorkflow', rentFreeWorkflowId(e.caseId), [{ caseId: e.caseId }], related));
          break;
      }
    }
  };

  // Effects leave in the order the transitions happened, whichever handler or timer made them.
  let tail: Promise<void> = Promise.resolve();
  const interpret = (effects: CaseEffect[], fromUpdate = false): Promise<void> => {
    if (effects.length === 0) return tail;
    const done = tail.then(() => runEffects(effects, fromUpdate));
    tail = done.catch(() => undefined);
    return done;
  };
  const validate = (cmd: CaseCommand): void => {
    const r = check(state, cmd);
    if (r) refuse(r);
  };
  const taskReply = (taskId: string): TaskChangeResult => {
    const t = findTask(state, taskId)!;
    return { taskId, status: t.status, assigneeId: t.assigneeId };
  };

  setHandler(caseQuery, () => viewOf(state));
  setHandler(caseStateQuery, () => state);

  /**
   * A claim, release or reassignment. Since claims-by-caller it writes nothing: it moves no money and
   * raises no notice, so its change goes back with the reply for the API to write, and the click costs
   * one workflow task. A claim of a task already the actor's returns the task and state as they are,
   * so a retry after a lost write repairs the projection.
   */
  const changeTask = async (cmd: Extract<CaseCommand, { type: 'claim' | 'unclaim' | 'reassign' }>): Promise<TaskChangeResult> => {
    if (!lean || !patched(Patches.claimsByCaller)) {
      await interpret(step(cmd), true);
      return taskReply(cmd.taskId);
    }
    const effects = step(cmd);
    // A transition projects at most once; no other effect follows a claim, and were one added the workflow would run it.
    const projected = effects.flatMap((e) => (e.kind === 'project' ? [e.change] : []))[0];
    const others = effects.filter((e) => e.kind !== 'project');
    if (others.length > 0) await interpret(others, true);
    if (projected) callerWrote.push({ rev: projected.rev ?? 0, events: projected.events, taskIds: projected.tasks.map((t) => t.taskId) });
    const change = projected ?? {
      caseId: input.caseId,
      tasks: [storedTask(findTask(state, cmd.taskId)!)],
      events: [],
      state,
      ...(state.rev !== undefined ? { rev: state.rev } : {}),
    };
    return { ...taskReply(cmd.taskId), change };
  };

  setHandler(claimUpdate, ({ taskId, actor }) => changeTask({ type: 'claim', taskId, actor }), {
    validator: ({ taskId, actor }) => validate({ type: 'claim', taskId, actor }),
  });
  setHandler(unclaimUpdate, ({ taskId, actor }) => changeTask({ type: 'unclaim', taskId, actor }), {
    validator: ({ taskId, actor }) => validate({ type: 'unclaim', taskId, actor }),
  });
  setHandler(reassignUpdate, ({ taskId, actor, to }) => changeTask({ type: 'reassign', taskId, actor, to }), {
    validator: ({ taskId, actor, to }) => validate({ type: 'reassign', taskId, actor, to }),
  });

  setHandler(
    decideUpdate,
    async ({ taskId, actor, decision }) => {
      await interpret(step({ type: 'decide', taskId, actor, decision }), true);
      return { taskId, caseStatus: state.status, approvedAwardFen: state.approved?.amountFen ?? null };
    },
    { validator: ({ taskId, actor, decision }) => validate({ type: 'decide', taskId, actor, decision }) },
  );

  setHandler(
    answerInformationUpdate,
    async ({ actor, answers, documentIds }) => {
      const requestedAt = Date.parse(state.rfi!.requestedAt);
      await interpret(step({ type: 'answerInformation', actor, answers, documentIds }), true);
      const resumed = state.tasks[state.tasks.length - 1]!;
      return { caseStatus: state.status, resumedTaskId: resumed.taskId, pausedMs: Date.parse(resumed.createdAt) - requestedAt };
    },
    { validator: ({ actor, answers, documentIds }) => validate({ type: 'answerInformation', actor, answers, documentIds }) },
  );

  setHandler(
    withdrawUpdate,
    async ({ actor, reason }) => {
      const cancelledTaskIds = liveTasks(state).map((t) => t.taskId);
      await interpret(step({ type: 'withdraw', actor, reason }), true);
      return { caseStatus: state.status, cancelledTaskIds };
    },
    { validator: ({ actor, reason }) => validate({ type: 'withdraw', actor, reason }) },
  );

  if (state.assessment === null) {
    const { assessment, clock, priorBenefits, terms, assessedAt } = await db.assessCase(input.caseId);
    // A local assessment ran within this workflow task, after the time the task reads: what it opens is
    // stamped at the assessment's time, so the timeline keeps its order.
    const now = lean && assessedAt ? Math.max(Date.now(), Date.parse(assessedAt)) : Date.now();
    await interpret(step({ type: 'assessed', assessment, clock, priorBenefits, terms }, now));
  }

  const handOver = async (): Promise<void> => {
    // A long case hands its whole state to a fresh run once no handler is midway.
    await condition(allHandlersFinished);
    await tail;
    await children.settled();
    if (!isClosed(state)) await continueAsNew<typeof caseWorkflow>({ ...input, state, ...(callerWrote.length > 0 ? { callerWrote } : {}) });
  };

  // The review clock: reminders, escalation and the applicant's answer deadline on durable timers.
  if (lean) {
    // One timer at a time. A deadline that moves later keeps the armed timer (it wakes the case early,
    // which arms the next); only an earlier one cancels it; the case's end leaves it to lapse unrecorded.
    const alarm: { armed: { at: number; scope: CancellationScope } | null; fired: number } = { armed: null, fired: 0 };
    const arm = (at: number): void => {
      const timer = { at, scope: new CancellationScope() };
      alarm.armed = timer;
      timer.scope
        .run(() => sleep(at - Date.now()))
        .then(
          () => {
            alarm.fired++;
            if (alarm.armed === timer) alarm.armed = null;
          },
          () => undefined,
        );
    };
    while (!isClosed(state)) {
      const due = nextDeadline(state);
      if (due !== null && due <= Date.now()) {
        await interpret(step({ type: 'timerFired' }));
        continue;
      }
      if (due !== null && (alarm.armed === null || due < alarm.armed.at)) {
        alarm.armed?.scope.cancel();
        arm(due);
      }
      const seen = alarm.fired;
      await condition(() => isClosed(state) || nextDeadline(state) !== due || alarm.fired !== seen || workflowInfo().continueAsNewSuggested);
      if (!isClosed(state) && workflowInfo().continueAsNewSuggested) await handOver();
    }
  } else {
    while (!isClosed(state)) {
      const due = nextDeadline(state);
      const wake = (): boolean => isClosed(state) || nextDeadline(state) !== due || workflowInfo().continueAsNewSuggested;
      const woken = due === null ? await condition(wake) : due <= Date.now() ? false : await condition(wake, due - Date.now());
      if (!woken) await interpret(step({ type: 'timerFired' }));
      else if (!isClosed(state) && workflowInfo().continueAsNewSuggested) await handOver();
    }
  }

  await condition(allHandlersFinished);
  await tail;
  await children.settled();
  log.info('case closed', { caseId: input.caseId, status: state.status });
  return viewOf(state);
}
