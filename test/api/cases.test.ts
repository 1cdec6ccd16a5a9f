import { loadPackFiles, seedPrisma } from '../../seeds/seed';
import { CaseRepository, type NewCase } from '../../src/database/case.repository';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission, m2Form, SHENZHEN } from '../support/fixtures';

describe('POST /cases through the real validation pipe', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await startApiApp();
  });
  afterAll(async () => {
    await api?.close();
  });
  const asLingxi = (): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor('applicant-lingxi')}` });

  async function expectNothingStored(): Promise<void> {
    expect(await api.prisma.case.count()).toBe(0);
    expect(await api.prisma.caseEventRow.count()).toBe(0);
    expect(api.temporal.starts).toHaveLength(0);
  }

  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ['a missing form field', m2Submission({ contractAmountFen: undefined }), 'form.contractAmountFen', /required/],
    ['a negative amount', m2Submission({ contractAmountFen: '-100' }), 'form.contractAmountFen', /negative/],
    ['a fractional-fen amount', m2Submission({ contractAmountFen: '100.5' }), 'form.contractAmountFen', /decimal point/],
    ['an amount sent as a JSON number', m2Submission({ contractAmountFen: 100 }), 'form.contractAmountFen', /string of integer fen/],
    ['an amount in exponent notation', m2Submission({ contractAmountFen: '1e9' }), 'form.contractAmountFen', /exponent/],
    ['an unknown measure', { ...m2Submission(), measureCode: 'm99' }, 'measureCode', /m99/],
    ['a missing measure', { packId: SHENZHEN, subtypeCode: 'm2', form: m2Form() }, 'measureCode', /required/],
    ['an unknown top-level field', { ...m2Submission(), award: '1' }, '(body)', /award/],
    ['a field the form does not have', m2Submission({ bonusFen: '1' }), 'form.bonusFen', /unknown field/],
    ['an impossible date', m2Submission({ contractSignedOn: '2025-02-30' }), 'form.contractSignedOn', /not a real calendar date/],
  ];

  it.each(refusals)('refuses %s with a 400 naming the field, and stores nothing', async (_what, body, field, message) => {
    const res = await api.http.post('/cases').set(asLingxi()).send(body);
    expect(res.status).toBe(400);
    const issues = (res.body as { issues: { path: string; message: string }[] }).issues;
    const issue = issues.find((i) => i.path === field);
    expect({ field, issues }).toEqual({ field, issues: expect.arrayContaining([expect.objectContaining({ path: field })]) });
    expect(issue!.message).toMatch(message);
    await expectNothingStored();
  });

  it('refuses a body that is not JSON', async () => {
    const res = await api.http.post('/cases').set(asLingxi()).set('Content-Type', 'application/json').send('{"measureCode":');
    expect(res.status).toBe(400);
    await expectNothingStored();
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const res = await api.http.post('/cases').set(asLingxi()).set('Idempotency-Key', 'has spaces in it').send(m2Submission());
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('Idempotency-Key');
    await expectNothingStored();
  });

  it('refuses a measure without applications with its reason', async () => {
    const res = await api.http.post('/cases').set(asLingxi()).send({ packId: SHENZHEN, measureCode: 'm1', subtypeCode: 'm1', form: {} });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].path).toBe('measureCode');
    await expectNothingStored();
  });

  it('asks for a token, and keeps officers from applying', async () => {
    expect((await api.http.post('/cases').send(m2Submission())).status).toBe(401);
    expect((await api.http.post('/cases').set('Authorization', 'Bearer not-a-token').send(m2Submission())).status).toBe(401);
    const officer = await api.http
      .post('/cases')
      .set('Authorization', `Bearer ${api.tokenFor('officer-stic')}`)
      .send(m2Submission());
    expect(officer.status).toBe(403);
    await expectNothingStored();
  });

  it('refuses while intake is closed, naming the pack', async () => {
    await api.prisma.policyPack.updateMany({ data: { intakeOpen: false } });
    try {
      const res = await api.http.post('/cases').set(asLingxi()).send(m2Submission());
      expect(res.status).toBe(422);
      expect(res.body.field).toBe('packId');
      expect(res.body.message).toMatch(/closed/);
      await expectNothingStored();
    } finally {
      await api.prisma.policyPack.updateMany({ data: { intakeOpen: true } });
    }
  });

  // The durable intake clock flips intakeOpen a moment after the window's edge; a request arriving in
  // between finds no rule version in force and must be told intake is closed, not get a 500.
  it.each([
    ['has just ended', 'sz-window-ended', { from: '2024-12-18T00:00:00+08:00', to: '2025-01-01T00:00:00+08:00' }, /intake for sz-window-ended is closed/],
    ['has not begun', 'sz-window-ahead', { from: '2099-01-01T00:00:00+08:00', to: '2100-01-01T00:00:00+08:00' }, /intake for sz-window-ahead is not open yet/],
  ])('refuses with a 422 on packId when the window %s though intake still reads open, and stores nothing', async (_what, packId, validity, message) => {
    const real = loadPackFiles().find((p) => p.id === SHENZHEN)!;
    const pack = { ...real, id: packId, validity, versions: real.versions.map((v, i) => (i === 0 ? { ...v, effectiveFrom: validity.from } : v)) };
    await seedPrisma(api.prisma, [pack]);
    await api.prisma.policyPack.update({ where: { id: packId }, data: { intakeOpen: true } });

    const res = await api.http
      .post('/cases')
      .set(asLingxi())
      .send({ ...m2Submission(), packId });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ statusCode: 422, field: 'packId' });
    expect(res.body.message).toMatch(message);
    expect(res.body.message).toContain(`until ${validity.to} (end exclusive)`);
    await expectNothingStored();
  });

  it('accepts a valid application, starts one workflow, and replays it for the same Idempotency-Key', async () => {
    const first = await api.http.post('/cases').set(asLingxi()).set('Idempotency-Key', 'k-1').send(m2Submission());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'submitted', measureCode: 'm2', packVersion: 1 });
    const again = await api.http.post('/cases').set(asLingxi()).set('Idempotency-Key', 'k-1').send(m2Submission());
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await api.prisma.case.count()).toBe(1);
    expect(new Set(api.temporal.starts.map((s) => s.workflowId))).toEqual(new Set([`case:${first.body.id}`]));

    const changed = await api.http
      .post('/cases')
      .set(asLingxi())
      .set('Idempotency-Key', 'k-1')
      .send(m2Submission({ contractAmountFen: '1' }));
    expect(changed.status).toBe(409);
    expect(changed.body.field).toBe('Idempotency-Key');
    expect(await api.prisma.case.count()).toBe(1);
  });

  it('answers a submission, and its replay, with the case as a later read shows it, the form’s files named', async () => {
    // The same request twice under one key: the second is answered from what the first stored.
    const submit = () =>
      api.http
        .post('/cases')
        .set(asLingxi())
        .set('Idempotency-Key', 'k-answer')
        .send(m2Submission({ contractNumber: 'ANSWER-1' }));
    const created = await submit();
    expect(created.status).toBe(201);
    const read = await api.http.get(`/cases/${created.body.id}`).set(asLingxi());
    expect(read.status).toBe(200);
    const files = (read.body as { documents: { field: string; name: string }[] }).documents;
    expect(files.map((d) => d.field)).toEqual(['contractDocument', 'invoiceDocument']);
    expect(files.every((d) => d.name.length > 0)).toBe(true);
    expect(created.body).toEqual(read.body);
    const again = await submit();
    expect(again.status).toBe(200);
    expect(again.body).toEqual(read.body);
  });

  it('stores nothing of a second case under a key its organisation used (the unique index settles a race)', async () => {
    const cases = new CaseRepository(api.prisma);
    const filed = (id: string): NewCase => ({
      id,
      reference: `SZ-KEY-${id}`,
      packId: SHENZHEN,
      packVersion: 1,
      jurisdictionId: 'shenzhen',
      measureCode: 'm2',
      subtypeCode: 'm2',
      organisationId: 'org-lingxi',
      submittedById: 'applicant-lingxi',
      idempotencyKey: 'k-race',
      requestHash: `hash-${id}`,
      form: m2Form(),
      applicant: {
        organisationId: 'org-lingxi',
        kind: 'enterprise',
        isStartup: false,
        district: 'nanshan',
        registeredOn: '2020-01-01',
        name: 'Lingxi',
        creditCode: null,
        startupEvidence: null,
      },
      workflowId: `case:${id}`,
      submittedAt: new Date('2026-03-02T02:00:00.123Z'),
      documents: [{ field: 'contractDocument', documentId: 'doc-contract-0042' }],
      budgetYear: 2026,
    });
    const submitted = {
      eventKey: 'submitted',
      type: 'case.submitted',
      v: 1,
      actorId: 'applicant-lingxi',
      at: '2026-03-02T02:00:00.123Z',
      data: { packVersion: 1 },
    } as const;
    const before = { cases: await api.prisma.case.count(), events: await api.prisma.caseEventRow.count(), audit: await api.prisma.auditLog.count() };
    expect(await cases.create(filed('first'), submitted)).toMatchObject({ id: 'first', status: 'submitted' });
    expect(await cases.create(filed('second'), submitted)).toBeNull();
    expect({ cases: await api.prisma.case.count(), events: await api.prisma.caseEventRow.count(), audit: await api.prisma.auditLog.count() }).toEqual({
      cases: before.cases + 1,
      events: before.events + 1,
      audit: before.audit + 1,
    });
    expect(await api.prisma.caseDocument.findMany({ where: { caseId: { in: ['first', 'second'] } }, select: { caseId: true, field: true } })).toEqual([
      { caseId: 'first', field: 'contractDocument' },
    ]);
  });
});
