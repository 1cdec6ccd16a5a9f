import { fixedClock } from '../../src/common/clock';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';

jest.setTimeout(30_000);

/** The receipt instant comes from the injected clock: it decides the rule version and the budget year. */
describe('the receipt instant of a submission', () => {
  const RECEIVED = '2025-06-02T09:00:00+08:00';
  let api: ApiApp;
  beforeAll(async () => {
    api = await startApiApp({}, undefined, { clock: fixedClock(RECEIVED) });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('is the clock’s now: on the case, its reference, its submitted event and the workflow’s input', async () => {
    const res = await api.http
      .post('/cases')
      .set({ Authorization: `Bearer ${api.tokenFor('applicant-lingxi')}` })
      .send(m2Submission());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ submittedAt: '2025-06-02T01:00:00.000Z', packVersion: 1 });
    expect(res.body.reference).toMatch(/^AP-2025-[0-9A-F]{10}$/);
    const admin = await api.http.get(`/cases/${res.body.id}`).set({ Authorization: `Bearer ${api.tokenFor('admin')}` });
    expect(admin.body.timeline).toEqual([
      {
        at: '2025-06-02T01:00:00.000Z',
        type: 'case.submitted',
        typeLabel: { zh: '提交申请', en: 'Application submitted' },
        actorId: 'applicant-lingxi',
        actorName: 'Chen Jing',
        data: { packVersion: 1 },
        text: { zh: '提交申请', en: 'Application submitted' },
      },
    ]);
    expect(api.temporal.starts).toEqual([{ workflowId: `case:${res.body.id}`, args: [expect.objectContaining({ receivedAt: '2025-06-02T01:00:00.000Z' })] }]);
  });

  it('also sets the catalog’s "now": the budget year shown by default', async () => {
    const res = await api.http.get('/catalog/packs/shenzhen-ai-pioneer-2024/pools').set({ Authorization: `Bearer ${api.tokenFor('admin')}` });
    expect(res.status).toBe(200);
    expect(res.body.year).toBe(2025);
  });
});
