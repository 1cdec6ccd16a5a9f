import { loadConfig } from '../config/config';
import { temporalClientInterceptors, temporalWorkerTracing, tracingActive, tracingFromEnv } from './tracing';
import { workerMetricsUrl, workerRuntimeOptions } from './worker-telemetry';

describe('observability settings', () => {
  it('traces nothing unless an OTLP endpoint is set', () => {
    expect(tracingFromEnv({})).toBeNull();
    expect(tracingFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeNull();
    expect(tracingFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'api-east' })).toEqual({
      endpoint: 'http://collector:4318',
      serviceName: 'api-east',
    });
    // Not started in this process: the Temporal client and worker get no interceptors and no sinks.
    expect(tracingActive()).toBe(false);
    expect(temporalClientInterceptors()).toBeUndefined();
    expect(temporalWorkerTracing()).toEqual({});
  });

  it('refuses a malformed endpoint, Redis URL or metrics token at boot, naming the setting', () => {
    const dev = { APP_ENV: 'development' };
    expect(() => loadConfig({ ...dev, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT: .*http\(s\) URL/);
    expect(() => loadConfig({ ...dev, REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(/REDIS_URL: .*redis:\/\/host:6379/);
    expect(() => loadConfig({ ...dev, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: .*at least 16 characters/);
    expect(loadConfig({ ...dev, REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({ url: 'redis://127.0.0.1:6379', keyPrefix: 'subsidies:' });
    expect(loadConfig(dev).redis).toBeNull();
  });

  it("serves the worker's SDK metrics on HOST:WORKER_METRICS_PORT only when the port is set", () => {
    const off = loadConfig({ APP_ENV: 'development' });
    expect(workerRuntimeOptions(off).telemetryOptions).toBeUndefined();
    expect(workerMetricsUrl(off)).toBeNull();
    const on = loadConfig({ APP_ENV: 'development', HOST: '0.0.0.0', WORKER_METRICS_PORT: '9464' });
    expect(workerRuntimeOptions(on).telemetryOptions?.metrics).toEqual({
      prometheus: { bindAddress: '0.0.0.0:9464', useSecondsForDurations: true, unitSuffix: true, countersTotalSuffix: true },
    });
    expect(workerMetricsUrl(on)).toBe('http://0.0.0.0:9464/metrics');
  });
});
