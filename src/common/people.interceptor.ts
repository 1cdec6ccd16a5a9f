import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, mergeMap, type Observable } from 'rxjs';
import { IdentityCache } from '../database/identity-cache';
import { isJsonBody, peopleIn, withNames } from './people';

/**
 * Every response that names a user by id gets the name beside it (actorId → actorName, …), in one
 * lookup per response at most (names read within IDENTITY_CACHE_MS are kept): the pages show people by
 * name, and no service has to remember to.
 */
@Injectable()
export class PeopleNamesInterceptor implements NestInterceptor {
  constructor(private readonly identities: IdentityCache) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      mergeMap((body: unknown) => {
        if (!isJsonBody(body)) return [body];
        const ids = peopleIn(body);
        if (ids.size === 0) return [body];
        return from(this.identities.userNames(ids).then((names) => withNames(body, names)));
      }),
    );
  }
}
