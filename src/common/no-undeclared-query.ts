import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ValidationError } from '../domain/errors';
import { REQUEST_SENTENCES as S } from '../domain/words/validation';

/**
 * A route that declares no query parameters refuses any (a route that does is refused by its own
 * strict schema): an unknown parameter is an error everywhere, never silently ignored.
 */
@Injectable()
export class NoUndeclaredQueryInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() === 'http') {
      const req = ctx.switchToHttp().getRequest<Request>();
      const names = Object.keys(req.query ?? {});
      if (names.length > 0) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, ctx.getClass(), ctx.getHandler().name) ?? {}) as Record<string, unknown>;
        const takesQuery = Object.keys(args).some((k) => Number(k.split(':')[0]) === RouteParamtypes.QUERY);
        if (!takesQuery) throw new ValidationError(names.map((n) => ({ path: `query.${n}`, message: S.noQueryParameter(n).en, zh: S.noQueryParameter(n).zh })));
      }
    }
    return next.handle();
  }
}
