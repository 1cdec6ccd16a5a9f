import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { repoRoot } from './paths';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
/** An address, a CIDR (address/prefix) or one of Express's names. */
function isProxy(p: string): boolean {
  if (PROXY_NAMES.has(p)) return true;
  const [address = '', prefix, extra] = p.split('/');
  const v = isIP(address);
  if (v === 0 || extra !== undefined) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (v === 4 ? 32 : 128));
}
const trustProxy = (v: string | undefined): false | number | string[] =>
  v === undefined ? false : /^\d{1,2}$/.test(v) ? Number(v) : v.split(',').map((p) => p.trim());

// A key or secret: blank or whitespace-only is a mistake (an env file's `KEY=   `), never a key.
const secret = (name: string) => z.string().refine((v) => v.trim() !== '', `${name} is blank: set a real key or leave it unset`);

/** Every environment variable the service reads, parsed once at boot. */
const ENVIRONMENTS = ['development', 'test', 'production'] as const;
export const EnvSchema = z.object({
  // How a process declares where it runs: APP_ENV, else NODE_ENV; neither set is refused (see loadConfig).
  APP_ENV: z.enum(ENVIRONMENTS).optional(),
  NODE_ENV: z.enum(ENVIRONMENTS).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  // Uploaded evidence files, content-addressed; relative paths are under the repository root.
  DOCUMENTS_DIR: z.string().min(1).optional(),
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024, 'DOCUMENT_MAX_BYTES must be at least 1024')
    .max(1024 * 1024 * 1024, 'DOCUMENT_MAX_BYTES must be at most 1 GiB')
    .default(20 * 1024 * 1024),
  // Uploads no case names are deleted, with their bytes, this many hours after upload; the API sweeps
  // for them every DOCUMENT_SWEEP_INTERVAL_MS (0: never, e.g. when a scheduler runs the sweep elsewhere).
  DOCUMENT_UNREFERENCED_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(24),
  DOCUMENT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  // Where evidence files' bytes are kept: the disk folder above, or an S3-compatible bucket (the S3_*
  // settings; DOCUMENTS_DIR then only stages uploads). Keys are read from here only, never from a file.
  DOCUMENTS_STORE: z.enum(['disk', 's3'], { error: 'DOCUMENTS_STORE must be disk or s3' }).default('disk'),
  S3_ENDPOINT: z.url({ protocol: /^https?$/, error: 'S3_ENDPOINT must be an http(s) URL' }).optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens')
    .optional(),
  S3_ACCESS_KEY_ID: secret('S3_ACCESS_KEY_ID').optional(),
  S3_SECRET_ACCESS_KEY: secret('S3_SECRET_ACCESS_KEY').optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('subsidies'),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: secret('TEMPORAL_API_KEY').optional(),
  // How long the API waits on Temporal before answering 503: a call the server answers alone (start,
  // describe, signal, a history page), and an update or query a workflow answers (its activities may
  // be retrying through a database outage). A Temporal that refuses connections fails in about 1 s.
  TEMPORAL_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1_500),
  TEMPORAL_WORKFLOW_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(60_000),
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  TEMPORAL_PORT: z.coerce.number().int().default(7233),
  // Local stack only (src/stack): whether to fall back to, or force, the embedded PostgreSQL
  // when DATABASE_URL is unset, and the port it listens on.
  EMBEDDED_POSTGRES: z.enum(['auto', 'always', 'never']).default('auto'),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  // Counted in bytes (what HMAC keys on), and never blank: 32 spaces are no key.
  JWT_SECRET: secret('JWT_SECRET')
    .refine((v) => Buffer.byteLength(v, 'utf8') >= 32, 'JWT_SECRET must be at least 32 bytes')
    .optional(),
  JWT_ISSUER: z.string().optional(),
  // An OpenID Connect provider's key set: tokens are then verified against it (issuer and audience checked).
  JWT_JWKS_URL: z.url({ protocol: /^https?$/, error: 'JWT_JWKS_URL must be an http(s) URL' }).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 3600),
  DEV_TOKENS: bool.default(false),
  // The pages' sign-in at the OpenID provider (JWT_ISSUER, found by discovery): a public client with PKCE.
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.url({ protocol: /^https?$/, error: "OIDC_REDIRECT_URI must be an http(s) URL: the pages' /sign-in" }).optional(),
  OIDC_SCOPES: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+(?: [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'OIDC_SCOPES must be scope names separated by single spaces')
    .refine((s) => s.split(' ').includes('openid'), 'OIDC_SCOPES must include openid')
    .default('openid'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // JSON log lines go to stdout and, unless LOG_FILES=false, to <LOG_DIR>/<api|worker>.log (default <DATA_DIR>/logs).
  LOG_FILES: bool.default(true),
  LOG_DIR: z.string().min(1).optional(),
  // The worker's own liveness/readiness endpoint (0: a free port; unset: none).
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // Hostile input: the largest JSON body, how long a body may take to arrive, how deep it may nest,
  // and how long the server waits for a request's headers and for the whole request.
  HTTP_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  HTTP_BODY_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  HTTP_BODY_MAX_DEPTH: z.coerce.number().int().min(2).max(256).default(32),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  // Abuse limits: requests per window, per user and per client IP, on submissions and token issuing.
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  RATE_LIMIT_SUBMIT_PER_USER: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_SUBMIT_PER_IP: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_TOKEN_PER_IP: z.coerce.number().int().min(1).default(20),
  RATE_LIMIT_TOKEN_PER_USER: z.coerce.number().int().min(1).default(10),
  // Uploads per organisation: files and bytes per 24 hours, and the bytes it may keep in all.
  UPLOAD_FILES_PER_ORG_PER_DAY: z.coerce.number().int().min(1).default(200),
  UPLOAD_BYTES_PER_ORG_PER_DAY: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 ** 3),
  UPLOAD_QUOTA_BYTES_PER_ORG: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 ** 3),
  // The reverse proxies whose X-Forwarded-For is believed: a number of hops, or addresses, CIDRs and
  // Express's names (loopback, linklocal, uniquelocal), comma-separated. Unset: none (the socket's peer).
  TRUSTED_PROXIES: z
    .string()
    .refine(
      (v) => /^\d{1,2}$/.test(v) || v.split(',').every((p) => isProxy(p.trim())),
      'TRUSTED_PROXIES is a number of hops (e.g. 1) or addresses and CIDRs (e.g. 10.0.0.0/8,loopback); "true" (any address) is refused: anyone could then choose their address',
    )
    .optional(),
  // Notices are emailed through this server when set (smtp://user:pass@host:port, smtps:// for TLS).
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL must look like smtp://host:port or smtps://user:pass@host:port')
    .optional(),
  NOTICE_FROM: z.email('NOTICE_FROM must be an email address').default('notices@ai-pioneer.invalid'),
  // Worker tuning (the SDK's defaults when unset); `npm run bench -- --worker-env KEY=VALUE` measures a choice.
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).optional(),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).optional(),
  // The sticky cache holds this many cases' workflows in memory; a case evicted from it replays its history
  // at its next action. The SDK's default follows the heap (about 2,300 here) and took the worker to 1.5 GiB
  // with 10,000 open cases in the bench's growth run; 1,000 to 1.0 GiB (500 did no better: 1.1 GiB).
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  // PostgreSQL connections per process (pg's default 10 when unset); the worker's default follows its
  // activity slots (see workerPoolSize).
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(500).optional(),
  // How long the API trusts a user, its organisation and its declared conflicts once read (0: never);
  // a change made through this instance is seen at once, through another instance or the CLI within this.
  IDENTITY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),
  // Observability (src/observability): the worker's Prometheus endpoint (the Temporal SDK's metrics; off
  // when unset), a bearer token the API's /metrics then requires, and OTLP trace export (off when unset).
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, e.g. http://127.0.0.1:4318' })
    .optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  // State shared by API instances (rate-limit counters) lives here when set; in each process otherwise.
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'REDIS_URL must look like redis://host:6379 or rediss://host:6380' }).optional(),
  REDIS_KEY_PREFIX: z.string().min(1).default('subsidies:'),
});

export type Env = z.infer<typeof EnvSchema>;

export type Environment = (typeof ENVIRONMENTS)[number];

/** Bearer tokens: signed and verified here with an HS256 key, or issued by an OIDC provider and verified against its JWKS. */
export type AuthConfig =
  | { mode: 'hs256'; secret: string; issuer: string; audience?: string; ttlSeconds: number; devTokens: boolean }
  | { mode: 'jwks'; jwksUrl: string; issuer: string; audience: string; ttlSeconds: number; devTokens: false };

export interface AppConfig {
  env: Environment;
  http: {
    host: string;
    port: number;
    body: { maxBytes: number; timeoutMs: number; maxDepth: number };
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    /** Express's "trust proxy": false (none), a hop count, or addresses and CIDRs. */
    trustProxy: false | number | string[];
  };
  rateLimits: RateLimits;
  databaseUrl: string;
  /** Connections per process when set (DATABASE_POOL_MAX); otherwise pg's default, or the worker's own sizing. */
  databasePoolMax: number | null;
  /** Milliseconds the API keeps a user's identity once read (0: read on every request). */
  identityCacheMs: number;
  dataDir: string;
  /**
   * The disk document store's folder (absolute; with a bucket, where uploads are staged), the largest
   * upload accepted, and the bucket when DOCUMENTS_STORE=s3 (null: the disk store).
   */
  documents: {
    dir: string;
    maxBytes: number;
    s3: S3StoreConfig | null;
    unreferencedHours: number;
    sweepIntervalMs: number;
    /** Per organisation: bytes uploaded per 24 hours, and bytes kept in all. */
    quota: { bytesPerDay: number; totalBytes: number };
  };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls: null | { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
    apiKey?: string;
    /** The API's deadlines on its calls (see src/temporal/deadlines.ts). */
    deadlines: { rpcMs: number; workflowMs: number };
  };
  auth: AuthConfig;
  /** The pages' sign-in at the OpenID provider, or null (no provider configured for the pages). */
  signIn: SignInConfig | null;
  logLevel: Env['LOG_LEVEL'];
  /** Absolute folder of the JSON log files, or null for stdout only. */
  logDir: string | null;
  /** The worker's health port, or null for none. */
  workerHealthPort: number | null;
  notices: { smtpUrl: string | null; from: string };
  /** Only what is set; the rest stays the SDK's default. */
  worker: { maxConcurrentWorkflowTaskExecutions?: number; maxConcurrentActivityTaskExecutions?: number; maxCachedWorkflows?: number };
  observability: ObservabilityConfig;
  /** Shared state of several API instances; null keeps it in the process. */
  redis: { url: string; keyPrefix: string } | null;
}

export interface ObservabilityConfig {
  /** Where the worker serves the Temporal SDK's Prometheus metrics (on HOST); null: nowhere. */
  workerMetricsPort: number | null;
  /** A bearer token GET /metrics requires; null: open (keep /metrics off the public route then). */
  metricsToken: string | null;
  /** OTLP/HTTP collector traces go to (…/v1/traces is appended); null: no tracing. */
  otlpEndpoint: string | null;
  serviceName: string | null;
}

/** A public client (no secret) using authorization code + PKCE; redirectUri null: the pages' own /sign-in. */
export interface SignInConfig {
  issuer: string;
  clientId: string;
  redirectUri: string | null;
  scopes: string;
}

/** An S3-compatible bucket; no endpoint is AWS S3 itself. */
export interface S3StoreConfig {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

/** Requests allowed per window (ms), per user and per client IP, and uploads per organisation per day; see src/common/rate-limit.ts. */
export interface RateLimits {
  windowMs: number;
  submit: { perUser: number; perIp: number };
  token: { perUser: number; perIp: number };
  upload: { perOrganisationPerDay: number };
}

/** The local server's maintenance database: probed to find a server, never written to. */
export const LOCAL_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
/** The service's own database on a local or embedded server (`npm start` creates it). */
export const APP_DATABASE = 'ai_pioneer';
export const DEFAULT_DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${APP_DATABASE}`;
// Published in this repository, so only for development: anywhere else it is refused (below).
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';
const DEFAULT_ISSUER = 'ai-pioneer-subsidies';

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  // An empty variable counts as unset (`JWT_SECRET=` in an env file).
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const env = e.APP_ENV ?? e.NODE_ENV;
  const refuse = (name: string, why: string): never => {
    throw new ConfigError(`Invalid configuration:\n  ${name}: ${why}`);
  };
  // An unset environment must not quietly mean development (dev key, dev tokens) in a deployment.
  if (!env) return refuse('APP_ENV', 'required: production for a deployment, development on a developer machine (npm start sets it), or test');
  // Contradictions refused rather than resolved: NODE_ENV=production says a deployment, whatever APP_ENV says.
  if (e.NODE_ENV === 'production' && e.APP_ENV !== undefined && e.APP_ENV !== 'production')
    refuse('APP_ENV', `is ${e.APP_ENV} but NODE_ENV is production: a production build runs with APP_ENV=production (or unset)`);
  if (env === 'production' && e.DEV_TOKENS) refuse('DEV_TOKENS', 'must be off in production');
  // Dev tokens let anyone sign in as anyone: only on a developer's machine, never in a test or shared server.
  if (e.DEV_TOKENS && env !== 'development') refuse('DEV_TOKENS', `only with APP_ENV=development (this process runs as ${env})`);
  return {
    env,
    http: {
      host: e.HOST,
      port: e.PORT,
      body: { maxBytes: e.HTTP_BODY_LIMIT_BYTES, timeoutMs: e.HTTP_BODY_TIMEOUT_MS, maxDepth: e.HTTP_BODY_MAX_DEPTH },
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      trustProxy: trustProxy(e.TRUSTED_PROXIES),
    },
    rateLimits: {
      windowMs: e.RATE_LIMIT_WINDOW_MS,
      submit: { perUser: e.RATE_LIMIT_SUBMIT_PER_USER, perIp: e.RATE_LIMIT_SUBMIT_PER_IP },
      token: { perUser: e.RATE_LIMIT_TOKEN_PER_USER, perIp: e.RATE_LIMIT_TOKEN_PER_IP },
      upload: { perOrganisationPerDay: e.UPLOAD_FILES_PER_ORG_PER_DAY },
    },
    databaseUrl: e.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX ?? null,
    identityCacheMs: e.IDENTITY_CACHE_MS,
    dataDir: e.DATA_DIR,
    documents: {
      dir: absolute(e.DOCUMENTS_DIR ?? join(e.DATA_DIR, 'documents')),
      maxBytes: e.DOCUMENT_MAX_BYTES,
      s3: s3Config(e),
      unreferencedHours: e.DOCUMENT_UNREFERENCED_HOURS,
      sweepIntervalMs: e.DOCUMENT_SWEEP_INTERVAL_MS,
      quota: { bytesPerDay: e.UPLOAD_BYTES_PER_ORG_PER_DAY, totalBytes: e.UPLOAD_QUOTA_BYTES_PER_ORG },
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: e.TEMPORAL_TLS
        ? {
            certPath: e.TEMPORAL_TLS_CERT_PATH,
            keyPath: e.TEMPORAL_TLS_KEY_PATH,
            caPath: e.TEMPORAL_TLS_CA_PATH,
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : null,
      apiKey: e.TEMPORAL_API_KEY,
      deadlines: { rpcMs: e.TEMPORAL_RPC_TIMEOUT_MS, workflowMs: e.TEMPORAL_WORKFLOW_TIMEOUT_MS },
    },
    auth: authConfig(e, env, refuse),
    signIn: signInConfig(e, refuse),
    logLevel: e.LOG_LEVEL,
    logDir: e.LOG_FILES ? absolute(e.LOG_DIR ?? join(e.DATA_DIR, 'logs')) : null,
    workerHealthPort: e.WORKER_HEALTH_PORT ?? null,
    notices: { smtpUrl: e.SMTP_URL ?? null, from: e.NOTICE_FROM },
    worker: {
      ...(e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS !== undefined ? { maxConcurrentWorkflowTaskExecutions: e.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS } : {}),
      ...(e.WORKER_MAX_CONCURRENT_ACTIVITIES !== undefined ? { maxConcurrentActivityTaskExecutions: e.WORKER_MAX_CONCURRENT_ACTIVITIES } : {}),
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    },
    observability: {
      workerMetricsPort: e.WORKER_METRICS_PORT ?? null,
      metricsToken: e.METRICS_TOKEN ?? null,
      otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
      serviceName: e.OTEL_SERVICE_NAME ?? null,
    },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX } : null,
  };
}

/**
 * For the command-line tools (migrate, seed, replay, history export, identity): they neither sign nor
 * accept tokens, so an undeclared environment is development for them, where for the API and worker
 * it is refused.
 */
export function loadToolConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  return loadConfig(source.APP_ENV || source.NODE_ENV ? source : { ...source, APP_ENV: 'development' });
}

const S3_SETTINGS = ['S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const;

/** Every missing setting named at once; S3 settings without DOCUMENTS_STORE=s3 are refused, not quietly left unused with files going to disk. */
function s3Config(e: Env): S3StoreConfig | null {
  if (e.DOCUMENTS_STORE === 'disk') {
    const stray = S3_SETTINGS.filter((k) => e[k] !== undefined && !(k === 'S3_FORCE_PATH_STYLE' && e[k] === false));
    if (stray.length > 0)
      throw new ConfigError(
        `Invalid configuration:\n${stray.map((k) => `  ${k}: set, but DOCUMENTS_STORE is disk: set DOCUMENTS_STORE=s3 to keep documents in a bucket, or unset ${k}`).join('\n')}`,
      );
    return null;
  }
  const { S3_REGION: region, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = e;
  if (region === undefined || bucket === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
    const why: Record<string, string> = {
      S3_REGION: "the bucket's region (any name, e.g. us-east-1, for a store without regions)",
      S3_BUCKET: 'the bucket that keeps the documents (it must exist)',
      S3_ACCESS_KEY_ID: 'the access key of an identity that may read and write the bucket',
      S3_SECRET_ACCESS_KEY: 'the secret of that access key, from the environment',
    };
    const missing = Object.entries({ S3_REGION: region, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey })
      .filter(([, v]) => v === undefined)
      .map(([k]) => `  ${k}: required with DOCUMENTS_STORE=s3: ${why[k]}`);
    throw new ConfigError(`Invalid configuration:\n${missing.join('\n')}`);
  }
  return { ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}), region, bucket, accessKeyId, secretAccessKey, forcePathStyle: e.S3_FORCE_PATH_STYLE };
}

function authConfig(e: Env, env: Environment, refuse: (name: string, why: string) => never): AuthConfig {
  if (e.JWT_JWKS_URL) {
    if (e.JWT_SECRET) refuse('JWT_SECRET', 'set JWT_SECRET or JWT_JWKS_URL, not both');
    if (e.DEV_TOKENS) refuse('DEV_TOKENS', 'dev tokens are signed with JWT_SECRET: they cannot be on with JWT_JWKS_URL');
    const issuer = e.JWT_ISSUER ?? refuse('JWT_ISSUER', "required with JWT_JWKS_URL: the provider's issuer, exactly as in its tokens");
    const audience = e.JWT_AUDIENCE ?? refuse('JWT_AUDIENCE', 'required with JWT_JWKS_URL: the audience the provider issues tokens to this service for');
    return { mode: 'jwks', jwksUrl: e.JWT_JWKS_URL, issuer, audience, ttlSeconds: e.JWT_TTL_SECONDS, devTokens: false };
  }
  if (env !== 'development') {
    if (!e.JWT_SECRET) refuse('JWT_SECRET', `required outside development (APP_ENV=${env}), or JWT_JWKS_URL`);
    if (e.JWT_SECRET === DEV_JWT_SECRET) refuse('JWT_SECRET', `is the published development key, refused outside development (APP_ENV=${env})`);
  }
  return {
    mode: 'hs256',
    secret: e.JWT_SECRET ?? DEV_JWT_SECRET,
    issuer: e.JWT_ISSUER ?? DEFAULT_ISSUER,
    ...(e.JWT_AUDIENCE ? { audience: e.JWT_AUDIENCE } : {}),
    ttlSeconds: e.JWT_TTL_SECONDS,
    devTokens: e.DEV_TOKENS,
  };
}

function signInConfig(e: Env, refuse: (name: string, why: string) => never): SignInConfig | null {
  if (!e.OIDC_CLIENT_ID) {
    if (e.OIDC_REDIRECT_URI) refuse('OIDC_REDIRECT_URI', 'set, but OIDC_CLIENT_ID is not: the pages sign in at the provider only with a client id');
    return null;
  }
  if (!e.JWT_JWKS_URL) refuse('OIDC_CLIENT_ID', 'the pages sign in at an OpenID provider: set JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE to verify its tokens');
  const issuer = e.JWT_ISSUER ?? '';
  if (!/^https?:\/\/[^\s]+$/.test(issuer))
    refuse('JWT_ISSUER', "with OIDC_CLIENT_ID it must be the provider's issuer URL (its discovery document is under it)");
  return { issuer, clientId: e.OIDC_CLIENT_ID, redirectUri: e.OIDC_REDIRECT_URI ?? null, scopes: e.OIDC_SCOPES };
}

// Relative to the repository when running from one; a deployed build (no repository) resolves against its working folder.
const absolute = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir(), p));
function baseDir(): string {
  try {
    return repoRoot();
  } catch {
    return process.cwd();
  }
}

const NEST_LEVELS = ['debug', 'log', 'warn', 'error'] as const;
/** Nest's logger levels from LOG_LEVEL: the level itself and everything more severe. */
export function nestLogLevels(level: Env['LOG_LEVEL']): ('debug' | 'log' | 'warn' | 'error')[] {
  const from = level === 'info' ? 'log' : level;
  return NEST_LEVELS.slice(NEST_LEVELS.indexOf(from));
}
