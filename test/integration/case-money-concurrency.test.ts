import { randomUUID } from 'node:crypto';
import { budgetYear } from '../../src/domain';
import { poolHeld } from '../../src/domain/ledger/ledger';
import { LedgerRepository } from '../../src/database/ledger.repository';
import { harnessWorker, WORKER_STARTUP_MS, WorkerProcesses } from '../support/faults';
import { startHarness, waitForIntake, type Harness } from '../support/harness';
import { m10Submission, m2Submission } from '../support/fixtures';
import { approveAll, claimFinalTask } from '../support/money';

const AWARD = 74_074_073n; // 123,456,789 × 60% for the startup

describe('simultaneous final approvals across two worker processes', () => {
  let h: Harness;
  // The real worker entry point in two processes sharing the task queue.
  const workers = new WorkerProcesses(() => harnessWorker(h));
  beforeAll(async () => {
    h = await startHarness({ inProcessWorker: false });
    workers.start();
    workers.start();
    // Two processes compiling at once on a busy machine take a while before they open intake.
    await waitForIntake(h.prisma, WORKER_STARTUP_MS);
  });
  afterAll(async () => {
    await workers.stop();
    await h?.close();
  });

  async function finalsOf(user: string, submissions: Record<string, unknown>[]): Promise<{ ids: string[]; finals: { taskId: string; officer: string }[] }> {
    const ids: string[] = [];
    for (const s of submissions) {
      const res = await h.http.post('/cases').set(h.auth(user)).send(s);
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
    const finals = await Promise.all(ids.map((id) => claimFinalTask(h, user, id, 120_000)));
    return { ids, finals };
  }

  it('approve exactly as many as the pool holds; the others are refused with what is left in yuan; the ledger balances', async () => {
    const year = budgetYear(new Date(), 'Asia/Shanghai');
    // Room for two and a half awards (test set-up: a small pool to compete for).
    const pool = await h.prisma.budgetPool.update({
      where: { packId_code_year: { packId: 'shenzhen-ai-pioneer-2024', code: 'm2-training-voucher', year } },
      data: { totalFen: AWARD * 2n + AWARD / 2n },
    });
    const { finals } = await finalsOf(
      'applicant-lingxi',
      Array.from({ length: 6 }, () => m2Submission({ contractNumber: `POOL-${randomUUID()}` })),
    );
    const results = await approveAll(h, finals);
    const approved = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(approved).toHaveLength(2);
    expect(approved.every((r) => r.body.caseStatus === 'approved' && r.body.approvedAwardFen === AWARD.toString())).toBe(true);
    expect(refused).toHaveLength(4);
    const left = AWARD / 2n; // 37,037,036 fen
    for (const r of refused) {
      expect(r.status).toBe(422);
      expect(r.body.message).toContain('Training-compute vouchers, yearly total');
      expect(r.body.message).toContain('CNY 370,370.36 left');
      expect(r.body.zh).toContain('剩余 370,370.36 元');
      expect(r.body.availableFen).toBe(left.toString());
    }
    const after = await h.prisma.budgetPool.findUniqueOrThrow({ where: { id: pool.id } });
    expect(after.reservedFen).toBe(AWARD * 2n);
    expect(poolHeld(await h.workerContext.get(LedgerRepository).all(), pool.id)).toBe(after.reservedFen);
  });

  it('cut the second of two awards that together pass the per-enterprise cap, so the sum stays at the cap', async () => {
    const { ids, finals } = await finalsOf(
      'applicant-pengcheng',
      [1, 2].map((n) =>
        m10Submission({ serviceContractNumber: `CAP2-${n}-${randomUUID()}`, totalServiceFeeFen: '500000000', enterpriseShareFeeFen: '400000000' }),
      ),
    );
    const results = await approveAll(h, finals);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.approvedAwardFen).sort()).toEqual(['100000000', '200000000']);
    const rows = await h.prisma.ledgerEntry.findMany({ where: { caseId: { in: ids }, kind: 'reserve' } });
    expect(rows.reduce((s, r) => s + r.amountFen, 0n)).toBe(300_000_000n);
  });

  it('cut the second of two awards to one nationally funded project to its audited investment', async () => {
    // The first test left the pool nearly spent: give it room again, so only the project's cap binds.
    const year = budgetYear(new Date(), 'Asia/Shanghai');
    await h.prisma.budgetPool.update({
      where: { packId_code_year: { packId: 'shenzhen-ai-pioneer-2024', code: 'm2-training-voucher', year } },
      data: { totalFen: 50_000_000_000n },
    });
    const contractNumber = `AUDIT-${randomUUID()}`;
    const funded = { contractNumber, nationalOrProvincialFunding: true, auditedInvestmentFen: '100000000' };
    const { ids, finals } = await finalsOf('applicant-lingxi', [m2Submission(funded), m2Submission(funded)]);
    const results = await approveAll(h, finals, { decision: 'approve', overrideReason: 'two phases of one project, both eligible' });
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.approvedAwardFen).sort()).toEqual(['25925927', AWARD.toString()]);
    const rows = await h.prisma.ledgerEntry.findMany({ where: { caseId: { in: ids }, kind: 'reserve' } });
    expect(rows.reduce((s, r) => s + r.amountFen, 0n)).toBe(100_000_000n);
  });
});
