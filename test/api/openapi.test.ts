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

  // A file download (GET /documents/{id}) answers with its bytes, each type a binary string.
  const isFile = (content: Record<string, { schema?: unknown }> | undefined): boolean =>
    content !== undefined &&
    Object.keys(content).length > 0 &&
    Object.entries(content).every(
      ([type, c]) => type !== 'application/json' && JSON.stringify(c.schema) === JSON.stringify({ type: 'string', format: 'binary' }),
    );

  it('gives every operation a JSON response schema for each success status (a file download its bytes, a 204 nothing)', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(20);
    const missing = ops.flatMap(([name, op]) => {
      const success = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      if (success.length === 0) return [`${name}: no success response`];
      return success
        .filter((s) => s !== '204' && !isFile(op.responses[s]?.content))
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

describe('the OpenAPI document’s parameters and error statuses', () => {
  let api: ApiApp;
  let doc: {
    paths: Record<
      string,
      Record<string, { parameters?: { name: string; in: string; schema?: Record<string, unknown> }[]; responses: Record<string, unknown> }>
    >;
  };
  beforeAll(async () => {
    api = await startApiApp();
    doc = (await api.http.get('/docs/openapi.json')).body as typeof doc;
  });
  afterAll(async () => {
    await api?.close();
  });
  const op = (method: string, path: string) => doc.paths[path]![method]!;
  const error = { description: expect.any(String), content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };

  it('documents every query parameter the routes accept, with its schema', () => {
    expect(
      op('get', '/tasks')
        .parameters!.filter((p) => p.in === 'query')
        .map((p) => p.name),
    ).toEqual(['status', 'measureCode', 'dueFrom', 'dueTo', 'priority', 'assignee', 'doubleBenefit', 'sort', 'limit', 'offset']);
    expect(op('get', '/cases').parameters!.find((p) => p.name === 'status')?.schema).toMatchObject({ enum: expect.arrayContaining(['approved']) });
    expect(op('get', '/admin/incidents').parameters!.map((p) => p.name)).toEqual(['workflowId', 'limit', 'offset']);
  });

  it('documents a 400’s issues with their Chinese, as a real refusal gives them', async () => {
    const schemas = (doc as unknown as { components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } }).components.schemas;
    expect(schemas.Error!.properties.issues).toMatchObject({
      type: 'array',
      items: { properties: { path: { type: 'string' }, message: { type: 'string' }, zh: { type: 'string' } }, required: ['path', 'message'] },
    });
    expect(schemas.Error!.properties.zh).toMatchObject({ type: 'string' });
    const refused = await api.http.get('/tasks?priority=high').set({ Authorization: `Bearer ${api.tokenFor('officer-stic')}` });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      issues: [
        { path: 'query.priority', message: 'priority must be a whole number from 0 to 10, written in digits', zh: '须为 0 至 10 之间的整数,用数字书写' },
      ],
      zh: '优先级:须为 0 至 10 之间的整数,用数字书写',
    });
  });

  it('documents ids that are UUIDs as format uuid', () => {
    for (const [method, path, name] of [
      ['get', '/cases/{id}', 'id'],
      ['get', '/admin/replays/{jobId}', 'jobId'],
    ] as const) {
      expect(op(method, path).parameters!.find((p) => p.name === name)?.schema).toMatchObject({ type: 'string', format: 'uuid' });
    }
    // A task is a case's (a UUID) or a key lab's evaluation (lab-<lab id>-evaluation-<n>): the pattern says both.
    const taskId = op('post', '/tasks/{taskId}/decision').parameters!.find((p) => p.name === 'taskId')!.schema as { pattern: string };
    const pattern = new RegExp(taskId.pattern);
    expect(pattern.test('3a188366-00f9-47f8-bfe3-d97c52f4415f')).toBe(true);
    expect(pattern.test('lab-3a188366-00f9-47f8-bfe3-d97c52f4415f-evaluation-2')).toBe(true);
    expect(pattern.test('lab-3a188366-evaluation-2')).toBe(false);
  });

  it('documents every refusal an operation can answer, with the error body', () => {
    expect(Object.keys(op('post', '/cases').responses).sort()).toEqual(['200', '201', '400', '401', '403', '408', '409', '413', '415', '422', '429', '503']);
    expect(op('post', '/cases').responses['429']).toMatchObject({ ...error, headers: { 'Retry-After': expect.any(Object) } });
    expect(op('post', '/tasks/{taskId}/decision').responses['409']).toEqual(error);
    // Admin routes answer others as a route that does not exist: 404, never 401 or 403.
    expect(Object.keys(op('get', '/admin/incidents').responses).sort()).toEqual(['200', '400', '404', '503']);
    // Any route reads the database: an outage is a 503 everywhere.
    expect(Object.keys(op('get', '/catalog/packs').responses)).toEqual(['200', '400', '503']);
    // The refusals services answer with, declared where they happen.
    for (const [method, path, status] of [
      ['post', '/admin/organisations', '409'],
      ['post', '/admin/users', '409'],
      ['post', '/admin/users', '422'],
      ['patch', '/admin/users/{userId}', '422'],
      ['post', '/payment-orders/{orderId}/status', '409'],
      ['post', '/cases/{id}/recoveries', '422'],
      ['delete', '/documents/{id}', '409'],
      ['post', '/me/conflicts/{conflictId}/withdraw', '409'],
    ] as const)
      expect([method, path, Object.keys(op(method, path).responses)]).toEqual([method, path, expect.arrayContaining([status])]);
  });
});
