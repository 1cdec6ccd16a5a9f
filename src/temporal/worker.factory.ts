import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { ApplicationActivities, IntakeActivities } from '../../workflows/activities';

export type AllActivities = ApplicationActivities & IntakeActivities;

/** Binds every activity method to its provider so Temporal can call them as plain functions. */
export function activityFunctions(impl: AllActivities): AllActivities {
  const names: (keyof AllActivities)[] = [
    'assessApplication',
    'syncCase',
    'reviewClock',
    'bureauSupervisors',
    'recordEvent',
    'reserveFunds',
    'setIntakeOpen',
  ];
  return Object.fromEntries(names.map((n) => [n, (impl[n] as (...a: unknown[]) => unknown).bind(impl)])) as unknown as AllActivities;
}

export const WORKFLOWS_PATH = require.resolve('../../workflows');

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: AllActivities;
  overrides?: Partial<WorkerOptions>;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: activityFunctions(options.activities),
    ...options.overrides,
  });
}
