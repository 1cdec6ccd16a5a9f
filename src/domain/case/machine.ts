// The life of a case as a pure state machine: one serialisable state, commands, a `check` per command
// (the rules an update validator enforces, returning a typed refusal) and an `apply` that returns the
// new state and the effects to run (projection writes, a funds reservation). The workflow only wires
// messages and timers to it. No Temporal, Nest, Prisma or schema library here.
import { conflictWith, isApplicantOf, isStaffOf, mayRelease, type Actor } from '../access';
import type { Assessment } from '../assess';
import { applyCut, type AwardExplanation, type Reason } from '../award';
import { FEN_PATTERN, formatYuan, formatYuanEn } from '../fen';
import type { LocalizedText } from '../pack/schema';
import { textProblem } from '../text';
import { addCalendarDays } from '../time';
import { CASE_EVENT_VERSION, type CaseEnd, type CaseEvent, type CaseEventData, type CaseEventType, type ReviewDecision } from './events';
import type { ReviewStage } from './plan';
import { storedTask, type CaseChange, type CaseOutcome, type CaseStatus, type TaskRecord } from './records';
import { Refusal, refusal, type CaseRefusal } from './refusals';

/** The review clock of a rule version (calendar days in the pack's time zone) and whom overdue tasks escalate to. */
export interface ReviewClock {
  taskDueDays: number;
  reminderDaysBeforeDue: number;
  rfiAnswerDays: number;
  timeZone: string;
  /** Supervisors per bureau of the plan, as known when the case was assessed. */
  supervisors: Record<string, string[]>;
}

/** What never changes in a case: set at submission. */
export interface CaseFacts {
  caseId: string;
  packId: string;
  packVersion: number;
  organisationId: string;
  receivedAt: string;
}

export interface InformationRequest {
  taskId: string;
  bureauCode: string;
  stage: string;
  questions: string[];
  requestedAt: string;
  answerDueAt: string;
}

export type Decision =
  /** `rentFreeMonths`: a final approval of a sub-type with a rent-free period grants that many months (default: as asked). */
  | { kind: 'approve'; amountFen?: string; comment?: string; overrideReason?: string; rentFreeMonths?: number }
  | { kind: 'reject'; reason: string }
  | { kind: 'return'; questions: string[]; comment?: string };

/** An approval accepted but waiting for its funds: the task is `deciding` meanwhile. */
interface PendingApproval {
  taskId: string;
  actorId: string;
  amountFen: string;
  comment: string | null;
  overrideReason: string | null;
  rentFree?: RentFreeGrant;
}

/** The rent-free period a final approval granted (measure 14), beside what the applicant asked for. */
export interface RentFreeGrant {
  months: number;
  requestedMonths: number;
}

export interface CaseState {
  facts: CaseFacts;
  status: CaseStatus;
  assessment: Assessment | null;
  clock: ReviewClock | null;
  /** Index of the stage under review in `assessment.reviewPlan`; -1 before review starts. */
  stage: number;
  tasks: TaskRecord[];
  rfi: InformationRequest | null;
  pending: PendingApproval | null;
  approved: { amountFen: string; award: AwardExplanation; rentFree?: RentFreeGrant } | null;
  outcome: CaseOutcome | null;
  /** Other pending or awarded cases of the applicant for the same project and kind (absent in states from before the ledger). */
  priorBenefits?: PriorBenefit[];
}

/** Another case of the same applicant, project and same-kind group: a possible double benefit. */
export interface PriorBenefit {
  caseId: string;
  reference: string;
  status: CaseStatus;
  /** The award it holds (approved) or was computed (pending). */
  amountFen: string;
}

/** What the ledger granted an approval: the amount after the cumulative limits, with each cut's reason. */
export interface Grant {
  amountFen: string;
  cuts: { toFen: string; reason: Reason }[];
}

export type CaseCommand =
  | { type: 'assessed'; assessment: Assessment; clock: ReviewClock; priorBenefits?: PriorBenefit[] }
  | { type: 'claim'; taskId: string; actor: Actor }
  | { type: 'unclaim'; taskId: string; actor: Actor }
  | { type: 'reassign'; taskId: string; actor: Actor; to: Actor }
  /**
   * `ledger`: every final approval goes through the ledger (limits, pool, payment orders), pool or not.
   * `rentFree`: a final approval records the rent-free period it grants (cases decided before it record none).
   */
  | { type: 'decide'; taskId: string; actor: Actor; decision: Decision; ledger?: boolean; rentFree?: boolean }
  | { type: 'fundsReserved'; taskId: string; grant?: Grant }
  | { type: 'fundsRefused'; taskId: string }
  | { type: 'answerInformation'; actor: Actor; answers: string; documentIds: string[] }
  | { type: 'withdraw'; actor: Actor; reason: string | null }
  | { type: 'timerFired' };

export type CaseEffect =
  | { kind: 'project'; change: CaseChange }
  | { kind: 'reserveFunds'; taskId: string; poolCode: string; amountFen: string }
  /** Reserve through the ledger: limits cut the amount, the pool (if any) must cover what is left. */
  | { kind: 'reserveAward'; taskId: string; actorId: string; poolCode: string | null; amountFen: string; comment: string | null };

/** The outside world a transition may read: the instant it happens and fresh ids. */
export interface TransitionContext {
  now: number;
  newId: () => string;
}

export interface Transition {
  state: CaseState;
  effects: CaseEffect[];
}

/** Priority of a task that passed its due date (0 is normal). */
export const ESCALATED_PRIORITY = 1;

export function initialCase(facts: CaseFacts): CaseState {
  return { facts, status: 'submitted', assessment: null, clock: null, stage: -1, tasks: [], rfi: null, pending: null, approved: null, outcome: null };
}

export const isClosed = (s: CaseState): boolean => s.outcome !== null;
export const isLive = (t: TaskRecord): boolean => t.status === 'open' || t.status === 'claimed' || t.status === 'deciding';
export const liveTasks = (s: CaseState): TaskRecord[] => s.tasks.filter(isLive);
export const findTask = (s: CaseState, taskId: string): TaskRecord | undefined => s.tasks.find((t) => t.taskId === taskId);
export const planOf = (s: CaseState): ReviewStage[] => s.assessment?.reviewPlan ?? [];
const stageOf = (s: CaseState, t: TaskRecord): ReviewStage | undefined => planOf(s).find((st) => st.code === t.stage);
/** Whether approving this task approves the case. */
export const decidesCase = (s: CaseState, t: TaskRecord): boolean => stageOf(s, t)?.decides ?? false;

/** What an officer approves by default: the grade's default where the pack sets one, else the computed award. */
export function defaultAmount(a: Assessment): bigint {
  return BigInt(a.award.suggestedFen ?? a.award.amountFen);
}

/** Rejections that did not end the case (co-reviewers' opinions): approving over them needs a reason. */
export function overridableRejections(s: CaseState): TaskRecord[] {
  return s.tasks.filter((t) => t.status === 'completed' && t.decision === 'reject' && !(stageOf(s, t)?.rejectionEnds ?? true));
}

// ---- checks: what an update validator refuses, before anything reaches history ----

function taskFor(s: CaseState, taskId: string, actor: Actor): TaskRecord | CaseRefusal {
  const task = findTask(s, taskId);
  if (!task) return refusal(Refusal.NotFound, 'taskId', `no task ${taskId} in this application`, `本申请中没有任务 ${taskId}`);
  if (!isStaffOf(actor, task.bureauCode))
    return refusal(Refusal.Forbidden, 'taskId', `task ${taskId} is not a task of your bureau`, `任务 ${taskId} 不属于您所在的部门`);
  if (task.status === 'completed' || task.status === 'cancelled') {
    return refusal(
      Refusal.AlreadyDecided,
      'taskId',
      `task ${taskId} is already ${task.status}`,
      `任务 ${taskId} 已${task.status === 'completed' ? '办结' : '取消'}`,
    );
  }
  if (task.status === 'deciding') return refusal(Refusal.AlreadyDecided, 'taskId', `task ${taskId} is being decided`, `任务 ${taskId} 的决定正在记录中`);
  if (s.outcome !== null) return closedRefusal(s);
  return task;
}

const isRefusal = (x: TaskRecord | CaseRefusal): x is CaseRefusal => 'type' in x;

function closedRefusal(s: CaseState): CaseRefusal {
  return refusal(Refusal.CaseClosed, null, `the case is already ${s.status}`, `本案已结束(${STATUS_ZH[s.status]})`);
}

function conflictRefusal(actor: Actor, s: CaseState): CaseRefusal | null {
  switch (conflictWith(actor, s.facts.organisationId)) {
    case null:
      return null;
    case 'ownOrganisation':
      return refusal(Refusal.ConflictOfInterest, null, 'you may not act on an application from your own organisation', '您不能办理本单位提交的申请');
    case 'declared':
      return refusal(Refusal.ConflictOfInterest, null, 'you declared a conflict of interest with the applicant organisation', '您已申报与申请单位存在利益冲突');
  }
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

function checkDecision(s: CaseState, task: TaskRecord, decision: Decision): CaseRefusal | null {
  const a = s.assessment;
  if (a === null) return refusal(Refusal.Invalid, null, 'the case has not been assessed yet', '本案尚未完成评估');
  switch (decision.kind) {
    case 'approve': {
      const computed = BigInt(a.award.amountFen);
      const decides = decidesCase(s, task);
      if (decision.amountFen !== undefined) {
        if (!FEN_PATTERN.test(decision.amountFen))
          return refusal(Refusal.Invalid, 'amountFen', 'amountFen must be a string of integer fen', 'amountFen 须为以分为单位的整数字符串');
        const amount = BigInt(decision.amountFen);
        if (amount > computed) {
          return refusal(
            Refusal.Invalid,
            'amountFen',
            `the amount ${formatYuanEn(amount)} is above the computed award ${formatYuanEn(computed)}`,
            `核定金额 ${formatYuan(amount)} 高于测算金额 ${formatYuan(computed)}`,
          );
        }
        // A cut is part of the award's explanation: the applicant is told why they get less.
        if (decides && amount < defaultAmount(a) && blank(decision.comment)) {
          return refusal(Refusal.Invalid, 'comment', 'approving less than the computed award needs a comment saying why', '核定金额低于测算金额时须说明理由');
        }
      }
      const others = s.priorBenefits ?? [];
      if (decides && others.length > 0 && blank(decision.overrideReason)) {
        const list = others.map((o) => `${o.reference} (${formatYuanEn(BigInt(o.amountFen))})`).join(', ');
        const listZh = others.map((o) => `${o.reference}(${formatYuan(BigInt(o.amountFen))})`).join('、');
        return refusal(
          Refusal.Invalid,
          'overrideReason',
          `the applicant already has a same-kind benefit for this project (${list}); approving needs an overrideReason`,
          `申请单位已就同一项目享受或申请同类资助(${listZh}),不得重复享受;批准须填写 overrideReason(理由)`,
          { priorBenefits: others },
        );
      }
      if (decision.rentFreeMonths !== undefined) {
        const bad = rentFreeRefusal(a, decides, decision.rentFreeMonths);
        if (bad) return bad;
      }
      const rejections = overridableRejections(s);
      if (decides && rejections.length > 0 && blank(decision.overrideReason)) {
        const by = rejections.map((t) => t.bureauCode);
        return refusal(
          Refusal.Invalid,
          'overrideReason',
          `approving over the rejection by ${by.join(', ')} needs an overrideReason`,
          `${by.join('、')} 已提出不同意意见,批准须填写 overrideReason(理由)`,
        );
      }
      return null;
    }
    case 'reject':
      return blank(decision.reason) ? refusal(Refusal.Invalid, 'reason', 'a rejection needs a reason', '不予通过须说明理由') : null;
    case 'return':
      return decision.questions.length === 0 || decision.questions.some((q) => q.trim() === '')
        ? refusal(Refusal.Invalid, 'questions', 'a return for information needs at least one question', '退回补正须至少列出一个问题')
        : null;
  }
}

/** Why the officer's rent-free months cannot be granted: only a final approval, of a sub-type with a period, within the pack's bounds. */
function rentFreeRefusal(a: Assessment, decides: boolean, months: number): CaseRefusal | null {
  const terms = a.rentFree;
  if (terms === undefined)
    return refusal(Refusal.Invalid, 'rentFreeMonths', 'this sub-type grants no rent-free period', '本项目不涉及免租期,不得核定 rentFreeMonths');
  if (!decides)
    return refusal(
      Refusal.Invalid,
      'rentFreeMonths',
      'only the final approval sets the rent-free period',
      '免租期由终审批准时核定,本环节不得填写 rentFreeMonths',
    );
  if (!Number.isSafeInteger(months) || months < terms.minMonths || months > terms.maxMonths) {
    return refusal(
      Refusal.Invalid,
      'rentFreeMonths',
      `the rent-free period must be a whole number of months from ${terms.minMonths} to ${terms.maxMonths} (the policy's bounds); ${months} is not`,
      `免租期须为 ${terms.minMonths} 至 ${terms.maxMonths} 个月之间的整月数(政策规定),${months} 不符合`,
      { minMonths: terms.minMonths, maxMonths: terms.maxMonths, requestedMonths: terms.requestedMonths },
    );
  }
  return null;
}

/** The text fields a person sends with a command, by the name the API gives them. */
function textsOf(cmd: CaseCommand): [field: string, value: string | undefined | null, multiline: boolean][] {
  switch (cmd.type) {
    case 'decide': {
      const d = cmd.decision;
      if (d.kind === 'approve')
        return [
          ['comment', d.comment, true],
          ['overrideReason', d.overrideReason, true],
        ];
      if (d.kind === 'reject') return [['reason', d.reason, true]];
      return [['comment', d.comment, true], ...d.questions.map((q, i): [string, string, boolean] => [`questions.${i}`, q, true])];
    }
    case 'answerInformation':
      return [['answers', cmd.answers, true], ...cmd.documentIds.map((d, i): [string, string, boolean] => [`documentIds.${i}`, d, false])];
    case 'withdraw':
      return [['reason', cmd.reason, true]];
    case 'assessed':
    case 'claim':
    case 'unclaim':
    case 'reassign':
    case 'fundsReserved':
    case 'fundsRefused':
    case 'timerFired':
      return [];
  }
}

/**
 * Text that could not be stored (src/domain/text.ts) is refused before it reaches history: accepted,
 * it would be applied and then fail every projection write for good.
 */
function textRefusal(cmd: CaseCommand): CaseRefusal | null {
  for (const [field, value, multiline] of textsOf(cmd)) {
    const p = typeof value === 'string' ? textProblem(value, multiline) : null;
    if (p) return refusal(Refusal.Invalid, field, `${field} ${p.en}`, `${field} ${p.zh}`);
  }
  return null;
}

/** Null when the command may be applied; otherwise why not. Never changes the state. */
export function check(s: CaseState, cmd: CaseCommand): CaseRefusal | null {
  const bad = textRefusal(cmd);
  if (bad) return bad;
  switch (cmd.type) {
    case 'claim': {
      const task = taskFor(s, cmd.taskId, cmd.actor);
      if (isRefusal(task)) return task;
      if (task.status === 'claimed' && task.assigneeId !== cmd.actor.userId) {
        return refusal(
          Refusal.AlreadyClaimed,
          'taskId',
          `task ${task.taskId} is already claimed by ${task.assigneeId ?? ''}`,
          `任务 ${task.taskId} 已由 ${task.assigneeId ?? ''} 认领`,
        );
      }
      return conflictRefusal(cmd.actor, s);
    }
    case 'unclaim': {
      const task = taskFor(s, cmd.taskId, cmd.actor);
      if (isRefusal(task)) return task;
      if (task.status !== 'claimed') return refusal(Refusal.NotClaimed, 'taskId', `task ${task.taskId} is not claimed`, `任务 ${task.taskId} 未被认领`);
      if (!mayRelease(cmd.actor, task.assigneeId)) {
        return refusal(
          Refusal.Forbidden,
          'taskId',
          `task ${task.taskId} is held by ${task.assigneeId ?? ''}; only they or a supervisor of the bureau may release it`,
          `任务 ${task.taskId} 由 ${task.assigneeId ?? ''} 办理,只有本人或部门负责人可以释放`,
        );
      }
      return null;
    }
    case 'reassign': {
      const task = taskFor(s, cmd.taskId, cmd.actor);
      if (isRefusal(task)) return task;
      const holds = task.status === 'claimed' && task.assigneeId === cmd.actor.userId;
      if (!holds && cmd.actor.role !== 'supervisor') {
        return refusal(
          Refusal.Forbidden,
          'taskId',
          `only the officer holding task ${task.taskId} or a supervisor of the bureau may reassign it`,
          `只有办理任务 ${task.taskId} 的人员或部门负责人可以转办`,
        );
      }
      const to = cmd.to;
      if (!isStaffOf(to, task.bureauCode)) {
        return refusal(
          Refusal.Invalid,
          'assigneeId',
          `${to.userId} is not an officer of bureau ${task.bureauCode}`,
          `${to.userId} 不是 ${task.bureauCode} 的工作人员`,
        );
      }
      if (to.userId === task.assigneeId)
        return refusal(Refusal.Invalid, 'assigneeId', `${to.userId} already holds task ${task.taskId}`, `${to.userId} 已在办理任务 ${task.taskId}`);
      if (conflictWith(to, s.facts.organisationId) !== null) {
        return refusal(
          Refusal.Invalid,
          'assigneeId',
          `${to.userId} has a conflict of interest with the applicant organisation`,
          `${to.userId} 与申请单位存在利益冲突`,
        );
      }
      return null;
    }
    case 'decide': {
      const task = taskFor(s, cmd.taskId, cmd.actor);
      if (isRefusal(task)) return task;
      if (task.status !== 'claimed')
        return refusal(Refusal.NotClaimed, 'taskId', `claim task ${task.taskId} before deciding it`, `请先认领任务 ${task.taskId} 再作决定`);
      if (task.assigneeId !== cmd.actor.userId) {
        return refusal(
          Refusal.NotClaimed,
          'taskId',
          `task ${task.taskId} is claimed by ${task.assigneeId ?? ''}, not you`,
          `任务 ${task.taskId} 由 ${task.assigneeId ?? ''} 认领,不是您`,
        );
      }
      if (s.rfi !== null) {
        return refusal(
          Refusal.AwaitingInformation,
          null,
          `the case waits for the applicant's answer until ${s.rfi.answerDueAt}`,
          `本案正在等待申请人补正材料,截止 ${s.rfi.answerDueAt}`,
        );
      }
      return conflictRefusal(cmd.actor, s) ?? checkDecision(s, task, cmd.decision);
    }
    case 'answerInformation':
      if (!isApplicantOf(cmd.actor, s.facts.organisationId))
        return refusal(Refusal.Forbidden, null, 'only the applicant organisation may do this', '只有申请单位可以办理此事项');
      if (s.outcome !== null) return closedRefusal(s);
      if (s.rfi === null) return refusal(Refusal.NotAwaitingInformation, null, 'no information was requested for this case', '本案没有待补正的材料');
      if (cmd.answers.trim() === '') return refusal(Refusal.Invalid, 'answers', 'answers are required', '请填写补正答复');
      return null;
    case 'withdraw':
      if (!isApplicantOf(cmd.actor, s.facts.organisationId))
        return refusal(Refusal.Forbidden, null, 'only the applicant organisation may do this', '只有申请单位可以办理此事项');
      if (s.outcome !== null) return closedRefusal(s);
      if (s.pending !== null)
        return refusal(Refusal.CaseClosed, null, 'a decision on the case is being recorded; try again in a moment', '本案的决定正在记录中,请稍后再试');
      return null;
    case 'assessed':
    case 'fundsReserved':
    case 'fundsRefused':
    case 'timerFired':
      return null;
  }
}

// ---- apply: the new state and what to do about it ----

const iso = (ms: number): string => new Date(ms).toISOString();

/** Builds one transition on a private copy of the state. */
class Draft {
  readonly s: CaseState;
  private readonly events: CaseEvent[] = [];
  private readonly touched = new Set<string>();
  private statusChanged = false;
  readonly effects: CaseEffect[] = [];
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

  /** Effects in order: the projection of everything this transition changed goes last. */
  finish(): Transition {
    if (this.events.length > 0 || this.touched.size > 0 || this.statusChanged) {
      const change: CaseChange = {
        caseId: this.s.facts.caseId,
        tasks: this.s.tasks.filter((t) => this.touched.has(t.taskId)).map(storedTask),
        events: this.events,
        ...(this.statusChanged ? { status: this.s.status } : {}),
        ...(this.s.outcome !== null && this.statusChanged ? { outcome: this.s.outcome } : {}),
        state: this.s,
      };
      this.effects.push({ kind: 'project', change });
    }
    return { state: this.s, effects: this.effects };
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
            zh: `未在 ${rfi.answerDueAt} 前补充材料,申请已失效`,
            en: `No answer to the request for information arrived by ${rfi.answerDueAt}, so the application has lapsed`,
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

/** The explanation the applicant reads for the approved amount, with the cut and its reason when it is lower. */
export function awardAsApproved(a: Assessment, amount: bigint, comment: string): AwardExplanation {
  if (amount >= BigInt(a.award.amountFen)) return a.award;
  const atDefault = a.award.suggestedFen !== null && amount === BigInt(a.award.suggestedFen);
  const reason = atDefault
    ? { code: 'award.gradeDefault', zh: '按评估等级的默认金额核定', en: 'set at the default amount for the grade' }
    : { code: 'award.reducedByOfficer', zh: comment, en: comment };
  return applyCut(a.award, amount, reason);
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

const remindAt = (s: CaseState, t: TaskRecord): number => addCalendarDays(Date.parse(t.dueAt), -s.clock!.reminderDaysBeforeDue, s.clock!.timeZone);

/** The next instant a timer is due, or null. Task clocks stand still while the applicant has the case. */
export function nextDeadline(s: CaseState): number | null {
  if (s.outcome !== null || s.clock === null) return null;
  if (s.rfi !== null) return Date.parse(s.rfi.answerDueAt);
  let next: number | null = null;
  for (const t of liveTasks(s)) {
    if (t.remindedAt === null) next = Math.min(next ?? Infinity, remindAt(s, t));
    if (t.escalatedAt === null) next = Math.min(next ?? Infinity, Date.parse(t.dueAt));
  }
  return next;
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
          const terms = s.assessment!.rentFree;
          const rentFree: RentFreeGrant | null =
            cmd.rentFree === true && terms !== undefined && decidesCase(s, t)
              ? { months: dec.rentFreeMonths ?? terms.requestedMonths, requestedMonths: terms.requestedMonths }
              : null;
          const pending: PendingApproval = {
            taskId: t.taskId,
            actorId,
            amountFen: amount.toString(),
            comment: dec.comment ?? null,
            overrideReason: dec.overrideReason ?? null,
            ...(rentFree ? { rentFree } : {}),
          };
          const poolCode = s.assessment!.poolCode;
          if (cmd.ledger === true && decidesCase(s, t) && amount > 0n) {
            t.status = 'deciding';
            s.pending = pending;
            d.effects.push({ kind: 'reserveAward', taskId: t.taskId, actorId, poolCode, amountFen: pending.amountFen, comment: pending.comment });
            break;
          }
          if (decidesCase(s, t) && poolCode !== null && amount > 0n) {
            // The decision waits for its funds; nothing is recorded until the pool says yes.
            t.status = 'deciding';
            s.pending = pending;
            d.effects.push({ kind: 'reserveFunds', taskId: t.taskId, poolCode, amountFen: pending.amountFen });
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
        amountFen: cmd.grant?.amountFen ?? p.amountFen,
        comment: p.comment,
        overrideReason: p.overrideReason,
        questions: null,
        officerAmountFen: p.amountFen,
        cuts: cmd.grant?.cuts ?? [],
        ...(p.rentFree ? { rentFree: p.rentFree } : {}),
      });
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

/**
 * The refusal an approval gets when its pool cannot cover it: the pool by name and what is left, in yuan.
 * With `atMostFen` the pool was asked for its treasury's share only (a district pool holds the district's),
 * and the award that would fit both pools is suggested instead of the pool's remainder.
 */
export function poolShortRefusal(
  pool: { code: string; name: LocalizedText; year: number; availableFen: string },
  amountFen: string,
  atMostFen?: string,
): CaseRefusal {
  const left = BigInt(pool.availableFen);
  const asked = BigInt(amountFen);
  const most = atMostFen === undefined ? left : BigInt(atMostFen);
  const hintEn = most > 0n ? `approve at most ${formatYuanEn(most)} or reject` : 'nothing is left this year: reject, or wait until funds are added';
  const hintZh = most > 0n ? `可核定不超过 ${formatYuan(most)},或不予通过` : '本年度已无余额:可不予通过,或待追加预算后再批';
  const needEn = atMostFen === undefined ? formatYuanEn(asked) : `its share of the award, ${formatYuanEn(asked)}`;
  const needZh = atMostFen === undefined ? `核定的 ${formatYuan(asked)}` : `其应承担的 ${formatYuan(asked)}`;
  return refusal(
    Refusal.PoolExhausted,
    'amountFen',
    `budget pool "${pool.name.en}" for ${pool.year}: ${formatYuanEn(left)} left, less than ${needEn}; ${hintEn}`,
    `${pool.year} 年度「${pool.name.zh}」预算剩余 ${formatYuan(left)},不足${needZh};${hintZh}`,
    { poolCode: pool.code, year: pool.year, availableFen: pool.availableFen, ...(atMostFen === undefined ? {} : { atMostFen }) },
  );
}

/** The refusal an approval gets when a cumulative limit has nothing left: nothing lower is suggested. */
export function limitReachedRefusal(limit: { key: string; scope: string; capFen: string; label: LocalizedText }, priorFen: string): CaseRefusal {
  const cap = BigInt(limit.capFen);
  const prior = BigInt(priorFen);
  return refusal(
    Refusal.LimitReached,
    'amountFen',
    `${limit.label.en}: cap ${formatYuanEn(cap)}, ${formatYuanEn(prior)} already awarded, nothing is left; reject the application`,
    `${limit.label.zh}:上限 ${formatYuan(cap)},此前已获 ${formatYuan(prior)},已无余额;可不予通过`,
    { limitKey: limit.key, scope: limit.scope, capFen: limit.capFen, priorFen },
  );
}

export const STATUS_ZH: Record<CaseStatus, string> = {
  submitted: '已提交',
  in_review: '审核中',
  awaiting_information: '待补正',
  approved: '已批准',
  rejected: '未通过',
  withdrawn: '已撤回',
  lapsed: '已失效',
  refused: '不予受理',
};
