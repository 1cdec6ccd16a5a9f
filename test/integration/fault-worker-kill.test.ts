import { startHarness, waitForIntake, type Harness } from '../support/harness';
import {
  decideEverything,
  endedCount,
  exactlyOnceSettled,
  FAULT_OFFICERS,
  faultCase,
  harnessWorker,
  WORKER_STARTUP_MS,
  WorkerProcesses,
  type Request,
} from '../support/faults';

const CASES = 100;
const CO_FUNDED_EVERY = 20; // five co-funded m10 awards: two orders each
const ORDERS = CASES + CASES / CO_FUNDED_EVERY;

/**
 * kill -9 of the worker process, twice, with every case in flight: once while assessments run and
 * once in the middle of the officers' decisions (projection writes, pool reservations and payment
 * orders under way). After each restart every case completes exactly once, no award is held twice
 * and every funder has exactly its one order.
 */
describe('the worker killed with a hundred cases in flight', () => {
  let h: Harness;
  const workers = new WorkerProcesses(() => harnessWorker(h));
  beforeAll(async () => {
    h = await startHarness({ inProcessWorker: false });
  });
  afterAll(async () => {
    await workers.stop();
    await h?.close();
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

  it('completes every case exactly once after each restart', async () => {
    workers.start();
    await waitForIntake(h.prisma, WORKER_STARTUP_MS);
    const ids: string[] = [];
    let killedDuringIntake = false;
    const lanes = Array.from({ length: 5 }, async (_, lane) => {
      for (let i = lane; i < CASES; i += 5) {
        const { applicant, body } = faultCase('KILL', i, CO_FUNDED_EVERY);
        const r = await request('POST', '/cases', applicant, body);
        expect(r.status).toBe(201);
        ids.push(r.body.id as string);
        if (ids.length === CASES / 2 && !killedDuringIntake) {
          killedDuringIntake = true;
          await workers.restart();
        }
      }
    });
    await Promise.all(lanes);
    expect(killedDuringIntake).toBe(true);

    let killedDuringDecisions = false;
    await decideEverything(request, FAULT_OFFICERS, async () => (await endedCount(h.databaseUrl, ids)) === CASES, {
      timeoutMs: 360_000,
      onDecision: async (n) => {
        if (n !== 30 || killedDuringDecisions) return;
        killedDuringDecisions = true;
        await workers.restart();
      },
    });
    expect(killedDuringDecisions).toBe(true);
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
  }, 480_000);
});
