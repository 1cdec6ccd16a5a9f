import { startApiApp, type ApiApp } from '../support/api-app';

/**
 * The admin routes with the real guard, pipe and filter (Temporal is not reached: everything here
 * is refused before it would be). Replay and export themselves run on a real Temporal server in
 * test/integration/admin-workflows.test.ts.
 */
describe('admin routes: only for admins, every input validated', () => {
  let api: ApiApp;
  // A fresh migrated database per file: slow when the machine is busy.
  beforeAll(async () => {
    api = await startApiApp();
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  const admin = (): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor('admin')}` });
  const missingRoute = (method: string, path: string): Record<string, unknown> => ({
    statusCode: 404,
    error: 'Not Found',
    message: `Cannot ${method} ${path}`,
  });

  it('answers everyone but an admin exactly as a route that does not exist', async () => {
    // What Nest itself answers for a route it does not have, for comparison.
    const absent = await api.http.get('/admin/no-such-route').set(admin());
    expect(absent.status).toBe(404);
    expect(absent.body).toEqual(missingRoute('GET', '/admin/no-such-route'));

    const routes: [string, string][] = [
      ['GET', '/admin/workflows/case%3Aabc/history?runId=0b5f3b7e-8c1a-4d1e-9a47-1f0c2d3e4f50'],
      ['POST', '/admin/replays'],
      ['GET', '/admin/replays/0b5f3b7e-8c1a-4d1e-9a47-1f0c2d3e4f50'],
      ['GET', '/admin/incidents'],
      ['GET', '/admin/audit?actorId=applicant-lingxi'],
    ];
    const callers: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer not-a-token' },
      { Authorization: `Bearer ${api.tokenFor('applicant-lingxi')}` },
      { Authorization: `Bearer ${api.tokenFor('officer-stic')}` },
      { Authorization: `Bearer ${api.tokenFor('supervisor-stic')}` },
    ];
    for (const [method, path] of routes) {
      for (const headers of callers) {
        const req = method === 'GET' ? api.http.get(path) : api.http.post(path).send({});
        const res = await req.set(headers);
        expect({ path, headers, status: res.status, body: res.body }).toEqual({ path, headers, status: 404, body: missingRoute(method, path) });
      }
    }
  });

  it('refuses a workflow id with NUL, or too long, naming the field', async () => {
    const nul = await api.http.get('/admin/workflows/application%00x/history').set(admin());
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ field: 'workflowId', message: expect.stringContaining('NUL') });
    const long = await api.http.get(`/admin/workflows/${'a'.repeat(1001)}/history`).set(admin());
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ field: 'workflowId', message: expect.stringContaining('at most 1000') });
    const run = await api.http.get('/admin/workflows/case:abc/history?runId=latest').set(admin());
    expect(run.status).toBe(400);
    expect(run.body).toMatchObject({ field: 'query.runId' });
  });

  it('refuses a replay request that is malformed, naming the field', async () => {
    const cases: [unknown, string, string][] = [
      [{ query: "WorkflowType='x'\u0000" }, 'query', 'NUL'],
      [{ query: 'x'.repeat(2001) }, 'query', 'at most 2000'],
      [{ query: '   ' }, 'query', 'may not be empty'],
      [{ query: "WorkflowType='x'", workflowIds: ['case:a'] }, 'query', 'not both'],
      [{ workflowIds: [] }, 'workflowIds', 'at least one'],
      [{ workflowIds: ['ok', 'bad\u0000'] }, 'workflowIds.1', 'NUL'],
      [{ workflowIds: 'case:a' }, 'workflowIds', ''],
      [{ everything: true }, '(body)', ''],
    ];
    for (const [body, field, message] of cases) {
      const res = await api.http
        .post('/admin/replays')
        .set(admin())
        .send(body as object);
      expect({ body, status: res.status, field: res.body.field }).toEqual({ body, status: 400, field });
      expect(res.body.message).toContain(message);
    }
    expect(api.temporal.starts).toEqual([]);
  });

  it('answers 400 for a job id that is no job id and 404 for one it does not know', async () => {
    const bad = await api.http.get('/admin/replays/latest').set(admin());
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('jobId');
    const unknown = await api.http.get('/admin/replays/0b5f3b7e-8c1a-4d1e-9a47-1f0c2d3e4f50').set(admin());
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ field: 'jobId', message: 'no such replay job', zh: '没有该重放任务' });
  });

  it('documents the admin routes and their answers in the OpenAPI document', async () => {
    const doc = (await api.http.get('/docs/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> }>>;
    };
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/admin'))
        .sort(),
    ).toEqual([
      '/admin/audit',
      '/admin/incidents',
      '/admin/labs',
      '/admin/organisations',
      '/admin/organisations/{organisationId}',
      '/admin/packs',
      '/admin/replays',
      '/admin/replays/{jobId}',
      '/admin/users',
      '/admin/users/{userId}',
      '/admin/workflows/{workflowId}/history',
    ]);
    const job = doc.paths['/admin/replays/{jobId}']!.get!.responses['200']!.content!['application/json']!.schema;
    expect(Object.keys(job.properties ?? {})).toEqual(expect.arrayContaining(['jobId', 'status', 'percent', 'results']));
    expect(Object.keys(doc.paths['/admin/replays']!.post!.responses)).toContain('202');
  });
});
