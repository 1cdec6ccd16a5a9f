import { fixedClock } from '../../src/common/clock';
import { labWorkflowId } from '../../workflows/lab.messages';
import type { LabState } from '../../src/domain/lab/lifecycle';
import { SHENZHEN } from '../support/fixtures';
import { startApiApp, type ApiApp } from '../support/api-app';

/** POST /admin/labs: an admin registers a key lab designated before the system ran (the clock stands on 2026-12-07, Beijing time). */
describe('registering an existing key lab', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const register = (user: string, body: unknown) =>
    api.http
      .post('/admin/labs')
      .set(as(user))
      .send(body as object);
  const valid = {
    organisationId: 'org-szu',
    labName: '深圳大学视觉计算重点实验室',
    packId: SHENZHEN,
    designatedOn: '2018-03-01',
    evaluations: [{ evaluatedOn: '2021-03-20', grade: 'good' }],
  };
  const stored = async (): Promise<{ labs: number; audit: number; starts: number }> => ({
    labs: await api.prisma.keyLab.count(),
    audit: await api.prisma.auditLog.count({ where: { action: 'lab.register' } }),
    starts: api.temporal.starts.length,
  });

  beforeAll(async () => {
    api = await startApiApp(undefined, undefined, { clock: fixedClock('2026-12-07T02:00:00Z') });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses bad input with a 4xx naming the field, and stores nothing', async () => {
    const cases: [unknown, number, string, string?][] = [
      [{ ...valid, designatedOn: '2026-12-08' }, 400, 'designatedOn', '不能晚于今天'],
      [{ ...valid, designatedOn: '2018-02-30' }, 400, 'designatedOn', '有效日期'],
      [{ ...valid, designatedOn: '1 March 2018' }, 400, 'designatedOn'],
      [{ ...valid, labName: '' }, 400, 'labName'],
      [{ ...valid, evaluations: [{ evaluatedOn: '2020-12-31', grade: 'good' }] }, 400, 'evaluations.0.evaluatedOn', '2021-03-01'],
      [{ ...valid, evaluations: [{ evaluatedOn: '2021-03-20', grade: 'superb' }] }, 400, 'evaluations.0.grade', '优秀'],
      [
        {
          ...valid,
          evaluations: [
            { evaluatedOn: '2021-03-20', grade: 'good' },
            { evaluatedOn: '2027-03-20', grade: 'good' },
          ],
        },
        400,
        'evaluations.1.evaluatedOn',
        '不能晚于今天',
      ],
      [
        {
          ...valid,
          evaluations: [
            { evaluatedOn: '2021-03-20', grade: 'fail' },
            { evaluatedOn: '2024-03-05', grade: 'fail' },
          ],
        },
        400,
        'evaluations',
        '认定已终止',
      ],
      [{ ...valid, organisationId: 'org-nowhere' }, 422, 'organisationId', '未登记'],
      [{ ...valid, packId: 'no-such-pack' }, 422, 'packId'],
      [{ ...valid, extra: 1 }, 400, '(body)'],
    ];
    for (const [body, status, field, zh] of cases) {
      const r = await register('admin', body);
      expect({ field, status: r.status }).toEqual({ field, status });
      expect(r.body.field).toBe(field);
      if (zh) expect(JSON.stringify(r.body)).toContain(zh);
    }
    expect(await stored()).toEqual({ labs: 0, audit: 0, starts: 0 });
  });

  it('is for admins only: anyone else is answered as if the route did not exist', async () => {
    for (const user of ['applicant-szu', 'officer-stic', 'supervisor-stic', 'finance-city']) {
      const r = await register(user, valid);
      expect({ user, status: r.status }).toEqual({ user, status: 404 });
    }
    expect((await api.http.post('/admin/labs').send(valid)).status).toBe(404);
    expect(await stored()).toEqual({ labs: 0, audit: 0, starts: 0 });
  });

  it('registers the lab with its audit entry and starts its lifecycle at the next cycle', async () => {
    const r = await register('admin', valid);
    expect(r.status).toBe(201);
    const labId = r.body.id as string;
    expect(r.body).toMatchObject({
      name: valid.labName,
      caseId: null,
      status: 'active',
      designatedOn: '2018-03-01',
      // Cycle 1 was held; cycle 2 fell on 2024-03-01 and was missed, so it is due now (the workflow opens it).
      nextEvaluationOn: '2024-03-01',
      evaluations: [{ cycle: 1, dueOn: '2021-03-01', grade: 'good', gradedAt: '2021-03-19T16:00:00.000Z', reward: null }],
    });
    expect(api.temporal.starts).toHaveLength(1);
    const [start] = api.temporal.starts;
    expect(start!.workflowId).toBe(labWorkflowId(labId));
    const state = (start!.args[0] as { labId: string; state: LabState }).state;
    expect(state.settings).toMatchObject({ labId, caseId: null, approvedOn: '2018-03-01', everyMonths: 36, failsToEnd: 2, bureau: 'stic' });
    const audit = await api.http.get(`/admin/audit?action=lab.register&subjectId=${labId}`).set(as('admin'));
    expect(audit.body.items).toEqual([
      expect.objectContaining({ actorId: 'admin', subjectType: 'lab', subjectId: labId, payload: expect.objectContaining({ designatedOn: '2018-03-01' }) }),
    ]);
    // The lab's own organisation and its evaluating bureau read it; another organisation cannot.
    expect((await api.http.get(`/labs/${labId}`).set(as('applicant-szu'))).status).toBe(200);
    expect((await api.http.get(`/labs/${labId}`).set(as('officer-stic'))).status).toBe(200);
    expect((await api.http.get(`/labs/${labId}`).set(as('applicant-lingxi'))).status).toBe(404);
    // Registered twice by mistake: the second is refused, nothing more is stored.
    const again = await register('admin', valid);
    expect(again.status).toBe(409);
    expect(again.body.field).toBe('labName');
    expect(await stored()).toEqual({ labs: 1, audit: 1, starts: 1 });
  });

  it('counts a lab designated on 2024-06-15 to its first evaluation on 2027-06-15', async () => {
    const r = await register('admin', { ...valid, labName: '鹏城视觉重点实验室', designatedOn: '2024-06-15', evaluations: [] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ designatedOn: '2024-06-15', nextEvaluationOn: '2027-06-15', evaluations: [] });
  });
});
