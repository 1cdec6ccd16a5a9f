import type { ClientInterceptors } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import { EnvSchema } from '../config/config';

/*
 * OpenTelemetry traces, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: one trace runs from the HTTP
 * request (http, Express and Nest spans) through the Temporal client's workflow start or update, the
 * workflow and its activities (Temporal's interceptors carry the context in headers) to their SQL (pg).
 * The instrumentations patch modules as they are required, so tracing starts before anything else
 * loads: trace-api.ts and trace-worker.ts are the entry points' first imports. This module holds no
 * OpenTelemetry code; tracing-sdk.ts, loaded only when tracing is on, does.
 */

interface ActiveTracing {
  flush(): Promise<void>;
  clientInterceptors(): ClientInterceptors;
  workerOptions(): Pick<WorkerOptions, 'interceptors' | 'sinks'>;
}
let active: ActiveTracing | null = null;

/** Called by tracing-sdk.ts once its provider runs. */
export function activateTracing(tracing: ActiveTracing): void {
  active = tracing;
}

/** The trace settings of the environment (the zod schema's), or null when tracing is off. */
export function tracingFromEnv(source: NodeJS.ProcessEnv = process.env): { endpoint: string; serviceName: string | null } | null {
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const e = EnvSchema.pick({ OTEL_EXPORTER_OTLP_ENDPOINT: true, OTEL_SERVICE_NAME: true }).safeParse(present);
  // A bad value is reported by loadConfig, with every other problem, when the process boots.
  if (!e.success || !e.data.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  return { endpoint: e.data.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.data.OTEL_SERVICE_NAME ?? null };
}

/** An entry point's first act: traces over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
export function startTracingFromEnv(defaultServiceName: string): void {
  const settings = tracingFromEnv();
  if (!settings) return;
  // Required here, not imported: the SDK and its instrumentations cost half a second to load, for nothing when off.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('./tracing-sdk') as typeof import('./tracing-sdk');
  sdk.startOtlpTracing(settings.serviceName ?? defaultServiceName, settings.endpoint);
}

export function tracingActive(): boolean {
  return active !== null;
}

/** Sends what is buffered (a test reads its spans; a process about to exit keeps its last ones). */
export async function flushTracing(): Promise<void> {
  await active?.flush();
}

/** The Temporal client's interceptors: its workflow starts, updates and signals carry the trace. */
export function temporalClientInterceptors(): ClientInterceptors | undefined {
  return active?.clientInterceptors();
}

/**
 * What the worker adds when tracing: the package's workflow interceptors (bundled with the workflows),
 * the activity interceptors, and the sink the workflows' spans leave the sandbox by.
 */
export function temporalWorkerTracing(): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  return active?.workerOptions() ?? {};
}
