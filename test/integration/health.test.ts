import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client, Connection } from '@temporalio/client';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module';
import { HealthRepository } from '../../src/database/health.repository';
import { startWorkerHealthServer, workerProbes } from '../../src/health/worker-health';
import { configureApp } from '../../src/main';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.module';
import { freePort } from '../../src/stack/ports';
import { startHarness, type Harness } from '../support/harness';

/**
 * Liveness and readiness as a load balancer sees them: ready with every dependency up; with the
 * database unreachable (a closed port) and no worker on the task queue, 503 naming both while
 * Temporal is still reported up; and the worker process's own endpoint over its probes.
 */
describe('health endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is live and ready with the database, Temporal and a polling worker', async () => {
    expect((await h.http.get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await h.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ok',
      checks: { database: { status: 'ok' }, temporal: { status: 'ok' }, worker: { status: 'ok', pollers: expect.any(Number) } },
    });
    expect(ready.body.checks.worker.pollers).toBeGreaterThanOrEqual(1);
  });

  describe('an instance whose database is down and whose task queue has no worker', () => {
    let app: INestApplication;
    let connection: Connection;
    beforeAll(async () => {
      const saved = { DATABASE_URL: process.env.DATABASE_URL, TEMPORAL_TASK_QUEUE: process.env.TEMPORAL_TASK_QUEUE };
      const url = new URL(h.databaseUrl);
      url.port = String(await freePort());
      Object.assign(process.env, { DATABASE_URL: url.toString(), TEMPORAL_TASK_QUEUE: `${h.taskQueue}-nobody` });
      try {
        connection = await Connection.connect({ address: h.env.address });
        const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
          .overrideProvider(TEMPORAL_CLIENT)
          .useValue(new Client({ connection, namespace: h.env.namespace ?? 'default' }))
          .compile();
        app = moduleRef.createNestApplication({ logger: false });
        configureApp(app);
        await app.init();
      } finally {
        Object.assign(process.env, saved);
      }
    });
    afterAll(async () => {
      await app?.close();
      await connection?.close();
    });

    it('stays live but answers ready with 503 naming the database and the worker', async () => {
      const http = supertest(app.getHttpServer());
      expect((await http.get('/health/live')).status).toBe(200);
      const ready = await http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({
        status: 'error',
        checks: {
          database: { status: 'error', error: expect.any(String) },
          temporal: { status: 'ok' },
          worker: { status: 'error', error: expect.stringContaining('no worker polls task queue') },
        },
      });
    });
  });

  it("serves the worker's own live and ready endpoints over its probes", async () => {
    const { server, port } = await startWorkerHealthServer(0, '127.0.0.1', {
      ...workerProbes({ db: h.app.get(HealthRepository), connection: h.env.nativeConnection, namespace: h.env.namespace ?? 'default', worker: h.worker }),
    });
    try {
      const http = supertest(`http://127.0.0.1:${port}`);
      expect((await http.get('/health/live')).body).toEqual({ status: 'ok' });
      const ready = await http.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ok', checks: { database: { status: 'ok' }, temporal: { status: 'ok' }, worker: { status: 'ok' } } });
      await h.stopWorker();
      const stopped = await http.get('/health/ready');
      expect(stopped.status).toBe(503);
      expect(stopped.body.checks.worker).toEqual({ status: 'error', error: 'the worker is stopped, not polling' });
    } finally {
      server.close();
    }
  });
});
