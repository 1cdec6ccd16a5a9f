import { randomUUID } from 'node:crypto';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission, SHENZHEN } from '../support/fixtures';
import { parseMetrics, valueOf, type Sample } from '../support/prom-text';

const METRICS_TOKEN = 'metrics-token-0123456789';

/** GET /metrics: requests by route template, refusals by limit, the database pool, and the business gauges. */
describe('the API’s Prometheus metrics', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const scrape = async (): Promise<Sample[]> => {
    const res = await api.http.get('/metrics').set({ Authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return parseMetrics(res.text);
  };
  beforeAll(async () => {
    api = await startApiApp({ APP_ENV: 'development', DEV_TOKENS: 'true', RATE_LIMIT_TOKEN_PER_USER: '1', METRICS_TOKEN });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses a scrape without the metrics token', async () => {
    expect((await api.http.get('/metrics')).status).toBe(401);
    expect((await api.http.get('/metrics').set({ Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
  });

  it('counts requests under their route templates, never their ids', async () => {
    const created = await api.http.post('/cases').set(as('applicant-lingxi')).send(m2Submission());
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect((await api.http.get(`/cases/${id}`).set(as('applicant-lingxi'))).status).toBe(200);
    expect((await api.http.get(`/cases/${randomUUID()}`).set(as('applicant-lingxi'))).status).toBe(404);
    expect((await api.http.get('/no-such-route')).status).toBe(404);

    const m = await scrape();
    expect(valueOf(m, 'http_requests_total', { method: 'POST', route: '/cases', status: '201' })).toBe(1);
    expect(valueOf(m, 'http_requests_total', { method: 'GET', route: '/cases/:id', status: '200' })).toBe(1);
    expect(valueOf(m, 'http_requests_total', { method: 'GET', route: '/cases/:id', status: '404' })).toBe(1);
    expect(valueOf(m, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(valueOf(m, 'http_request_duration_seconds_count', { method: 'POST', route: '/cases', status: '201' })).toBe(1);
    expect(m.filter((s) => s.labels.route?.includes(id))).toEqual([]);
    // Every query waited for a connection through the pool, and was timed.
    expect(valueOf(m, 'db_pool_acquire_seconds_count')).toBeGreaterThan(0);
    expect(valueOf(m, 'db_pool_connections', { state: 'waiting' })).toBe(0);
  });

  it('counts rate-limit refusals by the limit that refused', async () => {
    const before = valueOf(await scrape(), 'rate_limit_refusals_total', { limit: 'tokenUser' }) ?? 0;
    expect((await api.http.post('/auth/dev-token').send({ userId: 'officer-stic' })).status).toBe(200);
    expect((await api.http.post('/auth/dev-token').send({ userId: 'officer-stic' })).status).toBe(429);
    const m = await scrape();
    expect(valueOf(m, 'rate_limit_refusals_total', { limit: 'tokenUser' })).toBe(before + 1);
    expect(valueOf(m, 'http_requests_total', { method: 'POST', route: '/auth/dev-token', status: '429' })).toBe(1);
  });

  it('shows open cases by status, open tasks by bureau and age, and pool balances in fen', async () => {
    const open = await api.prisma.case.count({ where: { status: 'submitted' } });
    const caseId = (await api.prisma.case.findFirstOrThrow({ select: { id: true } })).id;
    await api.prisma.reviewTask.create({ data: { id: randomUUID(), caseId, bureauCode: 'stic', stage: 'review', createdAt: new Date() } });
    const pool = await api.prisma.budgetPool.findFirstOrThrow({ where: { packId: SHENZHEN } });
    await api.prisma.budgetPool.update({ where: { id: pool.id }, data: { reservedFen: 12_345n } });

    const m = await scrape();
    expect(valueOf(m, 'subsidies_open_cases', { status: 'submitted' })).toBe(open);
    expect(valueOf(m, 'subsidies_open_cases', { status: 'in_review' })).toBe(0);
    expect(valueOf(m, 'subsidies_open_tasks', { bureau: 'stic', age: 'under_1d' })).toBe(1);
    const labels = { pack: SHENZHEN, pool: pool.code, year: String(pool.year) };
    expect(valueOf(m, 'subsidies_pool_fen', { ...labels, kind: 'total' })).toBe(Number(pool.totalFen));
    expect(valueOf(m, 'subsidies_pool_fen', { ...labels, kind: 'reserved' })).toBe(12_345);
    expect(valueOf(m, 'subsidies_pool_fen', { ...labels, kind: 'available' })).toBe(Number(pool.totalFen - 12_345n));
  });
});
