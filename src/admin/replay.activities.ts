import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { ReplayActivities } from '../../workflows/activities';
import type { ReplayBatch, ReplayBatchInput } from '../../workflows/replay.messages';
import { ReplayEngine } from './replay.engine';

/**
 * The replay job's activities, in the worker: it replays against the code the worker itself runs
 * (its own bundle, handed over by createWorker), so the API never builds a bundle.
 */
@Injectable()
export class ReplayActivitiesImpl implements ReplayActivities, OnModuleDestroy {
  private readonly engine: ReplayEngine;

  constructor(@Inject(TEMPORAL_CLIENT) client: Client, @Inject(TASK_QUEUE) taskQueue: string) {
    this.engine = new ReplayEngine(client, taskQueue);
  }

  useBundle(bundle: { code: string }): void {
    this.engine.useBundle(bundle);
  }

  /** The replay worker a job's batches share closes with the worker. */
  async onModuleDestroy(): Promise<void> {
    await this.engine.close();
  }

  async replayBatch(input: ReplayBatchInput): Promise<ReplayBatch> {
    // A heartbeat per history: a batch that stops moving is retried on another worker.
    return this.engine.batch(input.plan, input.cursor, input.size, () => Context.current().heartbeat());
  }
}
