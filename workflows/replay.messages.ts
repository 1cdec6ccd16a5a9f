import { defineQuery } from '@temporalio/workflow';

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

export interface ReplayPlan {
  selection: ReplaySelection;
  /** The visibility query that selects the workflows (null for named workflows). */
  query: string | null;
  /** How many workflows the selection holds; from visibility, so approximate for a query. */
  total: number;
}

/** One batch of a replay: the histories after `cursor` (null: from the start). */
export interface ReplayBatchInput {
  plan: ReplayPlan;
  cursor: string | null;
  size: number;
}

export interface ReplayBatch {
  results: WorkflowReplayResult[];
  /** Where the next batch starts; null when this one was the last. */
  cursor: string | null;
}

export type ReplayJobStatus = 'running' | 'completed' | 'failed';

/** A replay job as its workflow holds it: answered by the query while it runs, returned when it ends. */
export interface ReplayJobState {
  jobId: string;
  plan: ReplayPlan;
  status: ReplayJobStatus;
  startedAt: string;
  finishedAt: string | null;
  cursor: string | null;
  ok: number;
  diverged: number;
  failed: number;
  /** Why the job itself stopped early (Temporal could not be read, …); null otherwise. */
  error: string | null;
  results: WorkflowReplayResult[];
}

export interface ReplayJobInput {
  jobId: string;
  plan: ReplayPlan;
  startedAt: string;
  /** The state a previous run handed on (continue-as-new). */
  state?: ReplayJobState;
}

/**
 * One replay job at a time, under this workflow id: a second start while one runs is refused by
 * Temporal itself, whichever API instance asks. Each job's id is in its memo (`jobId`).
 */
export const REPLAY_WORKFLOW_ID = 'admin-replay';

export const replayJobQuery = defineQuery<ReplayJobState>('replayJob');
