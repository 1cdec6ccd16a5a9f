import { Logger, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { reenterRequestContext, requestIdMiddleware } from './request-context';

const access = new Logger('HTTP');

/** The app's first middleware (configureApp): request ids and one access line per request. */
export const requestLogging = (): ((req: Request, res: Response, next: NextFunction) => void) =>
  requestIdMiddleware((line) => access.log({ msg: `${line.method} ${line.path} ${line.status}`, ...line }));

/** Enters each request's log context again after the body parsers, for the guards, handlers and services. */
@Module({})
export class LoggingModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(reenterRequestContext).forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
