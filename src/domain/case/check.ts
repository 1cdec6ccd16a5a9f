// The checks: what an update validator refuses, before anything reaches history. Never changes the
// state. The sentences are in refusals.ts, keyed by code.
import { conflictWith, isApplicantOf, isStaffOf, mayRelease, type Actor } from '../access';
import type { Assessment } from '../assess';
import { FEN_PATTERN } from '../fen';
import { textProblem } from '../text';
import type { TaskRecord } from './records';
import type { Reason } from '../award';
import { Refusal, REFUSAL_TEXTS, refusal, type CaseRefusal } from './refusals';
import { decidesCase, defaultAmount, findTask, overridableRejections, type CaseCommand, type CaseState, type Decision } from './state';

function taskFor(s: CaseState, taskId: string, actor: Actor): TaskRecord | CaseRefusal {
  const task = findTask(s, taskId);
  if (!task) return refusal(Refusal.NotFound, 'taskId', 'task.notFound', { taskId });
  if (!isStaffOf(actor, task.bureauCode)) return refusal(Refusal.Forbidden, 'taskId', 'task.otherBureau', { taskId });
  if (task.status === 'completed' || task.status === 'cancelled')
    return refusal(Refusal.AlreadyDecided, 'taskId', 'task.finished', { taskId, status: task.status });
  if (task.status === 'deciding') return refusal(Refusal.AlreadyDecided, 'taskId', 'task.beingDecided', { taskId });
  if (s.outcome !== null) return closedRefusal(s);
  return task;
}

const isRefusal = (x: TaskRecord | CaseRefusal): x is CaseRefusal => 'type' in x;

const closedRefusal = (s: CaseState): CaseRefusal => refusal(Refusal.CaseClosed, null, 'case.closed', { status: s.status });

function conflictRefusal(actor: Actor, s: CaseState): CaseRefusal | null {
  switch (conflictWith(actor, s.facts.organisationId)) {
    case null:
      return null;
    case 'ownOrganisation':
      return refusal(Refusal.ConflictOfInterest, null, 'conflict.ownOrganisation', {});
    case 'declared':
      return refusal(Refusal.ConflictOfInterest, null, 'conflict.declared', {});
  }
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';

function checkDecision(s: CaseState, task: TaskRecord, decision: Decision): CaseRefusal | null {
  const a = s.assessment;
  if (a === null) return refusal(Refusal.Invalid, null, 'case.notAssessed', {});
  switch (decision.kind) {
    case 'approve': {
      const computed = BigInt(a.award.amountFen);
      const decides = decidesCase(s, task);
      if (decision.amountFen !== undefined) {
        if (!FEN_PATTERN.test(decision.amountFen)) return refusal(Refusal.Invalid, 'amountFen', 'amount.notFen', {});
        const amount = BigInt(decision.amountFen);
        if (amount > computed) return refusal(Refusal.Invalid, 'amountFen', 'amount.aboveComputed', { amountFen: amount, computedFen: computed });
        // A cut is part of the award's explanation: the applicant is told why they get less.
        if (decides && amount < defaultAmount(a) && blank(decision.comment)) return refusal(Refusal.Invalid, 'comment', 'amount.cutNeedsComment', {});
      }
      if (decision.rentFreeMonths !== undefined) {
        const bad = rentFreeRefusal(a, decides, decision.rentFreeMonths);
        if (bad) return bad;
      }
      // An approval the ledger will weigh takes its missing reasons there, so they are refused together
      // with whatever the money lacks under the ledger's lock (one refusal, every obstacle in it).
      if (goesToLedger(s, task, decision)) return null;
      const others = s.priorBenefits ?? [];
      if (decides && others.length > 0 && blank(decision.overrideReason))
        return refusal(Refusal.Invalid, 'overrideReason', 'approve.priorBenefit', { others }, { priorBenefits: others });
      const rejections = overridableRejections(s);
      if (decides && rejections.length > 0 && blank(decision.overrideReason))
        return refusal(Refusal.Invalid, 'overrideReason', 'approve.overRejection', { bureaus: rejections.map((t) => t.bureauCode) });
      return null;
    }
    case 'reject':
      return blank(decision.reason) ? refusal(Refusal.Invalid, 'reason', 'reject.needsReason', {}) : null;
    case 'return':
      return decision.questions.length === 0 || decision.questions.some((q) => q.trim() === '')
        ? refusal(Refusal.Invalid, 'questions', 'return.needsQuestion', {})
        : null;
  }
}

/** Whether approving this task asks the ledger for money: a final approval of more than nothing. */
export function goesToLedger(s: CaseState, task: TaskRecord, decision: Extract<Decision, { kind: 'approve' }>): boolean {
  const amount = decision.amountFen === undefined ? defaultAmount(s.assessment!) : BigInt(decision.amountFen);
  return decidesCase(s, task) && amount > 0n;
}

/** What a final approval still lacks that only the officer can supply: a stated reason over a double benefit or a co-reviewer's rejection. */
export function unmetReasons(s: CaseState, decision: Extract<Decision, { kind: 'approve' }>): Reason[] {
  if (!blank(decision.overrideReason)) return [];
  const out: Reason[] = [];
  const others = s.priorBenefits ?? [];
  if (others.length > 0) out.push({ code: 'approve.priorBenefit', ...REFUSAL_TEXTS['approve.priorBenefit']({ others }) });
  const rejections = overridableRejections(s);
  if (rejections.length > 0)
    out.push({ code: 'approve.overRejection', ...REFUSAL_TEXTS['approve.overRejection']({ bureaus: rejections.map((t) => t.bureauCode) }) });
  return out;
}

/** Why the officer's rent-free months cannot be granted: only a final approval, of a sub-type with a period, within the pack's bounds. */
function rentFreeRefusal(a: Assessment, decides: boolean, months: number): CaseRefusal | null {
  const terms = a.rentFree;
  if (terms === undefined) return refusal(Refusal.Invalid, 'rentFreeMonths', 'rentFree.none', {});
  if (!decides) return refusal(Refusal.Invalid, 'rentFreeMonths', 'rentFree.finalOnly', {});
  if (!Number.isSafeInteger(months) || months < terms.minMonths || months > terms.maxMonths) {
    return refusal(
      Refusal.Invalid,
      'rentFreeMonths',
      'rentFree.outOfBounds',
      { minMonths: terms.minMonths, maxMonths: terms.maxMonths, months },
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
    if (p) return refusal(Refusal.Invalid, field, 'text.unstorable', { field, en: p.en, zh: p.zh });
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
      if (task.status === 'claimed' && task.assigneeId !== cmd.actor.userId)
        return refusal(Refusal.AlreadyClaimed, 'taskId', 'task.claimedByOther', { taskId: task.taskId, by: task.assigneeId ?? '' });
      return conflictRefusal(cmd.actor, s);
    }
    case 'unclaim': {
      const task = taskFor(s, cmd.taskId, cmd.actor);
      if (isRefusal(task)) return task;
      if (task.status !== 'claimed') return refusal(Refusal.NotClaimed, 'taskId', 'task.notClaimed', { taskId: task.taskId });
      if (!mayRelease(cmd.actor, task.assigneeId))
        return refusal(Refusal.Forbidden, 'taskId', 'task.releaseNotAllowed', { taskId: task.taskId, by: task.assigneeId ?? '' });
      return null;
    }
    case 'reassign': {
      const task = taskFor(s, cmd.taskId, cmd.actor);
      if (isRefusal(task)) return task;
      const holds = task.status === 'claimed' && task.assigneeId === cmd.actor.userId;
      if (!holds && cmd.actor.role !== 'supervisor') return refusal(Refusal.Forbidden, 'taskId', 'task.reassignNotAllowed', { taskId: task.taskId });
      const to = cmd.to;
      if (!isStaffOf(to, task.bureauCode))
        return refusal(Refusal.Invalid, 'assigneeId', 'reassign.notOfBureau', { userId: to.userId, bureau: task.bureauCode });
      if (to.userId === task.assigneeId) return refusal(Refusal.Invalid, 'assigneeId', 'reassign.alreadyHolds', { userId: to.userId, taskId: task.taskId });
      if (conflictWith(to, s.facts.organisationId) !== null) return refusal(Refusal.Invalid, 'assigneeId', 'reassign.conflict', { userId: to.userId });
      return null;
    }
    case 'decide': {
      const task = taskFor(s, cmd.taskId, cmd.actor);
      if (isRefusal(task)) return task;
      if (task.status !== 'claimed') return refusal(Refusal.NotClaimed, 'taskId', 'decide.claimFirst', { taskId: task.taskId });
      if (task.assigneeId !== cmd.actor.userId)
        return refusal(Refusal.NotClaimed, 'taskId', 'decide.claimedByOther', { taskId: task.taskId, by: task.assigneeId ?? '' });
      if (s.rfi !== null) return refusal(Refusal.AwaitingInformation, null, 'decide.awaitingInformation', { answerDueAt: s.rfi.answerDueAt });
      return conflictRefusal(cmd.actor, s) ?? checkDecision(s, task, cmd.decision);
    }
    case 'answerInformation':
      if (!isApplicantOf(cmd.actor, s.facts.organisationId)) return refusal(Refusal.Forbidden, null, 'applicant.only', {});
      if (s.outcome !== null) return closedRefusal(s);
      if (s.rfi === null) return refusal(Refusal.NotAwaitingInformation, null, 'rfi.none', {});
      if (cmd.answers.trim() === '') return refusal(Refusal.Invalid, 'answers', 'rfi.answersRequired', {});
      return null;
    case 'withdraw':
      if (!isApplicantOf(cmd.actor, s.facts.organisationId)) return refusal(Refusal.Forbidden, null, 'applicant.only', {});
      if (s.outcome !== null) return closedRefusal(s);
      if (s.pending !== null) return refusal(Refusal.CaseClosed, null, 'case.decisionBeingRecorded', {});
      return null;
    case 'assessed':
    case 'fundsReserved':
    case 'fundsRefused':
    case 'timerFired':
      return null;
  }
}
