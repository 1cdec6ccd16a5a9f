import { applyDecorators, Inject, Injectable, UseGuards, type ExecutionContext } from '@nestjs/common';
import { SkipThrottle, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerRequest } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { RateLimits } from '../config/config';
import { ApiMetrics } from '../observability/api-metrics';
import { TooManyRequestsError, sayIt } from '../domain/errors';
import { SERVICE_SENTENCES } from '../domain/words/service';

type Limited = 'submit' | 'token' | 'upload';
const NAMES = { submit: ['submitUser', 'submitIp'], token: ['tokenUser', 'tokenIp'], upload: ['uploadOrg'] } as const satisfies Record<
  Limited,
  readonly string[]
>;

type Signed = Request & { principal?: { userId: string; organisationId: string | null } };

// The client's address: behind reverse proxies, TRUSTED_PROXIES (Express's "trust proxy") decides
// which X-Forwarded-For hops count; by default none does, and it is the socket's peer.
const ip = (req: Request): string => `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
// Signed in, a request counts under its user, so the users behind one proxy or NAT are limited
// separately; only a request with no user counts under its address. For signed-in requests the
// per-IP limit is therefore a second, looser per-user one.
const signedIn = (req: Signed): string => {
  const id = req.principal?.userId;
  return id === undefined ? ip(req) : `user:${id}`;
};
// Uploads count under the uploader's organisation: its applicants share one allowance.
const organisation = (req: Signed): string => {
  const org = req.principal?.organisationId;
  return org ? `org:${org}` : signedIn(req);
};
// Token issuing happens before anyone is signed in: the user asked for counts.
const askedFor = (req: Request): string => {
  const id = (req.body as { userId?: unknown } | undefined)?.userId;
  return typeof id === 'string' ? `user:${id}` : ip(req);
};

const DAY_MS = 24 * 3_600_000;

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
      t('submitIp', c.submit.perIp, signedIn),
      t('tokenUser', c.token.perUser, askedFor),
      t('tokenIp', c.token.perIp, ip),
      { ...t('uploadOrg', c.upload.perOrganisationPerDay, organisation), ttl: DAY_MS },
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
    const upload = detail.tracker.startsWith('org:');
    throw sayIt(TooManyRequestsError, null, SERVICE_SENTENCES.tooMany(upload, detail.limit, detail.ttl, seconds), {
      retryAfterSeconds: seconds,
      limit: detail.limit,
      windowSeconds: Math.round(detail.ttl / 1000),
    });
  }
}

/** Rate-limits a route by the limits of one action (per user and per IP); the other actions' limits skip it. */
export const RateLimited = (action: Limited): MethodDecorator & ClassDecorator => {
  const skip = Object.fromEntries((Object.keys(NAMES) as Limited[]).filter((a) => a !== action).flatMap((a) => NAMES[a].map((n) => [n, true] as const)));
  return applyDecorators(UseGuards(RateLimitGuard), SkipThrottle(skip));
};
