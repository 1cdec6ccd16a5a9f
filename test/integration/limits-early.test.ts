import { randomUUID } from 'node:crypto';
import { budgetYear } from '../../src/domain';
import { startHarness, type Harness } from '../support/harness';
import { approveUntilFinal, officerOf, readCase, waitForAssessment } from '../support/approve';
import { m10Submission, m2Submission } from '../support/fixtures';
import { approveAll, claimFinalTask } from '../support/money';

// Measure 10: 4,000,000 yuan of the enterprise's own share → an award of 2,000,000 yuan; 3,000,000 per enterprise.
const TWO_MILLION = { totalServiceFeeFen: '500000000', enterpriseShareFeeFen: '400000000' };

/**
 * The cumulative limits read at assessment, on real PostgreSQL and a real Temporal dev server: the
 * applicant and the first officer see the cut before anyone reviews; a case nothing is left for is
 * refused at once; the final approval checks again under the ledger's lock and refuses with every
 * obstacle in one answer; a double benefit's reason is asked in that same answer.
 */
describe('limits found early', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const submit = async (user: string, body: Record<string, unknown>): Promise<string> => {
    const res = await h.http.post('/cases').set(h.auth(user)).send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  it('shows the cut at assessment to the applicant and the first officer, refuses a capped-out case at once, and re-checks at the final approval', async () => {
    const user = 'applicant-pengcheng';
    // An earlier award of 2,000,000 yuan: 1,000,000 left under the per-enterprise cap.
    const earlier = await submit(user, m10Submission({ serviceContractNumber: `EARLY-A-${randomUUID()}`, ...TWO_MILLION }));
    expect((await approveUntilFinal(h, user, earlier)).case.approvedAwardFen).toBe('200000000');

    // Two more, for one nationally funded project (a possible double benefit with each other).
    const project = { serviceContractNumber: `EARLY-P-${randomUUID()}`, nationalOrProvincialFunding: true, auditedInvestmentFen: '500000000', ...TWO_MILLION };
    const b = await submit(user, m10Submission(project));
    const seenB = await waitForAssessment(h, user, b);
    expect(seenB.status).toBe('in_review');
    // The applicant reads the cut before anyone reviews it.
    expect(seenB.computedAwardFen).toBe('100000000');
    expect(seenB.award!.lines.at(-1)).toEqual({
      zh: '由 2,000,000.00 元 核减为 1,000,000.00 元:单家企业累计资助上限:上限 3,000,000.00 元,此前已获 2,000,000.00 元,尚余 1,000,000.00 元',
      en: 'Reduced from CNY 2,000,000.00 to CNY 1,000,000.00: cap per enterprise across all its applications: cap CNY 3,000,000.00, CNY 2,000,000.00 already awarded, CNY 1,000,000.00 left',
    });
    expect(seenB.coFunding).toMatchObject({ cityFen: '50000000', districtFen: '50000000' });

    // So does the first officer, in the inbox and on the task.
    const first = seenB.tasks.find((t) => t.status === 'open')!;
    const officer = officerOf(first.bureauCode);
    const inbox = await h.http.get('/tasks?status=open').set(h.auth(officer));
    expect((inbox.body.items as { id: string; computedAwardFen: string }[]).find((t) => t.id === first.id)).toMatchObject({ computedAwardFen: '100000000' });
    const detail = await h.http.get(`/tasks/${first.id}`).set(h.auth(officer));
    expect(detail.status).toBe(200);
    expect(detail.body.application.computedAwardFen).toBe('100000000');
    expect(detail.body.award.amountFen).toBe('100000000');
    expect(detail.body.award.lines.at(-1).zh).toContain('尚余 1,000,000.00 元');

    const c = await submit(user, m10Submission(project));
    const seenC = await waitForAssessment(h, user, c);
    expect(seenC.computedAwardFen).toBe('100000000');
    const refB = (seenB as unknown as { reference: string }).reference;
    expect(seenC.award!.lines.at(-1)!.zh).toBe(`同一项目已有同类资助申请或资助(${refB}),可能构成重复享受:审定时须说明批准理由`);

    const finals = [await claimFinalTask(h, user, b), await claimFinalTask(h, user, c)];
    const [approvedB] = await approveAll(h, [finals[0]!]);
    expect(approvedB).toMatchObject({ status: 200, body: { caseStatus: 'approved', approvedAwardFen: '100000000' } });

    // The limits moved since C was assessed: the ledger's one refusal names the exhausted cap and the missing reason together.
    const [refused] = await approveAll(h, [finals[1]!]);
    expect(refused!.status).toBe(422);
    expect(refused!.body).toMatchObject({ reason: 'LimitReached', field: 'overrideReason' });
    expect(refused!.body.zh).toBe(
      '不能批准,须先解决以下 2 个问题:(1)单家企业累计资助上限:上限 3,000,000.00 元,现已获 3,000,000.00 元,已无余额,不能再予资助;' +
        `(2)申请单位已就同一项目享受或申请同类资助(${refB}(1,000,000.00 元)),不得重复享受;批准须说明理由`,
    );
    expect(refused!.body.message).toContain(
      '(1) cap per enterprise across all its applications: cap CNY 3,000,000.00, CNY 3,000,000.00 now awarded, nothing is left',
    );
    expect(refused!.body.zh).not.toContain('overrideReason');
    // With the reason given, nothing new is asked: only the cap still stands.
    const [again] = await approveAll(h, [finals[1]!], { decision: 'approve', overrideReason: 'second phase' });
    expect(again!.status).toBe(422);
    expect(again!.body).toMatchObject({ reason: 'LimitReached', field: 'amountFen' });
    expect(again!.body.zh).not.toContain('理由');
    expect((await readCase(h, user, c)).status).toBe('in_review');

    // Nothing is left now: a new application is refused at assessment, naming the cap; no officer sees it.
    const d = await submit(user, m10Submission({ serviceContractNumber: `EARLY-D-${randomUUID()}`, ...TWO_MILLION }));
    const seenD = await waitForAssessment(h, user, d);
    expect(seenD.status).toBe('refused');
    expect(seenD.tasks).toEqual([]);
    expect(seenD.computedAwardFen).toBe('0');
    expect(seenD.ineligibility).toEqual([
      {
        code: 'limit.exhausted',
        zh: '单家企业累计资助上限:上限 3,000,000.00 元,此前已获 3,000,000.00 元,已无余额,本次申请不能获得资助',
        en: 'cap per enterprise across all its applications: cap CNY 3,000,000.00, CNY 3,000,000.00 already awarded, nothing is left, so this application can receive nothing',
      },
    ]);
  });

  it('asks for a double benefit’s reason once, in the same refusal as a short pool', async () => {
    const user = 'applicant-lingxi';
    const contractNumber = `ONCE-${randomUUID()}`;
    const first = await submit(user, m2Submission({ contractNumber }));
    const { case: firstCase } = await approveUntilFinal(h, user, first);
    expect(firstCase.approvedAwardFen).toBe('74074073');
    const second = await submit(user, m2Submission({ contractNumber }));
    const final = await claimFinalTask(h, user, second);
    // The pool has 1,000.00 yuan left.
    const year = budgetYear(new Date(), 'Asia/Shanghai');
    const where = { packId_code_year: { packId: 'shenzhen-ai-pioneer-2024', code: 'm2-training-voucher', year } };
    const pool = await h.prisma.budgetPool.findUniqueOrThrow({ where });
    await h.prisma.budgetPool.update({ where, data: { totalFen: pool.reservedFen + 100_000n } });

    const [refused] = await approveAll(h, [final]);
    expect(refused!.status).toBe(422);
    expect(refused!.body).toMatchObject({ reason: 'PoolExhausted', field: 'overrideReason', availableFen: '100000' });
    expect(refused!.body.zh).toContain('(1)');
    expect(refused!.body.zh).toContain('剩余 1,000.00 元');
    expect(refused!.body.zh).toContain('(2)申请单位已就同一项目享受或申请同类资助');
    // Both fixed at once: the next attempt goes through.
    const [ok] = await approveAll(h, [final], { decision: 'approve', amountFen: '100000', comment: '预算所限', overrideReason: 'a separate phase' });
    expect(ok).toMatchObject({ status: 200, body: { caseStatus: 'approved', approvedAwardFen: '100000' } });
  });
});
