import { ActivityFailure, makeContinueAsNewFunc, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ReplayActivities } from './activities';
import { REPLAY_BATCH } from './presets';
import { replayJobQuery, type ReplayJobInput, type ReplayJobState } from './replay.messages';

const acts = proxyActivities<ReplayActivities>(REPLAY_BATCH);

/** Histories per activity: small enough that progress moves and a retried batch repeats little. */
export const REPLAY_BATCH_SIZE = 10;

/**
 * An admin's replay job: the worker's activities replay the selected histories a batch at a time
 * against the workflow code the worker runs, and the job's progress is its query. It lives in
 * Temporal, so it outlives any API process and every API instance reads the same job.
 */
export async function replayJobWorkflow(input: ReplayJobInput): Promise<ReplayJobState> {
  const state: ReplayJobState = input.state ?? {
    jobId: input.jobId,
    plan: input.plan,
    status: 'running',
    startedAt: input.startedAt,
    finishedAt: null,
    cursor: null,
    ok: 0,
    diverged: 0,
    failed: 0,
    error: null,
    results: [],
  };
  setHandler(replayJobQuery, () => state);
  try {
    for (;;) {
      const batch = await acts.replayBatch({ plan: state.plan, cursor: state.cursor, size: REPLAY_BATCH_SIZE });
      for (const r of batch.results) state[r.outcome]++;
      state.results.push(...batch.results);
      state.cursor = batch.cursor;
      if (batch.cursor === null) break;
      // The next run carries the job's id in its memo too, so the API finds the job whichever run holds it.
      if (workflowInfo().continueAsNewSuggested) await makeContinueAsNewFunc<typeof replayJobWorkflow>({ memo: { jobId: state.jobId } })({ ...input, state });
    }
    state.status = 'completed';
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    state.status = 'failed';
    state.error = err.cause?.message ?? err.message;
  }
  state.finishedAt = new Date().toISOString();
  return state;
}
