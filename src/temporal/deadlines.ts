import {
  defaultGrpcRetryOptions,
  isGrpcServiceError,
  makeGrpcRetryInterceptor,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type ConnectionOptions,
} from '@temporalio/client';

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/** How long the API waits on Temporal: a plain call (start, describe, signal, a history page, a list), and one that waits on a workflow. */
export interface TemporalDeadlines {
  rpcMs: number;
  workflowMs: number;
}

// Updates and queries are answered by the workflow itself (a worker runs the handler), so they may
// take longer than a call the server answers alone.
const WAITS_ON_WORKFLOW = /\/(UpdateWorkflowExecution|PollWorkflowExecutionUpdate|QueryWorkflow)$/;

/**
 * Every call the API makes to Temporal gets a deadline, set here rather than at each call site so
 * none is forgotten; a deadline a caller set already is kept when it is sooner.
 */
export function deadlineInterceptor(d: TemporalDeadlines, now: () => number = Date.now): Interceptor {
  return (options, nextCall) => {
    const ms = WAITS_ON_WORKFLOW.test(options.method_definition.path) ? d.workflowMs : d.rpcMs;
    const given = options.deadline === undefined ? Infinity : typeof options.deadline === 'number' ? options.deadline : options.deadline.getTime();
    // nextCall's InterceptingCallInterface is what grpc-js takes back; its type names the class.
    return nextCall({ ...options, deadline: Math.min(now() + ms, given) }) as ReturnType<Interceptor>;
  };
}

/**
 * The API's interceptors: the deadline outermost, so every retry shares it, and the SDK's retry of
 * transient errors with a short budget (four attempts, about a second of back-off) instead of its
 * default (ten attempts, about 20 s): a request with Temporal down answers 503 within the deadline.
 */
export function apiInterceptors(d: TemporalDeadlines): Interceptor[] {
  return [deadlineInterceptor(d), makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 4 }))];
}

const UNREACHABLE = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

/** Whether an update was sent but its outcome not heard in time: it may still be applied. */
export function isUnconfirmedUpdate(err: unknown): boolean {
  return err instanceof WorkflowUpdateRPCTimeoutOrCancelledError;
}

/** Whether an error (or its cause) says Temporal could not be reached in time: a 503, not a bug. */
export function isTemporalUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e) && UNREACHABLE.has(e.code)) return true;
  }
  return false;
}
