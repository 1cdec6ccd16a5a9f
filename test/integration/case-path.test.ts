import { eventually, startHarness, type Harness } from '../support/harness';
import { m2Submission } from '../support/fixtures';

interface CaseBody {
  id: string;
  status: string;
  computedAwardFen: string | null;
  approvedAwardFen: string | null;
  award: { amountFen: string; rateBp: number | null; capped: boolean; lines: { zh: string; en: string }[] } | null;
  tasks: { id: string; bureauCode: string; status: string }[];
  timeline: { type: string }[];
}

/** The foundation's one complete path over HTTP, on real PostgreSQL and a real Temporal dev server. */
describe('measure 2: submit → stic review → approve → approved case with the award', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const auth = (user: string): { Authorization: string } => h.auth(user);
  const readCase = async (user: string, id: string): Promise<CaseBody> => {
    const res = await h.http.get(`/cases/${id}`).set(auth(user));
    expect(res.status).toBe(200);
    return res.body as CaseBody;
  };
  const openTaskOf = (id: string): Promise<string> =>
    eventually(async () => (await readCase('applicant-lingxi', id)).tasks.find((t) => t.status === 'open')?.id, 20_000, 'the review task');

  it('approves a startup at 60% of the contract, floored to the fen', async () => {
    const submit = await h.http.post('/cases').set(auth('applicant-lingxi')).send(m2Submission());
    expect(submit.status).toBe(201);
    const id = (submit.body as CaseBody).id;

    const taskId = await openTaskOf(id);
    const inbox = await h.http.get('/tasks?status=open').set(auth('officer-stic'));
    expect(inbox.status).toBe(200);
    const item = (inbox.body as { items: { id: string; computedAwardFen: string }[] }).items.find((t) => t.id === taskId);
    // 123,456,789 fen × 60% = 74,074,073.4 → 74,074,073 fen
    expect(item?.computedAwardFen).toBe('74074073');

    expect((await h.http.post(`/tasks/${taskId}/claim`).set(auth('officer-stic'))).status).toBe(200);
    const decided = await h.http.post(`/tasks/${taskId}/decision`).set(auth('officer-stic')).send({ decision: 'approve' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ caseStatus: 'approved', approvedAwardFen: '74074073' });

    const c = await eventually(async () => {
      const v = await readCase('applicant-lingxi', id);
      return v.status === 'approved' ? v : undefined;
    });
    expect(c.approvedAwardFen).toBe('74074073');
    expect(c.award).toMatchObject({ amountFen: '74074073', rateBp: 6000, capped: false });
    expect(c.award!.lines.length).toBeGreaterThan(0);
    // The applicant is told what the bureau decided; who claimed the task is the bureau's business.
    expect(c.timeline.map((e) => e.type)).toEqual(['case.submitted', 'case.assessed', 'task.opened', 'task.decided', 'case.approved']);
    expect((await readCase('admin', id)).timeline.map((e) => e.type)).toEqual([
      'case.submitted',
      'case.assessed',
      'task.opened',
      'task.claimed',
      'task.decided',
      'case.approved',
    ]);

    // The money came out of this year's training-voucher pool.
    const pools = await h.prisma.budgetPool.findMany({ where: { code: 'm2-training-voucher', reservedFen: { gt: 0n } } });
    expect(pools.map((p) => p.reservedFen)).toEqual([74_074_073n]);
  });

  it('caps a non-startup at 10,000,000 yuan, and an officer may approve less but never more', async () => {
    const submit = await h.http
      .post('/cases')
      .set(auth('applicant-szu'))
      .send(m2Submission({ contractAmountFen: '2000000004' })); // 50% = 1,000,000,002 fen → capped at 1,000,000,000
    expect(submit.status).toBe(201);
    const id = (submit.body as CaseBody).id;
    const taskId = await eventually(async () => (await readCase('applicant-szu', id)).tasks.find((t) => t.status === 'open')?.id);
    expect((await readCase('applicant-szu', id)).award).toMatchObject({ amountFen: '1000000000', capped: true, rateBp: 5000 });

    expect((await h.http.post(`/tasks/${taskId}/claim`).set(auth('officer-stic'))).status).toBe(200);
    const tooMuch = await h.http.post(`/tasks/${taskId}/decision`).set(auth('officer-stic')).send({ decision: 'approve', amountFen: '1000000001' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.field).toBe('amountFen');
    expect(tooMuch.body.message).toMatch(/above the computed award/);

    const wrongBureau = await h.http.post(`/tasks/${taskId}/decision`).set(auth('officer-miit')).send({ decision: 'approve' });
    expect(wrongBureau.status).toBe(404);

    const silentCut = await h.http.post(`/tasks/${taskId}/decision`).set(auth('officer-stic')).send({ decision: 'approve', amountFen: '900000000' });
    expect(silentCut.status).toBe(422);
    expect(silentCut.body.field).toBe('comment');

    const ok = await h.http
      .post(`/tasks/${taskId}/decision`)
      .set(auth('officer-stic'))
      .send({ decision: 'approve', amountFen: '900000000', comment: 'part of the contract covers inference, not training' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ caseStatus: 'approved', approvedAwardFen: '900000000' });
    // The applicant is told what was cut, and why.
    const cut = (await readCase('applicant-szu', id)).award!;
    expect(cut.amountFen).toBe('900000000');
    expect(cut.lines.at(-1)!.en).toMatch(/^Reduced from CNY 10,000,000.00 to CNY 9,000,000.00: part of the contract covers inference, not training$/);

    const again = await h.http.post(`/tasks/${taskId}/decision`).set(auth('officer-stic')).send({ decision: 'reject', reason: 'changed my mind' });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already completed/);
  });

  it('records a rejection with its reason', async () => {
    const submit = await h.http.post('/cases').set(auth('applicant-siat')).send(m2Submission());
    const id = (submit.body as CaseBody).id;
    const taskId = await eventually(async () => (await readCase('applicant-siat', id)).tasks.find((t) => t.status === 'open')?.id);
    expect((await h.http.post(`/tasks/${taskId}/claim`).set(auth('officer-stic'))).status).toBe(200);
    const res = await h.http
      .post(`/tasks/${taskId}/decision`)
      .set(auth('officer-stic'))
      .send({ decision: 'reject', reason: 'contract not for model training' });
    expect(res.body).toMatchObject({ caseStatus: 'rejected', approvedAwardFen: null });
    const c = await eventually(async () => {
      const v = await readCase('applicant-siat', id);
      return v.status === 'rejected' ? v : undefined;
    });
    expect(c.approvedAwardFen).toBeNull();
  });

  it('gives one case for the same submission sent twice with one idempotency key', async () => {
    const body = m2Submission({ contractNumber: 'IDEMP-1' });
    const first = await h.http.post('/cases').set(auth('applicant-pengcheng')).set('Idempotency-Key', 'pengcheng-2025-001').send(body);
    const second = await h.http.post('/cases').set(auth('applicant-pengcheng')).set('Idempotency-Key', 'pengcheng-2025-001').send(body);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect((second.body as CaseBody).id).toBe((first.body as CaseBody).id);
    expect(await h.prisma.case.count({ where: { organisationId: 'org-pengcheng', idempotencyKey: 'pengcheng-2025-001' } })).toBe(1);
    const workflows = [];
    for await (const wf of h.env.client.workflow.list({ query: `WorkflowId = 'case:${(first.body as CaseBody).id}'` })) workflows.push(wf);
    expect(workflows).toHaveLength(1);
  });

  it('shows a case only to its own organisation', async () => {
    const submit = await h.http
      .post('/cases')
      .set(auth('applicant-lingxi'))
      .send(m2Submission({ contractNumber: 'PRIVATE-1' }));
    const id = (submit.body as CaseBody).id;
    expect((await h.http.get(`/cases/${id}`).set(auth('applicant-szu'))).status).toBe(404);
    const theirs = await h.http.get('/cases').set(auth('applicant-szu'));
    expect((theirs.body as { items: { id: string }[] }).items.map((c) => c.id)).not.toContain(id);
  });
});
