import { Context } from '@temporalio/activity';
import { Client as PgClient } from 'pg';
import { approveUntilFinal } from '../support/approve';
import { m10Submission, m2Submission } from '../support/fixtures';
import { eventually, startHarness, type Harness } from '../support/harness';
import { ReviewClient } from '../support/review';

/**
 * The SQL statements the API sends to answer each route of a case's main path (BEGIN and COMMIT
 * count), with warm caches: the user, its organisation, declared conflicts and the names of people
 * already shown come from the identity cache (IDENTITY_CACHE_MS), the pack's rules from the
 * rule-version cache. A route that starts reading more shows here. The worker's statements (activities
 * the request sets off) are not the API's and are left out: they run in an activity context.
 */
const AT_MOST = {
  // The pack's stamp, the documents the form names, the case with its first event, document links and
  // audit entry in one statement; the answer is what was written. (The submitter's name was read with
  // the first case.)
  'POST /cases': 3,
  // The page of tasks with what it shows of their cases (or registered labs), and its count.
  'GET /tasks': 2,
  // The task with its case, timeline, files, payments and recoveries in one statement; same-kind and
  // earlier cases; the officer's declared conflicts (first read).
  'GET /tasks/:id': 4,
  // The task and its city; the workflow's update; the change it returns, in one statement (the workflow
  // writes nothing for a claim); the holder's name (not shown before).
  'POST /tasks/:id/claim': 3,
  // The task and its city; the workflow writes the decision.
  'POST /tasks/:id/decision': 1,
  // The case with its timeline, payments, recoveries and form's files in one statement.
  'GET /cases/:id': 1,
  // A page of the applicant's cases as their views read them, and the count.
  'GET /cases': 2,
} as const;

describe('statements per route', () => {
  let h: Harness;
  let r: ReviewClient;
  let counting = false;
  let sent = 0;
  const query = PgClient.prototype.query;
  /** The statements of each activity execution (queued and local), by workflow, activity id and attempt. */
  const byRun = new Map<string, { type: string; statements: number }>();

  beforeAll(async () => {
    // Every statement Prisma's pg adapter sends goes through Client#query.
    PgClient.prototype.query = function (this: PgClient, ...args: unknown[]) {
      const activity = runningActivity();
      if (counting && activity === null) sent++;
      if (activity !== null) {
        const run = byRun.get(activity.run) ?? { type: activity.type, statements: 0 };
        run.statements++;
        byRun.set(activity.run, run);
      }
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof PgClient.prototype.query;
    // Caches kept for the whole test, so a slow machine cannot turn a warm read into a cold one.
    h = await startHarness({ env: { IDENTITY_CACHE_MS: '60000' } });
    r = new ReviewClient(h.http, h.tokenFor);
  });
  afterAll(async () => {
    PgClient.prototype.query = query;
    await h?.close();
  });

  const counted = async <T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> => {
    sent = 0;
    counting = true;
    try {
      const result = await fn();
      return { result, statements: sent };
    } finally {
      counting = false;
    }
  };

  it('answers the main path of a measure-2 case in a bounded number of statements each', async () => {
    // Warm-up: a first case by the same users fills the identity and rule caches.
    const first = await r.submit('applicant-lingxi', m2Submission({ contractNumber: 'ROUTE-COST-0' }));
    await r.waitForTask('officer-stic', first, 'review');

    const seen: Record<string, number> = {};
    const submitted = await counted(() =>
      h.http
        .post('/cases')
        .set(r.auth('applicant-lingxi'))
        .send(m2Submission({ contractNumber: 'ROUTE-COST-1' })),
    );
    expect(submitted.result.status).toBe(201);
    seen['POST /cases'] = submitted.statements;
    const id = (submitted.result.body as { id: string }).id;
    const task = await r.waitForTask('officer-stic', id, 'review');

    const inbox = await counted(() => h.http.get('/tasks').set(r.auth('officer-stic')));
    expect(inbox.result.status).toBe(200);
    seen['GET /tasks'] = inbox.statements;
    const detail = await counted(() => h.http.get(`/tasks/${task.id}`).set(r.auth('officer-stic')));
    expect(detail.result.status).toBe(200);
    seen['GET /tasks/:id'] = detail.statements;
    const claim = await counted(() => r.claim('officer-stic', task.id));
    expect(claim.result.status).toBe(200);
    seen['POST /tasks/:id/claim'] = claim.statements;
    const decision = await counted(() => r.decide('officer-stic', task.id, { decision: 'approve' }));
    expect(decision.result.status).toBe(200);
    seen['POST /tasks/:id/decision'] = decision.statements;
    const view = await counted(() => h.http.get(`/cases/${id}`).set(r.auth('applicant-lingxi')));
    expect(view.result.status).toBe(200);
    seen['GET /cases/:id'] = view.statements;
    const list = await counted(() => h.http.get('/cases').set(r.auth('applicant-lingxi')));
    expect(list.result.status).toBe(200);
    expect((list.result.body as { items: { id: string }[] }).items.map((c) => c.id)).toContain(id);
    seen['GET /cases'] = list.statements;

    // Compared as one object, so a route over its bound shows beside the others.
    const bounded = Object.fromEntries(Object.entries(seen).map(([k, n]) => [k, Math.min(n, AT_MOST[k as keyof typeof AT_MOST])]));
    expect(bounded).toEqual(seen);
  });

  it('runs each activity of a co-funded (measure-10) case in one statement or transaction of a bounded size', async () => {
    byRun.clear();
    const submitted = await h.http
      .post('/cases')
      .set(r.auth('applicant-pengcheng'))
      .send(m10Submission({ serviceContractNumber: 'ROUTE-COST-M10' }));
    expect(submitted.status).toBe(201);
    const id = (submitted.body as { id: string }).id;
    const { case: approved } = await approveUntilFinal(h, 'applicant-pengcheng', id);
    expect(approved.status).toBe('approved');
    // The award's workflow issues the city's and the district's orders after the approval.
    await eventually(async () => ((await h.prisma.paymentOrder.count({ where: { caseId: id } })) === 2 ? true : undefined), 30_000);

    // The most statements one execution of each activity sent (BEGIN and COMMIT count).
    const most: Record<string, number> = {};
    for (const { type, statements } of byRun.values()) most[type] = Math.max(most[type] ?? 0, statements);
    const WORKER_AT_MOST: Record<string, number> = {
      // The filing; the pack's stamp (unless read within the last 2 s); the limit totals; the same-kind
      // cases; the assessment with its event in one statement; the bureaus' supervisors.
      assessCase: 7,
      // One statement: the transition's row, tasks, events, audit entries and notices.
      projectCase: 1,
      // A transaction (BEGIN and COMMIT among them): the advisory locks and the standing read under them
      // before the entries and the award are written.
      reserveAward: 5,
      // One statement: each share's order and commitment, and the orders there are.
      issueAwardOrders: 1,
    };
    expect(Object.keys(most).sort()).toEqual(Object.keys(WORKER_AT_MOST).sort());
    const bounded = Object.fromEntries(Object.entries(most).map(([k, n]) => [k, Math.min(n, WORKER_AT_MOST[k]!)]));
    expect(bounded).toEqual(most);
  });

  it('reads a signed-in user once, not on every request, and a change made through the API at once', async () => {
    await h.http.get('/auth/me').set(r.auth('officer-stic'));
    const again = await counted(() => h.http.get('/auth/me').set(r.auth('officer-stic')));
    expect(again.result.status).toBe(200);
    expect(again.statements).toBe(0);

    const renamed = await h.http.patch('/admin/users/officer-stic').set(r.auth('admin')).send({ name: 'Renamed officer' });
    expect(renamed.status).toBe(200);
    const me = await counted(() => h.http.get('/auth/me').set(r.auth('officer-stic')));
    expect(me.result.body).toMatchObject({ id: 'officer-stic', name: 'Renamed officer' });
    expect(me.statements).toBe(1);
  });
});

/** The activity execution the caller runs in, or null outside any (the API's requests). */
function runningActivity(): { run: string; type: string } | null {
  try {
    const { info } = Context.current();
    return { run: `${info.workflowExecution?.workflowId ?? ''}/${info.activityId}/${info.attempt}`, type: info.activityType };
  } catch {
    return null;
  }
}
