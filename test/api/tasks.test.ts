import { randomUUID } from 'node:crypto';
import { loadPackFiles } from '../../seeds/seed';
import { packVersion } from '../../src/domain';
import { startApiApp, type ApiApp } from '../support/api-app';
import { assessed, liveTask, officer } from '../support/case-states';
import { m2Form, m9SpecialSubmission, SHENZHEN } from '../support/fixtures';

const rules = packVersion(
  loadPackFiles().find((p) => p.id === SHENZHEN)!,
  1,
);
const RECEIVED = '2026-11-20T02:00:00.000Z';

const DAY = 86_400_000;
const T0 = Date.parse('2026-12-01T00:00:00.000Z');

/**
 * The officer inbox and the task endpoints through the real validation pipe and guards. The inbox is
 * a listing of the review_tasks projection, written here directly; a task's detail is its case's
 * state, brought there by the real case machine and projection (../support/case-states). The
 * workflow itself is the integration tier's subject; Temporal is the recorder here: a refused request
 * must not reach it.
 */
describe('the officer inbox and task endpoints', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const ids: Record<string, string> = {};
  let m2Case = '';
  let m9Case = '';

  /** A case row the inbox's task rows hang off (the inbox lists rows; it reads no case state). */
  async function application(measureCode: string, subtypeCode: string, organisationId: string): Promise<string> {
    return api.insertCase({
      measureCode,
      subtypeCode,
      organisationId,
      submittedById: 'applicant-lingxi',
      form: { projectName: `project ${measureCode}` },
      computedAwardFen: 5000n,
      status: 'in_review',
    });
  }

  /** A case received and assessed, brought forward by the machine; its state is what the detail shows. */
  async function reviewed(submission: Record<string, unknown>, organisationId: string, kind: 'enterprise' | 'institute'): Promise<string> {
    const { measureCode, subtypeCode, form } = submission as { measureCode: string; subtypeCode: string; form: Record<string, unknown> };
    const id = await api.insertCase({
      measureCode,
      subtypeCode,
      organisationId,
      submittedById: 'applicant-lingxi',
      form: form as object,
      submittedAt: new Date(RECEIVED),
    });
    const profile = { organisationId, kind, isStartup: false, district: 'nanshan', registeredOn: '2020-01-01' };
    await api.project(id, [{ at: RECEIVED, cmd: assessed(rules, { measureCode, subtypeCode, form, applicant: profile, receivedAt: RECEIVED }) }]);
    return id;
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

  it('shows a task as the officer reads it: the form, the award in yuan, who said what at which stage, what they may do; never another bureau’s', async () => {
    // Measure 9, a major special project: 50% of 2,000,000 yuan; stic's intake, a joint review by stic, miit and drc
    // (stic's own opinion last), stic's final decision. Opinions are listed in the order they were given.
    const id = await reviewed(m9SpecialSubmission(), 'org-siat', 'institute');
    const step = (minutes: number): string => new Date(Date.parse(RECEIVED) + minutes * 60_000).toISOString();
    const decide = (bureau: string, user: string, at: number, decision: { kind: 'approve' } | { kind: 'reject'; reason: string }) => [
      { at: step(at), cmd: (s: Parameters<typeof liveTask>[0]) => ({ type: 'claim' as const, taskId: liveTask(s, bureau), actor: officer(user, bureau) }) },
      {
        at: step(at + 1),
        cmd: (s: Parameters<typeof liveTask>[0]) => ({ type: 'decide' as const, taskId: liveTask(s, bureau), actor: officer(user, bureau), decision }),
      },
    ];
    const s = await api.project(id, [
      ...decide('stic', 'officer-stic', 10, { kind: 'approve' }),
      ...decide('miit', 'officer-miit', 20, { kind: 'approve' }),
      ...decide('drc', 'officer-drc', 30, { kind: 'reject', reason: 'not strategic' }),
      ...decide('stic', 'officer-stic', 40, { kind: 'approve' }),
    ]);
    const final = liveTask(s, 'stic');
    const drcTask = s.tasks.find((t) => t.bureauCode === 'drc')!.taskId;

    const res = await api.http.get(`/tasks/${final}`).set(as('officer-stic'));
    expect(res.status).toBe(200);
    expect(res.body.task).toMatchObject({
      id: final,
      stage: 'final',
      stageLabel: { zh: '审定', en: 'Final decision' },
      bureauCodeLabel: { zh: '市科技创新局', en: 'Municipal Science, Technology and Innovation Bureau' },
      status: 'open',
      statusLabel: { zh: '待认领', en: 'Open' },
      measureCodeLabel: expect.objectContaining({ zh: expect.stringMatching(/./) }),
      computedAwardFen: null,
    });
    expect(res.body.application).toMatchObject({
      id,
      status: 'in_review',
      statusLabel: { zh: '审核中', en: 'Under review' },
      computedAwardFen: '100000000',
      form: { researchDirection: 'embodied_ai', projectInvestmentFen: '200000000' },
      organisationId: 'org-siat',
    });
    // The explanation the officer reads: the rule in both languages, 1,000,000 yuan.
    expect(res.body.award).toMatchObject({ kind: 'rateOfBase', amountFen: '100000000', rateBp: 5000 });
    expect((res.body.award as { lines: { zh: string }[] }).lines.map((l) => l.zh).join(' ')).toMatch(/1,000,000\.00 元/);
    const opinions = res.body.opinions as {
      bureauCodeLabel: { zh: string };
      stageLabel: { zh: string };
      decisionLabel: { zh: string };
      comment: string | null;
    }[];
    expect(opinions.map((o) => [o.bureauCodeLabel.zh, o.stageLabel.zh, o.decisionLabel.zh, o.comment])).toEqual([
      ['市科技创新局', '受理审查', '同意', null],
      ['市工业和信息化局', '会签', '同意', null],
      ['市发展改革委', '会签', '不同意', 'not strategic'],
      ['市科技创新局', '会签', '同意', null],
    ]);
    // What the officer may do now, as the case's validator answers: claim it; deciding waits for the claim.
    expect(res.body.allowedActions).toEqual([
      { action: 'claim', allowed: true, reason: null, label: { zh: '认领本任务', en: 'Claim this task' } },
      { action: 'unclaim', allowed: false, reason: { zh: '该任务未被认领', en: 'this task is not claimed' }, label: expect.anything() },
      {
        action: 'decide',
        allowed: false,
        reason: { zh: '请先认领该任务再作决定', en: 'claim this task before deciding it' },
        label: expect.anything(),
      },
    ]);
    expect((res.body.timeline as { typeLabel: { zh: string } }[]).filter((e) => e.typeLabel.zh === '审核意见')).toHaveLength(4);
    expect((await api.http.get(`/tasks/${drcTask}`).set(as('officer-stic'))).status).toBe(404);
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
            actor: {
              userId: 'officer2-stic',
              role: 'officer',
              bureauCode: 'stic',
              organisationId: null,
              jurisdictionId: 'shenzhen',
              conflictOrganisationIds: ['org-siat'],
            },
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
    expect(noAnswers.body.issues).toEqual([{ path: 'answers', message: 'answers is required', zh: '此项必填' }]);
    expect((await answer('applicant-lingxi', m2Case, { answers: 'x', documentIds: 'doc-1' })).body.field).toBe('documentIds');
    expect((await answer('applicant-lingxi', 'not-a-uuid', { answers: 'x' })).body.field).toBe('id');
    expect((await answer('applicant-siat', m2Case, { answers: 'not ours' })).status).toBe(404);
    expect((await answer('officer-stic', m2Case, { answers: 'officers do not answer' })).status).toBe(403);
    expect(api.temporal.updates).toEqual([]);

    expect((await api.http.post(`/cases/${m2Case}/withdraw`).set(as('officer-stic'))).status).toBe(403);
    const blank = await api.http.post(`/cases/${m2Case}/withdraw`).set(as('applicant-lingxi')).send({ reason: ' ' });
    expect(blank.status).toBe(400);
    expect(blank.body.field).toBe('reason');
    // A decided case: the validator's own refusal, read from its state, before any workflow is asked.
    const decided = await reviewed({ measureCode: 'm2', subtypeCode: 'm2', form: m2Form() }, 'org-lingxi', 'enterprise');
    await api.project(decided, [
      { at: '2026-11-21T02:00:00.000Z', cmd: (s) => ({ type: 'claim', taskId: liveTask(s, 'stic'), actor: officer('officer-stic', 'stic') }) },
      {
        at: '2026-11-21T03:00:00.000Z',
        cmd: (s) => ({ type: 'decide', taskId: liveTask(s, 'stic'), actor: officer('officer-stic', 'stic'), decision: { kind: 'approve' } }),
      },
    ]);
    const late = await api.http.post(`/cases/${decided}/withdraw`).set(as('applicant-lingxi'));
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ reason: 'CaseClosed', zh: '本案已结束(已批准)' });
    expect(api.temporal.updates).toEqual([]);

    // No body at all is a withdrawal without a reason.
    expect((await api.http.post(`/cases/${m2Case}/withdraw`).set(as('applicant-lingxi'))).status).toBe(200);
    expect(api.temporal.updates).toEqual([
      { workflowId: `case:${m2Case}`, args: [{ actor: expect.objectContaining({ userId: 'applicant-lingxi', role: 'applicant' }), reason: null }] },
    ]);
  });
});
