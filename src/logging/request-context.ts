import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** What a log line says about the work it belongs to; every field only where known. */
export interface LogContext {
  requestId?: string;
  userId?: string;
  caseId?: string;
  workflowId?: string;
}

/** One HTTP request's context; the user and case are read when a line is written (the guard and router set them later). */
interface RequestStore {
  requestId: string;
  req: Request & { principal?: { userId?: string } };
}

const storage = new AsyncLocalStorage<RequestStore>();
const STORE = Symbol('requestStore');
type WithStore = Request & { [STORE]?: RequestStore };

/** A caller's own id is kept when it is a plain token of sane length, so a gateway's id follows the request. */
const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/;
/** Routes whose `:id` is a case. */
const CASE_ROUTE = /^\/cases\/:id(?:\/|$)/;

/** The context of the request this code runs for, if any. */
export function requestContext(): LogContext {
  const store = storage.getStore();
  if (!store) return {};
  const { req } = store;
  const route = (req.route as { path?: string } | undefined)?.path;
  const caseId = route && CASE_ROUTE.test(route) ? (req.params as Record<string, string | undefined>).id : undefined;
  return { requestId: store.requestId, userId: req.principal?.userId, caseId };
}

type Access = (line: { method: string; path: string; status: number; durationMs: number; aborted?: true } & LogContext) => void;

/**
 * First middleware of the app: gives the request its id (the caller's x-request-id when sane, else a
 * new one), returns it in the response's x-request-id, and writes one access line when it ends: the
 * method, the path without its query string, the status and the time; never a header or the body.
 */
export function requestIdMiddleware(access: Access) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
    const store: RequestStore = { requestId, req };
    (req as WithStore)[STORE] = store;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    // 'close' comes for every request, also one the client gave up on before its answer was sent.
    res.once('close', () =>
      storage.run(store, () => {
        const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
        const path = req.originalUrl.split('?')[0] ?? '';
        access({ method: req.method, path, status: res.statusCode, durationMs, ...(res.writableFinished ? {} : { aborted: true }), ...requestContext() });
      }),
    );
    storage.run(store, next);
  };
}

/**
 * Body parsers resume a request from the socket's stream events, outside the context entered above;
 * this middleware, registered after them (configureApp), enters it again for the guards and handlers.
 */
export function reenterRequestContext(req: Request, _res: Response, next: NextFunction): void {
  const store = (req as WithStore)[STORE];
  if (store) storage.run(store, next);
  else next();
}

const access = new Logger('HTTP');

/** The app's first middleware (configureApp): request ids and one access line per request. */
export const requestLogging = (): ((req: Request, res: Response, next: NextFunction) => void) =>
  requestIdMiddleware((line) => access.log({ msg: `${line.method} ${line.path} ${line.status}`, ...line }));
