import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  proxyActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import type { Assessment } from '../src/domain';
import type { ApplicationActivities, CaseStatus } from './activities';
import {
  caseQuery,
  decideUpdate,
  type ApplicationWorkflowInput,
  type CaseView,
  type DecideArgs,
  type DecideResult,
  type TaskView,
} from './application.messages';
import { ACTIVITY_DEFAULTS } from './presets';

const acts = proxyActivities<ApplicationActivities>(ACTIVITY_DEFAULTS);

const FEN = /^(0|[1-9][0-9]{0,17})$/;

/**
 * One workflow per application, from submission to its final decision.
 * The lead bureau reviews; the officer's decision arrives as a validated update.
 */
export async function applicationWorkflow(input: ApplicationWorkflowInput): Promise<CaseView> {
  const { applicationId } = input;
  const now = (): string => new Date().toISOString();
  let status: CaseStatus = 'submitted';
  let assessment: Assessment | null = null;
  let approvedAwardFen: string | null = null;
  const tasks = new Map<string, TaskView>();
  let outcome: { status: CaseStatus; reason: string | null } | null = null;

  const view = (): CaseView => ({ status, assessment, tasks: [...tasks.values()], approvedAwardFen });
  setHandler(caseQuery, view);

  setHandler(
    decideUpdate,
    async ({ taskId, actor, decision }: DecideArgs): Promise<DecideResult> => {
      const task = tasks.get(taskId)!; // the validator guarantees it exists and is open
      const computed = BigInt(assessment!.award.amountFen);
      task.status = 'deciding';
      const at = now();
      if (decision.kind === 'approve') {
        const amount = decision.amountFen === undefined ? computed : BigInt(decision.amountFen);
        if (assessment!.poolCode !== null && amount > 0n) {
          const reserved = await acts.reserveFunds({
            applicationId,
            packId: input.packId,
            poolCode: assessment!.poolCode,
            amountFen: amount.toString(),
            at,
          });
          if (!reserved.ok) {
            task.status = 'open';
            throw ApplicationFailure.create({
              type: 'PoolExhausted',
              nonRetryable: true,
              message: `budget pool ${assessment!.poolCode} for ${reserved.year} has ${reserved.availableFen} fen left, less than ${amount.toString()}; approve a lower amount or reject`,
              details: [{ poolCode: assessment!.poolCode, year: reserved.year, availableFen: reserved.availableFen }],
            });
          }
        }
        approvedAwardFen = amount.toString();
        outcome = { status: 'approved', reason: decision.comment ?? null };
      } else {
        outcome = { status: 'rejected', reason: decision.reason };
      }
      task.status = 'completed';
      task.decision = decision.kind;
      await acts.closeTask({
        taskId,
        status: 'completed',
        decision: decision.kind,
        comment: decision.kind === 'reject' ? decision.reason : (decision.comment ?? null),
        completedById: actor.userId,
        completedAt: at,
      });
      await acts.recordEvent({
        applicationId,
        eventKey: `task-decided:${taskId}`,
        type: 'task.decided',
        actorId: actor.userId,
        data: {
          taskId,
          bureauCode: task.bureauCode,
          decision: decision.kind,
          ...(decision.kind === 'approve'
            ? { amountFen: approvedAwardFen, comment: decision.comment ?? null }
            : { reason: decision.reason }),
        },
        at,
      });
      return { taskId, caseStatus: outcome.status, approvedAwardFen };
    },
    {
      validator: ({ taskId, actor, decision }: DecideArgs): void => {
        const task = tasks.get(taskId);
        if (!task) throw new Error(`task ${taskId} does not belong to this application`);
        if (task.status !== 'open') throw new Error(`task ${taskId} is already ${task.status === 'deciding' ? 'being decided' : task.status}`);
        if (actor.role !== 'officer' && actor.role !== 'supervisor') throw new Error('only bureau officers decide review tasks');
        if (actor.bureauCode !== task.bureauCode) throw new Error(`task ${taskId} belongs to bureau ${task.bureauCode}`);
        if (decision.kind === 'approve' && decision.amountFen !== undefined) {
          if (!FEN.test(decision.amountFen)) throw new Error('amountFen must be a string of integer fen');
          const computed = BigInt(assessment!.award.amountFen);
          if (BigInt(decision.amountFen) > computed) {
            throw new Error(`amountFen ${decision.amountFen} is above the computed award ${computed.toString()}`);
          }
        }
        if (decision.kind === 'reject' && decision.reason.trim() === '') throw new Error('a rejection needs a reason');
      },
    },
  );

  assessment = await acts.assessApplication(applicationId);
  if (!assessment.eligible) {
    status = 'refused';
    const reason = assessment.ineligibility.map((r) => r.en).join('; ');
    await acts.recordEvent({
      applicationId,
      eventKey: 'refused',
      type: 'case.refused',
      actorId: null,
      data: { reasons: assessment.ineligibility },
      at: now(),
    });
    await acts.finalizeCase({ applicationId, status, approvedAwardFen: null, reason, decidedAt: now() });
    return view();
  }

  status = 'in_review';
  await acts.setCaseStatus(applicationId, status);
  const taskId = uuid4();
  const task: TaskView = {
    taskId,
    bureauCode: assessment.routing.lead,
    stage: 'review',
    status: 'open',
    createdAt: now(),
    dueAt: null,
    decision: null,
  };
  tasks.set(taskId, task);
  await acts.openTask({ taskId, applicationId, bureauCode: task.bureauCode, stage: task.stage, createdAt: task.createdAt, dueAt: null });
  await acts.recordEvent({
    applicationId,
    eventKey: `task-opened:${taskId}`,
    type: 'task.opened',
    actorId: null,
    data: { taskId, bureauCode: task.bureauCode, stage: task.stage },
    at: task.createdAt,
  });

  await condition(() => outcome !== null);
  await condition(allHandlersFinished);
  const final = outcome!;
  status = final.status;
  const decidedAt = now();
  // The event first: whoever sees the final status also sees it in the timeline.
  await acts.recordEvent({
    applicationId,
    eventKey: 'decided',
    type: `case.${status}`,
    actorId: null,
    data: { approvedAwardFen, reason: final.reason },
    at: decidedAt,
  });
  await acts.finalizeCase({ applicationId, status, approvedAwardFen, reason: final.reason, decidedAt });
  log.info('application decided', { applicationId, status });
  return view();
}
