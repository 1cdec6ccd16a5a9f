import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors';
import type { ReplayJobSchema } from './admin.dto';
import { InvalidReplayQueryError, ReplayEngine, type ReplayPlan, type ReplaySelection, type WorkflowReplayResult } from './replay.engine';

export const REPLAY_ENGINE = Symbol('REPLAY_ENGINE');

/** Finished jobs kept for reading back; older ones are forgotten first. */
export const KEPT_JOBS = 20;

export type ReplayJobStatus = 'running' | 'completed' | 'failed';

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
  /** Why the job itself stopped early (the server went away, …); null otherwise. */
  error: string | null;
  results: WorkflowReplayResult[];
}

// The documented response and the one served are the same shape.
const _documented: z.infer<typeof ReplayJobSchema> = {} as ReplayJobView;

interface Job {
  view: ReplayJobView;
  running: Promise<void>;
}

const SHUTDOWN = 'stopped: the API process shut down';

/**
 * Replays as background jobs in this API process, one at a time (a replay bundles the workflow
 * code and runs it, so concurrent ones would only compete for the same CPU). Jobs live in memory:
 * an API restart forgets them, and with several API instances a job is read from the one that started it.
 */
@Injectable()
export class ReplayJobsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Replay');
  private readonly jobs = new Map<string, Job>();
  /** The job being planned or run; taken before the first await so two requests cannot both start one. */
  private active: string | null = null;
  private readonly shutdown = new AbortController();

  constructor(@Inject(REPLAY_ENGINE) private readonly engine: ReplayEngine) {}

  async start(selection: ReplaySelection): Promise<ReplayJobView> {
    if (this.active) throw new ConflictError(null, `replay job ${this.active} is still running; wait for it to finish`, { runningJobId: this.active });
    const jobId = randomUUID();
    this.active = jobId;
    let plan: ReplayPlan;
    try {
      plan = await this.engine.plan(selection);
    } catch (err) {
      this.active = null;
      if (err instanceof InvalidReplayQueryError) throw new ValidationError([{ path: 'query', message: `Temporal refused the query: ${err.message}` }]);
      throw err;
    }
    const view: ReplayJobView = {
      jobId,
      status: 'running',
      percent: 0,
      done: 0,
      total: plan.total,
      query: plan.query,
      workflowIds: plan.selection.kind === 'ids' ? plan.selection.workflowIds : null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      ok: 0,
      diverged: 0,
      failed: 0,
      error: null,
      results: [],
    };
    const job: Job = { view, running: this.execute(plan, view).finally(() => (this.active = null)) };
    this.jobs.set(view.jobId, job);
    this.forgetOldJobs();
    return this.snapshot(view);
  }

  get(jobId: string): ReplayJobView {
    const job = this.jobs.get(jobId);
    if (!job) throw new NotFoundError('jobId', `no replay job ${jobId}`);
    return this.snapshot(job.view);
  }

  /** A running job stops after the workflow it is replaying, and says so. */
  async onApplicationShutdown(): Promise<void> {
    this.shutdown.abort();
    await Promise.all([...this.jobs.values()].map((j) => j.running));
  }

  private async execute(plan: ReplayPlan, view: ReplayJobView): Promise<void> {
    try {
      const report = await this.engine.run(
        plan,
        ({ done, total, last }) => {
          view.done = done;
          view.total = total;
          // 100 is kept for the end: a visibility count is approximate, so done may reach it early.
          view.percent = Math.min(99, Math.floor((done * 100) / Math.max(total, 1)));
          view.results.push(last);
          view[last.outcome]++;
        },
        this.shutdown.signal,
      );
      if (this.shutdown.signal.aborted && report.total < view.total) throw new Error(SHUTDOWN);
      Object.assign(view, {
        results: report.results,
        ok: report.ok,
        diverged: report.diverged,
        failed: report.failed,
        done: report.total,
        total: report.total,
      });
      view.percent = 100;
      view.status = 'completed';
    } catch (err) {
      view.status = 'failed';
      view.error = err instanceof Error ? err.message : String(err);
      this.logger.error(`replay job ${view.jobId} failed: ${view.error}`);
    } finally {
      view.finishedAt = new Date().toISOString();
    }
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((j) => j.view.status !== 'running');
    for (const job of finished.slice(0, Math.max(0, this.jobs.size - KEPT_JOBS))) this.jobs.delete(job.view.jobId);
  }

  private snapshot(view: ReplayJobView): ReplayJobView {
    return { ...view, workflowIds: view.workflowIds && [...view.workflowIds], results: [...view.results] };
  }
}
