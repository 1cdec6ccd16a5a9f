import { randomUUID } from 'node:crypto';
import { eventually, startHarness, type Harness } from '../support/harness';
import { approveUntilFinal, readCase, yuan } from '../support/approve';
import { m10Submission, m2Submission } from '../support/fixtures';
import { approveAll, claimFinalTask } from '../support/money';
import { awardWorkflowId } from '../../workflows/award.messages';
import type { awardWorkflow } from '../../workflows/award.workflow';

interface OrderBody {
  orderId: string;
  caseId: string;
  funder: string;
  amountFen: string;
  status: string;
  payeeOrganisationId: string;
}

/** Payment orders, treasury staff and recoveries on real PostgreSQL and a real Temporal dev server. */
describe('the payments of an award', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const ordersOf = async (user: string, caseId: string): Promise<OrderBody[]> => {
    const res = await h.http.get('/payment-orders').set(h.auth(user));
    expect(res.status).toBe(200);
    return (res.body.items as OrderBody[]).filter((o) => o.caseId === caseId);
  };

  it('issues one order to the city treasury, which pays it once; the applicant sees it paid; a recovery shows on the case and the pool', async () => {
    const submit = await h.http
      .post('/cases')
      .set(h.auth('applicant-lingxi'))
      .send(m2Submission({ contractNumber: `PAY-${randomUUID()}` }));
    expect(submit.status).toBe(201);
    const id = submit.body.id as string;
    const { case: approved } = await approveUntilFinal(h, 'applicant-lingxi', id);
    expect(approved.approvedAwardFen).toBe('74074073');

    const [order] = await eventually(
      async () => {
        const o = await ordersOf('finance-city', id);
        return o.length > 0 ? o : undefined;
      },
      30_000,
      'the payment order',
    );
    expect(await ordersOf('finance-city', id)).toHaveLength(1);
    expect(order).toMatchObject({ funder: 'city', amountFen: '74074073', status: 'issued', payeeOrganisationId: 'org-lingxi' });
    const seen = await readCase(h, 'applicant-lingxi', id);
    expect((seen as unknown as { payments: { orders: { status: string; amountFen: string }[] } }).payments.orders).toEqual([
      expect.objectContaining({ funder: 'city', amountFen: '74074073', status: 'issued' }),
    ]);
    // The applicant reads who the money waits on: the city treasury, by name, with the amount in yuan.
    expect(seen.progress.pending).toEqual([
      expect.objectContaining({ on: 'treasury', bureauCode: 'city', name: expect.objectContaining({ en: 'Shenzhen city treasury' }) }),
    ]);
    expect(seen.progress.summary.zh).toContain('740,740.73 元 待财政支付');
    expect(seen.progress.summary.en).toContain('CNY 740,740.73 waiting for the treasury to pay');

    // Another treasury, an officer, an applicant: none of them sees or settles the city's order.
    expect(await ordersOf('finance-district-nanshan', id)).toEqual([]);
    expect((await h.http.get(`/payment-orders/${order!.orderId}`).set(h.auth('finance-district-nanshan'))).status).toBe(404);
    expect((await h.http.post(`/payment-orders/${order!.orderId}/status`).set(h.auth('finance-district-nanshan')).send({ status: 'paid' })).status).toBe(404);
    expect((await h.http.post(`/payment-orders/${order!.orderId}/status`).set(h.auth('officer-stic')).send({ status: 'paid' })).status).toBe(403);
    expect((await h.http.get('/payment-orders').set(h.auth('applicant-lingxi'))).status).toBe(403);

    const bad = await h.http.post(`/payment-orders/${order!.orderId}/status`).set(h.auth('finance-city')).send({ status: 'cancelled' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('reason');

    const paid = await h.http.post(`/payment-orders/${order!.orderId}/status`).set(h.auth('finance-city')).send({ status: 'paid' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ changed: true, order: { status: 'paid', settledById: 'finance-city' } });
    const again = await h.http.post(`/payment-orders/${order!.orderId}/status`).set(h.auth('finance-city')).send({ status: 'paid' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ changed: false, order: { status: 'paid', settledAt: paid.body.order.settledAt } });
    // The applicant's organisation is told once, through the outbox and its delivery workflow.
    const notice = await eventually(
      async () => {
        const res = await h.http.get(`/notices?caseId=${id}`).set(h.auth('applicant-lingxi'));
        const n = (res.body.items as { kind: string; subject: { zh: string; en: string }; email: { status: string } }[]).filter((x) => x.kind === 'payment');
        return n.length === 1 && n[0]!.email.status !== 'pending' && n[0]!.email.status !== 'sending' ? n : undefined;
      },
      30_000,
      'the payment notice, delivered',
    );
    expect(notice[0]!.subject).toEqual({
      zh: `申请 ${submit.body.reference as string}:深圳市财政已支付资助款 740,740.73 元`,
      en: `Application ${submit.body.reference as string}: Shenzhen city treasury paid CNY 740,740.73`,
    });
    const cancel = await h.http
      .post(`/payment-orders/${order!.orderId}/status`)
      .set(h.auth('finance-city'))
      .send({ status: 'cancelled', reason: 'wrong account' });
    expect(cancel.status).toBe(409);
    expect(cancel.body).toMatchObject({ field: 'status', orderStatus: 'paid', zh: '该支付指令已支付,不能再取消' });

    // Every order settled: the award's workflow completes with the order it made.
    const result = await h.env.client.workflow.getHandle<typeof awardWorkflow>(awardWorkflowId(id)).result();
    expect(result).toEqual({ caseId: id, orders: [{ funder: 'city', orderId: order!.orderId }] });
    const after = await readCase(h, 'applicant-lingxi', id);
    expect((after as unknown as { payments: { orders: { status: string }[] } }).payments.orders.map((o) => o.status)).toEqual(['paid']);
    expect(after.progress.pending).toEqual([]);
    expect(after.progress.summary.zh).toContain('已全额支付 740,740.73 元');
    expect(after.progress.summary.en).toContain('all CNY 740,740.73 has been paid');

    // 追回: part of the award comes back, once per recoveryId, never more than was paid.
    const poolBefore = await h.prisma.budgetPool.findFirstOrThrow({ where: { code: 'm2-training-voucher', reservedFen: { gt: 0n } } });
    const recoveryId = randomUUID();
    const body = { recoveryId, amountFen: '4074073', reason: 'audit found ineligible invoices' };
    const rec = await h.http.post(`/cases/${id}/recoveries`).set(h.auth('admin')).send(body);
    expect(rec.status).toBe(200);
    expect(rec.body).toEqual({ changed: true, recoveredFen: '4074073', remainingFen: '70000000', poolReleased: true });
    expect((await h.http.post(`/cases/${id}/recoveries`).set(h.auth('admin')).send(body)).body).toMatchObject({ changed: false });
    const tooMuch = await h.http
      .post(`/cases/${id}/recoveries`)
      .set(h.auth('finance-city'))
      .send({ ...body, recoveryId: randomUUID(), amountFen: '70000001' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ field: 'amountFen', recoverableFen: '70000000', zh: expect.stringContaining('700,000.00 元') });
    expect(
      (
        await h.http
          .post(`/cases/${id}/recoveries`)
          .set(h.auth('finance-district-nanshan'))
          .send({ ...body, recoveryId: randomUUID() })
      ).status,
    ).toBe(404);
    const poolAfter = await h.prisma.budgetPool.findUniqueOrThrow({ where: { id: poolBefore.id } });
    expect(poolBefore.reservedFen - poolAfter.reservedFen).toBe(4_074_073n);
    const shown = (await readCase(h, 'applicant-lingxi', id)) as unknown as { payments: { recoveredFen: string; recoveries: { reason: string }[] } };
    expect(shown.payments.recoveredFen).toBe('4074073');
    expect(shown.payments.recoveries).toEqual([expect.objectContaining({ funder: 'city', amountFen: '4074073', reason: 'audit found ineligible invoices' })]);
  });

  it('splits a co-funded award 50:50 into a city and a district order, and cuts a second award to the per-enterprise cap', async () => {
    const ids: string[] = [];
    for (const n of [1, 2]) {
      // 4,000,000 yuan of the enterprise's own share → 2,000,000 yuan each; together above the 3,000,000 cap.
      const s = await h.http
        .post('/cases')
        .set(h.auth('applicant-pengcheng'))
        .send(m10Submission({ serviceContractNumber: `CAP-${n}-${randomUUID()}`, totalServiceFeeFen: '500000000', enterpriseShareFeeFen: '400000000' }));
      expect(s.status).toBe(201);
      ids.push(s.body.id as string);
    }
    const finals = [];
    for (const id of ids) finals.push(await claimFinalTask(h, 'applicant-pengcheng', id));
    const results = await approveAll(h, finals);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const amounts = results.map((r) => r.body.approvedAwardFen).sort();
    expect(amounts).toEqual(['100000000', '200000000']);

    const cases = await Promise.all(ids.map((id) => readCase(h, 'applicant-pengcheng', id)));
    const cut = cases.find((c) => c.approvedAwardFen === '100000000')!;
    expect(cut.award!.lines.at(-1)).toEqual({
      zh: `由 ${yuan('200000000')} 元 核减为 ${yuan('100000000')} 元:单家企业累计资助上限:上限 3,000,000.00 元,此前已获 2,000,000.00 元,尚余 1,000,000.00 元`,
      en: `Reduced from CNY ${yuan('200000000')} to CNY ${yuan('100000000')}: cap per enterprise across all its applications: cap CNY 3,000,000.00, CNY 2,000,000.00 already awarded, CNY 1,000,000.00 left`,
    });
    expect(cut.coFunding).toMatchObject({ cityFen: '50000000', districtFen: '50000000', districtBureau: 'district:longgang' });
    // The district government's own review task shows the district's share.
    const districtTask = (await h.http.get('/tasks?status=completed').set(h.auth('officer-district-longgang'))).body.items as {
      id: string;
      caseId: string;
    }[];
    const mine = districtTask.find((t) => t.caseId === cut.id)!;
    const districtDetail = await h.http.get(`/tasks/${mine.id}`).set(h.auth('officer-district-longgang'));
    expect(districtDetail.body.coFunding).toMatchObject({
      districtBureau: 'district:longgang',
      districtShareBp: 5000,
      shareOfThisBureauFen: expect.any(String),
    });

    // Each award: one order per treasury, the district's in its own treasury's list.
    for (const c of cases) {
      const city = await eventually(
        async () => ((await ordersOf('finance-city', c.id)).length === 1 ? ordersOf('finance-city', c.id) : undefined),
        30_000,
        'city order',
      );
      const district = await eventually(
        async () => ((await ordersOf('finance-district-longgang', c.id)).length === 1 ? ordersOf('finance-district-longgang', c.id) : undefined),
        30_000,
        'district order',
      );
      const half = (BigInt(c.approvedAwardFen!) / 2n).toString();
      expect(city[0]).toMatchObject({ funder: 'city', amountFen: half, status: 'issued' });
      expect(district[0]).toMatchObject({ funder: 'district:longgang', amountFen: half, status: 'issued' });
    }
  });

  it('flags a second application for the same project and kind; approving it needs an overrideReason', async () => {
    const contractNumber = `DOUBLE-${randomUUID()}`;
    const first = await h.http.post('/cases').set(h.auth('applicant-lingxi')).send(m2Submission({ contractNumber }));
    const { case: firstCase } = await approveUntilFinal(h, 'applicant-lingxi', first.body.id as string);
    expect(firstCase.status).toBe('approved');
    const second = await h.http
      .post('/cases')
      .set(h.auth('applicant-lingxi'))
      .send(m2Submission({ contractNumber: ` ${contractNumber.toLowerCase()} ` }));
    const secondId = second.body.id as string;
    const final = await claimFinalTask(h, 'applicant-lingxi', secondId);
    // The flag is on the case, in the task detail (with the other case and its amount) and in the inbox filter.
    expect(((await readCase(h, 'applicant-lingxi', secondId)) as unknown as { doubleBenefit: boolean }).doubleBenefit).toBe(true);
    expect(((await readCase(h, 'applicant-lingxi', first.body.id as string)) as unknown as { doubleBenefit: boolean }).doubleBenefit).toBe(false);
    const detail = await h.http.get(`/tasks/${final.taskId}`).set(h.auth(final.officer));
    expect(detail.status).toBe(200);
    expect(detail.body.doubleBenefit).toEqual({
      flagged: true,
      otherCases: [
        { caseId: first.body.id, reference: first.body.reference, status: 'approved', statusLabel: { zh: '已批准', en: 'Approved' }, amountFen: '74074073' },
      ],
    });
    expect(detail.body.earlierAwards).toEqual([expect.objectContaining({ caseId: first.body.id, measureCode: 'm2', amountFen: '74074073' })]);
    const flagged = await h.http.get('/tasks?doubleBenefit=true&status=claimed').set(h.auth(final.officer));
    expect((flagged.body.items as { id: string; doubleBenefit: boolean }[]).map((t) => t.id)).toContain(final.taskId);
    expect((flagged.body.items as { doubleBenefit: boolean }[]).every((t) => t.doubleBenefit)).toBe(true);
    const unflagged = await h.http.get('/tasks?doubleBenefit=false').set(h.auth(final.officer));
    expect((unflagged.body.items as { id: string }[]).map((t) => t.id)).not.toContain(final.taskId);
    const badFilter = await h.http.get('/tasks?doubleBenefit=yes').set(h.auth(final.officer));
    expect(badFilter.status).toBe(400);
    expect(badFilter.body).toMatchObject({ field: 'query.doubleBenefit' });
    const [refused] = await approveAll(h, [final]);
    expect(refused!.status).toBe(422);
    expect(refused!.body.field).toBe('overrideReason');
    expect(refused!.body.message).toContain(`${first.body.reference as string} (CNY 740,740.73)`);
    expect(refused!.body.zh).toContain('不得重复享受');
    const [ok] = await approveAll(h, [final], { decision: 'approve', overrideReason: 'a separate phase of the contract, confirmed with the bureau' });
    expect(ok!.status).toBe(200);
    expect(ok!.body.caseStatus).toBe('approved');
  });
});
