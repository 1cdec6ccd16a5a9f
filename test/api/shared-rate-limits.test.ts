import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { RedisThrottlerStorage } from '../../src/common/rate-limit-store';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';

// The Redis server of the machine (CI starts one, see .ci/run); a test that cannot reach it fails.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 3;

/** Two API instances sharing REDIS_URL are limited as one: a client spreading its requests over both gains nothing. */
describe('rate limits shared through Redis by two API instances', () => {
  const prefix = `test-${randomUUID()}:`;
  const apis: ApiApp[] = [];
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    expect(await redis.ping()).toBe('PONG');
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_SUBMIT_PER_USER: String(LIMIT),
      RATE_LIMIT_SUBMIT_PER_IP: '1000',
    };
    apis.push(await startApiApp(env));
    apis.push(await startApiApp(env));
  });
  afterAll(async () => {
    for (const api of apis) await api.close();
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('answers 429 to the submissions past the limit, whichever instance they reach', async () => {
    const token = apis[0]!.tokenFor('applicant-lingxi');
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i++) {
      const api = apis[i % 2]!;
      const r = await api.http
        .post('/cases')
        .set({ Authorization: `Bearer ${token}` })
        .send(m2Submission());
      statuses.push(r.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    const stored = (await apis[0]!.prisma.case.count()) + (await apis[1]!.prisma.case.count());
    expect(stored).toBe(LIMIT);
    // The counts are in Redis under this test's prefix, not in either process.
    expect((await redis.keys(`${prefix}rl:submitUser:*`)).length).toBeGreaterThan(0);
  });

  it('lets requests through, with a warning, while Redis does not answer', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    // Port 1: nothing listens there.
    const storage = new RedisThrottlerStorage('redis://127.0.0.1:1', prefix);
    try {
      for (let i = 0; i < LIMIT + 2; i++) expect((await storage.increment('k', 60_000, LIMIT, 60_000, 'submitUser')).isBlocked).toBe(false);
      expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining('rate limits not enforced'));
    } finally {
      await storage.onApplicationShutdown();
      warn.mockRestore();
    }
  });
});
