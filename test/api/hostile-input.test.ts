import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission, SHENZHEN } from '../support/fixtures';

const NUL = '\u0000';

/**
 * What a hostile client can send, through the real app: every refusal is a 4xx naming the field, and
 * nothing reaches the database or Temporal (the recorder).
 */
describe('hostile input', () => {
  let api: ApiApp;
  let caseId = '';
  let taskId = '';
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  let counts: Record<string, number> = {};
  const stored = async (): Promise<Record<string, number>> => ({
    applications: await api.prisma.case.count(),
    events: await api.prisma.caseEventRow.count(),
    tasks: await api.prisma.reviewTask.count(),
    conflicts: await api.prisma.conflictDeclaration.count(),
    starts: api.temporal.starts.length,
    updates: api.temporal.updates.length,
  });

  beforeAll(async () => {
    api = await startApiApp({ APP_ENV: 'development', DEV_TOKENS: 'true', HTTP_BODY_TIMEOUT_MS: '1500', HTTP_BODY_LIMIT_BYTES: '65536' });
    caseId = await api.insertCase({
      measureCode: 'm2',
      subtypeCode: 'm2',
      organisationId: 'org-lingxi',
      submittedById: 'applicant-lingxi',
      form: { projectName: 'Lingxi-7B pre-training' },
      status: 'awaiting_information',
    });
    taskId = randomUUID();
    await api.prisma.reviewTask.create({
      data: {
        id: taskId,
        caseId: caseId,
        bureauCode: 'stic',
        stage: 'review',
        status: 'claimed',
        assigneeId: 'officer-stic',
        priority: 0,
        createdAt: new Date(),
      },
    });
    counts = await stored();
  });
  afterEach(async () => {
    expect(await stored()).toEqual(counts);
  });
  afterAll(async () => {
    await api?.close();
  });

  type Case = [what: string, method: 'get' | 'post', path: () => string, user: string | null, body: unknown, field: string];
  const nulEverywhere: Case[] = [
    ['a case id in the path', 'get', () => `/cases/${encodeURIComponent(NUL)}`, 'applicant-lingxi', undefined, 'id'],
    ['a case-list filter', 'get', () => `/cases?measureCode=m2${encodeURIComponent(NUL)}`, 'applicant-lingxi', undefined, 'query.measureCode'],
    ['a form text field', 'post', () => '/cases', 'applicant-lingxi', m2Submission({ projectName: `Lingxi${NUL}` }), 'form.projectName'],
    ['a form document field', 'post', () => '/cases', 'applicant-lingxi', m2Submission({ contractDocument: `doc${NUL}` }), 'form.contractDocument'],
    ['the pack id of a submission', 'post', () => '/cases', 'applicant-lingxi', { ...m2Submission(), packId: `${SHENZHEN}${NUL}` }, 'packId'],
    ['a withdrawal reason', 'post', () => `/cases/${caseId}/withdraw`, 'applicant-lingxi', { reason: `changed our mind${NUL}` }, 'reason'],
    ['an information answer', 'post', () => `/cases/${caseId}/information`, 'applicant-lingxi', { answers: `here${NUL}` }, 'answers'],
    ['a decision reason', 'post', () => `/tasks/${taskId}/decision`, 'officer-stic', { decision: 'reject', reason: `no${NUL}` }, 'reason'],
    ['a reassignment', 'post', () => `/tasks/${taskId}/reassign`, 'officer-stic', { assigneeId: `officer2-stic${NUL}` }, 'assigneeId'],
    ['a task id in the path', 'get', () => `/tasks/${encodeURIComponent(NUL)}`, 'officer-stic', undefined, 'taskId'],
    ['a task filter', 'get', () => `/tasks?measureCode=${encodeURIComponent(NUL)}`, 'officer-stic', undefined, 'query.measureCode'],
    ['the dev-token user id', 'post', () => '/auth/dev-token', null, { userId: `admin${NUL}` }, 'userId'],
    ['a conflict declaration', 'post', () => '/me/conflicts', 'officer-stic', { organisationId: 'org-lingxi', reason: `my brother${NUL}` }, 'reason'],
    ['a pack id in the path', 'get', () => `/catalog/packs/${encodeURIComponent(NUL)}`, null, undefined, 'packId'],
    ['a measure code in the path', 'get', () => `/catalog/packs/${SHENZHEN}/measures/m2${encodeURIComponent(NUL)}`, null, undefined, 'measureCode'],
    ['a sub-type in the path', 'get', () => `/catalog/packs/${SHENZHEN}/measures/m2/subtypes/${encodeURIComponent(NUL)}/form`, null, undefined, 'subtypeCode'],
    ['a pool year', 'get', () => `/catalog/packs/${SHENZHEN}/pools?year=${encodeURIComponent(NUL)}`, 'officer-stic', undefined, 'query.year'],
    ['a workflow id', 'get', () => `/admin/workflows/${encodeURIComponent(NUL)}/history`, 'admin', undefined, 'workflowId'],
  ];

  it.each(nulEverywhere)('a NUL in %s is a 400 naming the field', async (_what, method, path, user, body, field) => {
    let req = api.http[method](path());
    if (user) req = req.set(as(user));
    const res = body === undefined ? await req : await req.send(body as object);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, field });
  });

  it('says every refused field in Chinese beside the English, and the whole refusal too', async () => {
    const officer = as('officer-stic');
    const emptyReason = await api.http.post(`/tasks/${taskId}/decision`).set(officer).send({ decision: 'reject', reason: '   ' });
    expect(emptyReason.status).toBe(400);
    expect(emptyReason.body).toMatchObject({ issues: [{ path: 'reason', message: 'reason must not be empty', zh: '不能为空' }], zh: '理由:不能为空' });

    const unknownStatus = await api.http.get('/tasks?status=shut').set(officer);
    expect(unknownStatus.status).toBe(400);
    expect(unknownStatus.body.issues).toEqual([
      { path: 'query.status', message: 'status must be open, claimed, completed or cancelled', zh: '须为以下之一:open、claimed、completed、cancelled' },
    ]);

    const notADay = await api.http.get(`/tasks?dueFrom=${encodeURIComponent('2026-02-30T00:00:00+08:00')}`).set(officer);
    expect(notADay.status).toBe(400);
    expect(notADay.body.issues).toEqual([{ path: 'query.dueFrom', message: 'dueFrom is not a real date and time', zh: '不是有效的日期时间' }]);

    const unknownKey = await api.http.post(`/tasks/${taskId}/decision`).set(officer).send({ decision: 'reject', reason: 'incomplete', colour: 'red' });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.issues).toEqual([{ path: '(body)', message: 'Unrecognized key: "colour"', zh: '不认识的字段:colour(请删去)' }]);

    const twoProblems = await api.http
      .post(`/tasks/${taskId}/decision`)
      .set(officer)
      .send({ decision: 'reject', questions: ['why?'] });
    expect(twoProblems.status).toBe(400);
    expect(twoProblems.body.zh).toBe('理由:不予通过须说明理由;补正问题:此项不属于“不同意”决定,请删去');
  });

  it('refuses unpaired surrogates and control characters in free text too', async () => {
    for (const bad of ['\ud800', 'x\udfff', '\u001b[2J', '\u0085']) {
      const res = await api.http
        .post(`/cases/${caseId}/withdraw`)
        .set(as('applicant-lingxi'))
        .send({ reason: `r${bad}` });
      expect(res.status).toBe(400);
      expect(res.body.field).toBe('reason');
    }
  });

  const raw = (path: string, text: string, type = 'application/json') => api.http.post(path).set(as('applicant-lingxi')).set('content-type', type).send(text);

  it('refuses a key given twice, anywhere in the body', async () => {
    const body = JSON.stringify(m2Submission()).replace('"projectName":', '"projectName":"x","projectName":');
    const res = await raw('/cases', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      field: 'form.projectName',
      message: expect.stringContaining('appears more than once'),
      zh: '字段“projectName”出现了不止一次',
    });
    const top = await raw('/cases', `{"packId":"a","packId":"${SHENZHEN}"}`);
    expect(top.body).toMatchObject({ statusCode: 400, field: 'packId' });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses "%s" as a field name inside a form', async (key) => {
    const body = JSON.stringify(m2Submission()).replace('"projectName":', `"${key}":{"isAdmin":true},"projectName":`);
    const res = await raw('/cases', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: `form.${key}` });
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers malformed JSON with a 400 that says so, without quoting it back', async () => {
    const res = await raw('/cases', '{"packId": "secret-value", ');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', field: '(body)' });
    expect(res.body.message).toMatch(/^the body is not valid JSON/);
    expect(res.body.zh).toMatch(/^请求内容不是有效的 JSON/);
    expect(res.body.message).not.toContain('secret-value');
  });

  it('accepts only application/json bodies (415 otherwise)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']) {
      const res = await raw('/cases', JSON.stringify(m2Submission()), type);
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    }
  });

  it('refuses an oversized body with 413', async () => {
    const big = JSON.stringify(m2Submission({ projectName: 'x'.repeat(70_000) }));
    const res = await raw('/cases', big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('refuses nesting deeper than the limit', async () => {
    const deep = `{"packId":${'['.repeat(100)}${']'.repeat(100)}}`;
    const res = await raw('/cases', deep);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/nested deeper than 32 levels/);
  });

  it('cuts off a body that trickles in', async () => {
    const server = api.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let got = '';
      const drip = setInterval(() => socket.write(' '), 200);
      socket.on('data', (d) => (got += d.toString()));
      socket.on('close', () => (clearInterval(drip), resolve(got)));
      socket.on('error', (e) => (clearInterval(drip), reject(e)));
      socket.write(`POST /auth/dev-token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"userId":`);
    });
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('sends no X-Powered-By', async () => {
    const res = await api.http.get('/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
