import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const TENCENT = '91440300708461136T';

/**
 * Inputs that cannot be right, wherever they come in (body, query, token): each is a 400 (or 401 for
 * a token, 409 for a taken id) naming the field, never a 500, and nothing is stored or started.
 */
describe('impossible input gets a 4xx naming it', () => {
  let api: ApiApp;
  let caseId = '';
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const stored = async (): Promise<Record<string, number>> => ({
    organisations: await api.prisma.organisation.count(),
    users: await api.prisma.user.count(),
    cases: await api.prisma.case.count(),
    ledger: await api.prisma.ledgerEntry.count(),
    starts: api.temporal.starts.length,
    updates: api.temporal.updates.length,
  });
  let counts: Record<string, number> = {};

  beforeAll(async () => {
    api = await startApiApp();
    caseId = await api.insertCase({
      measureCode: 'm2',
      subtypeCode: 'm2',
      organisationId: 'org-lingxi',
      submittedById: 'applicant-lingxi',
      form: { projectName: 'Lingxi-7B pre-training' },
      status: 'awaiting_information',
    });
    // A file only another organisation uploaded.
    await api.prisma.document.create({
      data: {
        organisationId: 'org-pengcheng',
        id: 'doc-pengcheng-only',
        uploadedById: 'applicant-pengcheng',
        name: 'theirs.pdf',
        contentType: 'application/pdf',
        sizeBytes: 10,
        sha256: 'a'.repeat(64),
        createdAt: new Date(),
      },
    });
    counts = await stored();
  });
  afterEach(async () => {
    expect(await stored()).toEqual(counts);
  });
  afterAll(async () => {
    await api?.close();
  });

  const org = (registeredOn: string) => ({ name: 'Tencent', creditCode: TENCENT, kind: 'enterprise', isStartup: false, district: 'nanshan', registeredOn });

  it.each([
    ['2024-13-01', /not a real calendar date/],
    ['2024-02-30', /not a real calendar date/],
    ['0000-01-01', /between 1900 and 2199/],
    ['2200-01-01', /between 1900 and 2199/],
    ['24-01-01', /YYYY-MM-DD/],
  ])("an organisation's registeredOn %s is a 400 naming it", async (date, why) => {
    const res = await api.http.post('/admin/organisations').set(as('admin')).send(org(date));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'registeredOn', message: expect.stringMatching(why) });
  });

  it.each([
    ['/tasks?dueFrom=', '0000-01-01T00:00:00Z', 'officer-stic', 'query.dueFrom', /between 1900 and 2199/],
    ['/tasks?dueTo=', '2024-13-01T00:00:00Z', 'officer-stic', 'query.dueTo', /not a real date/],
    ['/tasks?dueFrom=', '2024-02-30T00:00:00+08:00', 'officer-stic', 'query.dueFrom', /not a real date/],
    ['/admin/audit?from=', '0000-01-01T00:00:00Z', 'admin', 'query.from', /between 1900 and 2199/],
    ['/admin/audit?to=', '9999-12-31T23:59:59Z', 'admin', 'query.to', /between 1900 and 2199/],
    ['/admin/audit?from=', '2024-01-01T24:00:00Z', 'admin', 'query.from', /ISO 8601 instant/],
  ])('GET %s%s is a 400 naming the parameter', async (path, value, user, field, why) => {
    const res = await api.http.get(`${path}${encodeURIComponent(value)}`).set(as(user));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field, message: expect.stringMatching(why) });
  });

  it.each([
    ['0000-03-01', /between 1900 and 2199/],
    ['2025-13-01', /not a real calendar date/],
  ])("a pack form's date field %s is a 400 naming the field", async (date, why) => {
    const res = await api.http
      .post('/cases')
      .set(as('applicant-lingxi'))
      .send(m2Submission({ contractSignedOn: date }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'form.contractSignedOn', message: expect.stringMatching(why) });
  });

  it.each([
    ['a NUL in its subject', { sub: 'admin\u0000' }],
    ['a control character in its subject', { sub: 'ad\u001bmin' }],
    ['an issued-at time in year 0', { sub: 'admin', iat: -62167219200 }],
    ['an expiry beyond any calendar', { sub: 'admin', exp: 1e20 }],
    ['a fractional expiry', { sub: 'admin', exp: 4102444800.5 }],
  ])('a signed token with %s is a 401', async (_what, claims) => {
    const token = jwt.sign(claims, SECRET, { algorithm: 'HS256', issuer: 'ai-pioneer-subsidies' });
    const res = await api.http.get('/cases').set({ Authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, message: 'the bearer token is invalid or expired' });
  });

  it('a claw-back of 0 fen is a 400 naming the amount', async () => {
    const res = await api.http
      .post(`/cases/${caseId}/recoveries`)
      .set(as('admin'))
      .send({ recoveryId: randomUUID(), amountFen: '0', reason: 'audit', funder: 'city' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'amountFen', message: expect.stringContaining('more than 0') });
  });

  it("an answer to a request for information may name only the applicant's own documents", async () => {
    const res = await api.http
      .post(`/cases/${caseId}/information`)
      .set(as('applicant-lingxi'))
      .send({ answers: 'attached', documentIds: ['doc-contract-0042', 'doc-pengcheng-only', 'doc-nowhere'] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      field: 'documentIds.1',
      // Another organisation's file reads like one that does not exist; neither is named by its id.
      message: expect.stringContaining('documentIds.1: no such document uploaded by your organisation'),
      issues: [
        expect.objectContaining({ path: 'documentIds.1', zh: '所附文件不是贵单位上传的文件,请先上传' }),
        expect.objectContaining({ path: 'documentIds.2' }),
      ],
    });
    expect(res.body.message).toContain('documentIds.2');
    expect(res.body.message).not.toContain('documentIds.0');
  });

  it('a user id that differs from an existing one only in letter case is refused', async () => {
    const res = await api.http.post('/admin/users').set(as('admin')).send({ id: 'Admin', name: 'Another admin', role: 'admin' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ field: 'id', message: expect.stringContaining('as admin'), zh: expect.stringContaining('大小写') });
  });
});
