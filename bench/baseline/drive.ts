import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { HistoryProfile } from '../rush';
import { pool, round, Samples, sleep } from '../stats';
import { baselineClaim, baselineDecide, type BaselineCaseInput } from './workflows';

export interface BaselineResult {
  kind: 'a' | 'b';
  n: number;
  wallSeconds: number;
  completeCasesPerSecond: number;
  start: ReturnType<Samples['summary']>;
  update: ReturnType<Samples['summary']>;
  /** From a task's being ready (its stage reached) to its officer's claim. */
  taskWait: ReturnType<Samples['summary']> & { mean: number | null };
}

/** The shape each baseline gives a case of a measure profiled from real histories. */
export function baselineInput(kind: 'a' | 'b', p: HistoryProfile): BaselineCaseInput {
  const tasks = p.stageBureaus.reduce((a, s) => a + s.length, 0);
  if (kind === 'a')
    return {
      startActivities: p.startActivities,
      claimActivities: p.claimActivities,
      decideActivities: p.decideActivities,
      startLocalActivities: p.startLocalActivities,
      claimLocalActivities: p.claimLocalActivities,
      decideLocalActivities: p.decideLocalActivities,
      tasks,
    };
  // (b): the assessment and its projection write, then one projection write per claim and per decision.
  return { startActivities: 2, claimActivities: 1, decideActivities: 1, startLocalActivities: 0, claimLocalActivities: 0, decideLocalActivities: 0, tasks };
}

/**
 * Starts `n` baseline cases in a burst (the same concurrency as the submissions), then plays each
 * case's review stages in order, as the rush's officer bots do: one officer per bureau with `lanes`
 * tasks at a time, the tasks of a stage going to their bureaus' officers together. An officer learns
 * of a task the way a bot does, at its next look at the inbox: a look when its queue is short, and
 * `idlePollMs` before the next when the last look found nothing new (the bot's look is an HTTP
 * round trip; here it reads a list). Each task's wait from ready to claim is measured as in the rush.
 */
export async function runBaseline(opts: {
  kind: 'a' | 'b';
  address: string;
  namespace: string;
  taskQueue: string;
  n: number;
  profiles: HistoryProfile[];
  submitConcurrency: number;
  lanes: number;
  idlePollMs: number;
}): Promise<BaselineResult> {
  const connection = await Connection.connect({ address: opts.address });
  const client = new Client({ connection, namespace: opts.namespace });
  const start = new Samples();
  const update = new Samples();
  const taskWait = new Samples();
  const run = `${opts.kind}-${Date.now().toString(36)}`;
  interface Task {
    handle: WorkflowHandle;
    id: string;
    readyAt: number;
    done: () => void;
    fail: (err: unknown) => void;
  }
  // Each bureau's inbox (what a look would return) and its officer's queue of tasks seen.
  const inbox = new Map<string, Task[]>();
  let finished = false;
  const officer = async (bureau: string): Promise<void> => {
    const queue: Task[] = [];
    const handle = async (t: Task): Promise<void> => {
      taskWait.add(performance.now() - t.readyAt);
      let u = performance.now();
      await t.handle.executeUpdate(baselineClaim, { args: [t.id] });
      update.add(performance.now() - u);
      u = performance.now();
      await t.handle.executeUpdate(baselineDecide, { args: [t.id] });
      update.add(performance.now() - u);
      t.done();
    };
    const lanes = Array.from({ length: opts.lanes }, async () => {
      while (!finished) {
        const t = queue.shift();
        // A failed update fails its case (and the run), rather than leaving the case waiting for ever.
        if (t) await handle(t).catch(t.fail);
        else await sleep(20);
      }
    });
    while (!finished) {
      if (queue.length >= opts.lanes * 2) {
        await sleep(20);
        continue;
      }
      const fresh = (inbox.get(bureau) ?? []).splice(0, 100);
      queue.push(...fresh);
      if (fresh.length === 0) await sleep(opts.idlePollMs);
    }
    await Promise.all(lanes);
  };
  try {
    const t0 = performance.now();
    const cases = Array.from({ length: opts.n }, (_, i) => {
      const p = opts.profiles[i % opts.profiles.length]!;
      return { id: `bench-baseline-${run}-${i}`, input: baselineInput(opts.kind, p), stageBureaus: p.stageBureaus };
    });
    const bureaus = [...new Set(cases.flatMap((c) => c.stageBureaus.flat()))];
    for (const b of bureaus) inbox.set(b, []);
    const officers = bureaus.map((b) => officer(b));
    const lives: Promise<void>[] = [];
    try {
      await pool(cases, opts.submitConcurrency, async (c) => {
        const s = performance.now();
        const handle = await client.workflow.start('baselineCaseWorkflow', { workflowId: c.id, taskQueue: opts.taskQueue, args: [c.input] });
        start.add(performance.now() - s);
        lives.push(
          (async () => {
            let t = 0;
            for (const stage of c.stageBureaus) {
              await Promise.all(
                stage.map(
                  (bureau) =>
                    new Promise<void>((done, fail) => {
                      inbox.get(bureau)!.push({ handle, id: `t${t++}`, readyAt: performance.now(), done, fail });
                    }),
                ),
              );
            }
            await handle.result();
          })(),
        );
      });
      await Promise.all(lives);
    } finally {
      finished = true;
      await Promise.allSettled(officers);
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    return {
      kind: opts.kind,
      n: opts.n,
      wallSeconds: round(wallSeconds),
      completeCasesPerSecond: round(opts.n / wallSeconds, 2),
      start: start.summary(),
      update: update.summary(),
      taskWait: { ...taskWait.summary(), mean: taskWait.mean() },
    };
  } finally {
    await connection.close();
  }
}
