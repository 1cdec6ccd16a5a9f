import { randomUUID } from 'node:crypto';
import { zeroAward } from '../../src/domain';
import { LedgerRepository } from '../../src/database/ledger.repository';
import { startApiApp, type ApiApp } from '../support/api-app';

/**
 * Payment orders and recoveries through the real pipe, guards and filter, on orders the ledger wrote
 * directly (the payment workflow that normally issues them is the integration tier's subject).
 */
describe('payment orders and recoveries over HTTP', () => {
  let api: ApiApp;
  let ledger: LedgerRepository;
  let caseId = '';
  let cityOrder = '';
  let districtOrder = '';
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });

  beforeAll(async () => {
    api = await startApiApp();
    ledger = api.app.get(LedgerRepository);
    caseId = await api.insertCase({
      measureCode: 'm10',
      subtypeCode: 'm10',
      organisationId: 'org-pengcheng',
      submittedById: 'applicant-pengcheng',
      form: {},
      status: 'approved',
      approvedAwardFen: 1_001n,
    });
    const award = { ...zeroAward('rateOfBase', { zh: '测算', en: 'computed' }), amountFen: '1001' };
    const coFunding = { districtBureau: 'district:longgang', districtShareBp: 5000 };
    await ledger.reserveAward({
      caseId,
      packId: 'shenzhen-ai-pioneer-2024',
      poolCode: null,
      year: 2026,
      award,
      limits: [],
      projectKey: null,
      coFunding,
      actorId: 'officer-miit',
    });
    cityOrder = (await ledger.issueOrder(caseId, 'city', randomUUID())).id;
    districtOrder = (await ledger.issueOrder(caseId, 'district:longgang', randomUUID())).id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('splits the odd fen to the city and shows each treasury only its own orders', async () => {
    const city = await api.http.get('/payment-orders').set(as('finance-city'));
    expect(city.status).toBe(200);
    expect(city.body.items).toEqual([
      expect.objectContaining({
        orderId: cityOrder,
        funder: 'city',
        treasury: { zh: '深圳市财政', en: 'Shenzhen city treasury' },
        amountFen: '501',
        status: 'issued',
        payeeName: expect.any(String),
      }),
    ]);
    const district = await api.http.get('/payment-orders?status=issued').set(as('finance-district-longgang'));
    expect(district.body.items).toEqual([
      expect.objectContaining({
        orderId: districtOrder,
        funder: 'district:longgang',
        treasury: { zh: '龙岗区财政', en: 'Longgang District treasury' },
        amountFen: '500',
      }),
    ]);
    expect((await api.http.get(`/payment-orders/${districtOrder}`).set(as('finance-district-longgang'))).body.treasury).toEqual({
      zh: '龙岗区财政',
      en: 'Longgang District treasury',
    });
    expect((await api.http.get('/payment-orders').set(as('finance-district-nanshan'))).body.items).toEqual([]);
    expect((await api.http.get('/payment-orders').set(as('admin'))).body.items).toHaveLength(2);
    expect((await api.http.get(`/payment-orders/${districtOrder}`).set(as('finance-city'))).status).toBe(404);
    expect((await api.http.get('/payment-orders').set(as('applicant-pengcheng'))).status).toBe(403);
    expect((await api.http.get('/payment-orders').set(as('officer-miit'))).status).toBe(403);
  });

  it('refuses bad input with a 400 naming the field, and changes nothing', async () => {
    const before = (await ledger.entries(caseId)).length;
    const post = (body: unknown) =>
      api.http
        .post(`/payment-orders/${cityOrder}/status`)
        .set(as('finance-city'))
        .send(body as object);
    expect((await post({ status: 'refunded' })).body).toMatchObject({ statusCode: 400, field: 'status' });
    expect((await post({ status: 'cancelled' })).body).toMatchObject({ statusCode: 400, field: 'reason' });
    expect((await post({ status: 'paid', extra: 1 })).status).toBe(400);
    const notId = await api.http.post('/payment-orders/not-an-id/status').set(as('finance-city')).send({ status: 'paid' });
    expect(notId.status).toBe(400);
    expect(notId.body.field).toContain('orderId');
    const rec = (body: unknown) =>
      api.http
        .post(`/cases/${caseId}/recoveries`)
        .set(as('admin'))
        .send(body as object);
    expect((await rec({ recoveryId: randomUUID(), amountFen: '12.5', reason: 'x', funder: 'city' })).body).toMatchObject({
      statusCode: 400,
      field: 'amountFen',
    });
    expect((await rec({ recoveryId: randomUUID(), amountFen: '100', funder: 'city' })).body).toMatchObject({ statusCode: 400, field: 'reason' });
    expect((await rec({ amountFen: '100', reason: 'x', funder: 'city' })).body).toMatchObject({ statusCode: 400, field: 'recoveryId' });
    // Both treasuries pay this award: an admin must say which one recovers.
    expect((await rec({ recoveryId: randomUUID(), amountFen: '100', reason: 'audit' })).body).toMatchObject({
      statusCode: 422,
      field: 'funder',
      zh: expect.any(String),
    });
    // Nothing was paid yet: nothing can be recovered.
    const unpaid = await rec({ recoveryId: randomUUID(), amountFen: '100', reason: 'audit', funder: 'city' });
    expect(unpaid.body).toMatchObject({ statusCode: 422, field: 'amountFen', recoverableFen: '0', zh: expect.stringContaining('0.00 元') });
    expect((await ledger.entries(caseId)).length).toBe(before);
    expect((await api.http.get(`/payment-orders/${cityOrder}`).set(as('finance-city'))).body.status).toBe('issued');
  });

  it('cancels an order once, with its reason, gives the share back, and tells the award workflow on each accepted request', async () => {
    const cancel = () =>
      api.http
        .post(`/payment-orders/${districtOrder}/status`)
        .set(as('finance-district-longgang'))
        .send({ status: 'cancelled', reason: 'payee account closed' });
    const first = await cancel();
    expect(first.body).toMatchObject({
      changed: true,
      order: { status: 'cancelled', cancelReason: 'payee account closed', settledById: 'finance-district-longgang' },
    });
    expect((await cancel()).body).toMatchObject({ changed: false });
    const pay = await api.http.post(`/payment-orders/${districtOrder}/status`).set(as('finance-district-longgang')).send({ status: 'paid' });
    expect(pay.status).toBe(409);
    expect(pay.body).toMatchObject({ field: 'status', orderStatus: 'cancelled', zh: '该支付指令已取消,不能再支付' });
    const kinds = (await ledger.entries(caseId)).map((e) => `${e.kind}:${e.funder}:${e.amountFen}`);
    expect(kinds.filter((k) => k.startsWith('cancel'))).toEqual(['cancel:district:longgang:500']);
    // Told on every accepted request, changed or not (a retry after a lost signal still wakes it); not on a refusal.
    expect(api.temporal.signals.filter((s) => s.workflowId === `award:${caseId}`)).toHaveLength(2);
  });

  it("tells the applicant's organisation of a cancelled and of a paid order once each, naming the case, the treasury and the amount in yuan", async () => {
    const notices = async () => {
      const res = await api.http.get(`/notices?caseId=${caseId}`).set(as('applicant-pengcheng'));
      expect(res.status).toBe(200);
      return (res.body.items as { id: string; kind: string; subject: { zh: string; en: string }; body: { zh: string; en: string }; data: unknown }[]).filter(
        (n) => n.kind === 'payment',
      );
    };
    const reference = (await api.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).reference;
    // The district order was cancelled above, twice: one notice.
    const [cancelled] = await notices();
    expect(await notices()).toHaveLength(1);
    expect(cancelled).toMatchObject({
      subject: {
        zh: `申请 ${reference}:龙岗区财政取消了 5.00 元的支付指令`,
        en: `Application ${reference}: Longgang District treasury cancelled a payment of CNY 5.00`,
      },
      body: {
        zh: expect.stringContaining('理由:payee account closed'),
        en: expect.stringContaining('Reason: payee account closed'),
      },
      data: { orderId: districtOrder, funder: 'district:longgang', amountFen: '500', status: 'cancelled' },
    });

    const pay = () => api.http.post(`/payment-orders/${cityOrder}/status`).set(as('finance-city')).send({ status: 'paid' });
    expect((await pay()).body).toMatchObject({ changed: true });
    expect((await pay()).body).toMatchObject({ changed: false });
    const paid = (await notices()).filter((n) => (n.data as { status: string }).status === 'paid');
    expect(paid).toEqual([
      expect.objectContaining({
        subject: { zh: `申请 ${reference}:深圳市财政已支付资助款 5.01 元`, en: `Application ${reference}: Shenzhen city treasury paid CNY 5.01` },
        body: {
          zh: `深圳市财政已向贵单位支付申请 ${reference} 的资助款 5.01 元。`,
          en: `Shenzhen city treasury has paid your organisation CNY 5.01 of the award on your application ${reference}.`,
        },
      }),
    ]);
    // Each notice reaches the award's payment workflow with the settlement's signal (which starts its delivery
    // as a child), again on a retry: the child's business id lets Temporal run it once.
    const told = api.temporal.signals
      .filter((s) => s.workflowId === `award:${caseId}` && s.signal === 'orderSettled')
      .flatMap((s) => (s.args[0] as { notices: { id: string }[] }).notices.map((n) => n.id));
    for (const n of [cancelled!, paid[0]!]) expect(told.filter((id) => id === n.id)).toHaveLength(2);
    // Another organisation sees none of them.
    expect((await api.http.get(`/notices?caseId=${caseId}`).set(as('applicant-lingxi'))).body.items).toEqual([]);
  });
});
