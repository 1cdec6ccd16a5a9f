import { randomUUID } from 'node:crypto';
import { zeroAward } from '../../src/domain';
import { LedgerRepository } from '../../src/database/ledger.repository';
import { IdentityService } from '../../src/identity/identity.service';
import { runIdentityCli } from '../../src/identity/identity.cli';
import { SHENZHEN } from '../support/fixtures';
import { startApiApp, type ApiApp } from '../support/api-app';

const NANTONG = 'nantong-general-ai-2024';

/**
 * Two cities side by side, as a new user finds them: each has a treasury called `city`, and their
 * money never mixes. Orders are issued through the ledger as the payment workflow issues them.
 */
describe('two cities side by side: each treasury sees, settles and recovers only its own orders', () => {
  let api: ApiApp;
  let ledger: LedgerRepository;
  const orders = { szCity: '', szDistrict: '', ntCity: '', ntDistrict: '' };
  const cases = { shenzhen: '', nantong: '' };
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const visible = async (user: string): Promise<string[]> => {
    const res = await api.http.get('/payment-orders').set(as(user));
    expect(res.status).toBe(200);
    return (res.body.items as { orderId: string }[]).map((o) => o.orderId).sort();
  };
  const ledgerRows = (): Promise<number> => api.prisma.ledgerEntry.count();

  beforeAll(async () => {
    api = await startApiApp();
    ledger = api.app.get(LedgerRepository);
    const award = (fen: string) => ({ ...zeroAward('rateOfBase', { zh: '测算', en: 'computed' }), amountFen: fen });
    cases.shenzhen = await api.insertCase({
      measureCode: 'm10',
      subtypeCode: 'm10',
      organisationId: 'org-pengcheng',
      submittedById: 'applicant-pengcheng',
      form: {},
      status: 'approved',
      approvedAwardFen: 1_000n,
    });
    cases.nantong = await api.insertCase({
      packId: NANTONG,
      measureCode: 'n2',
      subtypeCode: 'n2',
      organisationId: 'org-nt-chongchuan',
      submittedById: 'applicant-nt-chongchuan',
      form: {},
      status: 'approved',
      approvedAwardFen: 2_000n,
    });
    const reserve = (caseId: string, packId: string, fen: string, districtBureau: string) =>
      ledger.reserveAward({
        caseId,
        packId,
        poolCode: null,
        year: 2026,
        award: award(fen),
        limits: [],
        projectKey: null,
        coFunding: { districtBureau, districtShareBp: 5000 },
        actorId: 'admin',
      });
    await reserve(cases.shenzhen, SHENZHEN, '1000', 'district:longgang');
    await reserve(cases.nantong, NANTONG, '2000', 'nt-district:chongchuan');
    orders.szCity = (await ledger.issueOrder(cases.shenzhen, 'city', randomUUID())).id;
    orders.szDistrict = (await ledger.issueOrder(cases.shenzhen, 'district:longgang', randomUUID())).id;
    orders.ntCity = (await ledger.issueOrder(cases.nantong, 'city', randomUUID())).id;
    orders.ntDistrict = (await ledger.issueOrder(cases.nantong, 'nt-district:chongchuan', randomUUID())).id;
  });
  afterAll(async () => {
    await api?.close();
  });

  it('records which city pays on every order and ledger row', async () => {
    const byCase = await api.prisma.paymentOrder.findMany({ select: { id: true, jurisdictionId: true } });
    expect(Object.fromEntries(byCase.map((o) => [o.id, o.jurisdictionId]))).toEqual({
      [orders.szCity]: 'shenzhen',
      [orders.szDistrict]: 'shenzhen',
      [orders.ntCity]: 'nantong',
      [orders.ntDistrict]: 'nantong',
    });
    const rows = await api.prisma.ledgerEntry.groupBy({ by: ['caseId', 'jurisdictionId'], _count: true });
    expect(rows.map((r) => [r.caseId === cases.shenzhen ? 'shenzhen case' : 'nantong case', r.jurisdictionId]).sort()).toEqual([
      ['nantong case', 'nantong'],
      ['shenzhen case', 'shenzhen'],
    ]);
  });

  it('shows each city treasury only its own city’s orders, named after its city', async () => {
    expect(await visible('finance-city')).toEqual([orders.szCity]);
    expect(await visible('finance-nantong-city')).toEqual([orders.ntCity]);
    expect(await visible('finance-nt-district-chongchuan')).toEqual([orders.ntDistrict]);
    expect(await visible('admin')).toEqual(Object.values(orders).sort());
    const nt = await api.http.get(`/payment-orders/${orders.ntCity}`).set(as('finance-nantong-city'));
    expect(nt.body).toMatchObject({ funder: 'city', treasury: { zh: '南通市财政', en: 'Nantong city treasury' } });
    const me = await api.http.get('/auth/me').set(as('finance-nantong-city'));
    expect(me.body).toEqual({
      id: 'finance-nantong-city',
      name: expect.any(String),
      role: 'finance',
      jurisdictionId: 'nantong',
      jurisdictionLabel: { zh: '南通市', en: 'Nantong' },
    });
  });

  it('answers Shenzhen’s city treasury on a Nantong order as on none, and changes nothing', async () => {
    const before = await ledgerRows();
    const notices = await api.prisma.notice.count();
    const none = randomUUID();
    for (const [path, body] of [
      ['', undefined],
      ['/status', { status: 'cancelled', reason: 'not ours' }],
      ['/status', { status: 'paid' }],
    ] as const) {
      const send = (id: string) =>
        body ? api.http.post(`/payment-orders/${id}${path}`).set(as('finance-city')).send(body) : api.http.get(`/payment-orders/${id}`).set(as('finance-city'));
      const theirs = await send(orders.ntCity);
      const missing = await send(none);
      expect(theirs.status).toBe(404);
      expect(JSON.stringify(theirs.body).replaceAll(orders.ntCity, '<id>')).toBe(JSON.stringify(missing.body).replaceAll(none, '<id>'));
    }
    const recovery = await api.http
      .post(`/cases/${cases.nantong}/recoveries`)
      .set(as('finance-city'))
      .send({ recoveryId: randomUUID(), funder: 'city', amountFen: '100', reason: 'paid twice' });
    expect(recovery.status).toBe(404);
    expect((await api.prisma.paymentOrder.findUniqueOrThrow({ where: { id: orders.ntCity } })).status).toBe('issued');
    expect([await ledgerRows(), await api.prisma.notice.count()]).toEqual([before, notices]);
    // And the other way round.
    expect((await api.http.post(`/payment-orders/${orders.szCity}/status`).set(as('finance-nantong-city')).send({ status: 'paid' })).status).toBe(404);
  });

  it('lets each city treasury settle and recover its own order', async () => {
    const paid = await api.http.post(`/payment-orders/${orders.ntCity}/status`).set(as('finance-nantong-city')).send({ status: 'paid' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ changed: true, order: { orderId: orders.ntCity, status: 'paid', amountFen: '1000' } });
    const recovered = await api.http
      .post(`/cases/${cases.nantong}/recoveries`)
      .set(as('finance-nantong-city'))
      .send({ recoveryId: randomUUID(), amountFen: '400', reason: '多拨' });
    expect(recovered.status).toBe(200);
    expect(recovered.body).toMatchObject({ changed: true, recoveredFen: '400', remainingFen: '600' });
    const szPaid = await api.http.post(`/payment-orders/${orders.szCity}/status`).set(as('finance-city')).send({ status: 'paid' });
    expect(szPaid.body).toMatchObject({ order: { orderId: orders.szCity, status: 'paid', amountFen: '500' } });
    const kinds = await api.prisma.ledgerEntry.findMany({
      where: { kind: { in: ['pay', 'claw_back'] } },
      select: { kind: true, funder: true, jurisdictionId: true },
    });
    expect(kinds.map((k) => `${k.kind} ${k.jurisdictionId}:${k.funder}`).sort()).toEqual(['claw_back nantong:city', 'pay nantong:city', 'pay shenzhen:city']);
  });

  it('lets an admin create a treasury user for a Nantong district, who sees only that district’s orders', async () => {
    const created = await api.http
      .post('/admin/users')
      .set(as('admin'))
      .send({ id: 'clerk-chongchuan', name: '崇川区财政 出纳', role: 'finance', jurisdictionId: 'nantong', bureauCode: 'nt-district:chongchuan' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 'clerk-chongchuan',
      name: '崇川区财政 出纳',
      role: 'finance',
      organisationId: null,
      bureauCode: 'nt-district:chongchuan',
      jurisdictionId: 'nantong',
    });
    expect(await visible('clerk-chongchuan')).toEqual([orders.ntDistrict]);
    expect((await api.http.get(`/payment-orders/${orders.szDistrict}`).set(as('clerk-chongchuan'))).status).toBe(404);
  });

  it('creates a city treasury user of either city, and refuses a treasury the city does not have', async () => {
    const city = await api.http
      .post('/admin/users')
      .set(as('admin'))
      .send({ id: 'clerk-nt-city', name: '南通市财政 出纳', role: 'finance', jurisdictionId: 'nantong', bureauCode: 'city' });
    expect(city.status).toBe(201);
    expect(await visible('clerk-nt-city')).toEqual([orders.ntCity]);
    const elsewhere = await api.http
      .post('/admin/users')
      .set(as('admin'))
      .send({ id: 'clerk-wrong', name: 'Wrong', role: 'finance', jurisdictionId: 'nantong', bureauCode: 'district:longgang' });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body).toMatchObject({ field: 'bureauCode' });
    const unknown = await api.http
      .post('/admin/users')
      .set(as('admin'))
      .send({ id: 'clerk-x', name: 'X', role: 'finance', jurisdictionId: 'atlantis', bureauCode: 'city' });
    expect(unknown.body).toMatchObject({ statusCode: 422, field: 'jurisdictionId' });
    expect(await api.prisma.user.count({ where: { id: { in: ['clerk-wrong', 'clerk-x'] } } })).toBe(0);
  });

  it('creates the same through the CLI', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } };
    const args = [
      'user',
      'add',
      '--id',
      'clerk-haimen',
      '--name',
      '海门区财政 出纳',
      '--role',
      'finance',
      '--jurisdiction',
      'nantong',
      '--bureau',
      'nt-district:haimen',
    ];
    expect(await runIdentityCli(args, api.app.get(IdentityService), io, 'operator')).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ id: 'clerk-haimen', jurisdictionId: 'nantong', bureauCode: 'nt-district:haimen' });
    // Two cities: a treasury user must say which city's.
    const noCity = ['user', 'add', '--id', 'clerk-y', '--name', 'Y', '--role', 'finance', '--bureau', 'city'];
    expect(await runIdentityCli(noCity, api.app.get(IdentityService), io, 'operator')).toBe(1);
    expect(err.join('')).toContain('jurisdiction: jurisdictionId is required');
  });

  it('answers a conflict declaration alike for another city’s organisation and for none', async () => {
    const declare = (organisationId: string) => api.http.post('/me/conflicts').set(as('officer-stic')).send({ organisationId, reason: 'my cousin runs it' });
    const other = await declare('org-nt-chongchuan');
    const none = await declare('org-nowhere');
    expect(other.status).toBe(422);
    expect(JSON.stringify(other.body).replaceAll('org-nt-chongchuan', '<id>')).toBe(JSON.stringify(none.body).replaceAll('org-nowhere', '<id>'));
    expect(await api.prisma.conflictDeclaration.count({ where: { userId: 'officer-stic' } })).toBe(0);
    expect(
      (await api.http.post('/me/conflicts').set(as('officer-nt-stb')).send({ organisationId: 'org-nt-chongchuan', reason: 'my cousin runs it' })).status,
    ).toBe(201);
  });

  it('keeps an applicant to its own city’s packs and lists them first', async () => {
    const refused = await api.http
      .post('/cases')
      .set(as('applicant-nt-chongchuan'))
      .send({ packId: SHENZHEN, measureCode: 'm10', subtypeCode: 'm10', form: {} });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ field: 'packId', reason: 'OtherJurisdiction' });
    expect(refused.body.zh).toContain('深圳市');
    const packs = async (user: string | null): Promise<string[]> => {
      const req = api.http.get('/catalog/packs');
      const res = user ? await req.set(as(user)) : await req;
      return (res.body.items as { id: string }[]).map((p) => p.id);
    };
    expect(await packs('applicant-nt-chongchuan')).toEqual([NANTONG, SHENZHEN]);
    expect(await packs('applicant-lingxi')).toEqual([SHENZHEN, NANTONG]);
    expect((await packs(null)).sort()).toEqual([NANTONG, SHENZHEN]);
  });
});
