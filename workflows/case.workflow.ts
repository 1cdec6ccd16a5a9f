import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
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
  limitReachedRefusal,
  liveTasks,
  nextDeadline,
  poolShortRefusal,
  type CaseCommand,
  type CaseEffect,
  type CaseState,
} from '../src/domain/case/machine';
import type { CaseRefusal } from '../src/domain/case/refusals';
import type { CaseActivities } from './activities';
import {
  answerInformationUpdate,
  caseQuery,
  caseStateQuery,
  claimUpdate,
  decideUpdate,
  reassignUpdate,
  unclaimUpdate,
  withdrawUpdate,
  type CaseWorkflowInput,
  type CaseView,
  type RefusalDetails,
  type TaskChangeResult,
} from './case.messages';
import { Patches } from './patches';
import { ACTIVITY_DEFAULTS, LEGACY_ACTIVITY_DEFAULTS } from './presets';
import { caseSearchAttributes, type CaseIdentity } from './search-attributes';

const bounded = proxyActivities<CaseActivities>(ACTIVITY_DEFAULTS);
const legacy = proxyActivities<CaseActivities>(LEGACY_ACTIVITY_DEFAULTS);

function refuse(r: CaseRefusal): never {
  const details: RefusalDetails = { field: r.field, zh: r.zh, ...r.details };
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
 * (src/domain/case): this function wires updates, queries and timers to it and runs its effects.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseView> {
  const acts = patched(Patches.BoundedActivityRetries) ? bounded : legacy;
  let state: CaseState =
    input.state ??
    initialCase({
      caseId: input.caseId,
      packId: input.packId,
      packVersion: input.packVersion,
      organisationId: input.organisationId,
      receivedAt: input.receivedAt,
    });

  // Projection writes leave in the order the transitions happened, whichever handler or timer made them.
  let tail: Promise<void> = Promise.resolve();
  const run = (effects: CaseEffect[]): Promise<void> => {
    const writes = effects.flatMap((e) => (e.kind === 'project' ? [e.change] : []));
    if (writes.length === 0) return tail;
    const done = tail.then(async () => {
      for (const change of writes) await acts.projectCase(change);
    });
    tail = done.catch(() => undefined);
    return done;
  };
  let indexed = '';
  // Asked at each upsert, so a case already running when this shipped gains them at its next change.
  const identity = (): CaseIdentity | null =>
    patched(Patches.CaseIdentitySearchAttributes) ? { caseId: input.caseId, reference: input.reference ?? null } : null;
  /** Applies a command now (no await before it, so the validator's view still holds) and returns its effects. */
  const step = (cmd: CaseCommand): CaseEffect[] => {
    const t = apply(state, cmd, { now: Date.now(), newId: uuid4 });
    state = t.state;
    const attrs = caseSearchAttributes(state, identity());
    if (attrs.key !== indexed) {
      indexed = attrs.key;
      upsertSearchAttributes(attrs.pairs);
    }
    return t.effects;
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

  setHandler(claimUpdate, async ({ taskId, actor }) => (await run(step({ type: 'claim', taskId, actor })), taskReply(taskId)), {
    validator: ({ taskId, actor }) => validate({ type: 'claim', taskId, actor }),
  });
  setHandler(unclaimUpdate, async ({ taskId, actor }) => (await run(step({ type: 'unclaim', taskId, actor })), taskReply(taskId)), {
    validator: ({ taskId, actor }) => validate({ type: 'unclaim', taskId, actor }),
  });
  setHandler(reassignUpdate, async ({ taskId, actor, to }) => (await run(step({ type: 'reassign', taskId, actor, to })), taskReply(taskId)), {
    validator: ({ taskId, actor, to }) => validate({ type: 'reassign', taskId, actor, to }),
  });

  setHandler(
    decideUpdate,
    async ({ taskId, actor, decision }) => {
      // Every final approval goes through the ledger (limits, pool, payment orders); earlier cases kept the pool alone.
      const ledger = patched(Patches.CaseLedger);
      // A final approval records the rent-free period it grants; asked only of cases whose assessment carries one.
      const rentFree = state.assessment?.rentFree !== undefined && patched(Patches.RentFreeGrant);
      const effects = step({ type: 'decide', taskId, actor, decision, ledger, rentFree });
      await run(effects);
      for (const e of effects) {
        if (e.kind === 'reserveAward') {
          const r = await acts.reserveAward({
            caseId: input.caseId,
            actorId: e.actorId,
            poolCode: e.poolCode,
            amountFen: e.amountFen,
            comment: e.comment,
          });
          if (!r.ok) {
            step({ type: 'fundsRefused', taskId });
            refuse(
              r.short === 'pool'
                ? poolShortRefusal(
                    { code: r.poolCode ?? e.poolCode ?? '', name: r.poolName, year: r.year, availableFen: r.availableFen },
                    r.askedFen,
                    r.atMostFen,
                  )
                : limitReachedRefusal(r.limit, r.priorFen),
            );
          }
          await run(step({ type: 'fundsReserved', taskId, grant: r.grant }));
          await acts.startAwardPayments(input.caseId);
          continue;
        }
        if (e.kind !== 'reserveFunds') continue;
        const reserved = await acts.reserveFunds({ caseId: input.caseId, packId: input.packId, poolCode: e.poolCode, amountFen: e.amountFen });
        if (!reserved.ok) {
          step({ type: 'fundsRefused', taskId });
          refuse(poolShortRefusal({ code: e.poolCode, name: reserved.poolName, year: reserved.year, availableFen: reserved.availableFen }, e.amountFen));
        }
        await run(step({ type: 'fundsReserved', taskId }));
      }
      return { taskId, caseStatus: state.status, approvedAwardFen: state.approved?.amountFen ?? null };
    },
    { validator: ({ taskId, actor, decision }) => validate({ type: 'decide', taskId, actor, decision }) },
  );

  setHandler(
    answerInformationUpdate,
    async ({ actor, answers, documentIds }) => {
      const requestedAt = Date.parse(state.rfi!.requestedAt);
      await run(step({ type: 'answerInformation', actor, answers, documentIds }));
      const resumed = state.tasks[state.tasks.length - 1]!;
      return { caseStatus: state.status, resumedTaskId: resumed.taskId, pausedMs: Date.parse(resumed.createdAt) - requestedAt };
    },
    { validator: ({ actor, answers, documentIds }) => validate({ type: 'answerInformation', actor, answers, documentIds }) },
  );

  setHandler(
    withdrawUpdate,
    async ({ actor, reason }) => {
      const cancelledTaskIds = liveTasks(state).map((t) => t.taskId);
      await run(step({ type: 'withdraw', actor, reason }));
      return { caseStatus: state.status, cancelledTaskIds };
    },
    { validator: ({ actor, reason }) => validate({ type: 'withdraw', actor, reason }) },
  );

  if (state.assessment === null) {
    const { assessment, clock, priorBenefits } = await acts.assessCase(input.caseId);
    await run(step({ type: 'assessed', assessment, clock, ...(priorBenefits === undefined ? {} : { priorBenefits }) }));
  }

  // The review clock: reminders, escalation and the applicant's answer deadline on durable timers.
  while (!isClosed(state)) {
    const due = nextDeadline(state);
    const wake = (): boolean => isClosed(state) || nextDeadline(state) !== due || workflowInfo().continueAsNewSuggested;
    const woken = due === null ? await condition(wake) : due <= Date.now() ? false : await condition(wake, due - Date.now());
    if (!woken) await run(step({ type: 'timerFired' }));
    else if (!isClosed(state) && workflowInfo().continueAsNewSuggested) {
      // A long case hands its whole state to a fresh run once no handler is midway.
      await condition(allHandlersFinished);
      await tail;
      if (!isClosed(state)) await continueAsNew<typeof caseWorkflow>({ ...input, state });
    }
  }

  await condition(allHandlersFinished);
  await tail;
  log.info('application closed', { caseId: input.caseId, status: state.status });
  return viewOf(state);
}

/**
 * The type name cases had before "case" became the word for them. Same code: their first run's
 * input names the case `applicationId`, and they continue as this type, so their histories and
 * any run still open go on unchanged.
 */
export async function applicationWorkflow(input: CaseWorkflowInput | (Omit<CaseWorkflowInput, 'caseId'> & { applicationId: string })): Promise<CaseView> {
  return caseWorkflow('caseId' in input ? input : { ...input, caseId: input.applicationId });
}
