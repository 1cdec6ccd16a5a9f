import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import {
  applyGrade,
  checkGrade,
  initialLab,
  isRewarded,
  nextEvaluation,
  openCycle,
  openEvaluation,
  type LabReward,
  type LabState,
} from '../src/domain/lab/lifecycle';
import { addCalendarDays } from '../src/domain/time';
import type { LabActivities } from './activities';
import { caseWorkflowId } from './case.messages';
import type { caseWorkflow } from './case.workflow';
import { ChildStarts, startAbandoned, startNotices } from './children';
import { gradeEvaluationUpdate, labStateQuery, type LabWorkflowInput } from './lab.messages';
import { ACTIVITY_DEFAULTS } from './presets';

const acts = proxyActivities<LabActivities>(ACTIVITY_DEFAULTS);

/**
 * A key lab's life (measure 13), one evaluation cycle per run: wait for the evaluation date, open its
 * task in the bureau's inbox (reminder and due date as for review tasks), take the grade, file the
 * reward case when the grade earns one and a policy covers that date, and continue-as-new, so the
 * history of a run stays small however many decades the lab lives.
 */
export async function labLifecycleWorkflow(input: LabWorkflowInput): Promise<LabState> {
  const children = new ChildStarts();
  let state: LabState = input.state ?? initialLab(await acts.labSettings(input.labId));
  const related = { caseId: state.settings.caseId, organisationId: state.settings.organisationId, packId: state.settings.packId };
  /** Writes the lab; the notices it raised are delivered by `notice:` children of this workflow. */
  const project = async (): Promise<void> => {
    const notices = await acts.projectLab(state);
    if (notices.length > 0) children.add(() => startNotices(notices, related));
  };
  if (!input.state) await project();
  const tz = state.settings.timeZone;
  let grading: number | null = null;

  setHandler(labStateQuery, () => state);
  setHandler(
    gradeEvaluationUpdate,
    async (args) => {
      grading = args.cycle;
      try {
        const open = openEvaluation(state)!;
        let reward: LabReward = { kind: 'notRewarded' };
        if (isRewarded(state, args.grade)) {
          const filed = await acts.fileLabReward({
            labId: input.labId,
            cycle: args.cycle,
            grade: args.grade,
            dueOn: open.dueOn,
            gradedById: args.actor.userId,
          });
          reward = filed.reward;
          // The reward is a case of its own, a child of the lab that outlives it.
          const start = filed.start;
          if (start)
            children.add(() =>
              startAbandoned<typeof caseWorkflow>('caseWorkflow', caseWorkflowId(start.caseId), [start], {
                caseId: start.caseId,
                reference: start.reference ?? null,
                organisationId: start.organisationId,
                packId: start.packId,
              }),
            );
        }
        state = applyGrade(state, args, reward, Date.now());
        await project();
        return { cycle: args.cycle, grade: args.grade, reward, status: state.status, ended: state.ended };
      } finally {
        // A grade that failed to record may be given again.
        grading = null;
      }
    },
    {
      validator: (args) => {
        const r =
          grading === args.cycle
            ? { type: 'NoSuchEvaluation', field: 'cycle', zh: '该次评估正在记录', en: 'this evaluation is being recorded' }
            : checkGrade(state, args);
        if (r) throw ApplicationFailure.create({ type: r.type, message: r.en, nonRetryable: true, details: [{ field: r.field, zh: r.zh }] });
      },
    },
  );

  const next = openEvaluation(state) ? null : nextEvaluation(state);
  if (next) {
    if (next.atMs > Date.now()) await sleep(next.atMs - Date.now());
    state = openCycle(state, next.cycle, next.dueOn, Date.now(), (ms, days) => addCalendarDays(ms, days, tz));
    await project();
  }
  const open = openEvaluation(state);
  if (open) {
    const graded = (): boolean => openEvaluation(state)?.cycle !== open.cycle;
    const due = Date.parse(open.taskDueAt);
    const remindAt = addCalendarDays(due, -state.settings.reminderDaysBeforeDue, tz);
    if (remindAt > Date.now() && !(await condition(graded, remindAt - Date.now()))) await acts.markLabTask(open.taskId, 'remindedAt', new Date().toISOString());
    if (!graded() && due > Date.now() && !(await condition(graded, due - Date.now())))
      await acts.markLabTask(open.taskId, 'escalatedAt', new Date().toISOString());
    await condition(graded);
  }
  await condition(allHandlersFinished);
  await children.settled();
  if (state.status === 'active') await continueAsNew<typeof labLifecycleWorkflow>({ labId: input.labId, state });
  return state;
}
