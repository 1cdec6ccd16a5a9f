import { Client as PgClient } from 'pg';
import { eventually, startHarness, type Harness } from '../support/harness';
import { m2Submission } from '../support/fixtures';
import { decideEverything, endedCount, exactlyOnceSettled, FAULT_OFFICERS, faultCase, TcpProxy, type Request } from '../support/faults';

const CASES = 20;
const CO_FUNDED_EVERY = 10; // two co-funded m10 awards: two orders each
const ORDERS = CASES + CASES / CO_FUNDED_EVERY;
const OUTAGE_MS = 8_000;

/**
 * PostgreSQL unreachable for a while (a proxy between the services and the shared server is cut, so
 * the server itself is never stopped): the API answers 503 with a bilingual message and stores
 * nothing, the activities retry on their backoff (at most a minute apart), and once the database is
 * back every case completes exactly once, with one pool reservation and one payment order per funder.
 */
describe('PostgreSQL unavailable while cases are in flight', () => {
  let h: Harness;
  let proxy: TcpProxy;
  beforeAll(async () => {
    h = await startHarness({
      serviceDatabaseUrl: async (url) => {
        const u = new URL(url);
        proxy = new TcpProxy(u.hostname, Number(u.port || 5432));
        await proxy.open();
        return proxy.url(url);
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.cut();
  });

  const request: Request = async (method, path, userId, body) => {
    const r =
      method === 'GET'
        ? await h.http.get(path).set(h.auth(userId))
        : await h.http
            .post(path)
            .set(h.auth(userId))
            .send(body as object);
    return { status: r.status, body: r.body as Record<string, unknown> };
  };
  const direct = async <T>(f: (pg: PgClient) => Promise<T>): Promise<T> => {
    const pg = new PgClient({ connectionString: h.databaseUrl });
    await pg.connect();
    try {
      return await f(pg);
    } finally {
      await pg.end();
    }
  };
  const count = (): Promise<number> => direct(async (pg) => Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM applications')).rows[0]!.n));

  it('answers 503 meanwhile, loses nothing and completes every case once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const { applicant, body } = faultCase('PG-OUT', i, CO_FUNDED_EVERY);
      const r = await request('POST', '/cases', applicant, body);
      expect(r.status).toBe(201);
      ids.push(r.body.id as string);
    }
    const outage: { done?: Promise<void> } = {};
    const during: { read?: Record<string, unknown> & { status: number }; submit?: Record<string, unknown> & { status: number } } = {};
    const officer = decideEverything(request, FAULT_OFFICERS, async () => (await endedCount(h.databaseUrl, ids)) === CASES, {
      timeoutMs: 150_000,
      onDecision: (n) => {
        // A few decisions in, the database goes away with decisions and projection writes in flight.
        if (n !== 3 || outage.done) return;
        outage.done = (async () => {
          await proxy.cut();
          const before = await count();
          const read = await h.http.get(`/cases/${ids[0]}`).set(h.auth('applicant-lingxi'));
          during.read = { status: read.status, ...read.body };
          const submit = await h.http
            .post('/cases')
            .set(h.auth('applicant-lingxi'))
            .send(m2Submission({ contractNumber: 'PG-OUT-during' }));
          during.submit = { status: submit.status, ...submit.body, storedMeanwhile: (await count()) - before };
          await new Promise((r) => setTimeout(r, OUTAGE_MS));
          await proxy.open();
        })();
      },
    });
    const result = await officer;
    expect(outage.done).toBeDefined();
    await outage.done;

    for (const reply of [during.read, during.submit]) {
      expect(reply).toMatchObject({
        status: 503,
        error: 'Service Unavailable',
        message: expect.stringMatching(/database/i),
        zh: expect.stringMatching(/数据库/),
      });
    }
    expect(during.submit?.storedMeanwhile).toBe(0);
    expect(await count()).toBe(CASES);
    await eventually(async () => ((await endedCount(h.databaseUrl, ids)) === CASES ? true : undefined), 60_000, 'every case to end');
    expect(await exactlyOnceSettled(h.databaseUrl, ids)).toEqual({
      cases: CASES,
      approved: CASES,
      approvalEvents: CASES,
      casesWithOneApprovalEvent: CASES,
      reservations: CASES,
      casesWithOneReservation: CASES,
      poolsOutOfStep: 0,
      paymentOrders: ORDERS,
      casesWithOrdersAsSplit: CASES,
      casesSplitAsAssessed: CASES,
      tasksOpenedTwice: 0,
    });
    // Every decision answered 200 completed one task, and no task was completed without one.
    const completed = await direct(async (pg) =>
      Number(
        (await pg.query<{ n: string }>(`SELECT count(*) AS n FROM review_tasks WHERE application_id = ANY($1) AND status = 'completed'`, [ids])).rows[0]!.n,
      ),
    );
    expect(result.decisions).toBe(completed);
  });
});
