import { Logger } from '@nestjs/common';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';

/** Rate limits from configuration (here small ones), headers on personal data, and what a refusal logs. */
describe('abuse limits, headers and logs', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  beforeAll(async () => {
    api = await startApiApp({
      APP_ENV: 'development',
      DEV_TOKENS: 'true',
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_SUBMIT_PER_USER: '2',
      RATE_LIMIT_SUBMIT_PER_IP: '3',
      RATE_LIMIT_TOKEN_PER_USER: '2',
      RATE_LIMIT_TOKEN_PER_IP: '4',
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('limits submissions per user, with 429 and Retry-After; a refused one stores nothing', async () => {
    const submit = (user: string) => api.http.post('/cases').set(as(user)).send(m2Submission());
    expect((await submit('applicant-lingxi')).status).toBe(201);
    expect((await submit('applicant-lingxi')).status).toBe(201);
    const third = await submit('applicant-lingxi');
    expect(third.status).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(third.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(third.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', zh: expect.stringContaining('请求过于频繁') });
    expect(await api.prisma.case.count()).toBe(2);
    expect(api.temporal.starts).toHaveLength(2);
    // Signed in, a request counts under its user only: another user from the same address has its own count.
    expect((await submit('applicant-pengcheng')).status).toBe(201);
    expect((await submit('applicant-pengcheng')).status).toBe(201);
    expect((await submit('applicant-pengcheng')).status).toBe(429);
    expect(await api.prisma.case.count()).toBe(4);
    // Reading is not limited.
    expect((await api.http.get('/cases').set(as('applicant-lingxi'))).status).toBe(200);
  });

  it('limits token issuing per requested user and per IP', async () => {
    const issue = (userId: string) => api.http.post('/auth/dev-token').send({ userId });
    expect((await issue('officer-stic')).status).toBe(200);
    expect((await issue('officer-stic')).status).toBe(200);
    const third = await issue('officer-stic');
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBeDefined();
    expect((await issue('admin')).status).toBe(200);
    expect((await issue('admin')).status).toBe(200);
    expect((await issue('applicant-szu')).status).toBe(429);
  });

  it('marks answers with personal data no-store, and sends no X-Powered-By', async () => {
    const mine = await api.http.get('/cases').set(as('applicant-lingxi'));
    expect(mine.headers['cache-control']).toBe('no-store');
    expect(mine.headers['x-powered-by']).toBeUndefined();
    expect((await api.http.get('/tasks').set(as('officer-stic'))).headers['cache-control']).toBe('no-store');
    expect((await api.http.get('/catalog/packs/shenzhen-ai-pioneer-2024/pools').set(as('officer-stic'))).headers['cache-control']).toBe('no-store');
    expect((await api.http.get('/catalog/packs')).headers['cache-control']).toBeUndefined();
  });

  it('logs a refused request without its token, ids or body', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const token = api.tokenFor('applicant-lingxi');
      const forbidden = await api.http.get('/tasks?measureCode=secret-filter').set({ Authorization: `Bearer ${token}` });
      expect(forbidden.status).toBe(403);
      const bad = await api.http.get('/cases').set({ Authorization: 'Bearer not.a.valid-token' });
      expect(bad.status).toBe(401);
      const hidden = await api.http.get('/admin/incidents').set({ Authorization: `Bearer ${token}` });
      expect(hidden.status).toBe(404);
      const lines = warn.mock.calls.map((c) => String(c[0]));
      expect(lines).toEqual(
        expect.arrayContaining([
          'refused 403 GET /tasks role=applicant kind=ForbiddenException',
          'refused 401 GET /cases role=anonymous kind=UnauthorizedException',
          'refused 403 GET /admin/incidents role=applicant kind=ForbiddenException',
        ]),
      );
      for (const line of lines) {
        expect(line).not.toContain(token);
        expect(line).not.toContain('not.a.valid-token');
        expect(line).not.toContain('secret-filter');
        expect(line).not.toContain('lingxi');
      }
    } finally {
      warn.mockRestore();
    }
  });
});
