import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ValidationError } from './errors';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
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
      if (exception instanceof ValidationError) body.issues = exception.issues;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const r = exception.getResponse();
      const message = typeof r === 'string' ? r : ((r as { message?: unknown }).message ?? exception.message);
      body = { message: Array.isArray(message) ? message.join('; ') : message };
      // body-parser reports malformed JSON as a 400 with type entity.parse.failed
    } else if (isBodyParserError(exception)) {
      status = exception.status;
      body = { message: exception.type === 'entity.parse.failed' ? 'the body is not valid JSON' : exception.message, field: '(body)' };
    } else {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      body = { message: 'internal error' };
    }
    res.status(status).json({ statusCode: status, error: REASON[status] ?? 'Error', ...body });
  }
}

function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number' && typeof (e as { type?: unknown }).type === 'string';
}
