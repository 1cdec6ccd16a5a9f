import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { approveUntilFinal } from '../support/approve';
import { harnessWorker, WORKER_STARTUP_MS, WorkerProcesses } from '../support/faults';
import { eventually, startHarness, waitForIntake, type Harness } from '../support/harness';
import { m10Submission } from '../support/fixtures';
import { awardWorkflowId } from '../../workflows/award.messages';
import type { awardWorkflow } from '../../workflows/award.workflow';

const GATE = 727_274_088;

/**
 * A worker killed after the city's order and before the district's: the test holds the district's
 * insert at a gate (a trigger of this test's own database waits on an advisory lock the test holds),
 * kills the worker with SIGKILL there, and lets a fresh worker carry on. Since award-orders-local the
 * orders are issued in one transaction, so the city's is not yet visible when the worker dies.
 */
describe('payment orders when the worker dies between the first and the second', () => {
  let h: Harness;
  let pg: Client;
  const workers = new WorkerProcesses(() => harnessWorker(h));
  beforeAll(async () => {
    h = await startHarness({ inProcessWorker: false });
    pg = new Client({ connectionString: h.databaseUrl });
    await pg.connect();
  });
  afterAll(async () => {
    await workers.stop();
    await pg?.end();
    await h?.close();
  });

  it('yields exactly one order per funder', async () => {
    await pg.query(`
      CREATE FUNCTION test_gate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.funder <> 'city' THEN PERFORM pg_advisory_lock_shared(${GATE}); PERFORM pg_advisory_unlock_shared(${GATE}); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_gate BEFORE INSERT ON payment_orders FOR EACH ROW EXECUTE FUNCTION test_gate();`);
    await pg.query('SELECT pg_advisory_lock($1)', [GATE]);

    workers.start();
    await waitForIntake(h.prisma, WORKER_STARTUP_MS);
    const submit = await h.http
      .post('/cases')
      .set(h.auth('applicant-pengcheng'))
      .send(m10Submission({ serviceContractNumber: `CRASH-${randomUUID()}` }));
    expect(submit.status).toBe(201);
    const id = submit.body.id as string;
    const { case: approved } = await approveUntilFinal(h, 'applicant-pengcheng', id, 120_000);
    expect(approved.approvedAwardFen).toBe('30000000');

    // The city's order is written (uncommitted, in the same transaction); the district's insert waits at the gate.
    await eventually(
      async () => {
        const waiting = await pg.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted`, [GATE]);
        return waiting.rowCount === 1 ? true : undefined;
      },
      60_000,
      'the district order at the gate',
    );
    await workers.kill();
    expect(await h.prisma.paymentOrder.count({ where: { caseId: id } })).toBe(0);
    await pg.query('SELECT pg_advisory_unlock($1)', [GATE]);

    workers.start();
    const orders = await eventually(
      async () => {
        const o = await h.prisma.paymentOrder.findMany({ where: { caseId: id }, orderBy: { funder: 'asc' } });
        return o.length === 2 ? o : undefined;
      },
      120_000,
      'both orders after the restart',
    );
    expect(orders.map((o) => [o.funder, o.amountFen])).toEqual([
      ['city', 15_000_000n],
      ['district:longgang', 15_000_000n],
    ]);
    const commits = await h.prisma.ledgerEntry.findMany({ where: { caseId: id, kind: 'commit' }, orderBy: { funder: 'asc' } });
    expect(commits.map((c) => c.funder)).toEqual(['city', 'district:longgang']);

    // Both treasuries pay; the award's workflow ends with one order each.
    for (const o of orders) {
      const user = o.funder === 'city' ? 'finance-city' : 'finance-district-longgang';
      expect((await h.http.post(`/payment-orders/${o.id}/status`).set(h.auth(user)).send({ status: 'paid' })).status).toBe(200);
    }
    const result = await h.env.client.workflow.getHandle<typeof awardWorkflow>(awardWorkflowId(id)).result();
    expect(result.orders.map((o) => o.funder)).toEqual(['city', 'district:longgang']);
    expect(await h.prisma.paymentOrder.count({ where: { caseId: id } })).toBe(2);
  });
});
