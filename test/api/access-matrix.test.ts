import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { zeroAward } from '../../src/domain';
import { LedgerRepository } from '../../src/database/ledger.repository';
import { CaseRepository } from '../../src/database/case.repository';
import { storedTask, type TaskRecord } from '../../src/domain/case/records';
import { m2Submission, SHENZHEN } from '../support/fixtures';
import { startApiApp, type ApiApp } from '../support/api-app';

/**
 * Every route of the app × every kind of caller, from one table. The routes are read from the
 * running Nest app, so a route added without a row here fails the first test. For each caller a row
 * says whether the route is theirs; a caller it is not for is refused: no token 401, a role the
 * route is not for 403, and the right role on an object that is not theirs answers exactly what the
 * same request answers for an id that does not exist (status and body, the id aside). Admin routes
 * answer anyone else as a route that does not exist.
 */
const CALLERS = {
  anonymous: null,
  applicant: 'applicant-lingxi',
  otherApplicant: 'applicant-pengcheng',
  officer: 'officer-stic',
  otherOfficer: 'officer-miit',
  supervisor: 'supervisor-stic',
  districtOfficer: 'officer-district-nanshan',
  finance: 'finance-city',
  admin: 'admin',
  // A second city seeded side by side: its applicant, staff and city treasury (funder code `city`, like Shenzhen's).
  ntApplicant: 'applicant-nt-chongchuan',
  ntOfficer: 'officer-nt-stb',
  ntSupervisor: 'supervisor-nt-stb',
  ntFinance: 'finance-nantong-city',
} as const;
type Caller = keyof typeof CALLERS;
const ALL = Object.keys(CALLERS) as Caller[];
const SIGNED_IN = ALL.filter((c) => c !== 'anonymous');
const STAFF: Caller[] = ['officer', 'otherOfficer', 'supervisor', 'districtOfficer', 'ntOfficer', 'ntSupervisor'];
const NANTONG: Caller[] = ['ntApplicant', 'ntOfficer', 'ntSupervisor', 'ntFinance'];
const jurisdictionOf = (caller: Caller): string => (NANTONG.includes(caller) ? 'nantong' : 'shenzhen');

interface Ids {
  caseId: string;
  taskId: string;
  claimedTaskId: string;
  jobId: string;
  conflictId: string;
  orderId: string;
  labId: string;
  noticeId: string;
  documentId: string;
}
interface Request {
  url: string;
  body?: object;
}
interface Row {
  /** Who passes the route's role check; `public` routes need no token and answer alike to all. */
  roles: Caller[] | 'public';
  /** Of those, who may read or act on this row's object (the rest see it as missing). Defaults to `roles`. */
  allowed?: Caller[];
  /** The request on the row's real object, and (for routes on an object) on a random id. */
  request: (ids: Ids) => Request;
  missing?: (id: string) => Request;
  /** What an allowed caller gets; by default any 2xx. */
  ok?: (res: Response, caller: Caller) => void;
  hidden?: true;
}

const m2 = m2Submission();
const RECOVERY_ID = randomUUID();
const ROWS: Record<string, Row> = {
  'GET /health': { roles: 'public', request: () => ({ url: '/health' }) },
  'GET /health/live': { roles: 'public', request: () => ({ url: '/health/live' }) },
  // This tier replaces Temporal by a recorder, so readiness reports it (and the worker) down, alike to all.
  'GET /health/ready': { roles: 'public', request: () => ({ url: '/health/ready' }), ok: (res) => expect(res.status).toBe(503) },
  'GET /docs': { roles: 'public', request: () => ({ url: '/docs' }) },
  'GET /docs/': { roles: 'public', request: () => ({ url: '/docs/' }) },
  'GET /docs/index.html': { roles: 'public', request: () => ({ url: '/docs/index.html' }) },
  'GET /docs/swagger-ui-init.js': { roles: 'public', request: () => ({ url: '/docs/swagger-ui-init.js' }) },
  'GET /docs/docs/swagger-ui-init.js': { roles: 'public', request: () => ({ url: '/docs/docs/swagger-ui-init.js' }) },
  // Registered by the Swagger module, whose UI package ships no LICENSE file: a 404 for everyone.
  'GET /docs/LICENSE': { roles: 'public', request: () => ({ url: '/docs/LICENSE' }), ok: (res) => expect(res.status).toBe(404) },
  'GET /docs/openapi.json': { roles: 'public', request: () => ({ url: '/docs/openapi.json' }) },
  'GET /docs-yaml': { roles: 'public', request: () => ({ url: '/docs-yaml' }) },
  // Off unless DEV_TOKENS: the same 404 for everyone.
  'POST /auth/dev-token': {
    roles: 'public',
    request: () => ({ url: '/auth/dev-token', body: { userId: 'admin' } }),
    ok: (res) => expect(res.status).toBe(404),
  },
  'GET /auth/me': {
    roles: SIGNED_IN,
    request: () => ({ url: '/auth/me' }),
    ok: (res, caller) => expect(res.body).toMatchObject({ id: CALLERS[caller], jurisdictionId: jurisdictionOf(caller) }),
  },
  // Public, and for a signed-in user their own city's policies come first.
  'GET /catalog/packs': {
    roles: 'public',
    request: () => ({ url: '/catalog/packs' }),
    ok: (res, caller) => {
      expect(res.status).toBe(200);
      const first = (res.body.items as { jurisdiction: { code: string } }[])[0]!.jurisdiction.code;
      if (caller !== 'anonymous') expect({ caller, first }).toEqual({ caller, first: jurisdictionOf(caller) });
    },
  },
  'GET /catalog/words': { roles: 'public', request: () => ({ url: '/catalog/words' }) },
  'GET /catalog/packs/:packId': { roles: 'public', request: () => ({ url: `/catalog/packs/${SHENZHEN}` }) },
  'GET /catalog/packs/:packId/measures': { roles: 'public', request: () => ({ url: `/catalog/packs/${SHENZHEN}/measures` }) },
  'GET /catalog/packs/:packId/measures/:measureCode': { roles: 'public', request: () => ({ url: `/catalog/packs/${SHENZHEN}/measures/m2` }) },
  'GET /catalog/packs/:packId/measures/:measureCode/subtypes/:subtypeCode/form': {
    roles: 'public',
    request: () => ({ url: `/catalog/packs/${SHENZHEN}/measures/m2/subtypes/m2/form` }),
  },
  // Shenzhen's budget: another city's staff get what an unknown pack gets.
  'GET /catalog/packs/:packId/pools': {
    roles: [...STAFF, 'finance', 'ntFinance', 'admin'],
    request: () => ({ url: `/catalog/packs/${SHENZHEN}/pools?year=2026` }),
    ok: (res, caller) => expect({ caller, status: res.status }).toEqual({ caller, status: NANTONG.includes(caller) ? 404 : 200 }),
  },
  'GET /stats/packs/:packId/pools': {
    roles: ['supervisor', 'ntSupervisor', 'admin'],
    request: () => ({ url: `/stats/packs/${SHENZHEN}/pools?year=2026` }),
    ok: (res, caller) => expect({ caller, status: res.status }).toEqual({ caller, status: caller === 'ntSupervisor' ? 404 : 200 }),
  },
  'GET /stats/bureaus': {
    roles: ['supervisor', 'ntSupervisor', 'admin'],
    request: () => ({ url: '/stats/bureaus' }),
    // A supervisor's figures are their own bureau's, of their own city.
    ok: (res, caller) => {
      expect(res.status).toBe(200);
      const items = res.body.items as { jurisdictionId: string; bureauCode: string }[];
      if (caller !== 'admin')
        expect(items.map((i) => `${i.jurisdictionId} ${i.bureauCode}`)).toEqual([caller === 'supervisor' ? 'shenzhen stic' : 'nantong nt-stb']);
    },
  },

  // An organisation applies under its own city's packs: Nantong's applicant is refused Shenzhen's, nothing stored.
  'POST /cases': {
    roles: ['applicant', 'otherApplicant', 'ntApplicant'],
    request: () => ({ url: '/cases', body: m2 }),
    ok: (res, caller) =>
      caller === 'ntApplicant'
        ? expect(res.body).toMatchObject({ statusCode: 422, field: 'packId', reason: 'OtherJurisdiction' })
        : expect(res.status).toBeLessThan(300),
  },
  'GET /cases': {
    roles: SIGNED_IN,
    request: () => ({ url: '/cases?limit=100' }),
    // The list is the access policy as a query: the case is in it exactly for those who may read it.
    ok: (res, caller) => {
      expect(res.status).toBe(200);
      const sees = ['applicant', 'officer', 'supervisor', 'districtOfficer', 'admin'].includes(caller);
      expect({ caller, sees: (res.body.items as { id: string }[]).some((c) => c.id === ids.caseId) }).toEqual({ caller, sees });
    },
  },
  'GET /cases/:id': {
    roles: SIGNED_IN,
    allowed: ['applicant', 'officer', 'supervisor', 'districtOfficer', 'admin'],
    request: (i) => ({ url: `/cases/${i.caseId}` }),
    missing: (id) => ({ url: `/cases/${id}` }),
  },
  'POST /cases/:id/information': {
    roles: ['applicant', 'otherApplicant', 'ntApplicant'],
    allowed: ['applicant'],
    request: (i) => ({ url: `/cases/${i.caseId}/information`, body: { answers: 'the contract is attached' } }),
    missing: (id) => ({ url: `/cases/${id}/information`, body: { answers: 'the contract is attached' } }),
  },
  'POST /cases/:id/withdraw': {
    roles: ['applicant', 'otherApplicant', 'ntApplicant'],
    allowed: ['applicant'],
    request: (i) => ({ url: `/cases/${i.caseId}/withdraw`, body: {} }),
    missing: (id) => ({ url: `/cases/${id}/withdraw`, body: {} }),
  },

  'GET /tasks': {
    roles: STAFF,
    request: () => ({ url: '/tasks?limit=100' }),
    ok: (res, caller) => {
      expect(res.status).toBe(200);
      const sees = caller === 'officer' || caller === 'supervisor';
      expect({ caller, sees: (res.body.items as { id: string }[]).some((t) => t.id === ids.taskId) }).toEqual({ caller, sees });
    },
  },
  'GET /tasks/:taskId': {
    roles: [...STAFF, 'admin'],
    allowed: ['officer', 'supervisor', 'admin'],
    request: (i) => ({ url: `/tasks/${i.taskId}` }),
    missing: (id) => ({ url: `/tasks/${id}` }),
  },
  'POST /tasks/:taskId/claim': {
    roles: STAFF,
    allowed: ['officer', 'supervisor'],
    request: (i) => ({ url: `/tasks/${i.taskId}/claim` }),
    missing: (id) => ({ url: `/tasks/${id}/claim` }),
  },
  'POST /tasks/:taskId/unclaim': {
    roles: STAFF,
    allowed: ['officer', 'supervisor'],
    request: (i) => ({ url: `/tasks/${i.claimedTaskId}/unclaim` }),
    missing: (id) => ({ url: `/tasks/${id}/unclaim` }),
  },
  'POST /tasks/:taskId/reassign': {
    roles: STAFF,
    allowed: ['officer', 'supervisor'],
    request: (i) => ({ url: `/tasks/${i.claimedTaskId}/reassign`, body: { assigneeId: 'officer2-stic' } }),
    missing: (id) => ({ url: `/tasks/${id}/reassign`, body: { assigneeId: 'officer2-stic' } }),
  },
  'POST /tasks/:taskId/decision': {
    roles: STAFF,
    allowed: ['officer', 'supervisor'],
    request: (i) => ({ url: `/tasks/${i.taskId}/decision`, body: { decision: 'reject', reason: 'out of scope' } }),
    missing: (id) => ({ url: `/tasks/${id}/decision`, body: { decision: 'reject', reason: 'out of scope' } }),
  },

  // A Shenzhen organisation: another city's officer gets the answer an unknown organisation gets.
  'POST /me/conflicts': {
    roles: STAFF,
    request: () => ({ url: '/me/conflicts', body: { organisationId: 'org-siat', reason: 'my spouse works there' } }),
    ok: (res, caller) => {
      if (!NANTONG.includes(caller)) return expect(res.status).toBeLessThan(300);
      expect(res.body).toMatchObject({ statusCode: 422, field: 'organisationId', message: 'the organisation named is not registered in your city' });
    },
  },
  'GET /me/conflicts': { roles: STAFF, request: () => ({ url: '/me/conflicts' }) },
  // Open unless METRICS_TOKEN is set (README: keep it off the public route then).
  'GET /metrics': { roles: 'public', request: () => ({ url: '/metrics' }) },
  // officer-stic's own declaration.
  'POST /me/conflicts/:conflictId/withdraw': {
    roles: STAFF,
    allowed: ['officer'],
    request: (i) => ({ url: `/me/conflicts/${i.conflictId}/withdraw`, body: { reason: 'my spouse left' } }),
    missing: (id) => ({ url: `/me/conflicts/${id}/withdraw`, body: { reason: 'my spouse left' } }),
  },

  // Shenzhen's city treasury's order on the case: finance-city's, not Nantong's city treasury's (also `city`).
  'GET /payment-orders': {
    roles: ['finance', 'ntFinance', 'admin'],
    request: () => ({ url: '/payment-orders' }),
    ok: (res, caller) =>
      expect({ caller, sees: (res.body.items as { orderId: string }[]).some((o) => o.orderId === ids.orderId) }).toEqual({
        caller,
        sees: caller !== 'ntFinance',
      }),
  },
  'GET /payment-orders/:orderId': {
    roles: ['finance', 'ntFinance', 'admin'],
    allowed: ['finance', 'admin'],
    request: (i) => ({ url: `/payment-orders/${i.orderId}` }),
    missing: (id) => ({ url: `/payment-orders/${id}` }),
  },
  'POST /payment-orders/:orderId/status': {
    roles: ['finance', 'ntFinance'],
    allowed: ['finance'],
    request: (i) => ({ url: `/payment-orders/${i.orderId}/status`, body: { status: 'paid' } }),
    missing: (id) => ({ url: `/payment-orders/${id}/status`, body: { status: 'paid' } }),
  },
  'POST /cases/:id/recoveries': {
    roles: ['finance', 'ntFinance', 'admin'],
    allowed: ['finance', 'admin'],
    request: (i) => ({ url: `/cases/${i.caseId}/recoveries`, body: { recoveryId: RECOVERY_ID, amountFen: '100', reason: 'paid twice', funder: 'city' } }),
    missing: (id) => ({ url: `/cases/${id}/recoveries`, body: { recoveryId: RECOVERY_ID, amountFen: '100', reason: 'paid twice', funder: 'city' } }),
    // Past the access check: the handler weighs the amount against what was paid.
    ok: (res) => expect([200, 422]).toContain(res.status),
  },

  // Lingxi's contract, named by the case (which stic and Nanshan's district review).
  'POST /documents': {
    roles: ['applicant', 'otherApplicant', 'ntApplicant'],
    request: () => ({ url: '/documents?name=x.pdf', body: {} }),
    // Past the role check: a body declared as JSON is no file, refused unread.
    ok: (res) => expect(res.body).toMatchObject({ statusCode: 415, field: 'Content-Type' }),
  },
  'GET /documents/:id': {
    roles: SIGNED_IN,
    allowed: ['applicant', 'officer', 'supervisor', 'districtOfficer'],
    request: (i) => ({ url: `/documents/${i.documentId}` }),
    missing: (id) => ({ url: `/documents/${id}` }),
  },
  'DELETE /documents/:id': {
    roles: ['applicant', 'otherApplicant', 'ntApplicant'],
    allowed: ['applicant'],
    request: (i) => ({ url: `/documents/${i.documentId}` }),
    missing: (id) => ({ url: `/documents/${id}` }),
    // Reached the handler: a document a submitted case names is kept.
    ok: (res) => expect(res.status).toBe(409),
  },
  // A notice to Lingxi.
  'GET /notices': {
    roles: ['applicant', 'otherApplicant', 'ntApplicant'],
    request: () => ({ url: '/notices' }),
    ok: (res, caller) =>
      expect({ caller, sees: (res.body.items as { id: string }[]).some((n) => n.id === ids.noticeId) }).toEqual({ caller, sees: caller === 'applicant' }),
  },
  'POST /notices/:id/read': {
    roles: ['applicant', 'otherApplicant', 'ntApplicant'],
    allowed: ['applicant'],
    request: (i) => ({ url: `/notices/${i.noticeId}/read` }),
    missing: (id) => ({ url: `/notices/${id}/read` }),
  },
  'GET /catalog/packs/:packId/status': { roles: 'public', request: () => ({ url: `/catalog/packs/${SHENZHEN}/status` }) },
  // A key lab of Lingxi's, evaluated by stic.
  'GET /labs/:labId': {
    roles: SIGNED_IN,
    allowed: ['applicant', 'officer', 'supervisor', 'admin'],
    request: (i) => ({ url: `/labs/${i.labId}` }),
    missing: (id) => ({ url: `/labs/${id}` }),
  },
  'POST /labs/:labId/evaluations/:cycle/grade': {
    roles: SIGNED_IN,
    allowed: ['officer', 'supervisor'],
    request: (i) => ({ url: `/labs/${i.labId}/evaluations/1/grade`, body: { grade: 'good' } }),
    missing: (id) => ({ url: `/labs/${id}/evaluations/1/grade`, body: { grade: 'good' } }),
  },
  // Past the access check an admin's empty pack is refused by the parser; everyone else sees no route.
  'GET /admin/incidents': { roles: ['admin'], hidden: true, request: () => ({ url: '/admin/incidents' }) },
  'POST /admin/packs': {
    roles: ['admin'],
    hidden: true,
    request: () => ({ url: '/admin/packs?dryRun=true', body: {} }),
    ok: (res) => expect(res.status).toBe(400),
  },

  'GET /admin/workflows/:workflowId/history': {
    roles: ['admin'],
    hidden: true,
    request: (i) => ({ url: `/admin/workflows/case:${i.caseId}/history` }),
    // Reached the handler: the recorder standing in for Temporal knows no workflow.
    ok: (res) => expect(res.body).toMatchObject({ statusCode: 404, field: 'workflowId' }),
  },
  'POST /admin/replays': { roles: ['admin'], hidden: true, request: (i) => ({ url: '/admin/replays', body: { workflowIds: [`case:${i.caseId}`] } }) },
  'GET /admin/replays/:jobId': { roles: ['admin'], hidden: true, request: (i) => ({ url: `/admin/replays/${i.jobId}` }) },
  'POST /admin/labs': {
    roles: ['admin'],
    hidden: true,
    request: () => ({
      url: '/admin/labs',
      body: { organisationId: 'org-szu', labName: '矩阵登记实验室', packId: SHENZHEN, designatedOn: '2018-03-01', evaluations: [] },
    }),
  },
  'GET /admin/organisations': { roles: ['admin'], hidden: true, request: () => ({ url: '/admin/organisations' }) },
  'POST /admin/organisations': {
    roles: ['admin'],
    hidden: true,
    request: () => ({
      url: '/admin/organisations',
      body: {
        id: 'org-dji',
        name: 'DJI',
        creditCode: '914403007954257495',
        kind: 'enterprise',
        isStartup: false,
        district: 'nanshan',
        registeredOn: '2006-11-06',
      },
    }),
  },
  'GET /admin/organisations/:organisationId': { roles: ['admin'], hidden: true, request: () => ({ url: '/admin/organisations/org-lingxi' }) },
  'PATCH /admin/organisations/:organisationId': {
    roles: ['admin'],
    hidden: true,
    request: () => ({ url: '/admin/organisations/org-park', body: { registeredOn: '2018-09-02' } }),
  },
  'GET /admin/users': { roles: ['admin'], hidden: true, request: () => ({ url: '/admin/users' }) },
  'POST /admin/users': {
    roles: ['admin'],
    hidden: true,
    request: () => ({ url: '/admin/users', body: { id: 'applicant2-park', name: 'Second applicant', role: 'applicant', organisationId: 'org-park' } }),
  },
  'GET /admin/users/:userId': { roles: ['admin'], hidden: true, request: () => ({ url: '/admin/users/applicant-lingxi' }) },
  'PATCH /admin/users/:userId': { roles: ['admin'], hidden: true, request: () => ({ url: '/admin/users/applicant-park', body: { name: 'Zhou Min' } }) },
  'GET /admin/audit': { roles: ['admin'], hidden: true, request: () => ({ url: '/admin/audit' }) },
};

let ids: Ids;

describe('the access matrix: every route × every caller', () => {
  let api: ApiApp;

  const send = (caller: Caller, method: string, req: Request): Promise<Response> => {
    const user = CALLERS[caller];
    let r =
      method === 'GET'
        ? api.http.get(req.url)
        : method === 'PATCH'
          ? api.http.patch(req.url).send(req.body ?? {})
          : method === 'DELETE'
            ? api.http.delete(req.url)
            : api.http.post(req.url).send(req.body ?? {});
    if (user) r = r.set('Authorization', `Bearer ${api.tokenFor(user)}`);
    return r;
  };

  beforeAll(async () => {
    api = await startApiApp();
    const caseId = await api.insertCase({
      measureCode: 'm2',
      subtypeCode: 'm2',
      organisationId: 'org-lingxi',
      submittedById: 'applicant-lingxi',
      form: m2.form as object,
      status: 'in_review',
    });
    // Three live tasks, written as the projection writes them: the task rows and the case's state beside them.
    const cases = api.app.get(CaseRepository);
    const state = (await cases.find(caseId))!.state;
    const task = (bureauCode: string, assigneeId: string | null): TaskRecord => {
      const now = new Date().toISOString();
      const t: TaskRecord = {
        taskId: randomUUID(),
        bureauCode,
        stage: 'review',
        status: assigneeId ? 'claimed' : 'open',
        assigneeId,
        claimedAt: assigneeId ? now : null,
        priority: 0,
        createdAt: now,
        dueAt: new Date(Date.now() + 15 * 86_400_000).toISOString(),
        remindedAt: null,
        escalatedAt: null,
        decision: null,
        comment: null,
        amountFen: null,
        overrideReason: null,
        questions: null,
        completedById: null,
        completedAt: null,
      };
      state.tasks.push(t);
      return t;
    };
    const taskId = task('stic', null).taskId;
    const claimedTaskId = task('stic', 'officer-stic').taskId;
    task('district:nanshan', null);
    await cases.applyChange({ caseId, tasks: state.tasks.map(storedTask), events: [], status: 'in_review', state: { ...state, status: 'in_review' } });
    const job = await send('admin', 'POST', { url: '/admin/replays', body: { workflowIds: ['case:none'] } });
    expect(job.status).toBe(202);
    const conflict = await send('officer', 'POST', { url: '/me/conflicts', body: { organisationId: 'org-szu', reason: 'I teach there' } });
    expect(conflict.status).toBe(201);
    // An award reserved and its city order issued through the ledger, as the payment workflow does.
    const ledger = api.app.get(LedgerRepository);
    const award = { ...zeroAward('rateOfBase', { zh: '测算', en: 'computed' }), amountFen: '100000' };
    await ledger.reserveAward({
      caseId,
      packId: SHENZHEN,
      poolCode: null,
      year: 2026,
      award,
      limits: [],
      projectKey: null,
      coFunding: null,
      actorId: 'officer-stic',
    });
    const orderId = (await ledger.issueOrder(caseId, 'city', randomUUID())).id;
    const labId = randomUUID();
    await api.prisma.keyLab.create({
      data: {
        id: labId,
        caseId,
        packId: SHENZHEN,
        organisationId: 'org-lingxi',
        bureauCode: 'stic',
        name: 'Lingxi lab',
        designatedOn: new Date('2026-01-05'),
        measureCode: 'm13',
        subtypeCode: 'm13-new',
        packVersion: 1,
        status: 'active',
        evaluations: [],
      },
    });
    const upload = await api.http
      .post('/documents?name=contract.pdf')
      .set('Authorization', `Bearer ${api.tokenFor('applicant-lingxi')}`)
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF-1.4\n% contract\n%%EOF\n'));
    expect(upload.status).toBe(201);
    const documentId = upload.body.id as string;
    await api.prisma.caseDocument.create({ data: { caseId, field: 'contractDocument', organisationId: 'org-lingxi', documentId } });
    const noticeId = randomUUID();
    const text = { zh: '通知', en: 'notice' };
    await api.prisma.notice.create({
      data: {
        id: noticeId,
        sourceKey: `matrix:${noticeId}`,
        organisationId: 'org-lingxi',
        caseId,
        kind: 'decision',
        subject: text,
        body: text,
        data: {},
        createdAt: new Date(),
        messageId: `<${noticeId}@test>`,
      },
    });
    ids = { caseId, taskId, claimedTaskId, jobId: job.body.jobId as string, conflictId: conflict.body.id as string, orderId, labId, noticeId, documentId };
  });
  afterAll(async () => {
    await api?.close();
  });

  it('has a row for every route the app answers, and none for a route it does not have', () => {
    const router = (api.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
    const routes = router.stack.flatMap((l) => (l.route ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`) : []));
    expect([...new Set(routes)].sort()).toEqual(Object.keys(ROWS).sort());
  });

  describe.each(Object.entries(ROWS))('%s', (route, row) => {
    const method = route.split(' ')[0]!;

    if (row.roles === 'public') {
      it('answers every caller alike, without a token', async () => {
        for (const caller of ALL) {
          const res = await send(caller, method, row.request(ids));
          if (row.ok) row.ok(res, caller);
          else expect({ caller, status: res.status }).toEqual({ caller, status: 200 });
        }
      });
      return;
    }
    const roles = row.roles;
    const allowed = row.allowed ?? roles;

    it.each(allowed)('lets %s in', async (caller) => {
      const res = await send(caller, method, row.request(ids));
      if (row.ok) row.ok(res, caller);
      else expect({ caller, status: res.status, body: res.status < 300 ? 'ok' : res.body }).toEqual({ caller, status: res.status, body: 'ok' });
    });

    const refused = ALL.filter((c) => !allowed.includes(c));
    if (refused.length === 0) return;
    it.each(refused)('refuses %s', async (caller) => {
      const res = await send(caller, method, row.request(ids));
      if (row.hidden) {
        const path = row.request(ids).url;
        expect({ caller, status: res.status, body: res.body }).toEqual({
          caller,
          status: 404,
          body: { statusCode: 404, error: 'Not Found', message: `Cannot ${method} ${path}` },
        });
      } else if (caller === 'anonymous') {
        expect({ caller, status: res.status }).toEqual({ caller, status: 401 });
      } else if (!roles.includes(caller)) {
        expect({ caller, status: res.status }).toEqual({ caller, status: 403 });
      } else {
        // Entitled to the route, not to this object: exactly what a random id answers.
        const id = randomUUID();
        const missing = await send(caller, method, row.missing!(id));
        const real = row.request(ids).url.match(/[0-9a-f]{8}-[0-9a-f-]{27}/)![0];
        expect({ caller, status: res.status, body: JSON.stringify(res.body).replaceAll(real, '<id>') }).toEqual({
          caller,
          status: missing.status,
          body: JSON.stringify(missing.body).replaceAll(id, '<id>'),
        });
        expect(res.status).toBe(404);
      }
    });
  });
});
