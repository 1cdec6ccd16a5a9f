import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';

// Without deadlines the SDK retries an unreachable server for about 20 s; each request here must
// answer well inside this bound (the deadline itself is 1.5 s, TEMPORAL_RPC_TIMEOUT_MS).
const ANSWERS_WITHIN_MS = 6_000;

/** The API's own Temporal client pointed at a port where nothing listens: Temporal is down. */
describe('Temporal down', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  let caseId = '';

  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    api = await startApiApp({ TEMPORAL_ADDRESS: `127.0.0.1:${port}` }, undefined, { realTemporal: true });
    caseId = await api.insertCase({
      measureCode: 'm2',
      subtypeCode: 'm2',
      organisationId: 'org-lingxi',
      submittedById: 'applicant-lingxi',
      form: {},
      status: 'in_review',
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it(
    'answers a submission with 503 and stores nothing',
    async () => {
      const before = { cases: await api.prisma.case.count(), events: await api.prisma.caseEventRow.count() };
      const res = await api.http
        .post('/cases')
        .set(as('applicant-lingxi'))
        .send(m2Submission({ contractNumber: 'DOWN-1' }));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        message: expect.stringMatching(/workflow service is unavailable; nothing was stored/),
        zh: expect.stringMatching(/不可用/),
      });
      expect({ cases: await api.prisma.case.count(), events: await api.prisma.caseEventRow.count() }).toEqual(before);
    },
    ANSWERS_WITHIN_MS,
  );

  it(
    'answers a change that needs the workflow (a withdrawal) with 503, not 500',
    async () => {
      const res = await api.http.post(`/cases/${caseId}/withdraw`).set(as('applicant-lingxi')).send({ reason: 'changed our plans' });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ message: expect.stringMatching(/workflow service is unavailable/), zh: expect.any(String) });
      expect((await api.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('in_review');
    },
    ANSWERS_WITHIN_MS,
  );

  it(
    "answers an admin's history export with 503 and records no export",
    async () => {
      const audits = await api.prisma.auditLog.count();
      const res = await api.http.get(`/admin/workflows/${encodeURIComponent(`case:${caseId}`)}/history`).set(as('admin'));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ message: expect.stringMatching(/workflow service is unavailable/) });
      expect(await api.prisma.auditLog.count()).toBe(audits);
    },
    ANSWERS_WITHIN_MS,
  );
});
