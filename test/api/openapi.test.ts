import type { z } from 'zod';
import { CaseListSchema, CaseSchema } from '../../src/cases/case.dto';
import { PackListSchema } from '../../src/catalog/catalog.dto';
import { ConflictListSchema } from '../../src/conflicts/conflict.dto';
import { jsonSchemaOf } from '../../src/common/zod';
import { TaskListSchema } from '../../src/tasks/task.dto';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission, SHENZHEN } from '../support/fixtures';

jest.setTimeout(30_000);

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The OpenAPI document describes every operation's success response, and real responses fit it. */
describe('the OpenAPI document’s response schemas', () => {
  let api: ApiApp;
  let doc: Doc;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  beforeAll(async () => {
    api = await startApiApp();
    const res = await api.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as Doc;
  });
  afterAll(async () => {
    await api?.close();
  });

  const operations = (): [string, Operation][] =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => [`${m.toUpperCase()} ${path}`, item[m]!] as [string, Operation]),
    );

  it('gives every operation a JSON response schema for each success status', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(20);
    const missing = ops.flatMap(([name, op]) => {
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      if (success.length === 0) return [`${name}: no success response`];
      return success
        .filter((s) => Object.keys(op.responses[s]?.content?.['application/json']?.schema ?? {}).length === 0)
        .map((s) => `${name} ${s}: no schema`);
    });
    expect(missing).toEqual([]);
  });

  /** The document's schema of an operation's success response is the JSON Schema of `schema`. */
  const documented = (method: string, path: string, status: string, schema: z.ZodType): void => {
    expect(doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema).toEqual(jsonSchemaOf(schema, 'output'));
  };

  it('describes a real submission, case read and case list as they are answered', async () => {
    const created = await api.http
      .post('/cases')
      .set(as('applicant-lingxi'))
      .set('Idempotency-Key', 'openapi-1')
      .send(m2Submission({ contractNumber: 'OPENAPI-1' }));
    expect(created.status).toBe(201);
    documented('post', '/cases', '201', CaseSchema);
    expect(CaseSchema.safeParse(created.body).error).toBeUndefined();

    const replay = await api.http
      .post('/cases')
      .set(as('applicant-lingxi'))
      .set('Idempotency-Key', 'openapi-1')
      .send(m2Submission({ contractNumber: 'OPENAPI-1' }));
    expect(replay.status).toBe(200);
    documented('post', '/cases', '200', CaseSchema);
    expect(CaseSchema.safeParse(replay.body).error).toBeUndefined();

    const one = await api.http.get(`/cases/${created.body.id}`).set(as('admin'));
    documented('get', '/cases/{id}', '200', CaseSchema);
    expect(CaseSchema.safeParse(one.body).error).toBeUndefined();

    const list = await api.http.get('/cases').set(as('applicant-lingxi'));
    documented('get', '/cases', '200', CaseListSchema);
    expect(CaseListSchema.safeParse(list.body).error).toBeUndefined();
  });

  it('describes the catalog, the inbox and the conflicts as they are answered', async () => {
    const packs = await api.http.get('/catalog/packs');
    documented('get', '/catalog/packs', '200', PackListSchema);
    expect(PackListSchema.safeParse(packs.body).error).toBeUndefined();
    expect((packs.body.items as { id: string }[]).map((p) => p.id)).toContain(SHENZHEN);

    const inbox = await api.http.get('/tasks').set(as('officer-stic'));
    documented('get', '/tasks', '200', TaskListSchema);
    expect(TaskListSchema.safeParse(inbox.body).error).toBeUndefined();

    await api.http.post('/me/conflicts').set(as('officer-stic')).send({ organisationId: 'org-lingxi', reason: 'a relative works there' });
    const conflicts = await api.http.get('/me/conflicts').set(as('officer-stic'));
    documented('get', '/me/conflicts', '200', ConflictListSchema);
    expect(ConflictListSchema.safeParse(conflicts.body).error).toBeUndefined();
    expect(conflicts.body).toHaveLength(1);
  });

  it('would catch a response that breaks its schema (the check is not vacuous)', async () => {
    const one = await api.http.get('/cases').set(as('applicant-lingxi'));
    const item = (one.body.items as Record<string, unknown>[])[0]!;
    expect(CaseSchema.safeParse({ ...item, computedAwardFen: 100 }).success).toBe(false);
    expect(CaseSchema.safeParse({ ...item, status: 'pending' }).success).toBe(false);
  });
});
