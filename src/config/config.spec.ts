import { ConfigError, DEFAULT_DATABASE_URL, loadConfig, nestLogLevels } from './config';

describe('configuration', () => {
  it('runs on embedded defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(c.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', tls: null });
    expect(c.auth.devTokens).toBe(false);
  });

  it('names every bad variable at boot', () => {
    expect(() => loadConfig({ PORT: 'eighty', TEMPORAL_TLS: 'maybe' })).toThrow(/PORT[\s\S]*TEMPORAL_TLS|TEMPORAL_TLS[\s\S]*PORT/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: JWT_SECRET must be at least 32 characters/);
  });

  it('refuses production without a real key, or with dev tokens on', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    const secret = 'x'.repeat(40);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, DEV_TOKENS: 'true' })).toThrow(/DEV_TOKENS/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).auth.secret).toBe(secret);
  });

  it('points at an existing cluster with TLS when told to', () => {
    const c = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.gov.example:7233',
      TEMPORAL_NAMESPACE: 'subsidies',
      TEMPORAL_TLS: 'true',
      TEMPORAL_TLS_SERVER_NAME: 'temporal',
    });
    expect(c.temporal).toMatchObject({ address: 'temporal.gov.example:7233', namespace: 'subsidies', tls: { serverName: 'temporal' } });
  });

  it('logs at LOG_LEVEL and everything more severe', () => {
    expect(nestLogLevels(loadConfig({}).logLevel)).toEqual(['log', 'warn', 'error']);
    expect(nestLogLevels(loadConfig({ LOG_LEVEL: 'warn' }).logLevel)).toEqual(['warn', 'error']);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('passes only the worker tuning that is set, and refuses a slot count the SDK would reject', () => {
    expect(loadConfig({}).worker).toEqual({});
    expect(loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8', WORKER_MAX_CACHED_WORKFLOWS: '500' }).worker).toEqual({
      maxConcurrentWorkflowTaskExecutions: 8,
      maxCachedWorkflows: 500,
    });
    expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
  });
});
