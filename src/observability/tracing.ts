import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import { EnvSchema } from '../config/config';

/*
 * OpenTelemetry traces, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: one trace runs from the HTTP
 * request (http, Express and Nest spans) through the Temporal client's workflow start or update, the
 * workflow and its activities (Temporal's interceptors carry the context in headers) to their SQL (pg).
 * The instrumentations patch modules as they are required, so tracing starts before anything else
 * loads: src/observability/trace-api.ts and trace-worker.ts are the entry points' first imports.
 */

interface Tracing {
  provider: NodeTracerProvider;
  processor: SpanProcessor;
  resource: Resource;
}
let active: Tracing | null = null;

// Scrapes and probes would be most of the spans, and tell nothing.
const UNTRACED = /^\/(?:metrics|health)(?:[/?]|$)/;

/** Starts tracing into `exporter` (batched, unless a test wants each span as it ends). */
export function startTracing(opts: { serviceName: string; exporter: SpanExporter; batch?: boolean }): void {
  if (active) return;
  const resource = new Resource({ 'service.name': opts.serviceName });
  const processor = opts.batch === false ? new SimpleSpanProcessor(opts.exporter) : new BatchSpanProcessor(opts.exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACED.test(req.url ?? '') }),
      new ExpressInstrumentation(),
      new NestInstrumentation(),
      // Statements only, never their values (form data, ids); no span for a query outside a trace.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  active = { provider, processor, resource };
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
  const url = `${settings.endpoint.replace(/\/$/, '')}/v1/traces`;
  startTracing({ serviceName: settings.serviceName ?? defaultServiceName, exporter: new OTLPTraceExporter({ url }) });
}

export function tracingActive(): boolean {
  return active !== null;
}

/** Sends what is buffered (a test reads its spans; a process about to exit keeps its last ones). */
export async function flushTracing(): Promise<void> {
  await active?.provider.forceFlush();
}

/** The Temporal client's interceptors: its workflow starts, updates and signals carry the trace. */
export function temporalClientInterceptors(): ClientInterceptors | undefined {
  return active ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

/**
 * What the worker adds when tracing: the package's workflow interceptors (bundled with the workflows),
 * the activity interceptors, and the sink the workflows' spans leave the sandbox by.
 */
export function temporalWorkerTracing(): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!active) return {};
  return {
    interceptors: {
      workflowModules: [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
      activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    },
    sinks: { exporter: makeWorkflowExporter(active.processor, active.resource) },
  };
}
