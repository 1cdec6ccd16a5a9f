import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DeterminismViolationError } from '@temporalio/workflow';
import type { DivergencePoint, ReplayBatch, ReplayOutcome, ReplayPlan, ReplaySelection, WorkflowReplayResult } from '../../workflows/replay.messages';
import { REPLAY_SENTENCES } from '../domain/words/admin';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export type { DivergencePoint, ReplayOutcome, ReplayPlan, ReplaySelection, WorkflowReplayResult } from '../../workflows/replay.messages';

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

/** Histories per page when the whole selection is replayed at once (the CLI). */
const RUN_PAGE = 100;

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
      return REPLAY_SENTENCES.replays();
    case 'diverged':
      return r.divergedAt ? REPLAY_SENTENCES.divergesAt(r.divergedAt.eventId, r.divergedAt.eventType) : REPLAY_SENTENCES.diverges();
    case 'failed':
      return REPLAY_SENTENCES.failed();
  }
}

function result(r: Omit<WorkflowReplayResult, 'summary'>): WorkflowReplayResult {
  return { ...r, summary: summaryOf(r) };
}

// The worker package (bundler, native worker) is loaded on the first replay, not when the API boots.
const workerPackage = (): Promise<typeof import('@temporalio/worker')> => import('@temporalio/worker');
/** The worker's own entry (src/temporal/worker.factory.ts), loaded with it. */
const workerWorkflowsPath = async (): Promise<string> => (await import('../temporal/worker.factory')).WORKFLOWS_PATH;
const workerBundlerOptions = async (path: string): Promise<{ workflowsPath: string; preloadModules: string[] }> =>
  (await import('../temporal/worker.factory')).workflowBundlerOptions(path);

interface Replayed {
  workflowId: string;
  runId: string;
  error?: Error;
}

/** A replay worker with nothing to do closes after this long; the next batch opens another. */
const SESSION_IDLE_MS = 30_000;
/** Histories fetched from the server at once: each is a round trip, so a page is fetched in parallel. */
const FETCH_CONCURRENCY = 8;

interface SdkHooks {
  installed: boolean;
  promiseHookInstalled: boolean;
  /** Private in the SDK's types (1.24): the promise hook's own stop, which uninstall() also calls. */
  stopPromiseHook(): void;
  uninstall(): void;
}
/** The SDK's thread-wide hooks for workflow stack traces, which a replay worker installs in this thread. */
const sdkHooks = async (): Promise<SdkHooks> => (await import('@temporalio/worker/lib/workflow/vm-shared')).globalHandlers as unknown as SdkHooks;
let openSessions = 0;
let hooksWereOurs = false;

/**
 * A replay worker runs its workflows in this thread (replay gets no workflow threads), where the SDK
 * installs a promise hook for workflow stack traces (it runs on every promise the thread creates,
 * compiling a function each time: a bare promise costs about 13 times as much) and an
 * Error.prepareStackTrace override, and never removes them. In the worker that would tax every
 * activity after the first replay job, so once no session is open they are removed, unless they were
 * there before the first session opened (a debug-mode worker running its workflows in this thread).
 */
async function sessionOpened(): Promise<void> {
  if (openSessions++ === 0) hooksWereOurs = !(await sdkHooks()).installed;
}
async function sessionClosed(): Promise<void> {
  if (--openSessions === 0 && hooksWereOurs) (await sdkHooks()).uninstall();
}

/**
 * Once a session's replay worker has installed the hooks, its promise hook is stopped again: it serves
 * only the stack-trace query, which nobody sends a replay, and it cost a sixth of every replay and a
 * tax on every activity this thread ran meanwhile. The workflows created after it see no hook and keep
 * no stacks; errors still read with the bundle's source map. Left alone when the hooks were not ours.
 */
async function stopPromiseHook(): Promise<void> {
  const hooks = await sdkHooks();
  if (!hooksWereOurs || !hooks.promiseHookInstalled) return;
  hooks.stopPromiseHook();
  hooks.promiseHookInstalled = false;
}

/**
 * One replay worker kept open across batches. Opening one costs far more than replaying a history
 * (a V8 context evaluating the whole bundle, the bundle's source map parsed), so a job's batches share
 * one instead of opening one each. The SDK replays the histories fed to it one at a time, in order,
 * so results come back in the order the histories went in.
 */
export class ReplaySession {
  private readonly queue: { workflowId: string; history: History }[] = [];
  private readonly pending: { resolve(r: Replayed): void; reject(e: unknown): void }[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private idle: NodeJS.Timeout | null = null;
  readonly finished: Promise<void>;

  constructor(bundle: { code: string }, name: string) {
    this.finished = (async () => {
      await sessionOpened();
      const { Worker } = await workerPackage();
      for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: name }, this.feed())) {
        this.pending.shift()?.resolve(r);
        if (this.pending.length === 0) this.armIdle();
      }
    })()
      .then(
        () => this.fail(new Error('the replay worker stopped')),
        (err: unknown) => this.fail(err),
      )
      .then(sessionClosed);
  }

  get open(): boolean {
    return !this.closed;
  }

  /** Each history's result, in the order given. */
  replay(histories: { workflowId: string; history: History }[]): Promise<Replayed>[] {
    if (this.closed) throw new Error('the replay session is closed');
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const results = histories.map((h) => {
      this.queue.push(h);
      const p = new Promise<Replayed>((resolve, reject) => this.pending.push({ resolve, reject }));
      // Handled where awaited; a batch that stops at its first failure leaves the rest unawaited.
      p.catch(() => undefined);
      return p;
    });
    this.wake?.();
    return results;
  }

  close(): Promise<void> {
    this.closed = true;
    if (this.idle) clearTimeout(this.idle);
    this.wake?.();
    return this.finished;
  }

  private async *feed(): AsyncGenerator<{ workflowId: string; history: History }> {
    // The SDK asks for the first history only once its replay worker (and so the hooks) is in place.
    await stopPromiseHook();
    for (;;) {
      const next = this.queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  private armIdle(): void {
    this.idle = setTimeout(() => void this.close(), SESSION_IDLE_MS);
    this.idle.unref();
  }

  private fail(err: unknown): void {
    this.closed = true;
    if (this.idle) clearTimeout(this.idle);
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}

/** Maps with at most `limit` calls under way, results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/**
 * Replays workflow histories from the server against the workflow code this process carries (the
 * worker's own workflowsPath), a page of histories in memory at a time. Shared by `npm run replay` and
 * the admin's replay job (whose activities run in the worker). The bundle is built once per engine, so locating a divergence costs replays, not bundles.
 */
export class ReplayEngine {
  private bundle: Promise<{ code: string }> | null = null;
  private types: Promise<Set<string> | null> | null = null;
  private session: ReplaySession | null = null;
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

  /** Replays what the plan selects, a page at a time; once `signal` aborts, no further page is fetched and the report covers those replayed. */
  async run(plan: ReplayPlan, onProgress?: (p: ReplayProgress) => void, signal?: AbortSignal): Promise<ReplayReport> {
    const results: WorkflowReplayResult[] = [];
    let total = plan.total;
    let done = 0;
    let cursor: string | null = null;
    do {
      const batch: ReplayBatch = await this.batch(plan, cursor, RUN_PAGE, (r) => {
        done++;
        // Visibility counts are approximate: the total grows if more turn up than were counted.
        total = Math.max(total, done);
        onProgress?.({ done, total, last: r });
      });
      results.push(...batch.results);
      cursor = batch.cursor;
    } while (cursor !== null && !signal?.aborted);
    await this.close();
    const count = (o: ReplayOutcome): number => results.filter((r) => r.outcome === o).length;
    return { query: plan.query, total: results.length, ok: count('ok'), diverged: count('diverged'), failed: count('failed'), results };
  }

  /**
   * Replays the next `size` workflows of the plan after `cursor` (null: the first), holding only those
   * histories in memory; `onEach` hears each result as it is known. The admin's replay job runs one
   * batch per activity, so its progress is durable between batches.
   */
  async batch(plan: ReplayPlan, cursor: string | null, size: number, onEach?: (r: WorkflowReplayResult) => void): Promise<ReplayBatch> {
    const page = await this.fetchPage(plan, cursor, size);
    // Results in the selection's order, whatever order the replayer finishes them in.
    const slots: (WorkflowReplayResult | null)[] = page.items.map(() => null);
    const record = (i: number, r: WorkflowReplayResult): void => {
      slots[i] = r;
      onEach?.(r);
    };
    const fetched = new Map<string, { item: Fetched; at: number }>();
    page.items.forEach((item, at) => {
      if ('failure' in item) record(at, item.failure);
      else fetched.set(item.runId, { item, at });
    });
    const histories = [...fetched.values()].map(({ item }) => ({ workflowId: item.workflowId, history: item.history }));
    if (histories.length > 0) {
      const bundle = await this.workflowBundle();
      for (const pending of await this.replaySession(bundle).then((s) => s.replay(histories))) {
        const replayed = await pending;
        // A failed replay may not report the run it replayed: then it is the next of that workflow's not yet answered.
        const f = fetched.get(replayed.runId) ?? [...fetched.values()].find(({ item, at }) => item.workflowId === replayed.workflowId && slots[at] === null);
        const r = await this.classify(bundle, replayed.workflowId, f?.item.runId ?? replayed.runId, f?.item ?? null, replayed.error);
        if (f) record(f.at, r);
        else onEach?.(r);
      }
    }
    const results = slots.filter((r): r is WorkflowReplayResult => r !== null);
    return { results, cursor: page.next };
  }

  /** The open replay worker, or a new one (the first batch, after an idle close, or after a failure). */
  private async replaySession(bundle: { code: string }): Promise<ReplaySession> {
    if (!this.session?.open) this.session = new ReplaySession(bundle, `admin-replay-${++this.runs}`);
    return this.session;
  }

  /** Closes the replay worker (it also closes by itself when idle). */
  async close(): Promise<void> {
    await this.session?.close();
    this.session = null;
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
    await sessionOpened();
    try {
      if (hi === 0 || !(await diverges(hi))) return null;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (await diverges(mid)) hi = mid;
        else lo = mid + 1;
      }
    } finally {
      await sessionClosed();
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
      const b = await bundleWorkflowCode({ ...(await workerBundlerOptions(await this.entry())), logger: new DefaultLogger('WARN') });
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

  /** One page of the selection: for named workflows the cursor is an index, for a query the server's page token. */
  private async fetchPage(
    plan: ReplayPlan,
    cursor: string | null,
    size: number,
  ): Promise<{ items: (Fetched | { failure: WorkflowReplayResult })[]; next: string | null }> {
    const failure = (workflowId: string, runId: string | null, workflowType: string | null, err: unknown): { failure: WorkflowReplayResult } => ({
      failure: result({ workflowId, runId, workflowType, outcome: 'failed', error: err instanceof Error ? err.message : String(err), divergedAt: null }),
    });
    if (plan.selection.kind === 'ids') {
      const from = cursor === null ? 0 : Number(cursor);
      const ids = plan.selection.workflowIds.slice(from, from + size);
      const items = await mapLimit(ids, FETCH_CONCURRENCY, async (workflowId): Promise<Fetched | { failure: WorkflowReplayResult }> => {
        try {
          const d = await this.client.workflow.getHandle(workflowId).describe();
          return { workflowId, runId: d.runId, workflowType: d.type, history: await this.client.workflow.getHandle(workflowId, d.runId).fetchHistory() };
        } catch (err) {
          return failure(workflowId, null, null, err);
        }
      });
      return { items, next: from + size < plan.selection.workflowIds.length ? String(from + size) : null };
    }
    const page = await this.client.workflowService.listWorkflowExecutions({
      namespace: this.client.options.namespace,
      query: plan.query ?? '',
      pageSize: size,
      nextPageToken: cursor === null ? undefined : Buffer.from(cursor, 'base64'),
    });
    const items = await mapLimit(page.executions ?? [], FETCH_CONCURRENCY, async (e): Promise<Fetched | { failure: WorkflowReplayResult }> => {
      const workflowId = e.execution?.workflowId ?? '';
      const runId = e.execution?.runId ?? '';
      const workflowType = e.type?.name ?? '';
      try {
        return { workflowId, runId, workflowType, history: await this.client.workflow.getHandle(workflowId, runId).fetchHistory() };
      } catch (err) {
        return failure(workflowId, runId, workflowType, err);
      }
    });
    const token = page.nextPageToken && page.nextPageToken.length > 0 ? Buffer.from(page.nextPageToken).toString('base64') : null;
    return { items, next: token };
  }

  /** Replays against this code from now on: the worker's own bundle, so no second one is built. */
  useBundle(bundle: { code: string }): void {
    this.bundle = Promise.resolve(bundle);
    void this.close();
  }
}
