import { bundleWorkflowCode, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { temporalWorkerTracing } from '../observability/tracing';
import type {
  CaseActivities,
  IntakeActivities,
  LabActivities,
  NoticeActivities,
  PaymentActivities,
  RentFreeActivities,
  ReplayActivities,
} from '../../workflows/activities';

export type AllActivities = CaseActivities & IntakeActivities & LabActivities & RentFreeActivities & PaymentActivities & NoticeActivities;

/** One implementation per workflow's activity contract. */
export interface WorkerActivities {
  case: CaseActivities;
  payments: PaymentActivities;
  lab: LabActivities;
  rentFree: RentFreeActivities;
  notice: NoticeActivities;
  intake: IntakeActivities;
}

/**
 * Every activity name of each contract, once. The types make the check fail when a contract gains an
 * activity this list (and so the worker's registration) lacks, or lists one it does not have.
 */
const ACTIVITY_NAMES: { [K in keyof WorkerActivities]: Record<keyof WorkerActivities[K], true> } = {
  case: { assessCase: true, projectCase: true, reserveAward: true },
  payments: { awardShares: true, issuePaymentOrder: true, openPaymentOrders: true, issueAwardOrders: true },
  lab: { labSettings: true, projectLab: true, markLabTask: true, fileLabReward: true },
  rentFree: { rentFreePeriod: true, recordCaseEvents: true },
  notice: { deliverNotice: true },
  intake: { setIntakeOpen: true },
};

/** Binds each contract's methods to its implementation, so Temporal can call them as plain functions. */
export function activityFunctions(impls: WorkerActivities): AllActivities {
  const out: Record<string, unknown> = {};
  for (const group of Object.keys(ACTIVITY_NAMES) as (keyof WorkerActivities)[]) {
    const impl = impls[group] as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const name of Object.keys(ACTIVITY_NAMES[group])) out[name] = impl[name]!.bind(impl);
  }
  return out as unknown as AllActivities;
}

export const WORKFLOWS_PATH = require.resolve('../../workflows');

/** The admin's replay job's activities (src/admin/replay.activities.ts), given the worker's own bundle to replay against. */
export type ReplayActivitiesProvider = ReplayActivities & { useBundle(bundle: { code: string }): void };

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: WorkerActivities;
  replay: ReplayActivitiesProvider;
  overrides?: Partial<WorkerOptions>;
}): Promise<Worker> {
  // Bundled here rather than by Worker.create, so the replay job replays against this very code
  // without building a second bundle. Tracing (off unless configured) adds its workflow interceptors.
  const tracing = temporalWorkerTracing();
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: tracing.interceptors?.workflowModules ?? [],
    logger: Runtime.instance().logger,
  });
  const replay = options.replay;
  replay.useBundle(workflowBundle);
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle,
    activities: { ...activityFunctions(options.activities), replayBatch: replay.replayBatch.bind(replay) },
    interceptors: { activity: tracing.interceptors?.activity ?? [] },
    ...(tracing.sinks ? { sinks: tracing.sinks } : {}),
    ...options.overrides,
  });
}
