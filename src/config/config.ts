import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable the service reads, parsed once at boot. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('subsidies'),
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  TEMPORAL_PORT: z.coerce.number().int().default(7233),
  // Local stack only (src/stack): whether to fall back to, or force, the embedded PostgreSQL
  // when DATABASE_URL is unset, and the port it listens on.
  EMBEDDED_POSTGRES: z.enum(['auto', 'always', 'never']).default('auto'),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().default('ai-pioneer-subsidies'),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 3600),
  DEV_TOKENS: bool.default(false),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Notices are emailed through this server when set (smtp://user:pass@host:port, smtps:// for TLS).
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'SMTP_URL must look like smtp://host:port or smtps://user:pass@host:port')
    .optional(),
  NOTICE_FROM: z.email('NOTICE_FROM must be an email address').default('notices@ai-pioneer.invalid'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { host: string; port: number };
  databaseUrl: string;
  dataDir: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls: null | { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
    apiKey?: string;
  };
  auth: { secret: string; issuer: string; ttlSeconds: number; devTokens: boolean };
  logLevel: Env['LOG_LEVEL'];
  notices: { smtpUrl: string | null; from: string };
}

/** The local server's maintenance database: probed to find a server, never written to. */
export const LOCAL_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
/** The service's own database on a local or embedded server (`npm start` creates it). */
export const APP_DATABASE = 'ai_pioneer';
export const DEFAULT_DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${APP_DATABASE}`;
// Only for local development; production must set JWT_SECRET (enforced below).
const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

export class ConfigError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required in production');
  }
  if (e.NODE_ENV === 'production' && e.DEV_TOKENS) {
    throw new ConfigError('Invalid configuration:\n  DEV_TOKENS: must be off in production');
  }
  return {
    env: e.NODE_ENV,
    http: { host: e.HOST, port: e.PORT },
    databaseUrl: e.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    dataDir: e.DATA_DIR,
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
    },
    auth: { secret: e.JWT_SECRET ?? DEV_JWT_SECRET, issuer: e.JWT_ISSUER, ttlSeconds: e.JWT_TTL_SECONDS, devTokens: e.DEV_TOKENS },
    logLevel: e.LOG_LEVEL,
    notices: { smtpUrl: e.SMTP_URL ?? null, from: e.NOTICE_FROM },
  };
}

const NEST_LEVELS = ['debug', 'log', 'warn', 'error'] as const;
/** Nest's logger levels from LOG_LEVEL: the level itself and everything more severe. */
export function nestLogLevels(level: Env['LOG_LEVEL']): ('debug' | 'log' | 'warn' | 'error')[] {
  const from = level === 'info' ? 'log' : level;
  return NEST_LEVELS.slice(NEST_LEVELS.indexOf(from));
}
