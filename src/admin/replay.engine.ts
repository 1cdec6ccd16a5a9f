import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Which workflows to replay: named ones (their latest run), a visibility query, or every workflow of the service's task queue. */
export type ReplaySelection = { kind: 'ids'; workflowIds: string[] } | { kind: 'query'; query: string } | { kind: 'all' };

export type ReplayOutcome = 'ok' | 'diverged' | 'failed';

export interface DivergencePoint {
  eventId: number;
  /** As the Temporal Web UI and CLI name it, e.g. ActivityTaskScheduled. */
  eventType: string;
}

export interface WorkflowReplayResult {
  workflowId: string;
  runId: string | null;
  workflowType: string | null;
  outcome: ReplayOutcome;
  /** The determinism error, or why the history could not be fetched or replayed; null when ok. */
  error: string | null;
  divergedAt: DivergencePoint | null;
  summary: { zh: string; en: string };
}

export interface ReplayCounts {
  total: number;
  ok: number;
  diverged: number;
  failed: number;
}

export interface ReplayReport extends ReplayCounts {
  /** The visibility query that selected the workflows (null for named workflows). */
  query: string | null;
  results: WorkflowReplayResult[];
}

export interface ReplayPlan {
  selection: ReplaySelection;
  query: string | null;
  /** How many workflows the selection holds; from visibility, so approximate for a query. */
  total: number;
}

export interface ReplayProgress {
  done: number;
  total: number;
  last: WorkflowReplayResult;
}

interface Fetched {
  workflowId: string;
  runId: string;
  workflowType: string;
  history: History;
}

export class InvalidReplayQueryError extends Error {}

const GRPC_INVALID_ARGUMENT = 3;

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` (or its number) → `ActivityTaskScheduled`. */
export function eventTypeName(type: HistoryEvent['eventType']): string {
  const raw = typeof type === 'number' ? temporal.api.enums.v1.EventType[type] : String(type ?? 'EVENT_TYPE_UNSPECIFIED');
  return (raw ?? 'EVENT_TYPE_UNSPECIFIED')
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Core names the event it could not match in most determinism errors: `HistoryEvent(id: 5, ActivityTaskScheduled)`. */
export function divergenceInMessage(message: string, history: History): DivergencePoint | null {
  const m = /HistoryEvent\(id: (\d+), (\w+)/.exec(message);
  if (!m) return null;
  const eventId = Number(m[1]);
  const event = (history.events ?? []).find((e) => Number(String(e.eventId)) === eventId);
  return { eventId, eventType: event ? eventTypeName(event.eventType) : m[2]! };
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function summaryOf(r: Omit<WorkflowReplayResult, 'summary'>): { zh: string; en: string } {
  switch (r.outcome) {
    case 'ok':
      return { zh: '与当前工作流代码一致', en: 'replays on the current workflow code' };
    case 'diverged':
      return r.divergedAt
        ? {
            zh: `在事件 ${r.divergedAt.eventId}（${r.divergedAt.eventType}）处与当前工作流代码不一致`,
            en: `diverges from the current workflow code at event ${r.divergedAt.eventId} (${r.divergedAt.eventType})`,
          }
        : { zh: '与当前工作流代码不一致', en: 'diverges from the current workflow code' };
    case 'failed':
      return { zh: '无法获取其历史，或无法用当前工作流代码重放', en: 'its history could not be fetched, or not replayed on the current workflow code' };
  }
}

function result(r: Omit<WorkflowReplayResult, 'summary'>): WorkflowReplayResult {
  return { ...r, summary: summaryOf(r) };
}

// The worker package (bundler, native worker) is loaded on the first replay, not when the API boots.
const workerPackage = (): Promise<typeof import('@temporalio/worker')> => import('@temporalio/worker');
/** The worker's own entry (src/temporal/worker.factory.ts), loaded with it. */
const workerWorkflowsPath = async (): Promise<string> => (await import('../temporal/worker.factory')).WORKFLOWS_PATH;

/**
 * Replays workflow histories from the server against the workflow code this process carries (the
 * worker's own workflowsPath), one history in memory at a time. Shared by `npm run replay` and the
 * admin endpoint. The bundle is built once per engine, so locating a divergence costs replays, not bundles.
 */
export class ReplayEngine {
  private bundle: Promise<{ code: string }> | null = null;
  private types: Promise<Set<string> | null> | null = null;
  private runs = 0;

  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    /** Defaults to the worker's; tests pass a deliberately changed copy. */
    private readonly workflowsPath?: string,
  ) {}

  /** Resolves what a selection covers; a query the server refuses is an InvalidReplayQueryError. */
  async plan(selection: ReplaySelection): Promise<ReplayPlan> {
    if (selection.kind === 'ids') {
      const workflowIds = [...new Set(selection.workflowIds)];
      return { selection: { kind: 'ids', workflowIds }, query: null, total: workflowIds.length };
    }
    const query = selection.kind === 'query' ? selection.query : `TaskQueue=${quote(this.taskQueue)}`;
    try {
      const { count } = await this.client.workflow.count(query);
      return { selection, query, total: Number(count) };
    } catch (err) {
      // The SDK's message is generic ("Failed to count workflows"); the server's reason is in the gRPC cause.
      const cause = err instanceof Error ? (err.cause as { code?: number; details?: string } | undefined) : undefined;
      if (cause?.code !== GRPC_INVALID_ARGUMENT) throw err;
      throw new InvalidReplayQueryError(`${(err as Error).message}${cause.details ? `: ${cause.details}` : ''}`);
    }
  }

  /** Replays what the plan selects; once `signal` aborts, no further history is fetched and the report covers those replayed. */
  async run(plan: ReplayPlan, onProgress?: (p: ReplayProgress) => void, signal?: AbortSignal): Promise<ReplayReport> {
    const bundle = await this.workflowBundle();
    const results: WorkflowReplayResult[] = [];
    const fetched = new Map<string, Fetched>();
    const pending: WorkflowReplayResult[] = [];
    let total = plan.total;
    const record = (r: WorkflowReplayResult): void => {
      results.push(r);
      // Visibility counts are approximate: the total grows if more turn up than were counted.
      total = Math.max(total, results.length);
      onProgress?.({ done: results.length, total, last: r });
    };

    const histories = async function* (this: ReplayEngine): AsyncGenerator<{ workflowId: string; history: History }> {
      for await (const item of this.fetchAll(plan, signal)) {
        if ('failure' in item) {
          pending.push(item.failure);
          continue;
        }
        fetched.set(item.runId, item);
        yield { workflowId: item.workflowId, history: item.history };
      }
    }.call(this);

    const { Worker } = await workerPackage();
    for await (const replayed of Worker.runReplayHistories({ workflowBundle: bundle, replayName: `admin-replay-${++this.runs}` }, histories)) {
      for (const failure of pending.splice(0)) record(failure);
      const f = fetched.get(replayed.runId);
      fetched.delete(replayed.runId);
      record(await this.classify(bundle, replayed.workflowId, replayed.runId, f ?? null, replayed.error));
    }
    for (const failure of pending.splice(0)) record(failure);

    const count = (o: ReplayOutcome): number => results.filter((r) => r.outcome === o).length;
    return { query: plan.query, total: results.length, ok: count('ok'), diverged: count('diverged'), failed: count('failed'), results };
  }

  private async classify(
    bundle: { code: string },
    workflowId: string,
    runId: string,
    f: Fetched | null,
    error: Error | undefined,
  ): Promise<WorkflowReplayResult> {
    const base = { workflowId, runId, workflowType: f?.workflowType ?? null };
    // The replayer passes a history whose type the code lacks (its task fails, which replay does not report).
    const types = await this.workflowTypes();
    if (f && types && !types.has(f.workflowType)) {
      const error = `the current workflow code has no workflow type ${f.workflowType} (it exports ${[...types].join(', ')})`;
      return result({ ...base, outcome: 'failed', error, divergedAt: null });
    }
    if (!error) return result({ ...base, outcome: 'ok', error: null, divergedAt: null });
    if (!(error instanceof DeterminismViolationError)) return result({ ...base, outcome: 'failed', error: error.message, divergedAt: null });
    const history = f?.history ?? { events: [] };
    const divergedAt = divergenceInMessage(error.message, history) ?? (await this.locateByPrefix(bundle, workflowId, history));
    return result({ ...base, outcome: 'diverged', error: error.message, divergedAt });
  }

  /**
   * For determinism errors that name no event (e.g. "Activity type of scheduled event … does not
   * match …"): the shortest prefix of the history that still diverges ends at the diverging event.
   */
  async locateByPrefix(bundle: { code: string }, workflowId: string, history: History): Promise<DivergencePoint | null> {
    const events = history.events ?? [];
    const { Worker } = await workerPackage();
    const diverges = async (n: number): Promise<boolean> => {
      try {
        await Worker.runReplayHistory({ workflowBundle: bundle, replayName: `admin-locate-${++this.runs}` }, { events: events.slice(0, n) }, workflowId);
        return false;
      } catch (err) {
        return err instanceof DeterminismViolationError;
      }
    };
    let lo = 1;
    let hi = events.length;
    if (hi === 0 || !(await diverges(hi))) return null;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (await diverges(mid)) hi = mid;
      else lo = mid + 1;
    }
    const event = events[lo - 1]!;
    return { eventId: Number(String(event.eventId)), eventType: eventTypeName(event.eventType) };
  }

  /** The workflow types the entry exports, as the worker registers them; null if the entry cannot be loaded outside a workflow. */
  workflowTypes(): Promise<Set<string> | null> {
    this.types ??= this.entry()
      .then((path) => import(path))
      .then(
        (m: Record<string, unknown>) => new Set(Object.keys(m).filter((k) => typeof m[k] === 'function')),
        () => null,
      );
    return this.types;
  }

  workflowBundle(): Promise<{ code: string }> {
    this.bundle ??= (async () => {
      const { bundleWorkflowCode, DefaultLogger } = await workerPackage();
      const b = await bundleWorkflowCode({ workflowsPath: await this.entry(), logger: new DefaultLogger('WARN') });
      return { code: b.code };
    })().catch((err: unknown) => {
      // A bundle that failed to build (a broken checkout) is tried again on the next replay.
      this.bundle = null;
      throw err;
    });
    return this.bundle;
  }

  private async entry(): Promise<string> {
    return this.workflowsPath ?? (await workerWorkflowsPath());
  }

  private async *fetchAll(plan: ReplayPlan, signal?: AbortSignal): AsyncGenerator<Fetched | { failure: WorkflowReplayResult }> {
    if (plan.selection.kind === 'ids') {
      for (const workflowId of plan.selection.workflowIds) {
        if (signal?.aborted) return;
        try {
          const handle = this.client.workflow.getHandle(workflowId);
          const d = await handle.describe();
          yield { workflowId, runId: d.runId, workflowType: d.type, history: await this.client.workflow.getHandle(workflowId, d.runId).fetchHistory() };
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          yield { failure: result({ workflowId, runId: null, workflowType: null, outcome: 'failed', error: message, divergedAt: null }) };
        }
      }
      return;
    }
    for await (const execution of this.client.workflow.list({ query: plan.query ?? undefined })) {
      if (signal?.aborted) return;
      try {
        const history = await this.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
        yield { workflowId: execution.workflowId, runId: execution.runId, workflowType: execution.type, history };
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        yield {
          failure: result({
            workflowId: execution.workflowId,
            runId: execution.runId,
            workflowType: execution.type,
            outcome: 'failed',
            error: message,
            divergedAt: null,
          }),
        };
      }
    }
  }
}
