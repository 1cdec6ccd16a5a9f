import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { AppConfig } from '../config/config';
import { temporalConnectionOptions } from './connection';
import { relatedWorkflowAttributes } from './search-attributes';
import { intakeWindow, type PolicyPack } from '../domain';
import { intakeWorkflowId } from '../../workflows/case.messages';
import type { intakeWindowWorkflow } from '../../workflows/intake.workflow';

/** Where intake clocks run: a Temporal client and the task queue of the workers. */
export interface IntakeClocks {
  client: Client;
  taskQueue: string;
}

/**
 * Starts the pack's durable intake clock unless one is already running under its workflow id, so a
 * publish and every worker start may all call it. `restart` replaces a running clock (the window
 * moved): the clock's only effect is the open flag, which the new one sets from the new dates.
 */
export async function startIntakeClock(clocks: IntakeClocks, pack: PolicyPack, opts: { restart?: boolean } = {}): Promise<void> {
  const window = intakeWindow(pack);
  await clocks.client.workflow.start<typeof intakeWindowWorkflow>('intakeWindowWorkflow', {
    workflowId: intakeWorkflowId(pack.id),
    typedSearchAttributes: relatedWorkflowAttributes({ packId: pack.id }),
    taskQueue: clocks.taskQueue,
    args: [{ packId: pack.id, opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() }],
    workflowIdConflictPolicy: opts.restart ? WorkflowIdConflictPolicy.TERMINATE_EXISTING : WorkflowIdConflictPolicy.USE_EXISTING,
  });
}

/**
 * A client for starting intake clocks from outside the worker (the seed), or null when Temporal does
 * not answer: the seed must still work then, and the next worker start starts the clocks.
 */
export async function connectIntakeClocks(cfg: AppConfig['temporal']): Promise<(IntakeClocks & { close(): Promise<void> }) | null> {
  try {
    const connection = await Connection.connect({ ...temporalConnectionOptions(cfg), connectTimeout: '5s' });
    return { client: new Client({ connection, namespace: cfg.namespace }), taskQueue: cfg.taskQueue, close: () => connection.close() };
  } catch {
    return null;
  }
}
