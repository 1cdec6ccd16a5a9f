import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eventually, startHarness, waitForIntake, type Harness } from '../support/harness';
import { m2Submission } from '../support/fixtures';

const ROOT = join(__dirname, '../..');

/** The real worker entry point (src/worker.ts) in its own process, as `npm start` runs it. */
function spawnWorker(h: Harness): ChildProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/worker.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      TS_NODE_TRANSPILE_ONLY: 'true',
      DATABASE_URL: h.databaseUrl,
      TEMPORAL_ADDRESS: h.env.address,
      TEMPORAL_NAMESPACE: h.env.namespace ?? 'default',
      TEMPORAL_TASK_QUEUE: h.taskQueue,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

describe('a worker killed while a case waits for review', () => {
  let h: Harness;
  let worker: ChildProcess | null = null;
  beforeAll(async () => {
    h = await startHarness({ inProcessWorker: false });
  });
  afterAll(async () => {
    if (worker) {
      worker.kill('SIGTERM');
      await exited(worker);
    }
    await h?.close();
  });

  it('loses nothing: after a restart the officer approves and the case completes', async () => {
    worker = spawnWorker(h);
    await waitForIntake(h.prisma);
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
    worker.kill('SIGKILL');
    await exited(worker);

    worker = spawnWorker(h);
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
