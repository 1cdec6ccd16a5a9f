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

/**
 * Every activity name of the contract, once. The `satisfies` makes the type check fail when the
 * contract gains an activity this list (and so the implementation handed to the worker) lacks.
 */
const ACTIVITY_NAMES = {
  assessCase: true,
  projectCase: true,
  reserveFunds: true,
  setIntakeOpen: true,
  labSettings: true,
  projectLab: true,
  markLabTask: true,
  fileLabReward: true,
  rentFreePeriod: true,
  recordCaseEvents: true,
  reserveAward: true,
  startAwardPayments: true,
  awardShares: true,
  issuePaymentOrder: true,
  openPaymentOrders: true,
  deliverNotice: true,
} as const satisfies Record<keyof AllActivities, true>;

/** Binds every activity method to its provider so Temporal can call them as plain functions. */
export function activityFunctions(impl: AllActivities): AllActivities {
  const names = Object.keys(ACTIVITY_NAMES) as (keyof AllActivities)[];
  return Object.fromEntries(names.map((n) => [n, (impl[n] as (...a: unknown[]) => unknown).bind(impl)])) as unknown as AllActivities;
}

export const WORKFLOWS_PATH = require.resolve('../../workflows');

/** The admin's replay job's activities (src/admin/replay.activities.ts), given the worker's own bundle to replay against. */
export type ReplayActivitiesProvider = ReplayActivities & { useBundle(bundle: { code: string }): void };

export async function createWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: AllActivities;
  replay: ReplayActivitiesProvider;
  overrides?: Partial<WorkerOptions>;
}): Promise<Worker> {
  // Bundled here rather than by Worker.create, so the replay job replays against this very code
  // without building a second bundle.
  // Nothing unless tracing is on (src/observability/tracing.ts); its workflow interceptors go into the bundle.
  const tracing = temporalWorkerTracing();
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: tracing.interceptors?.workflowModules ?? [],
    logger: Runtime.instance().logger,
  });
  options.replay.useBundle(workflowBundle);
  const replay = options.replay;
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
