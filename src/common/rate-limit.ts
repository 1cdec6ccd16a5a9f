import { applyDecorators, Inject, Injectable, UseGuards, type ExecutionContext } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerRequest } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { RateLimits } from '../config/config';
import { ApiMetrics } from '../observability/api-metrics';
import { TooManyRequestsError } from './errors';

type Limited = 'submit' | 'token';
const NAMES = { submit: ['submitUser', 'submitIp'], token: ['tokenUser', 'tokenIp'] } as const satisfies Record<Limited, readonly string[]>;

// The client's address as the socket gives it: behind a reverse proxy, Express's "trust proxy"
// setting decides whether X-Forwarded-For counts (it does not by default).
const ip = (req: Request): string => `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
const signedIn = (req: Request): string => {
  const id = (req as Request & { principal?: { userId: string } }).principal?.userId;
  return id === undefined ? ip(req) : `user:${id}`;
};
// Token issuing happens before anyone is signed in: the user asked for counts.
const askedFor = (req: Request): string => {
  const id = (req.body as { userId?: unknown } | undefined)?.userId;
  return typeof id === 'string' ? `user:${id}` : ip(req);
};

/** The named limits of configuration (src/config): per user and per client IP, for each limited action. */
export function throttlerOptions(c: RateLimits): ThrottlerModuleOptions {
  const t = (name: string, limit: number, tracker: (req: Request) => string) => ({
    name,
    ttl: c.windowMs,
    limit,
    getTracker: (req: Record<string, unknown>) => tracker(req as unknown as Request),
  });
  return {
    throttlers: [
      t('submitUser', c.submit.perUser, signedIn),
      t('submitIp', c.submit.perIp, ip),
      t('tokenUser', c.token.perUser, askedFor),
      t('tokenIp', c.token.perIp, ip),
    ],
  };
}

/** Answers an exceeded limit with 429, a bilingual reason and `Retry-After` in seconds. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  // A property, not a constructor parameter: the throttler's guard has its own constructor.
  @Inject(ApiMetrics) private readonly metrics!: ApiMetrics;

  /** Counts a refusal under the limit's name (submitUser, tokenIp, ...). */
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(props);
    } catch (err) {
      if (err instanceof TooManyRequestsError) this.metrics.refused(props.throttler.name ?? 'default');
      throw err;
    }
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new TooManyRequestsError(null, `too many requests; try again in ${seconds} s`, {
      zh: `请求过于频繁,请 ${seconds} 秒后再试`,
      retryAfterSeconds: seconds,
    });
  }
}

/** Rate-limits a route by the limits of one action (per user and per IP); the other actions' limits skip it. */
export const RateLimited = (action: Limited): MethodDecorator & ClassDecorator => {
  const skip = Object.fromEntries((Object.keys(NAMES) as Limited[]).filter((a) => a !== action).flatMap((a) => NAMES[a].map((n) => [n, true] as const)));
  return applyDecorators(UseGuards(RateLimitGuard), SkipThrottle(skip));
};
