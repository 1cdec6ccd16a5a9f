import { randomUUID } from 'node:crypto';
import { startApiApp, type ApiApp } from '../support/api-app';

const DAY = 86_400_000;
const T0 = Date.parse('2026-12-01T00:00:00.000Z');

/**
 * The officer inbox and the task endpoints through the real validation pipe and guards, over a
 * review_tasks projection written directly (the workflow that normally writes it is the integration
 * tier's subject). Temporal is the recorder: a refused request must not reach it.
 */
describe('the officer inbox and task endpoints', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const ids: Record<string, string> = {};
  let m2Case = '';
  let m9Case = '';

  async function application(
    measureCode: string,
    subtypeCode: string,
    organisationId: string,
    status: 'in_review' | 'approved' = 'in_review',
  ): Promise<string> {
    return api.insertCase({
      measureCode,
      subtypeCode,
      organisationId,
      submittedById: 'applicant-lingxi',
      form: { projectName: `project ${measureCode}` },
      assessment: { award: { amountFen: '5000', lines: [] }, routing: { lead: 'stic', coReviewers: ['drc'], district: null } },
      computedAwardFen: 5000n,
      status,
    });
  }

  async function task(
    name: string,
    caseId: string,
    bureauCode: string,
    dueInDays: number,
    extra: {
      status?: 'open' | 'claimed' | 'completed' | 'cancelled';
      priority?: number;
      assigneeId?: string;
      stage?: string;
      decision?: string;
      comment?: string;
    } = {},
  ): Promise<void> {
    const id = randomUUID();
    ids[name] = id;
    await api.prisma.reviewTask.create({
      data: {
        id,
        caseId,
        bureauCode,
        stage: extra.stage ?? 'review',
        status: extra.status ?? 'open',
        priority: extra.priority ?? 0,
        assigneeId: extra.assigneeId ?? null,
        createdAt: new Date(T0),
        dueAt: new Date(T0 + dueInDays * DAY),
        decision: extra.decision ?? null,
        comment: extra.comment ?? null,
        completedAt: extra.status === 'completed' ? new Date(T0 + DAY) : null,
      },
    });
  }

  beforeAll(async () => {
    api = await startApiApp();
    m2Case = await application('m2', 'm2', 'org-lingxi');
    m9Case = await application('m9', 'm9-special', 'org-siat');
    await task('a', m2Case, 'stic', 5);
    await task('b', m2Case, 'stic', 15, { status: 'claimed', assigneeId: 'officer-stic' });
    await task('c', m9Case, 'stic', 10, { priority: 1, stage: 'intake', status: 'completed', decision: 'approve', comment: 'intake ok' });
    await task('d', m9Case, 'stic', 20, { stage: 'final' });
    await task('drc', m9Case, 'drc', 12, { stage: 'co-review', status: 'completed', decision: 'reject', comment: 'not strategic' });
    await task('miit', m2Case, 'miit', 1);
  });
  afterAll(async () => {
    await api?.close();
  });
  beforeEach(() => {
    api.temporal.updates.length = 0;
  });

  const inbox = async (query: string, user = 'officer-stic'): Promise<{ ids: string[]; total: number; body: Record<string, unknown> }> => {
    const res = await api.http.get(`/tasks${query}`).set(as(user));
    expect(res.status).toBe(200);
    const names = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return { ids: (res.body.items as { id: string }[]).map((t) => names[t.id] ?? t.id), total: res.body.total as number, body: res.body };
  };

  it('lists only my bureau’s tasks, soonest due first, and the other way round on request', async () => {
    expect(await inbox('')).toMatchObject({ ids: ['a', 'c', 'b', 'd'], total: 4 });
    expect((await inbox('?sort=-dueAt')).ids).toEqual(['d', 'b', 'c', 'a']);
    expect(await inbox('', 'officer-miit')).toMatchObject({ ids: ['miit'], total: 1 });
  });

  it('filters by status, measure, due date range, priority and assignee', async () => {
    expect((await inbox('?status=claimed')).ids).toEqual(['b']);
    expect((await inbox('?measureCode=m9')).ids).toEqual(['c', 'd']);
    const from = new Date(T0 + 6 * DAY).toISOString();
    const to = new Date(T0 + 15 * DAY).toISOString();
    expect((await inbox(`?dueFrom=${from}&dueTo=${to}`)).ids).toEqual(['c', 'b']);
    expect((await inbox(`?dueTo=${encodeURIComponent('2026-12-06T08:00:00+08:00')}`)).ids).toEqual(['a']);
    expect((await inbox('?priority=1')).ids).toEqual(['c']);
    expect((await inbox('?assignee=me')).ids).toEqual(['b']);
    expect((await inbox('?assignee=unassigned&status=open')).ids).toEqual(['a', 'd']);
  });

  it('pages with limit and offset and reports the total', async () => {
    expect(await inbox('?limit=2&offset=1')).toMatchObject({ ids: ['c', 'b'], total: 4, body: { limit: 2, offset: 1 } });
    expect(await inbox('?limit=2&offset=4')).toMatchObject({ ids: [], total: 4 });
  });

  it.each([
    ['?sort=due', 'query.sort', /dueAt/],
    ['?dueFrom=yesterday', 'query.dueFrom', /ISO date-time/],
    [`?dueFrom=${new Date(T0 + DAY).toISOString()}&dueTo=${new Date(T0).toISOString()}`, 'query.dueTo', /before dueFrom/],
    ['?priority=high', 'query.priority', /whole number/],
    ['?status=done', 'query.status', /open, claimed/],
    ['?limit=0', 'query.limit', /./],
    ['?bureauCode=miit', 'query', /bureauCode/],
  ])('refuses the inbox query %s naming %s', async (query, field, message) => {
    const res = await api.http.get(`/tasks${query}`).set(as('officer-stic'));
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: field, message: expect.stringMatching(message) })]));
  });

  it('documents the task and conflict endpoints in the OpenAPI document', async () => {
    const res = await api.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>
    >;
    for (const p of [
      '/tasks',
      '/tasks/{taskId}',
      '/tasks/{taskId}/claim',
      '/tasks/{taskId}/unclaim',
      '/tasks/{taskId}/reassign',
      '/me/conflicts',
      '/cases/{id}/information',
      '/cases/{id}/withdraw',
    ]) {
      expect(Object.keys(paths)).toContain(p);
    }
    const decision = paths['/tasks/{taskId}/decision']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(decision.properties ?? {})).toEqual(expect.arrayContaining(['decision', 'amountFen', 'reason', 'overrideReason', 'questions']));
  });

  it('is for officers and supervisors only', async () => {
    expect((await api.http.get('/tasks').set(as('applicant-lingxi'))).status).toBe(403);
    expect((await api.http.get('/tasks')).status).toBe(401);
    expect((await inbox('', 'supervisor-stic')).total).toBe(4);
  });

  it('shows a task with the form, the award explanation, the other opinions and the timeline; never another bureau’s', async () => {
    const res = await api.http.get(`/tasks/${ids.d}`).set(as('officer-stic'));
    expect(res.status).toBe(200);
    expect(res.body.task).toMatchObject({ id: ids.d, stage: 'final', measureCode: 'm9', computedAwardFen: '5000' });
    expect(res.body.application).toMatchObject({ id: m9Case, form: { projectName: 'project m9' }, organisationId: 'org-siat' });
    expect(res.body.award).toEqual({ amountFen: '5000', lines: [] });
    expect(res.body.opinions).toEqual([
      expect.objectContaining({ taskId: ids.c, bureauCode: 'stic', stage: 'intake', decision: 'approve', comment: 'intake ok' }),
      expect.objectContaining({ taskId: ids.drc, bureauCode: 'drc', stage: 'co-review', decision: 'reject', comment: 'not strategic' }),
    ]);
    expect(res.body.timeline).toEqual([]);
    expect((await api.http.get(`/tasks/${ids.drc}`).set(as('officer-stic'))).status).toBe(404);
    const bad = await api.http.get('/tasks/not-a-uuid').set(as('officer-stic'));
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('taskId');
  });

  it.each([
    [{ decision: 'maybe' }, 'decision', /approve/],
    [{}, 'decision', /approve/],
    [{ decision: 'approve', amountFen: '1.5' }, 'amountFen', /whole fen with no decimal point/],
    [{ decision: 'approve', amountFen: 5000 }, 'amountFen', /string of integer fen/],
    [{ decision: 'reject' }, 'reason', /needs a reason/],
    [{ decision: 'reject', reason: '   ' }, 'reason', /must not be empty/],
    [{ decision: 'approve', reason: 'fine' }, 'reason', /not part of a "approve" decision/],
    [{ decision: 'return' }, 'questions', /questions/],
    [{ decision: 'return', questions: [''] }, 'questions.0', /must not be empty/],
    [{ decision: 'approve', override: 'x' }, '(body)', /override/],
    [{ decision: 'approve', rentFreeMonths: 6.5 }, 'rentFreeMonths', /whole number of months/],
    [{ decision: 'approve', rentFreeMonths: '6' }, 'rentFreeMonths', /whole number of months/],
    [{ decision: 'reject', reason: 'no', rentFreeMonths: 6 }, 'rentFreeMonths', /not part of a "reject" decision/],
  ])('refuses the decision %j naming %s, without reaching the workflow', async (body, field, message) => {
    const res = await api.http.post(`/tasks/${ids.a}/decision`).set(as('officer-stic')).send(body);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: field, message: expect.stringMatching(message) })]));
    expect(api.temporal.updates).toEqual([]);
  });

  it('refuses another bureau’s task (exactly as a missing one) and a finished one before asking the workflow', async () => {
    const other = await api.http.post(`/tasks/${ids.miit}/claim`).set(as('officer-stic'));
    const missingId = randomUUID();
    const missing = await api.http.post(`/tasks/${missingId}/claim`).set(as('officer-stic'));
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body).replaceAll(ids.miit!, '<id>')).toBe(JSON.stringify(missing.body).replaceAll(missingId, '<id>'));
    const done = await api.http.post(`/tasks/${ids.c}/decision`).set(as('officer-stic')).send({ decision: 'approve' });
    expect(done.status).toBe(409);
    expect(done.body).toMatchObject({ reason: 'AlreadyDecided' });
    expect((await api.http.post(`/tasks/${randomUUID()}/claim`).set(as('officer-stic'))).status).toBe(404);
    expect(api.temporal.updates).toEqual([]);
  });

  it('hands the workflow the officer and their declared conflicts with every claim and decision', async () => {
    const declared = await api.http.post('/me/conflicts').set(as('officer2-stic')).send({ organisationId: 'org-siat', reason: 'former employee (until 2025)' });
    expect(declared.status).toBe(201);
    expect((await api.http.post(`/tasks/${ids.a}/claim`).set(as('officer2-stic'))).status).toBe(200);
    expect(api.temporal.updates).toEqual([
      {
        workflowId: `case:${m2Case}`,
        args: [
          {
            taskId: ids.a,
            actor: { userId: 'officer2-stic', role: 'officer', bureauCode: 'stic', organisationId: null, conflictOrganisationIds: ['org-siat'] },
          },
        ],
      },
    ]);
    await api.http
      .post(`/tasks/${ids.a}/decision`)
      .set(as('officer2-stic'))
      .send({ decision: 'return', questions: [' Which invoices? '] })
      .expect(200);
    expect(api.temporal.updates[1]?.args[0]).toMatchObject({ decision: { kind: 'return', questions: ['Which invoices?'] } });
  });

  it('validates reassignment and conflict declarations', async () => {
    const missing = await api.http.post(`/tasks/${ids.b}/reassign`).set(as('officer-stic')).send({});
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('assigneeId');
    const nobody = await api.http.post(`/tasks/${ids.b}/reassign`).set(as('officer-stic')).send({ assigneeId: 'nobody' });
    expect(nobody.status).toBe(422);
    expect(nobody.body.field).toBe('assigneeId');
    expect(api.temporal.updates).toEqual([]);

    const unknownOrg = await api.http.post('/me/conflicts').set(as('officer-stic')).send({ organisationId: 'org-nowhere', reason: 'x' });
    expect(unknownOrg.status).toBe(422);
    expect(unknownOrg.body.field).toBe('organisationId');
    const noReason = await api.http.post('/me/conflicts').set(as('officer-stic')).send({ organisationId: 'org-szu' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe('reason');
    expect((await api.http.post('/me/conflicts').set(as('applicant-szu')).send({ organisationId: 'org-szu', reason: 'x' })).status).toBe(403);
  });

  it('validates the applicant’s answer and withdrawal, and keeps them to the applicant organisation', async () => {
    const answer = (user: string, id: string, body: object) => api.http.post(`/cases/${id}/information`).set(as(user)).send(body);
    const noAnswers = await answer('applicant-lingxi', m2Case, { documentIds: ['doc-1'] });
    expect(noAnswers.status).toBe(400);
    expect(noAnswers.body.issues).toEqual([{ path: 'answers', message: 'answers is required' }]);
    expect((await answer('applicant-lingxi', m2Case, { answers: 'x', documentIds: 'doc-1' })).body.field).toBe('documentIds');
    expect((await answer('applicant-lingxi', 'not-a-uuid', { answers: 'x' })).body.field).toBe('id');
    expect((await answer('applicant-siat', m2Case, { answers: 'not ours' })).status).toBe(404);
    expect((await answer('officer-stic', m2Case, { answers: 'officers do not answer' })).status).toBe(403);
    expect(api.temporal.updates).toEqual([]);

    expect((await api.http.post(`/cases/${m2Case}/withdraw`).set(as('officer-stic'))).status).toBe(403);
    const blank = await api.http.post(`/cases/${m2Case}/withdraw`).set(as('applicant-lingxi')).send({ reason: ' ' });
    expect(blank.status).toBe(400);
    expect(blank.body.field).toBe('reason');
    const decided = await application('m2', 'm2', 'org-lingxi', 'approved');
    const late = await api.http.post(`/cases/${decided}/withdraw`).set(as('applicant-lingxi'));
    expect(late.status).toBe(409);
    expect(api.temporal.updates).toEqual([]);

    // No body at all is a withdrawal without a reason.
    expect((await api.http.post(`/cases/${m2Case}/withdraw`).set(as('applicant-lingxi'))).status).toBe(200);
    expect(api.temporal.updates).toEqual([
      { workflowId: `case:${m2Case}`, args: [{ actor: expect.objectContaining({ userId: 'applicant-lingxi', role: 'applicant' }), reason: null }] },
    ]);
  });
});
