import { randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import supertest from 'supertest';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Every request reaches the proxy from this one address (a whole office behind one NAT).
const OFFICE = '203.0.113.50';

/**
 * A reverse proxy in front of two API instances, as a load balancer would be: requests alternate
 * between the instances, and the proxy appends the address it saw to X-Forwarded-For. Here the
 * client's address is the office's, whatever connection the test opens.
 */
async function startProxy(targets: number[]): Promise<{ server: Server; port: number; hits: number[] }> {
  const hits = targets.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const i = next++ % targets.length;
    hits[i]!++;
    const upstream = request(
      { host: '127.0.0.1', port: targets[i], method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': OFFICE } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

describe('two API instances behind one proxy', () => {
  const prefix = `test-${randomUUID()}:`;
  const apis: ApiApp[] = [];
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let http: ReturnType<typeof supertest>;

  beforeAll(async () => {
    const env = {
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      // Only the proxy on this machine is trusted to name the client.
      TRUSTED_PROXIES: 'loopback',
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_SUBMIT_PER_USER: '2',
      RATE_LIMIT_SUBMIT_PER_IP: '100',
      RATE_LIMIT_TOKEN_PER_IP: '2',
      APP_ENV: 'development',
      DEV_TOKENS: 'true',
    };
    for (let i = 0; i < 2; i++) {
      const api = await startApiApp(env);
      await api.app.listen(0, '127.0.0.1');
      apis.push(api);
    }
    const ports = apis.map((a) => (a.app.getHttpServer().address() as AddressInfo).port);
    proxy = await startProxy(ports);
    http = supertest(`http://127.0.0.1:${proxy.port}`);
  });
  afterAll(async () => {
    if (proxy) {
      proxy.server.closeAllConnections();
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
    }
    for (const api of apis) await api.close();
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('limits two signed-in users from one address each on their own, whichever instance answers', async () => {
    const statuses: Record<string, number[]> = { 'applicant-lingxi': [], 'applicant-pengcheng': [] };
    // Interleaved, so each user's requests land on both instances.
    for (let round = 0; round < 3; round++) {
      for (const user of Object.keys(statuses)) {
        const r = await http
          .post('/cases')
          .set({ Authorization: `Bearer ${apis[0]!.tokenFor(user)}` })
          .send(m2Submission());
        statuses[user]!.push(r.status);
        if (r.status === 429) expect(r.body.zh).toMatch(/每 1 分钟最多 2 次请求/);
      }
    }
    // The shared address took 6 submissions; each user was allowed their own 2, then refused.
    expect(statuses).toEqual({ 'applicant-lingxi': [201, 201, 429], 'applicant-pengcheng': [201, 201, 429] });
    expect(proxy.hits.every((n) => n >= 2)).toBe(true);
    const stored = (await apis[0]!.prisma.case.count()) + (await apis[1]!.prisma.case.count());
    expect(stored).toBe(4);
  });

  it('counts the office address, not the proxy, before sign-in, across both instances', async () => {
    const issue = () => http.post('/auth/dev-token').send({ userId: 'officer-stic' });
    const statuses = [(await issue()).status, (await issue()).status, (await issue()).status];
    expect(statuses).toEqual([200, 200, 429]);
    // Another address reaching an instance directly (not through the proxy) has its own count.
    expect((await apis[1]!.http.post('/auth/dev-token').send({ userId: 'officer-stic' })).status).toBe(200);
  });
});
