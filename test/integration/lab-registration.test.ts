import { addMonths, localDate } from '../../src/domain';
import { labWorkflowId } from '../../workflows/lab.messages';
import { captureHistories } from '../support/histories';
import { SHENZHEN } from '../support/fixtures';
import { eventually, startHarness, type Harness } from '../support/harness';
import { skipTime } from '../support/temporal';

const TZ = 'Asia/Shanghai';

interface LabBody {
  id: string;
  caseId: string | null;
  status: string;
  designatedOn: string;
  nextEvaluationOn: string | null;
  evaluations: { cycle: number; dueOn: string; taskDueAt: string; grade: string | null; reward: { kind: string; caseId?: string; packId?: string } | null }[];
}

interface InboxTask {
  id: string;
  caseId: string | null;
  labId: string | null;
  reference: string;
  measureCode: string;
  stage: string;
  stageLabel: { zh: string; en: string };
  status: string;
  decision: string | null;
}

/**
 * Key labs designated before the system ran, registered by an admin, on the time-skipping server with
 * the real activities and PostgreSQL. Dates are counted from the test server's clock, never today's.
 */
describe('a registered key lab’s lifecycle (time-skipping)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeSkipping: true, waitForIntake: false });
  });
  afterAll(async () => {
    await h?.close();
  });
  const lab = async (id: string): Promise<LabBody> => (await h.http.get(`/labs/${id}`).set(h.auth('applicant-szu'))).body as LabBody;
  const register = (body: object) =>
    h.http
      .post('/admin/labs')
      .set(h.auth('admin'))
      .send({ organisationId: 'org-szu', packId: SHENZHEN, ...body });
  const grade = (id: string, cycle: number, g: string) => h.http.post(`/labs/${id}/evaluations/${cycle}/grade`).set(h.auth('officer-stic')).send({ grade: g });

  it('opens an evaluation that is already due at once, and counts the grades given before registration', async () => {
    const today = localDate(new Date(await h.env.currentTimeMs()), TZ);
    // Designated 80 months ago: cycle 1 (month 36) was held and failed; cycle 2 (month 72) has passed unheld.
    const designatedOn = addMonths(today, -80);
    const r = await register({
      labName: '深圳大学智能感知重点实验室',
      designatedOn,
      evaluations: [{ evaluatedOn: addMonths(designatedOn, 37), grade: 'fail' }],
    });
    expect(r.status).toBe(201);
    const labId = r.body.id as string;
    const open = await eventually(async () => (await lab(labId)).evaluations.find((e) => e.cycle === 2), 30_000, 'cycle 2 opened');
    expect(open).toMatchObject({ dueOn: addMonths(designatedOn, 72), grade: null });
    expect(await lab(labId)).toMatchObject({ caseId: null, designatedOn, status: 'active', nextEvaluationOn: null });
    // The lab's organisation is told, as for a lab designated here.
    const told = await eventually(async () => {
      const n = await h.http.get('/notices').set(h.auth('applicant-szu'));
      return (n.body.items as { kind: string; caseId: string | null; data: { labId?: string; cycle?: number } }[]).find((x) => x.data.labId === labId);
    });
    expect(told).toMatchObject({ kind: 'lab_evaluation_due', caseId: null, data: { cycle: 2 } });
    // The evaluating bureau finds the evaluation in its inbox like any lab's, named by the lab; it has no case.
    const inbox = async (user: string, query = ''): Promise<InboxTask[]> =>
      ((await h.http.get(`/tasks?limit=100${query}`).set(h.auth(user))).body.items as InboxTask[]).filter((x) => x.labId === labId);
    const [task] = await inbox('officer-stic');
    expect(task).toMatchObject({ caseId: null, reference: '深圳大学智能感知重点实验室', stage: 'lab-evaluation-2', status: 'open', decision: null });
    expect(task!.stageLabel.zh).toBe('实验室第 2 次评估');
    expect(await inbox('officer-stic', `&measureCode=${task!.measureCode}&doubleBenefit=false`)).toHaveLength(1);
    expect(await inbox('officer-stic', '&doubleBenefit=true')).toHaveLength(0);
    // Another bureau neither lists it nor opens it.
    expect(await inbox('officer-miit')).toHaveLength(0);
    expect((await h.http.get(`/tasks/${task!.id}`).set(h.auth('officer-miit'))).status).toBe(404);
    // Opened from the inbox: the lab and its organisation, no case; it is graded on the lab, never claimed.
    const detail = await h.http.get(`/tasks/${task!.id}`).set(h.auth('officer-stic'));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      task: { id: task!.id, labId },
      application: null,
      lab: { id: labId, name: '深圳大学智能感知重点实验室', organisationId: 'org-szu', organisationName: '深圳大学' },
      allowedActions: [],
    });
    const claim = await h.http.post(`/tasks/${task!.id}/claim`).set(h.auth('officer-stic'));
    expect(claim.status).toBe(409);
    expect(claim.body.message).toContain('graded on the lab');
    // The fail before registration counts: a second fail in a row ends the designation.
    const g = await grade(labId, 2, 'fail');
    expect(g.status).toBe(200);
    // The grade completes the inbox task; the cycle graded before registration was never one.
    const done = await eventually(async () => {
      const rows = await inbox('officer-stic');
      return rows.every((x) => x.status === 'completed') ? rows : undefined;
    });
    expect(done.map((x) => [x.stage, x.status, x.decision])).toEqual([['lab-evaluation-2', 'completed', 'fail']]);
    expect(g.body).toMatchObject({ status: 'ended', ended: { reason: { en: expect.stringContaining('2 evaluations in a row failed (cycles 1, 2)') } } });
    expect(await h.env.client.workflow.getHandle(labWorkflowId(labId)).result()).toMatchObject({ status: 'ended' });
    expect((await lab(labId)).evaluations.map((e) => [e.cycle, e.grade])).toEqual([
      [1, 'fail'],
      [2, 'fail'],
    ]);
    if (process.env.CAPTURE_HISTORIES === '1') await captureHistories(h.env.client, [labWorkflowId(labId)]);
  });

  it('first evaluates a lab designated on 2024-06-15 on 2027-06-15, and pays a reward through a case of its own', async () => {
    const r = await register({ labName: '鹏城多模态重点实验室', designatedOn: '2024-06-15', evaluations: [] });
    expect(r.status).toBe(201);
    const labId = r.body.id as string;
    expect(r.body).toMatchObject({ nextEvaluationOn: '2027-06-15', evaluations: [] });
    const opensAt = Date.parse('2027-06-15T00:00:00+08:00');
    const now = await h.env.currentTimeMs();
    if (now < opensAt) {
      // A day early, nothing is open yet.
      await skipTime(h.env, opensAt - now - 86_400_000);
      expect((await lab(labId)).evaluations).toEqual([]);
      await skipTime(h.env, 86_400_000 + 60_000);
    }
    const e1 = await eventually(async () => (await lab(labId)).evaluations.find((e) => e.cycle === 1), 30_000, 'cycle 1 opened');
    expect(e1).toMatchObject({ dueOn: '2027-06-15', grade: null });
    const g = await grade(labId, 1, 'excellent');
    expect(g.status).toBe(200);
    // The policy in force on the evaluation date covers it: the reward is filed as its own case.
    expect(g.body).toMatchObject({ status: 'active', reward: { kind: 'filed', packId: SHENZHEN } });
    const after = await eventually(async () => {
      const b = await lab(labId);
      return b.nextEvaluationOn ? b : undefined;
    });
    expect(after.nextEvaluationOn).toBe('2030-06-15');
  });
});
