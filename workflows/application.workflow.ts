import { ApplicationFailure, allHandlersFinished, condition, log, proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import { applyCut, type Assessment, type AwardExplanation } from '../src/domain';
import type { ApplicationActivities, CaseStatus, RecordEventInput, ReviewClock, SyncCaseInput, TaskSnapshot } from './activities';
import {
  ESCALATED_PRIORITY,
  Refusal,
  answerInformationUpdate,
  caseQuery,
  claimUpdate,
  decideUpdate,
  reassignUpdate,
  unclaimUpdate,
  withdrawUpdate,
  type Actor,
  type ApplicationWorkflowInput,
  type CaseView,
  type InformationRequestView,
  type RefusalDetails,
  type RefusalType,
  type TaskStage,
  type TaskView,
} from './application.messages';
import { ACTIVITY_DEFAULTS } from './presets';

const acts = proxyActivities<ApplicationActivities>(ACTIVITY_DEFAULTS);

const FEN = /^(0|[1-9][0-9]{0,17})$/;
// Asia/Shanghai has no daylight saving, so a calendar day is always 24 hours.
const DAY_MS = 86_400_000;

interface TaskState extends TaskView {
  comment: string | null;
  amountFen: string | null;
  overrideReason: string | null;
  questions: string[] | null;
  completedById: string | null;
  completedAt: string | null;
}

interface InformationRequest extends InformationRequestView {
  stage: TaskStage;
  requestedMs: number;
  answerDueMs: number;
}

type EndStatus = 'approved' | 'rejected' | 'withdrawn' | 'lapsed';
interface Ending {
  status: EndStatus;
  reason: string | null;
  actorId: string | null;
}

function refuse(type: RefusalType, message: string, field: string | null = null): never {
  const details: RefusalDetails = { field };
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: [details] });
}

const isLive = (t: TaskState): boolean => t.status === 'open' || t.status === 'claimed' || t.status === 'deciding';
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * One workflow per application, from submission to its end. The routing of the sub-type decides
 * the stages: a lead bureau alone reviews once (that review is the decision); otherwise the lead's
 * intake review, then the co-reviewing bureaus and the applicant's district in parallel (会签), then
 * the lead's final decision. Officers act through validated updates; the review clock (due dates,
 * reminders, escalation, the applicant's answer deadline) runs on durable timers here.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<CaseView> {
  const { applicationId } = input;
  let status: CaseStatus = 'submitted';
  let assessment: Assessment | null = null;
  let reviewClock: ReviewClock | null = null;
  let approvedAwardFen: string | null = null;
  let approvedAward: AwardExplanation | null = null;
  const tasks = new Map<string, TaskState>();
  let rfi: InformationRequest | null = null;
  let ending: Ending | null = null;
  let finalized = false;

  const view = (): CaseView => ({
    status,
    assessment,
    tasks: [...tasks.values()].map(
      (t): TaskView => ({
        taskId: t.taskId,
        bureauCode: t.bureauCode,
        stage: t.stage,
        status: t.status,
        assigneeId: t.assigneeId,
        claimedAt: t.claimedAt,
        priority: t.priority,
        createdAt: t.createdAt,
        dueAt: t.dueAt,
        remindedAt: t.remindedAt,
        escalatedAt: t.escalatedAt,
        decision: t.decision,
      }),
    ),
    approvedAwardFen,
    informationRequest: rfi && { taskId: rfi.taskId, bureauCode: rfi.bureauCode, questions: rfi.questions, requestedAt: rfi.requestedAt, answerDueAt: rfi.answerDueAt },
  });

  // Projection writes leave in the order the workflow made the changes, whichever handler or timer made them.
  let tail: Promise<void> = Promise.resolve();
  const project = (change: Omit<SyncCaseInput, 'applicationId'>): Promise<void> => {
    const run = tail.then(() => acts.syncCase({ applicationId, ...change }));
    tail = run.catch(() => undefined);
    return run;
  };
  const event = (type: string, data: Record<string, unknown>, at: string, actorId: string | null = null, key = `${type}:${uuid4()}`): RecordEventInput => ({
    applicationId,
    eventKey: key,
    type,
    actorId,
    data,
    at,
  });
  const snapshot = (t: TaskState): TaskSnapshot => ({
    taskId: t.taskId,
    applicationId,
    bureauCode: t.bureauCode,
    stage: t.stage,
    status: t.status === 'deciding' ? 'claimed' : t.status,
    assigneeId: t.assigneeId,
    claimedAt: t.claimedAt,
    priority: t.priority,
    createdAt: t.createdAt,
    dueAt: t.dueAt,
    remindedAt: t.remindedAt,
    escalatedAt: t.escalatedAt,
    decision: t.decision,
    comment: t.comment,
    amountFen: t.amountFen,
    overrideReason: t.overrideReason,
    questions: t.questions,
    completedById: t.completedById,
    completedAt: t.completedAt,
  });
  const newTask = (bureauCode: string, stage: TaskStage, createdMs: number, dueMs: number): TaskState => {
    const t: TaskState = {
      taskId: uuid4(),
      bureauCode,
      stage,
      status: 'open',
      assigneeId: null,
      claimedAt: null,
      priority: 0,
      createdAt: iso(createdMs),
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
    tasks.set(t.taskId, t);
    return t;
  };
  const openedEvent = (t: TaskState, extra: Record<string, unknown> = {}): RecordEventInput =>
    event('task.opened', { taskId: t.taskId, bureauCode: t.bureauCode, stage: t.stage, dueAt: t.dueAt, ...extra }, t.createdAt, null, `task-opened:${t.taskId}`);
  const liveTasks = (): TaskState[] => [...tasks.values()].filter(isLive);
  /** Whether deciding this task decides the case (a single review, or the lead's final decision). */
  const decidesCase = (t: TaskState): boolean => t.stage === 'review' || t.stage === 'final';
  const coReviewRejections = (): TaskState[] => [...tasks.values()].filter((t) => t.stage === 'co-review' && t.status === 'completed' && t.decision === 'reject');

  // ---- validation shared by the officer updates (validators must not change state) ----
  const conflicted = (a: Actor): boolean => a.organisationId === input.organisationId || a.conflictOrganisationIds.includes(input.organisationId);
  const isStaffOf = (a: Actor, bureauCode: string): boolean => (a.role === 'officer' || a.role === 'supervisor') && a.bureauCode === bureauCode;
  const taskFor = (taskId: string, actor: Actor): TaskState => {
    const task = tasks.get(taskId);
    if (!task) refuse(Refusal.NotFound, `no task ${taskId} in this application`, 'taskId');
    if (!isStaffOf(actor, task.bureauCode)) refuse(Refusal.Forbidden, `task ${taskId} is not a task of your bureau`, 'taskId');
    if (task.status === 'completed' || task.status === 'cancelled') refuse(Refusal.AlreadyDecided, `task ${taskId} is already ${task.status}`, 'taskId');
    if (task.status === 'deciding') refuse(Refusal.AlreadyDecided, `task ${taskId} is being decided`, 'taskId');
    if (ending !== null) refuse(Refusal.CaseClosed, `the case is already ${ending.status}`);
    return task;
  };
  const refuseIfConflicted = (a: Actor): void => {
    if (conflicted(a)) {
      refuse(
        Refusal.ConflictOfInterest,
        a.organisationId === input.organisationId
          ? 'you may not act on an application from your own organisation'
          : 'you declared a conflict of interest with the applicant organisation',
      );
    }
  };
  const refuseUnlessApplicant = (a: Actor): void => {
    if (a.role !== 'applicant' || a.organisationId !== input.organisationId) refuse(Refusal.Forbidden, 'only the applicant organisation may do this');
  };

  setHandler(caseQuery, view);

  setHandler(
    claimUpdate,
    async ({ taskId, actor }) => {
      const task = tasks.get(taskId)!;
      if (task.status === 'claimed') return { taskId, status: task.status, assigneeId: task.assigneeId }; // already theirs
      const at = iso(Date.now());
      task.status = 'claimed';
      task.assigneeId = actor.userId;
      task.claimedAt = at;
      await project({ tasks: [snapshot(task)], events: [event('task.claimed', { taskId, bureauCode: task.bureauCode }, at, actor.userId)] });
      return { taskId, status: task.status, assigneeId: task.assigneeId };
    },
    {
      validator: ({ taskId, actor }) => {
        const task = taskFor(taskId, actor);
        if (task.status === 'claimed' && task.assigneeId !== actor.userId) refuse(Refusal.AlreadyClaimed, `task ${taskId} is already claimed by ${task.assigneeId}`, 'taskId');
        refuseIfConflicted(actor);
      },
    },
  );

  setHandler(
    unclaimUpdate,
    async ({ taskId, actor }) => {
      const task = tasks.get(taskId)!;
      const at = iso(Date.now());
      const previous = task.assigneeId;
      task.status = 'open';
      task.assigneeId = null;
      task.claimedAt = null;
      await project({ tasks: [snapshot(task)], events: [event('task.unclaimed', { taskId, bureauCode: task.bureauCode, previousAssigneeId: previous }, at, actor.userId)] });
      return { taskId, status: task.status, assigneeId: null };
    },
    {
      validator: ({ taskId, actor }) => {
        const task = taskFor(taskId, actor);
        if (task.status !== 'claimed') refuse(Refusal.NotClaimed, `task ${taskId} is not claimed`, 'taskId');
        if (task.assigneeId !== actor.userId && actor.role !== 'supervisor') {
          refuse(Refusal.Forbidden, `task ${taskId} is held by ${task.assigneeId}; only they or a supervisor of the bureau may release it`, 'taskId');
        }
      },
    },
  );

  setHandler(
    reassignUpdate,
    async ({ taskId, actor, to }) => {
      const task = tasks.get(taskId)!;
      const at = iso(Date.now());
      const previous = task.assigneeId;
      task.status = 'claimed';
      task.assigneeId = to.userId;
      task.claimedAt = at;
      await project({
        tasks: [snapshot(task)],
        events: [event('task.reassigned', { taskId, bureauCode: task.bureauCode, previousAssigneeId: previous, assigneeId: to.userId }, at, actor.userId)],
      });
      return { taskId, status: task.status, assigneeId: task.assigneeId };
    },
    {
      validator: ({ taskId, actor, to }) => {
        const task = taskFor(taskId, actor);
        const holds = task.status === 'claimed' && task.assigneeId === actor.userId;
        if (!holds && actor.role !== 'supervisor') {
          refuse(Refusal.Forbidden, `only the officer holding task ${taskId} or a supervisor of the bureau may reassign it`, 'taskId');
        }
        if (!isStaffOf(to, task.bureauCode)) refuse(Refusal.Invalid, `${to.userId} is not an officer of bureau ${task.bureauCode}`, 'assigneeId');
        if (to.userId === task.assigneeId) refuse(Refusal.Invalid, `${to.userId} already holds task ${taskId}`, 'assigneeId');
        if (conflicted(to)) refuse(Refusal.Invalid, `${to.userId} has a conflict of interest with the applicant organisation`, 'assigneeId');
      },
    },
  );

  setHandler(
    decideUpdate,
    async ({ taskId, actor, decision }) => {
      const task = tasks.get(taskId)!; // the validator guarantees it exists and this officer holds it
      const a = assessment!;
      const final = decidesCase(task);
      const atMs = Date.now();
      const at = iso(atMs);
      const events: RecordEventInput[] = [];
      let caseStatus: CaseStatus | undefined;
      switch (decision.kind) {
        case 'approve': {
          const amount = decision.amountFen === undefined ? defaultAmount(a) : BigInt(decision.amountFen);
          if (final && a.poolCode !== null && amount > 0n) {
            task.status = 'deciding';
            const reserved = await acts.reserveFunds({ applicationId, packId: input.packId, poolCode: a.poolCode, amountFen: amount.toString(), at });
            task.status = 'claimed';
            if (!reserved.ok) {
              throw ApplicationFailure.create({
                type: Refusal.PoolExhausted,
                nonRetryable: true,
                message: `budget pool ${a.poolCode} for ${reserved.year} has ${reserved.availableFen} fen left, less than ${amount.toString()}; approve a lower amount or reject`,
                details: [{ field: 'amountFen', poolCode: a.poolCode, year: reserved.year, availableFen: reserved.availableFen }],
              });
            }
          }
          task.amountFen = amount.toString();
          task.comment = decision.comment ?? null;
          task.overrideReason = decision.overrideReason ?? null;
          if (final) {
            approvedAwardFen = amount.toString();
            approvedAward = awardAsApproved(a, amount, decision.comment ?? '');
            ending = { status: 'approved', reason: decision.comment ?? decision.overrideReason ?? null, actorId: actor.userId };
          }
          break;
        }
        case 'reject':
          task.comment = decision.reason;
          // The lead bureau owns the decision: refusing at intake ends the case, a co-reviewer's refusal is an opinion.
          if (task.stage !== 'co-review') ending = { status: 'rejected', reason: decision.reason, actorId: actor.userId };
          break;
        case 'return': {
          const clock = reviewClock!;
          task.questions = decision.questions;
          task.comment = decision.comment ?? null;
          const answerDueMs = atMs + clock.rfiAnswerDays * DAY_MS;
          rfi = {
            taskId,
            bureauCode: task.bureauCode,
            stage: task.stage,
            questions: decision.questions,
            requestedAt: at,
            answerDueAt: iso(answerDueMs),
            requestedMs: atMs,
            answerDueMs,
          };
          status = 'awaiting_information';
          caseStatus = status;
          break;
        }
      }
      task.status = 'completed';
      task.decision = decision.kind;
      task.completedById = actor.userId;
      task.completedAt = at;
      events.push(
        event(
          'task.decided',
          {
            taskId,
            bureauCode: task.bureauCode,
            stage: task.stage,
            decision: decision.kind,
            amountFen: task.amountFen,
            comment: task.comment,
            overrideReason: task.overrideReason,
            questions: task.questions,
          },
          at,
          actor.userId,
          `task-decided:${taskId}`,
        ),
      );
      if (decision.kind === 'return' && rfi) {
        // The notice is what the applicant reads: what to answer, and by when.
        events.push(
          event(
            'notice.information_requested',
            { bureauCode: rfi.bureauCode, questions: rfi.questions, answerDueAt: rfi.answerDueAt, clock: 'paused' },
            at,
            actor.userId,
            `notice-information-requested:${taskId}`,
          ),
        );
      }
      await project({ tasks: [snapshot(task)], events, ...(caseStatus ? { status: caseStatus } : {}) });
      // A decision that ends the case answers once the case is recorded as decided.
      if (ending !== null) await condition(() => finalized);
      return { taskId, caseStatus: ending?.status ?? status, approvedAwardFen };
    },
    {
      validator: ({ taskId, actor, decision }) => {
        const task = taskFor(taskId, actor);
        if (task.status !== 'claimed') refuse(Refusal.NotClaimed, `claim task ${taskId} before deciding it`, 'taskId');
        if (task.assigneeId !== actor.userId) refuse(Refusal.NotClaimed, `task ${taskId} is claimed by ${task.assigneeId}, not you`, 'taskId');
        if (rfi !== null) refuse(Refusal.AwaitingInformation, `the case waits for the applicant's answer until ${rfi.answerDueAt}`);
        refuseIfConflicted(actor);
        switch (decision.kind) {
          case 'approve': {
            const computed = BigInt(assessment!.award.amountFen);
            if (decision.amountFen !== undefined) {
              if (!FEN.test(decision.amountFen)) refuse(Refusal.Invalid, 'amountFen must be a string of integer fen', 'amountFen');
              if (BigInt(decision.amountFen) > computed) {
                refuse(Refusal.Invalid, `amountFen ${decision.amountFen} is above the computed award ${computed.toString()}`, 'amountFen');
              }
              // A cut is part of the award's explanation: the applicant is told why they get less.
              if (decidesCase(task) && BigInt(decision.amountFen) < defaultAmount(assessment!) && !decision.comment?.trim()) {
                refuse(Refusal.Invalid, 'approving less than the computed award needs a comment saying why', 'comment');
              }
            }
            const rejections = coReviewRejections();
            if (decidesCase(task) && rejections.length > 0 && !decision.overrideReason?.trim()) {
              refuse(
                Refusal.Invalid,
                `approving over the rejection by ${rejections.map((t) => t.bureauCode).join(', ')} needs an overrideReason`,
                'overrideReason',
              );
            }
            break;
          }
          case 'reject':
            if (decision.reason.trim() === '') refuse(Refusal.Invalid, 'a rejection needs a reason', 'reason');
            break;
          case 'return':
            if (decision.questions.length === 0 || decision.questions.some((q: string) => q.trim() === '')) {
              refuse(Refusal.Invalid, 'a return for information needs at least one question', 'questions');
            }
            break;
        }
      },
    },
  );

  setHandler(
    answerInformationUpdate,
    async ({ actor, answers, documentIds }) => {
      const r = rfi!;
      const atMs = Date.now();
      const at = iso(atMs);
      const pausedMs = atMs - r.requestedMs;
      // The statutory clock stood still while the applicant had the case: every open deadline moves by the pause.
      const shifted = liveTasks();
      for (const t of shifted) t.dueAt = iso(Date.parse(t.dueAt) + pausedMs);
      const returned = tasks.get(r.taskId)!;
      // The same bureau resumes with the time it had left, held by the officer who asked.
      const resumed = newTask(r.bureauCode, r.stage, atMs, Date.parse(returned.dueAt) + pausedMs);
      resumed.priority = returned.priority;
      resumed.remindedAt = returned.remindedAt;
      resumed.escalatedAt = returned.escalatedAt;
      resumed.status = 'claimed';
      resumed.assigneeId = returned.completedById;
      resumed.claimedAt = at;
      rfi = null;
      status = 'in_review';
      await project({
        tasks: [...shifted, resumed].map(snapshot),
        events: [
          event('case.information_received', { answers, documentIds, requestTaskId: r.taskId, pausedMs }, at, actor.userId, `information-received:${r.taskId}`),
          event('clock.resumed', { pausedMs, dueDates: [...shifted, resumed].map((t) => ({ taskId: t.taskId, dueAt: t.dueAt })) }, at, null, `clock-resumed:${r.taskId}`),
          openedEvent(resumed, { resumedFrom: r.taskId }),
        ],
        status,
      });
      return { caseStatus: status, resumedTaskId: resumed.taskId, pausedMs };
    },
    {
      validator: ({ actor, answers }) => {
        refuseUnlessApplicant(actor);
        if (ending !== null) refuse(Refusal.CaseClosed, `the case is already ${ending.status}`);
        if (rfi === null) refuse(Refusal.NotAwaitingInformation, 'no information was requested for this case');
        if (answers.trim() === '') refuse(Refusal.Invalid, 'answers are required', 'answers');
      },
    },
  );

  setHandler(
    withdrawUpdate,
    async ({ actor, reason }) => {
      const cancelledTaskIds = liveTasks().map((t) => t.taskId);
      ending = { status: 'withdrawn', reason, actorId: actor.userId };
      await condition(() => finalized);
      return { caseStatus: status, cancelledTaskIds };
    },
    {
      validator: ({ actor }) => {
        refuseUnlessApplicant(actor);
        if (ending !== null || status === 'refused') refuse(Refusal.CaseClosed, `the case is already ${ending?.status ?? status}`);
        if ([...tasks.values()].some((t) => t.status === 'deciding')) refuse(Refusal.CaseClosed, 'a decision on the case is being recorded; try again in a moment');
      },
    },
  );

  // ---- the review clock: reminders, escalation, the applicant's answer deadline ----
  const remindMs = (t: TaskState): number => Date.parse(t.dueAt) - reviewClock!.reminderDaysBeforeDue * DAY_MS;
  /** The next instant a timer is due, or null. Task clocks stand still while the applicant has the case. */
  const nextDeadline = (): number | null => {
    if (rfi !== null) return rfi.answerDueMs;
    let next: number | null = null;
    for (const t of liveTasks()) {
      if (t.remindedAt === null) next = Math.min(next ?? Infinity, remindMs(t));
      if (t.escalatedAt === null) next = Math.min(next ?? Infinity, Date.parse(t.dueAt));
    }
    return next;
  };
  const fireTimers = async (nowMs: number): Promise<void> => {
    if (rfi !== null) {
      if (nowMs >= rfi.answerDueMs) ending = { status: 'lapsed', reason: `no answer to the request for information by ${rfi.answerDueAt}`, actorId: null };
      return;
    }
    const at = iso(nowMs);
    // Marked in one step, before any await, so a handler running meanwhile sees a consistent clock.
    const reminded = liveTasks().filter((t) => t.remindedAt === null && nowMs >= remindMs(t));
    const escalated = liveTasks().filter((t) => t.escalatedAt === null && nowMs >= Date.parse(t.dueAt));
    for (const t of reminded) t.remindedAt = at;
    for (const t of escalated) {
      t.escalatedAt = at;
      t.priority = Math.max(t.priority, ESCALATED_PRIORITY);
    }
    const changed = [...new Set([...reminded, ...escalated])];
    if (changed.length === 0) return;
    const events = reminded.map((t) =>
      event('task.reminder', { taskId: t.taskId, bureauCode: t.bureauCode, assigneeId: t.assigneeId, dueAt: t.dueAt }, at, null, `task-reminder:${t.taskId}:${t.dueAt}`),
    );
    for (const t of escalated) {
      const supervisorIds = await acts.bureauSupervisors(t.bureauCode);
      events.push(
        event('task.escalated', { taskId: t.taskId, bureauCode: t.bureauCode, assigneeId: t.assigneeId, dueAt: t.dueAt, priority: t.priority, supervisorIds }, at, null, `task-escalated:${t.taskId}`),
      );
    }
    // Snapshots taken now, not before the await: the projection must never go back to older state.
    await project({ tasks: changed.map(snapshot), events });
  };
  const runClock = async (): Promise<void> => {
    while (ending === null) {
      const due = nextDeadline();
      const now = Date.now();
      if (due !== null && due <= now) {
        await fireTimers(now);
        continue;
      }
      // Wakes for the next deadline, or early when any deadline changes (a task opened or closed, a pause).
      const wake = (): boolean => ending !== null || nextDeadline() !== due;
      if (due === null) await condition(wake);
      else await condition(wake, due - now);
    }
  };

  // ---- the case's end: cancel what is open, record the outcome, in one write ----
  const finish = async (e: Ending): Promise<void> => {
    const at = iso(Date.now());
    const cancelled = liveTasks();
    for (const t of cancelled) {
      t.status = 'cancelled';
      t.completedAt = at;
    }
    const events = cancelled.map((t) => event('task.cancelled', { taskId: t.taskId, bureauCode: t.bureauCode, because: e.status }, at, null, `task-cancelled:${t.taskId}`));
    switch (e.status) {
      case 'approved':
      case 'rejected':
        events.push(event(`case.${e.status}`, { approvedAwardFen, reason: e.reason, ...(e.status === 'approved' ? { award: approvedAward } : {}) }, at, null, 'decided'));
        break;
      case 'withdrawn':
        events.push(event('case.withdrawn', { reason: e.reason }, at, e.actorId, 'withdrawn'));
        break;
      case 'lapsed':
        events.push(
          event(
            'notice.lapsed',
            {
              zh: `未在 ${rfi?.answerDueAt ?? ''} 前补充材料,申请已失效`,
              en: `No answer to the request for information arrived by ${rfi?.answerDueAt ?? ''}, so the application has lapsed`,
              questions: rfi?.questions ?? [],
              answerDueAt: rfi?.answerDueAt ?? null,
            },
            at,
            null,
            'notice-lapsed',
          ),
          event('case.lapsed', { reason: e.reason }, at, null, 'lapsed'),
        );
        break;
    }
    status = e.status;
    rfi = null;
    await project({
      tasks: cancelled.map(snapshot),
      events,
      final: { applicationId, status, approvedAwardFen: e.status === 'approved' ? approvedAwardFen : null, reason: e.reason, decidedAt: at },
    });
    finalized = true;
  };

  assessment = await acts.assessApplication(applicationId);
  if (ending === null && !assessment.eligible) {
    status = 'refused';
    const reason = assessment.ineligibility.map((r) => r.en).join('; ');
    const at = iso(Date.now());
    await project({
      tasks: [],
      events: [event('case.refused', { reasons: assessment.ineligibility }, at, null, 'refused')],
      final: { applicationId, status, approvedAwardFen: null, reason, decidedAt: at },
    });
    finalized = true;
    await condition(allHandlersFinished);
    return view();
  }

  reviewClock = await acts.reviewClock(input.packId, input.packVersion);
  let clockRun: Promise<void> = Promise.resolve();
  if (ending === null) {
    status = 'in_review';
    await project({ tasks: [], events: [], status });
    clockRun = runClock();
    const { lead, coReviewers, district } = assessment.routing;
    // The lead appears here only where the pack lists it among the co-reviewers (its substantive opinion joins the parallel round).
    const others = [...new Set([...coReviewers, ...(district === null ? [] : [district])])];
    const plan: { stage: TaskStage; bureaus: string[] }[] =
      others.length === 0
        ? [{ stage: 'review', bureaus: [lead] }]
        : [
            { stage: 'intake', bureaus: [lead] },
            { stage: 'co-review', bureaus: others },
            { stage: 'final', bureaus: [lead] },
          ];
    const stageDone = (stage: TaskStage, bureaus: string[]): boolean =>
      bureaus.every((b) => [...tasks.values()].some((t) => t.stage === stage && t.bureauCode === b && t.status === 'completed' && (t.decision === 'approve' || t.decision === 'reject')));
    for (const step of plan) {
      if (ending !== null) break;
      // All tasks of a stage open in one workflow step: the parallel reviews start at the same instant.
      const createdMs = Date.now();
      const opened = step.bureaus.map((b) => newTask(b, step.stage, createdMs, createdMs + reviewClock.taskDueDays * DAY_MS));
      await project({ tasks: opened.map(snapshot), events: opened.map((t) => openedEvent(t)) });
      await condition(() => ending !== null || stageDone(step.stage, step.bureaus));
    }
  }

  await condition(() => ending !== null);
  await finish(ending!);
  await clockRun;
  await condition(allHandlersFinished);
  log.info('application closed', { applicationId, status });
  return view();
}

/** What an officer approves by default: the grade's default where the pack sets one, else the computed award. */
function defaultAmount(a: Assessment): bigint {
  return BigInt(a.award.suggestedFen ?? a.award.amountFen);
}

/** The explanation the applicant reads for the approved amount, with the cut and its reason when it is lower. */
function awardAsApproved(a: Assessment, amount: bigint, comment: string): AwardExplanation {
  if (amount >= BigInt(a.award.amountFen)) return a.award;
  const atDefault = a.award.suggestedFen !== null && amount === BigInt(a.award.suggestedFen);
  const reason = atDefault
    ? { code: 'award.gradeDefault', zh: '按评估等级的默认金额核定', en: 'set at the default amount for the grade' }
    : { code: 'award.reducedByOfficer', zh: comment, en: comment };
  return applyCut(a.award, amount, reason);
}
