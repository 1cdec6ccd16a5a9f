import { Client, Connection } from '@temporalio/client';
import type { HistoryProfile } from '../rush';
import { pool, round, Samples } from '../stats';
import { baselineClaim, baselineDecide, type BaselineCaseInput } from './workflows';

export interface BaselineResult {
  kind: 'a' | 'b';
  n: number;
  wallSeconds: number;
  completeCasesPerSecond: number;
  start: ReturnType<Samples['summary']>;
  update: ReturnType<Samples['summary']>;
}

/** The shape each baseline gives a case of a measure profiled from real histories. */
export function baselineInput(kind: 'a' | 'b', p: HistoryProfile): BaselineCaseInput {
  const tasks = p.stages.reduce((a, b) => a + b, 0);
  if (kind === 'a') return { startActivities: p.startActivities, claimActivities: p.claimActivities, decideActivities: p.decideActivities, tasks };
  // (b): the assessment and its projection write, then one projection write per claim and per decision.
  return { startActivities: 2, claimActivities: 1, decideActivities: 1, tasks };
}

/**
 * Starts `n` baseline cases in a burst (the same concurrency as the submissions), then plays each
 * case's review stages in order, the tasks of a stage in parallel: claim, then decide, as the
 * officer bots do (`lanes` per bureau, so the same number of officers in flight overall).
 */
export async function runBaseline(opts: {
  kind: 'a' | 'b';
  address: string;
  namespace: string;
  taskQueue: string;
  n: number;
  profiles: HistoryProfile[];
  submitConcurrency: number;
  officersInFlight: number;
}): Promise<BaselineResult> {
  const connection = await Connection.connect({ address: opts.address });
  const client = new Client({ connection, namespace: opts.namespace });
  const start = new Samples();
  const update = new Samples();
  const run = `${opts.kind}-${Date.now().toString(36)}`;
  try {
    const t0 = performance.now();
    const cases = Array.from({ length: opts.n }, (_, i) => {
      const p = opts.profiles[i % opts.profiles.length]!;
      return { id: `bench-baseline-${run}-${i}`, input: baselineInput(opts.kind, p), stages: p.stages };
    });
    // Officers in flight overall, as with the bots: a semaphore over every claim+decide pair.
    let free = opts.officersInFlight;
    const waiters: (() => void)[] = [];
    const acquire = async (): Promise<void> => {
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const release = (): void => {
      const w = waiters.shift();
      if (w) w();
      else free++;
    };
    const lives: Promise<void>[] = [];
    await pool(cases, opts.submitConcurrency, async (c) => {
      const s = performance.now();
      const handle = await client.workflow.start('baselineCaseWorkflow', { workflowId: c.id, taskQueue: opts.taskQueue, args: [c.input] });
      start.add(performance.now() - s);
      lives.push(
        (async () => {
          let t = 0;
          for (const size of c.stages) {
            await Promise.all(
              Array.from({ length: size }, async () => {
                const taskId = `t${t++}`;
                await acquire();
                try {
                  let u = performance.now();
                  await handle.executeUpdate(baselineClaim, { args: [taskId] });
                  update.add(performance.now() - u);
                  u = performance.now();
                  await handle.executeUpdate(baselineDecide, { args: [taskId] });
                  update.add(performance.now() - u);
                } finally {
                  release();
                }
              }),
            );
          }
          await handle.result();
        })(),
      );
    });
    await Promise.all(lives);
    const wallSeconds = (performance.now() - t0) / 1000;
    return {
      kind: opts.kind,
      n: opts.n,
      wallSeconds: round(wallSeconds),
      completeCasesPerSecond: round(opts.n / wallSeconds, 2),
      start: start.summary(),
      update: update.summary(),
    };
  } finally {
    await connection.close();
  }
}
