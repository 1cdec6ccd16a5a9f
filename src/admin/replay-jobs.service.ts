import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import type { z } from 'zod';
import { ConflictError, NotFoundError, UnavailableError, ValidationError, sayIt } from '../domain/errors';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { ReplayJobSchema } from './admin.dto';
import { InvalidReplayQueryError, ReplayEngine, type ReplaySelection, type WorkflowReplayResult } from './replay.engine';
import { REPLAY_WORKFLOW_ID, replayJobQuery, type ReplayJobState, type ReplayJobStatus } from '../../workflows/replay.messages';
import type { replayJobWorkflow } from '../../workflows/replay.workflow';
import { REPLAY_SENTENCES } from '../domain/words/admin';

export const REPLAY_ENGINE = Symbol('REPLAY_ENGINE');

/** Earlier jobs looked up by their id (the latest is found at once); older ones are Temporal's retention's to forget. */
const LOOKED_UP_RUNS = 50;

export interface ReplayJobView {
  jobId: string;
  status: ReplayJobStatus;
  /** 0–100; 100 only once every selected workflow has been replayed. */
  percent: number;
  done: number;
  total: number;
  query: string | null;
  workflowIds: string[] | null;
  startedAt: string;
  finishedAt: string | null;
  ok: number;
  diverged: number;
  failed: number;
  /** Why the job itself stopped early; null otherwise. */
  error: string | null;
  results: WorkflowReplayResult[];
}

// The documented response and the one served are the same shape.
const _documented: z.infer<typeof ReplayJobSchema> = {} as ReplayJobView;

/** What a job's memo says of it, so a job is found and described without its workflow answering. */
interface ReplayMemo {
  jobId: string;
}

function viewOf(s: ReplayJobState): ReplayJobView {
  const done = s.results.length;
  // Visibility counts are approximate: the total grows if more turn up than were counted.
  const total = s.status === 'completed' ? done : Math.max(s.plan.total, done);
  return {
    jobId: s.jobId,
    status: s.status,
    // 100 is kept for the end: a visibility count is approximate, so done may reach it early.
    percent: s.status === 'completed' ? 100 : Math.min(99, Math.floor((done * 100) / Math.max(total, 1))),
    done,
    total,
    query: s.plan.query,
    workflowIds: s.plan.selection.kind === 'ids' ? s.plan.selection.workflowIds : null,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    ok: s.ok,
    diverged: s.diverged,
    failed: s.failed,
    error: s.error,
    results: s.results,
  };
}

const memoOf = (d: { memo?: Record<string, unknown> }): ReplayMemo | null => {
  const jobId = d.memo?.jobId;
  return typeof jobId === 'string' ? { jobId } : null;
};

/**
 * Replay jobs as Temporal workflows (workflows/replay.workflow.ts) whose activities run in the
 * worker: a job outlives the API process that started it, any API instance reads it, and the API
 * itself never bundles workflow code. One job runs at a time, under one workflow id.
 */
@Injectable()
export class ReplayJobsService {
  constructor(
    @Inject(REPLAY_ENGINE) private readonly engine: ReplayEngine,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  /** Plans the job (a refused query is a 400), has `record` audit it under its id, then starts it. */
  async start(selection: ReplaySelection, record: (jobId: string) => Promise<void>): Promise<ReplayJobView> {
    const running = await this.runningJob();
    if (running) throw this.stillRunning(running);
    let plan;
    try {
      plan = await this.engine.plan(selection);
    } catch (err) {
      if (err instanceof InvalidReplayQueryError)
        // Temporal's own reason stays as Temporal wrote it: the admin quotes it there.
        throw new ValidationError([
          { path: 'query', message: REPLAY_SENTENCES.queryRefused(err.message).en, zh: REPLAY_SENTENCES.queryRefused(err.message).zh },
        ]);
      throw err;
    }
    const jobId = randomUUID();
    const startedAt = new Date().toISOString();
    // Audited before it starts: a job nobody can account for never runs.
    await record(jobId);
    try {
      await this.client.workflow.start<typeof replayJobWorkflow>('replayJobWorkflow', {
        workflowId: REPLAY_WORKFLOW_ID,
        taskQueue: this.taskQueue,
        memo: { jobId } satisfies ReplayMemo,
        args: [{ jobId, plan, startedAt }],
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw this.stillRunning((await this.runningJob()) ?? '');
      throw err;
    }
    const state: ReplayJobState = {
      jobId,
      plan,
      status: 'running',
      startedAt,
      finishedAt: null,
      cursor: null,
      ok: 0,
      diverged: 0,
      failed: 0,
      error: null,
      results: [],
    };
    return viewOf(state);
  }

  async get(jobId: string): Promise<ReplayJobView> {
    const run = await this.findRun(jobId);
    if (!run) throw sayIt(NotFoundError, 'jobId', REPLAY_SENTENCES.noJob());
    const handle = this.client.workflow.getHandle<typeof replayJobWorkflow>(REPLAY_WORKFLOW_ID, run.runId);
    if (run.status === 'RUNNING') {
      // A query is answered by a worker; while none runs, the job cannot say how far it got.
      const state = await handle.query(replayJobQuery).catch((err: unknown) => {
        throw sayIt(UnavailableError, null, REPLAY_SENTENCES.noWorker(err instanceof Error ? err.message : String(err)));
      });
      return viewOf(state);
    }
    // A run that continued as new belongs to a job no longer the latest: its result follows the runs to the end.
    if (run.status === 'COMPLETED' || run.status === 'CONTINUED_AS_NEW') return viewOf(await handle.result());
    // Terminated, cancelled or timed out: the job says so, with what it had done.
    const state = await handle.query(replayJobQuery).catch(() => null);
    const failed: ReplayJobView = state
      ? viewOf(state)
      : viewOf({
          jobId,
          plan: { selection: { kind: 'all' }, query: null, total: 0 },
          status: 'failed',
          startedAt: run.startTime.toISOString(),
          finishedAt: null,
          cursor: null,
          ok: 0,
          diverged: 0,
          failed: 0,
          error: null,
          results: [],
        });
    return {
      ...failed,
      status: 'failed',
      finishedAt: run.closeTime?.toISOString() ?? failed.finishedAt,
      error: `${REPLAY_SENTENCES.jobEnded(run.status).en} (${REPLAY_SENTENCES.jobEnded(run.status).zh})`,
    };
  }

  /** The job id of the replay now running, if any. */
  private async runningJob(): Promise<string | null> {
    try {
      const d = await this.client.workflow.getHandle(REPLAY_WORKFLOW_ID).describe();
      return d.status.name === 'RUNNING' ? (memoOf(d)?.jobId ?? '') : null;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  private stillRunning(jobId: string): ConflictError {
    return sayIt(ConflictError, null, REPLAY_SENTENCES.stillRunning(), { runningJobId: jobId });
  }

  /** The job's run: the latest run at once (strongly consistent), an earlier one through visibility. */
  private async findRun(jobId: string): Promise<{ runId: string; status: string; startTime: Date; closeTime?: Date } | null> {
    let latest: WorkflowExecutionDescription;
    try {
      latest = await this.client.workflow.getHandle(REPLAY_WORKFLOW_ID).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
    const of = (d: { runId: string; status: { name: string }; startTime: Date; closeTime?: Date }) => ({
      runId: d.runId,
      status: d.status.name,
      startTime: d.startTime,
      ...(d.closeTime ? { closeTime: d.closeTime } : {}),
    });
    if (memoOf(latest)?.jobId === jobId) return of(latest);
    let seen = 0;
    for await (const e of this.client.workflow.list({ query: `WorkflowId='${REPLAY_WORKFLOW_ID}'` })) {
      if (memoOf(e)?.jobId === jobId) {
        // A continued job is listed once per run; the first of its runs leads to the rest.
        return of(e);
      }
      if (++seen >= LOOKED_UP_RUNS) break;
    }
    return null;
  }
}
