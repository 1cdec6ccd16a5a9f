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
    expect(() => loadConfig({ APP_ENV: 'development', JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: JWT_SECRET must be at least 32 bytes/);
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

  it('passes only the worker tuning that is set, with a bounded sticky cache, and refuses a slot count the SDK would reject', () => {
    expect(loadConfig({ APP_ENV: 'development' }).worker).toEqual({ maxCachedWorkflows: 1000 });
    expect(loadConfig({ APP_ENV: 'development', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '8', WORKER_MAX_CACHED_WORKFLOWS: '500' }).worker).toEqual({
      maxConcurrentWorkflowTaskExecutions: 8,
      maxCachedWorkflows: 500,
    });
    expect(() => loadConfig({ APP_ENV: 'development', WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '1' })).toThrow(/WORKER_MAX_CONCURRENT_WORKFLOW_TASKS/);
  });

  it('keeps documents on disk unless DOCUMENTS_STORE=s3, and then needs the bucket, its region and a key from the environment', () => {
    expect(loadConfig({ APP_ENV: 'development' }).documents.s3).toBeNull();
    const s3 = {
      APP_ENV: 'development',
      DOCUMENTS_STORE: 's3',
      S3_ENDPOINT: 'http://minio.internal:9000',
      S3_REGION: 'us-east-1',
      S3_BUCKET: 'evidence-documents',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY: 'secret-from-the-environment',
      S3_FORCE_PATH_STYLE: 'true',
    };
    expect(loadConfig(s3).documents.s3).toEqual({
      endpoint: 'http://minio.internal:9000',
      region: 'us-east-1',
      bucket: 'evidence-documents',
      accessKeyId: 'AKIAEXAMPLE',
      secretAccessKey: 'secret-from-the-environment',
      forcePathStyle: true,
    });
    // AWS S3 itself: no endpoint, virtual-hosted style.
    expect(loadConfig({ ...s3, S3_ENDPOINT: undefined, S3_FORCE_PATH_STYLE: undefined }).documents.s3).toMatchObject({ forcePathStyle: false });
    expect(loadConfig({ ...s3, S3_ENDPOINT: undefined }).documents.s3).not.toHaveProperty('endpoint');
    // Every missing setting at once, an empty one counting as missing.
    const missing = (): unknown => loadConfig({ APP_ENV: 'development', DOCUMENTS_STORE: 's3', S3_BUCKET: 'evidence-documents', S3_SECRET_ACCESS_KEY: '' });
    expect(missing).toThrow(/S3_REGION: required with DOCUMENTS_STORE=s3[\s\S]*S3_ACCESS_KEY_ID: required[\s\S]*S3_SECRET_ACCESS_KEY: required/);
    expect(missing).not.toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ ...s3, DOCUMENTS_STORE: 'minio' })).toThrow(/DOCUMENTS_STORE must be disk or s3/);
    expect(() => loadConfig({ ...s3, S3_ENDPOINT: 'minio.internal:9000' })).toThrow(/S3_ENDPOINT must be an http\(s\) URL/);
    expect(() => loadConfig({ ...s3, S3_BUCKET: 'Evidence_Documents' })).toThrow(/S3_BUCKET must be a bucket name/);
    // A bucket configured without DOCUMENTS_STORE=s3 is a mistake to say, not files quietly kept on disk.
    expect(() => loadConfig({ ...s3, DOCUMENTS_STORE: undefined })).toThrow(/S3_BUCKET: set, but DOCUMENTS_STORE is disk/);
  });

  it('refuses a production build told it is development, or dev tokens anywhere but development', () => {
    const secret = 'x'.repeat(40);
    expect(() => loadConfig({ NODE_ENV: 'production', APP_ENV: 'development' })).toThrow(/APP_ENV: is development but NODE_ENV is production/);
    expect(() => loadConfig({ NODE_ENV: 'production', APP_ENV: 'test', JWT_SECRET: secret })).toThrow(/APP_ENV: is test but NODE_ENV is production/);
    expect(loadConfig({ NODE_ENV: 'production', APP_ENV: 'production', JWT_SECRET: secret }).env).toBe('production');
    expect(() => loadConfig({ APP_ENV: 'test', JWT_SECRET: secret, DEV_TOKENS: 'true' })).toThrow(
      /DEV_TOKENS: only with APP_ENV=development \(this process runs as test\)/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: secret, DEV_TOKENS: 'yes' })).toThrow(/DEV_TOKENS: only with APP_ENV=development/);
    expect(loadConfig({ APP_ENV: 'development', DEV_TOKENS: 'true' }).auth.devTokens).toBe(true);
  });

  it('refuses keys shorter than 32 bytes or blank', () => {
    const dev = { APP_ENV: 'development' };
    expect(() => loadConfig({ ...dev, JWT_SECRET: ' '.repeat(32) })).toThrow(/JWT_SECRET: JWT_SECRET is blank/);
    expect(() => loadConfig({ ...dev, JWT_SECRET: '\t\n'.repeat(20) })).toThrow(/JWT_SECRET is blank/);
    expect(() => loadConfig({ ...dev, JWT_SECRET: 'x'.repeat(31) })).toThrow(/JWT_SECRET must be at least 32 bytes/);
    // Counted in bytes: 11 Chinese characters are 33 bytes of key.
    expect(loadConfig({ ...dev, JWT_SECRET: '深'.repeat(11) }).auth).toMatchObject({ secret: '深'.repeat(11) });
    expect(() => loadConfig({ ...dev, TEMPORAL_API_KEY: '   ' })).toThrow(/TEMPORAL_API_KEY is blank/);
    expect(() =>
      loadConfig({ ...dev, DOCUMENTS_STORE: 's3', S3_REGION: 'us-east-1', S3_BUCKET: 'docs', S3_ACCESS_KEY_ID: 'AKIA', S3_SECRET_ACCESS_KEY: '  ' }),
    ).toThrow(/S3_SECRET_ACCESS_KEY is blank/);
  });

  it('reads TRUSTED_PROXIES as hops or addresses, and refuses trusting every address', () => {
    const dev = { APP_ENV: 'development' };
    expect(loadConfig(dev).http.trustProxy).toBe(false);
    expect(loadConfig({ ...dev, TRUSTED_PROXIES: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ ...dev, TRUSTED_PROXIES: '10.0.0.0/8, loopback,fd00::/8' }).http.trustProxy).toEqual(['10.0.0.0/8', 'loopback', 'fd00::/8']);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/8'])
      expect(() => loadConfig({ ...dev, TRUSTED_PROXIES: bad })).toThrow(/TRUSTED_PROXIES is a number of hops/);
  });
});
