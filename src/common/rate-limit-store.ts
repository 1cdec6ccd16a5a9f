import { Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';

/**
 * One fixed window per key and limit: the first hit starts it, a hit past the limit blocks the key
 * for the block duration. Atomic in Redis, so every API instance counts into the same window.
 * Returns [hits, window ms left, blocked (0/1), block ms left].
 */
const INCREMENT = `
local block_left = redis.call('PTTL', KEYS[2])
if block_left > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), 1, block_left}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  local block = tonumber(ARGV[3])
  if block > 0 then
    redis.call('SET', KEYS[2], '1', 'PX', block)
    return {hits, left, 1, block}
  end
  return {hits, left, 1, left}
end
return {hits, left, 0, 0}
`;

/** Rate-limit counters in Redis, shared by every API instance that names the same server and prefix. */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly log = new Logger('RateLimits');
  private readonly redis: Redis;
  private readonly warnedAt = new Map<string, number>();

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // No offline queue: while Redis is away a request must not wait for it (see increment).
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    this.redis.on('error', (err: Error) => this.warn('connection', `Redis: ${err.message}`));
    this.redis.defineCommand('throttle', { numberOfKeys: 2, lua: INCREMENT });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}rl:${throttlerName}:${key}`;
    try {
      const [hits, left, blocked, blockLeft] = (await (this.redis as Redis & { throttle(...a: (string | number)[]): Promise<number[]> }).throttle(
        base,
        `${base}:block`,
        ttl,
        limit,
        blockDuration,
      )) as [number, number, number, number];
      return { totalHits: hits, timeToExpire: seconds(left), isBlocked: blocked === 1, timeToBlockExpire: blocked === 1 ? seconds(blockLeft) : 0 };
    } catch (err) {
      // Fail open: a Redis outage must not take submissions down with it; the log says limits are off.
      this.warn('store', `rate limits not enforced, Redis did not answer: ${(err as Error).message}`);
      return { totalHits: 1, timeToExpire: seconds(ttl), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  /** Waits until Redis answers (boot), so the first requests are counted. */
  async ready(timeoutMs = 5_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.redis.status !== 'ready' && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** At most one line of each kind per 10 s: an outage must not flood the log. */
  private warn(kind: 'connection' | 'store', line: string): void {
    if (Date.now() - (this.warnedAt.get(kind) ?? 0) < 10_000) return;
    this.warnedAt.set(kind, Date.now());
    this.log.warn(line);
  }
}

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export const RATE_LIMIT_STORAGE = Symbol('RATE_LIMIT_STORAGE');

/** Redis when REDIS_URL is set, the throttler's in-process map otherwise. */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORAGE,
      inject: [APP_CONFIG],
      useFactory: async (c: AppConfig): Promise<ThrottlerStorage> => {
        if (!c.redis) return new ThrottlerStorageService();
        const storage = new RedisThrottlerStorage(c.redis.url, c.redis.keyPrefix);
        await storage.ready();
        return storage;
      },
    },
  ],
  exports: [RATE_LIMIT_STORAGE],
})
export class RateLimitStoreModule {}
