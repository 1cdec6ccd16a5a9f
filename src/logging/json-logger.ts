import type { LoggerService, LogLevel as NestLevel } from '@nestjs/common';
import { mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config/config';
import { requestContext, type LogContext } from './request-context';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, fatal: 50 };
const FROM_NEST: Record<NestLevel, Level> = { verbose: 'debug', debug: 'debug', log: 'info', warn: 'warn', error: 'error', fatal: 'fatal' };

/** Where a line may add fields: a Nest message may be an object, a Temporal line carries metadata. */
export type Fields = Record<string, unknown>;

// Values that must never reach a log, whatever message carried them.
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@/?#\s]+@/gi;
/** Field names whose values are never written (credentials, request bodies, form data). */
const UNSAFE_NAMES = new Set(['authorization', 'cookie', 'apikey', 'api_key', 'form', 'formdata', 'body', 'credential', 'credentials', 'headers']);
const unsafeField = (name: string): boolean => {
  const k = name.toLowerCase();
  return UNSAFE_NAMES.has(k) || k.endsWith('token') || k.endsWith('secret') || k.endsWith('password');
};

/**
 * Nest's logger as JSON lines: one object per line with time, level, msg, context and, where known,
 * requestId, userId, caseId and workflowId; to stdout and to `<logDir>/<name>.log`. Credentials are
 * masked in every message (bearer tokens, JWTs, URL passwords, the configured secrets), and fields
 * named like credentials or form data are dropped.
 */
export class JsonLogger implements LoggerService {
  private readonly fd: number | null;
  private readonly min: number;
  private readonly secrets: string[];
  private readonly stdout: boolean;
  /** Further context for lines written outside a request (the worker adds its activity's workflow). */
  private readonly sources: (() => LogContext)[] = [requestContext];
  readonly file: string | null;

  constructor(opts: { name: string; level: AppConfig['logLevel']; dir: string | null; secrets?: (string | undefined | null)[]; stdout?: boolean }) {
    this.min = RANK[opts.level];
    this.secrets = (opts.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 8);
    this.file = opts.dir ? join(opts.dir, `${opts.name}.log`) : null;
    if (this.file) mkdirSync(opts.dir!, { recursive: true });
    this.fd = this.file ? openSync(this.file, 'a') : null;
    this.stdout = opts.stdout ?? true;
  }

  addContextSource(source: () => LogContext): void {
    this.sources.push(source);
  }

  enabled(level: Level): boolean {
    return RANK[level] >= this.min;
  }

  /** Writes one line (if `level` is enabled). */
  write(level: Level, msg: unknown, context?: string, fields: Fields = {}): void {
    if (!this.enabled(level)) return;
    const ctx: LogContext = {};
    for (const source of this.sources) Object.assign(ctx, definedOnly(safely(source)));
    const line: Fields = { time: new Date().toISOString(), level, msg: '', ...(context ? { context } : {}), ...ctx };
    if (msg instanceof Error) {
      line.msg = msg.message;
      line.stack = msg.stack;
    } else if (typeof msg === 'object' && msg !== null) {
      Object.assign(line, msg);
    } else {
      line.msg = String(msg);
    }
    Object.assign(line, fields);
    const text = `${JSON.stringify(this.clean(line))}\n`;
    if (this.stdout) process.stdout.write(text);
    if (this.fd !== null) writeSync(this.fd, text);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.nest('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.nest('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.nest('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.nest('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.nest('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.nest('fatal', message, rest);
  }

  /** Nest passes (message, ...params, context), and for errors (message, stack, context). */
  private nest(level: NestLevel, message: unknown, rest: unknown[]): void {
    const params = [...rest];
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const fields: Fields = {};
    const stack = params.find((p): p is string => typeof p === 'string' && /\n\s+at /.test(p));
    if (stack) fields.stack = stack;
    this.write(FROM_NEST[level], message, context, fields);
  }

  private clean(value: Fields): Fields {
    const out: Fields = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || unsafeField(k)) continue;
      out[k] = typeof v === 'string' ? this.mask(v) : typeof v === 'object' && v !== null && !Array.isArray(v) ? this.clean(v as Fields) : v;
    }
    return out;
  }

  mask(text: string): string {
    let s = text.replace(BEARER, '$1 [redacted]').replace(JWT, '[redacted token]').replace(URL_PASSWORD, '$1***@');
    for (const secret of this.secrets) s = s.split(secret).join('[redacted]');
    return s;
  }
}

function safely(source: () => LogContext): LogContext {
  try {
    return source();
  } catch {
    return {};
  }
}

const definedOnly = (o: LogContext): LogContext => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''));

/** The process's logger: `name` is api or worker (its file's name). */
export function processLogger(name: 'api' | 'worker', config: AppConfig): JsonLogger {
  const s3 = config.documents.s3;
  const smtpPassword = config.notices.smtpUrl ? safeUrlPassword(config.notices.smtpUrl) : null;
  return new JsonLogger({
    name,
    level: config.logLevel,
    dir: config.logDir,
    secrets: [
      config.auth.mode === 'hs256' ? config.auth.secret : null,
      s3?.secretAccessKey,
      config.temporal.apiKey,
      safeUrlPassword(config.databaseUrl),
      smtpPassword,
    ],
  });
}

function safeUrlPassword(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).password) || null;
  } catch {
    return null;
  }
}
