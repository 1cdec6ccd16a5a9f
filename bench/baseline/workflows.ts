import { allHandlersFinished, condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';

/*
 * The bare-Temporal floor: a case's shape (activities at the start, activities after each claim and
 * each decision, one claim and one decision update per review task) with no application logic at all.
 * Baseline (a) copies the counts a real case records; baseline (b) is the least the process needs.
 */

export interface BaselineCaseInput {
  startActivities: number;
  claimActivities: number;
  decideActivities: number;
  /** Local activities (recorded as markers), run after the activities of the same step. */
  startLocalActivities: number;
  claimLocalActivities: number;
  decideLocalActivities: number;
  tasks: number;
}

export const baselineClaim = defineUpdate<void, [string]>('claim');
export const baselineDecide = defineUpdate<void, [string]>('decide');

const { noop } = proxyActivities<{ noop(step: string): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const local = proxyLocalActivities<{ noop(step: string): Promise<void> }>({ startToCloseTimeout: '30 seconds' });

export async function baselineCaseWorkflow(input: BaselineCaseInput): Promise<number> {
  let ready = false;
  let decided = 0;
  // Writes leave in order, as the real workflow's projection writes do.
  let tail: Promise<void> = Promise.resolve();
  const run = (n: number, step: string, locals = 0): Promise<void> => {
    tail = tail.then(async () => {
      for (let i = 0; i < n; i++) await noop(step);
      for (let i = 0; i < locals; i++) await local.noop(step);
    });
    return tail;
  };
  setHandler(baselineClaim, async (taskId) => {
    await condition(() => ready);
    await run(input.claimActivities, `claim:${taskId}`, input.claimLocalActivities);
  });
  setHandler(baselineDecide, async (taskId) => {
    await condition(() => ready);
    await run(input.decideActivities, `decide:${taskId}`, input.decideLocalActivities);
    decided++;
  });
  await run(input.startActivities, 'start', input.startLocalActivities);
  ready = true;
  await condition(() => decided >= input.tasks);
  await condition(allHandlersFinished);
  return decided;
}
