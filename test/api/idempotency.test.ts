import type { PolicyPack } from '../../src/domain';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission, SHENZHEN } from '../support/fixtures';

jest.setTimeout(30_000);

/**
 * A repeated submission under the same Idempotency-Key is recognised before anything else is checked:
 * a client retrying after intake closed, or after the pack's form changed, gets its first case back.
 */
describe('a repeated Idempotency-Key is looked up first', () => {
  let api: ApiApp;
  const asLingxi = (): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor('applicant-lingxi')}` });
  beforeAll(async () => {
    api = await startApiApp();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('returns the first case after intake closed (200, same id), and still refuses a different request (409)', async () => {
    const body = m2Submission({ contractNumber: 'IDEM-CLOSED' });
    const first = await api.http.post('/cases').set(asLingxi()).set('Idempotency-Key', 'idem-closed').send(body);
    expect(first.status).toBe(201);
    await api.prisma.policyPack.updateMany({ data: { intakeOpen: false } });
    try {
      const again = await api.http.post('/cases').set(asLingxi()).set('Idempotency-Key', 'idem-closed').send(body);
      expect({ status: again.status, id: again.body.id }).toEqual({ status: 200, id: first.body.id });
      const other = await api.http
        .post('/cases')
        .set(asLingxi())
        .set('Idempotency-Key', 'idem-closed')
        .send(m2Submission({ contractNumber: 'IDEM-OTHER' }));
      expect({ status: other.status, field: other.body.field }).toEqual({ status: 409, field: 'Idempotency-Key' });
      // A new key is a new application, and intake is closed for it.
      const fresh = await api.http.post('/cases').set(asLingxi()).set('Idempotency-Key', 'idem-closed-2').send(body);
      expect({ status: fresh.status, field: fresh.body.field }).toEqual({ status: 422, field: 'packId' });
    } finally {
      await api.prisma.policyPack.updateMany({ data: { intakeOpen: true } });
    }
  });

  it('returns the first case after the pack’s form changed so that the request no longer validates', async () => {
    const body = m2Submission({ contractNumber: 'IDEM-FORM' });
    const first = await api.http.post('/cases').set(asLingxi()).set('Idempotency-Key', 'idem-form').send(body);
    expect(first.status).toBe(201);

    // The pack now asks m2 applicants for one more required field (written straight into its row).
    const row = await api.prisma.policyPack.findUniqueOrThrow({ where: { id: SHENZHEN } });
    const changed = structuredClone(row.document) as unknown as PolicyPack;
    const m2 = changed.versions.flatMap((v) => v.measures).find((m) => m.code === 'm2')!;
    const fields = m2.subtypes[0]!.form as unknown as Record<string, unknown>[];
    fields.push({ name: 'energyReport', type: 'text', label: { zh: '能耗报告', en: 'Energy report' }, required: true });
    await api.prisma.policyPack.update({ where: { id: SHENZHEN }, data: { document: changed as unknown as object } });
    try {
      const fresh = await api.http.post('/cases').set(asLingxi()).set('Idempotency-Key', 'idem-form-2').send(body);
      expect(fresh.status).toBe(400);
      expect(fresh.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'form.energyReport' })]));

      const again = await api.http.post('/cases').set(asLingxi()).set('Idempotency-Key', 'idem-form').send(body);
      expect({ status: again.status, id: again.body.id, form: again.body.form }).toEqual({ status: 200, id: first.body.id, form: first.body.form });
    } finally {
      await api.prisma.policyPack.update({ where: { id: SHENZHEN }, data: { document: row.document as object } });
    }
  });
});
