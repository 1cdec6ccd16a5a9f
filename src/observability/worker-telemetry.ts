import { DefaultLogger, type RuntimeOptions } from '@temporalio/worker';
import type { AppConfig } from '../config/config';

/**
 * The worker's Temporal runtime: the SDK's logger, and its own Prometheus exporter (schedule-to-start,
 * task latencies, slots, sticky cache) on HOST:WORKER_METRICS_PORT when that is set. Durations in
 * seconds with the unit in the name, counters ending in _total: Prometheus' conventions.
 */
export function workerRuntimeOptions(config: AppConfig): RuntimeOptions {
  const port = config.observability.workerMetricsPort;
  return {
    // The SDK narrates bundling and state changes at INFO; keep that for LOG_LEVEL=debug.
    logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'WARN'),
    ...(port !== null
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: `${config.http.host}:${port}`, useSecondsForDurations: true, unitSuffix: true, countersTotalSuffix: true },
            },
          },
        }
      : {}),
  };
}

/** Where the worker's metrics are, for the start banner; null when off. */
export function workerMetricsUrl(config: AppConfig): string | null {
  const port = config.observability.workerMetricsPort;
  return port === null ? null : `http://${config.http.host}:${port}/metrics`;
}
