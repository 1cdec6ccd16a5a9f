import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseBusy, isDatabaseUnavailable } from '../database/errors';
import { isTemporalUnavailable, isUnconfirmedUpdate } from '../temporal/deadlines';
import { DomainError, ValidationError } from '../domain/errors';
import { SERVICE_SENTENCES } from '../domain/words/service';

/** A body in both languages: the English as its message, the Chinese beside it. */
const said = (w: { zh: string; en: string }): { message: string; zh: string } => ({ message: w.en, zh: w.zh });
import { refusalZh } from '../domain/words/validation';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Every error leaves as `{ statusCode, error, message, field?, issues? }`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let status = 500;
    let body: Record<string, unknown>;
    if (exception instanceof DomainError) {
      status = exception.status;
      body = { message: exception.message, field: exception.field ?? undefined, ...(exception.details ?? {}) };
      if (exception instanceof ValidationError) {
        body.issues = exception.issues;
        // The refusal in Chinese is its issues' Chinese, when every issue has its words in both.
        body.zh ??= refusalZh(exception.issues);
      }
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const r = exception.getResponse();
      const message = typeof r === 'string' ? r : ((r as { message?: unknown }).message ?? exception.message);
      body = { message: Array.isArray(message) ? message.join('; ') : message };
      // body-parser reports malformed JSON as a 400 with type entity.parse.failed
    } else if (isBodyParserError(exception)) {
      status = exception.status;
      body = { message: exception.type === 'entity.parse.failed' ? 'the body is not valid JSON' : exception.message, field: '(body)' };
    } else if (isTemporalUnavailable(exception)) {
      // Temporal down or too slow for the call's deadline (src/temporal/deadlines.ts): retry later. Checked
      // before the database, whose test would also take the gRPC error's "ECONNREFUSED" for its own.
      status = 503;
      res.setHeader('Retry-After', '5');
      this.logger.warn(`workflow service unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      body = isUnconfirmedUpdate(exception)
        ? { ...said(SERVICE_SENTENCES.unconfirmed()), reason: 'Unconfirmed' }
        : said(SERVICE_SENTENCES.workflowsUnavailable());
    } else if (isDatabaseUnavailable(exception)) {
      // An outage, not a bug: the client may retry (a submission with its Idempotency-Key returns the same case).
      status = 503;
      res.setHeader('Retry-After', '5');
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      body = said(SERVICE_SENTENCES.databaseUnavailable());
    } else if (isDatabaseBusy(exception)) {
      status = 503;
      res.setHeader('Retry-After', '1');
      this.logger.warn('database pool exhausted: a transaction could not start in time');
      body = said(SERVICE_SENTENCES.busy());
    } else {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      body = { message: 'internal error' };
    }
    if (REFUSALS_LOGGED.has(status)) logRefusal(this.logger, host.switchToHttp().getRequest<Request>(), status, exception);
    res.status(status).json({ statusCode: status, error: REASON[status] ?? 'Error', ...body });
  }
}

const REFUSALS_LOGGED = new Set([401, 403, 429]);

/**
 * One line per refused request, for spotting probing and abuse: the status, the route's pattern (no
 * ids, no query string), the caller's role and the refusal's kind. Never the token, the body, the
 * message (it may name people) or the client's address.
 */
export function logRefusal(logger: Logger, req: Request, status: number, exception: unknown): void {
  const route = `${req.baseUrl ?? ''}${(req.route as { path?: string } | undefined)?.path ?? '(no route)'}`;
  const role = (req as Request & { principal?: { role: string } }).principal?.role ?? 'anonymous';
  const kind =
    exception instanceof DomainError
      ? String(exception.details?.reason ?? exception.constructor.name)
      : exception instanceof Error
        ? exception.constructor.name
        : 'error';
  logger.warn(`refused ${status} ${req.method} ${route} role=${role} kind=${kind}`);
}

function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number' && typeof (e as { type?: unknown }).type === 'string';
}
