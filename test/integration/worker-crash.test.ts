import { eventually, startHarness, waitForIntake, type Harness } from '../support/harness';
import { harnessWorker, WORKER_STARTUP_MS, WorkerProcesses } from '../support/faults';
import { m2Submission } from '../support/fixtures';

describe('a worker killed while a case waits for review', () => {
  let h: Harness;
  const workers = new WorkerProcesses(() => harnessWorker(h));
  beforeAll(async () => {
    h = await startHarness({ inProcessWorker: false });
  });
  afterAll(async () => {
    await workers.stop();
    await h?.close();
  });

  it('loses nothing: after a restart the officer approves and the case completes', async () => {
    workers.start();
    await waitForIntake(h.prisma, WORKER_STARTUP_MS);
    const auth = (u: string): { Authorization: string } => h.auth(u);

    const submit = await h.http.post('/cases').set(auth('applicant-lingxi')).send(m2Submission());
    expect(submit.status).toBe(201);
    const id = submit.body.id as string;
    const taskId = await eventually(
      async () => {
        const c = await h.http.get(`/cases/${id}`).set(auth('applicant-lingxi'));
        return (c.body.tasks as { id: string; status: string }[]).find((t) => t.status === 'open')?.id;
      },
      60_000,
      'the review task',
    );

    // SIGKILL: no graceful shutdown, nothing flushed.
    await workers.kill();

    workers.start();
    expect((await h.http.post(`/tasks/${taskId}/claim`).set(auth('officer-stic'))).status).toBe(200);
    const decided = await h.http.post(`/tasks/${taskId}/decision`).set(auth('officer-stic')).send({ decision: 'approve' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ caseStatus: 'approved', approvedAwardFen: '74074073' });
    const done = await eventually(
      async () => {
        const c = await h.http.get(`/cases/${id}`).set(auth('applicant-lingxi'));
        return c.body.status === 'approved' ? c.body : undefined;
      },
      60_000,
      'the approved case',
    );
    expect(done.approvedAwardFen).toBe('74074073');
    expect((done.timeline as { type: string }[]).filter((e) => e.type === 'task.opened')).toHaveLength(1);
  });
});
