import { DEFAULT_DATABASE_URL, DEV_JWT_SECRET, loadConfig, loadToolConfig, nestLogLevels } from './config';

describe('configuration', () => {
  it('runs on embedded defaults with nothing but APP_ENV=development set', () => {
    const c = loadConfig({ APP_ENV: 'development' });
    expect(c.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(c.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', tls: null });
    expect(c.auth.devTokens).toBe(false);
  });

  it('names every bad variable at boot', () => {
    expect(() => loadConfig({ APP_ENV: 'development', PORT: 'eighty', TEMPORAL_TLS: 'maybe' })).toThrow(/PORT[\s\S]*TEMPORAL_TLS|TEMPORAL_TLS[\s\S]*PORT/);
    expect(() => loadConfig({ APP_ENV: 'development', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: JWT_SECRET must be at least 32 characters/);
  });

  it('refuses to guess the environment: neither APP_ENV nor NODE_ENV set is no development', () => {
    expect(() => loadConfig({})).toThrow(/APP_ENV: required: production for a deployment/);
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(40) })).toThrow(/APP_ENV/);
    // APP_ENV wins over NODE_ENV (which tools set for their own reasons).
    expect(loadConfig({ APP_ENV: 'production', NODE_ENV: 'development', JWT_SECRET: 'x'.repeat(40) }).env).toBe('production');
    expect(loadConfig({ NODE_ENV: 'development' }).env).toBe('development');
    expect(() => loadConfig({ APP_ENV: 'staging' })).toThrow(/APP_ENV/);
  });

  it('lets the command-line tools, which serve no tokens, run undeclared as development', () => {
    expect(loadToolConfig({}).env).toBe('development');
    expect(loadToolConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).env).toBe('production');
    expect(() => loadToolConfig({ APP_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('refuses production without a real key, or with dev tokens on', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required outside development/);
    const secret = 'x'.repeat(40);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, DEV_TOKENS: 'true' })).toThrow(/DEV_TOKENS/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).auth).toMatchObject({ mode: 'hs256', secret });
  });

  it('signs and accepts with the published development key in development only', () => {
    expect(loadConfig({ APP_ENV: 'development' }).auth).toMatchObject({ mode: 'hs256', secret: DEV_JWT_SECRET });
    for (const APP_ENV of ['production', 'test']) {
      expect(() => loadConfig({ APP_ENV })).toThrow(/JWT_SECRET: required outside development/);
      expect(() => loadConfig({ APP_ENV, JWT_SECRET: DEV_JWT_SECRET })).toThrow(/JWT_SECRET: is the published development key/);
    }
    // An empty variable is an unset one, not a key.
    expect(() => loadConfig({ APP_ENV: 'production', JWT_SECRET: '' })).toThrow(/JWT_SECRET: required/);
  });

  it('verifies against an OIDC provider’s JWKS with its issuer and audience, and then signs nothing itself', () => {
    const oidc = { APP_ENV: 'production', JWT_JWKS_URL: 'https://idp.gov.example/jwks', JWT_ISSUER: 'https://idp.gov.example', JWT_AUDIENCE: 'subsidies' };
    expect(loadConfig(oidc).auth).toEqual({
      mode: 'jwks',
      jwksUrl: 'https://idp.gov.example/jwks',
      issuer: 'https://idp.gov.example',
      audience: 'subsidies',
      ttlSeconds: 8 * 3600,
      devTokens: false,
    });
    expect(() => loadConfig({ ...oidc, JWT_AUDIENCE: undefined })).toThrow(/JWT_AUDIENCE: required with JWT_JWKS_URL/);
    expect(() => loadConfig({ ...oidc, JWT_ISSUER: undefined })).toThrow(/JWT_ISSUER: required with JWT_JWKS_URL/);
    expect(() => loadConfig({ ...oidc, JWT_SECRET: 'x'.repeat(40) })).toThrow(/not both/);
    expect(() => loadConfig({ ...oidc, APP_ENV: 'development', DEV_TOKENS: 'true' })).toThrow(/DEV_TOKENS/);
    expect(() => loadConfig({ ...oidc, JWT_JWKS_URL: 'file:///etc/jwks.json' })).toThrow(/JWT_JWKS_URL must be an http\(s\) URL/);
  });

  it('points at an existing cluster with TLS when told to', () => {
    const c = loadConfig({
      APP_ENV: 'development',
      TEMPORAL_ADDRESS: 'temporal.gov.example:7233',
      TEMPORAL_NAMESPACE: 'subsidies',
      TEMPORAL_TLS: 'true',
      TEMPORAL_TLS_SERVER_NAME: 'temporal',
    });
    expect(c.temporal).toMatchObject({ address: 'temporal.gov.example:7233', namespace: 'subsidies', tls: { serverName: 'temporal' } });
  });

  it('logs at LOG_LEVEL and everything more severe', () => {
    expect(nestLogLevels(loadConfig({ APP_ENV: 'development' }).logLevel)).toEqual(['log', 'warn', 'error']);
    expect(nestLogLevels(loadConfig({ APP_ENV: 'development', LOG_LEVEL: 'warn' }).logLevel)).toEqual(['warn', 'error']);
    expect(() => loadConfig({ APP_ENV: 'development', LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('passes only the worker tuning that is set, and refuses a slot count the SDK would reject', () => {
    expect(loadConfig({ APP_ENV: 'development' }).worker).toEqual({});
    expect(loadConfig({ APP_ENV: 'development', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8', WORKER_MAX_CACHED_WORKFLOWS: '500' }).worker).toEqual({
      maxConcurrentWorkflowTaskExecutions: 8,
      maxCachedWorkflows: 500,
    });
    expect(() => loadConfig({ APP_ENV: 'development', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
  });
});
