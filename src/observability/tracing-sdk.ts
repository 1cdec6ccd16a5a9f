import type { IncomingMessage } from 'node:http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { activateTracing, tracingActive } from './tracing';

/*
 * The OpenTelemetry SDK, loaded only when tracing is on (src/observability/tracing.ts): the provider,
 * the http, Express, Nest and pg instrumentations, and Temporal's interceptors and workflow span sink.
 */

// Scrapes and probes would be most of the spans, and tell nothing.
const UNTRACED = /^\/(?:metrics|health)(?:[/?]|$)/;

/** Starts tracing into `exporter` (batched, unless a test wants each span as it ends). */
export function startTracing(opts: { serviceName: string; exporter: SpanExporter; batch?: boolean }): void {
  if (tracingActive()) return;
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
  activateTracing({
    flush: () => provider.forceFlush(),
    clientInterceptors: () => ({ workflow: [new OpenTelemetryWorkflowClientInterceptor()] }),
    workerOptions: () => ({
      interceptors: {
        workflowModules: [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')],
        activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
      },
      sinks: { exporter: makeWorkflowExporter(processor, resource) },
    }),
  });
}

/** Traces over OTLP/HTTP to `endpoint` (the collector's base URL). */
export function startOtlpTracing(serviceName: string, endpoint: string): void {
  startTracing({ serviceName, exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }) });
}
