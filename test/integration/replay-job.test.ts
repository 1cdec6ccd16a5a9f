import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client, Connection } from '@temporalio/client';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/main';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.module';
import { REPLAY_WORKFLOW_ID } from '../../workflows/replay.messages';
import { eventually, startHarness, type Harness } from '../support/harness';

interface JobView {
  jobId: string;
  status: string;
  percent: number;
  done: number;
  total: number;
  ok: number;
  diverged: number;
  failed: number;
  error: string | null;
  results: { workflowId: string; outcome: string }[];
}

/** One more API instance on the same database and Temporal, as a second process or a restart would be. */
async function startApi(h: Harness): Promise<{ app: INestApplication; http: ReturnType<typeof supertest> }> {
  const client = new Client({ connection: await Connection.connect({ address: h.env.address }), namespace: h.env.namespace ?? 'default' });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(TEMPORAL_CLIENT)
    .useValue(client)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureApp(app);
  await app.init();
  return { app, http: supertest(app.getHttpServer()) };
}

/**
 * An admin's replay is a Temporal workflow whose activities replay in the worker: the API that
 * starts it builds no bundle, and the job outlives the API that started it.
 */
describe('replay jobs are durable workflows', () => {
  let h: Harness;
  const admin = (): { Authorization: string } => h.auth('admin');

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const poll = (http: ReturnType<typeof supertest>, jobId: string, until: (j: JobView) => boolean, what: string): Promise<JobView> =>
    eventually(
      async () => {
        const res = await http.get(`/admin/replays/${jobId}`).set(admin());
        expect(res.status).toBe(200);
        const job = res.body as JobView;
        return until(job) ? job : undefined;
      },
      120_000,
      what,
    );

  it('runs the first replay of a freshly started API to the end, audited before it started', async () => {
    const api = await startApi(h);
    try {
      const started = await api.http.post('/admin/replays').set(admin()).send({});
      expect(started.status).toBe(202);
      const { jobId } = started.body as JobView;
      // The audit entry is there as soon as the job is.
      const audit = await api.http.get(`/admin/audit?action=admin.replay&subjectId=${jobId}`).set(admin());
      expect(audit.body.items).toEqual([expect.objectContaining({ actorId: 'admin', subjectType: 'replay_job', subjectId: jobId })]);

      const job = await poll(api.http, jobId, (j) => j.status !== 'running', 'the first replay job');
      const packs = await h.prisma.policyPack.count();
      expect(job).toMatchObject({ status: 'completed', percent: 100, diverged: 0, failed: 0, error: null });
      // Every intake clock, and the replay job's own workflow as it was while it ran.
      expect(job.ok).toBe(job.total);
      expect(job.done).toBe(job.total);
      expect(job.total).toBeGreaterThanOrEqual(packs + 1);
      expect(job.results.map((r) => r.workflowId)).toContain(REPLAY_WORKFLOW_ID);
    } finally {
      await api.app.close();
    }
  });

  it('survives the API that started it: a job stopped midway is finished and read by another instance', async () => {
    const intakeClocks = (await h.prisma.policyPack.findMany({ select: { id: true } })).map((p) => `intake:${p.id}`);
    const unknown = Array.from({ length: 60 }, (_, i) => `case:gone-${i}`);
    const workflowIds = [...intakeClocks, ...unknown];
    const first = await startApi(h);
    const started = await first.http.post('/admin/replays').set(admin()).send({ workflowIds });
    expect(started.status).toBe(202);
    const { jobId } = started.body as JobView;
    await poll(first.http, jobId, (j) => j.done > 0, 'the job to replay its first batch');
    // The worker goes too, so the job is certainly midway when its API goes away.
    await h.stopWorker();
    // One job at a time, whichever API instance is asked; the refusal names the running job in both languages.
    const refused = await h.http
      .post('/admin/replays')
      .set(admin())
      .send({ workflowIds: ['case:none'] });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ runningJobId: jobId, zh: '另一个重放任务仍在运行，请等它完成后再开始新的重放。' });
    expect((await h.http.get(`/admin/audit?action=admin.replay&subjectId=${jobId}`).set(admin())).body.total).toBe(1);
    await first.app.close();
    const batches = (await h.env.client.workflow.getHandle(REPLAY_WORKFLOW_ID).fetchHistory()).events!.filter(
      (e) => e.activityTaskCompletedEventAttributes,
    ).length;
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(Math.ceil(workflowIds.length / 10));

    await h.startWorker();
    const second = await startApi(h);
    try {
      const job = await poll(second.http, jobId, (j) => j.status !== 'running', 'the job to finish');
      expect(job).toMatchObject({ status: 'completed', percent: 100, done: workflowIds.length, total: workflowIds.length, error: null });
      expect(job).toMatchObject({ ok: intakeClocks.length, failed: unknown.length, diverged: 0 });
      // Each workflow once, in the order named: no batch was lost or replayed twice into the report.
      expect(job.results.map((r) => r.workflowId)).toEqual(workflowIds);
      // The instance the test began with reads the same job.
      expect((await h.http.get(`/admin/replays/${jobId}`).set(admin())).body).toMatchObject({ status: 'completed', done: workflowIds.length });
    } finally {
      await second.app.close();
    }
  });
});
