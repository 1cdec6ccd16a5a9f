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

/**
 * Our workflow modules evaluated once per workflow thread, not once per workflow. The SDK otherwise
 * gives every cached workflow its own instance of every module the entry imports (the case machine,
 * the catalogue of sentences): the worker's memory rose with its cache and each new or evicted case
 * paid for evaluating them again. The modules keep no per-workflow state at module level (their only
 * module-level values are constants and caches of Intl formatters), which preloading requires; the
 * SDK freezes what they export. Every bundle of WORKFLOWS_PATH is built with these options, tests and
 * replay included, so what replays in CI is what runs.
 */
export function workflowBundlerOptions(workflowsPath = WORKFLOWS_PATH): { workflowsPath: string; preloadModules: string[] } {
  return { workflowsPath, preloadModules: [workflowsPath] };
}

/** The same, as Worker.create and Worker.runReplayHistories take them when they bundle the code themselves. */
export function workflowSourceOptions(workflowsPath = WORKFLOWS_PATH): { workflowsPath: string; bundlerOptions: { preloadModules: string[] } } {
  const { preloadModules } = workflowBundlerOptions(workflowsPath);
  return { workflowsPath, bundlerOptions: { preloadModules } };
}

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
    ...workflowBundlerOptions(),
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
