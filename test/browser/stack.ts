import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { AppModule } from '../../src/app.module';
import { ReplayActivitiesImpl } from '../../src/admin/replay.activities';
import { PackRepository } from '../../src/database/pack.repository';
import { PrismaService } from '../../src/database/prisma.service';
import { configureApp } from '../../src/main';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.module';
import { createWorker } from '../../src/temporal/worker.factory';
import { ensureIntakeClocks } from '../../src/worker';
import { WorkerModule, workerActivities } from '../../src/worker/worker.module';
import { seedAll } from '../../seeds/seed';
import type { Client } from '@temporalio/client';
import { createTestDatabase } from '../support/database';
import { quietTemporalRuntime, waitForIntake } from '../support/harness';
import { testPacks } from '../support/packs';
import { GENEROUS_RATE_LIMITS } from '../support/rate-limits';
import { createLocalEnv } from '../support/temporal';

export interface BrowserStack {
  /** Where the API serves the built pages, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The API's Nest app (tests reach its database through it). */
  app?: INestApplication;
  close(): Promise<void>;
}

/**
 * The real stack a person's browser talks to: the API listening on a port with the built pages and
 * dev tokens on, a worker with the real activities, a Temporal dev server and a fresh PostgreSQL
 * database holding the packs with their intake windows kept open (test/support/packs.ts). `settings`
 * overrides the API's settings (e.g. OIDC mode instead of dev tokens).
 */
export async function startBrowserStack(settings: Record<string, string> = {}): Promise<BrowserStack> {
  quietTemporalRuntime();
  const db = await createTestDatabase();
  await seedAll(db.url, testPacks());
  const env: TestWorkflowEnvironment = await createLocalEnv();
  const taskQueue = `browser-${randomUUID()}`;
  const documentsDir = await mkdtemp(join(tmpdir(), 'documents-'));
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    DOCUMENTS_DIR: documentsDir,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_NAMESPACE: env.namespace ?? 'default',
    TEMPORAL_TASK_QUEUE: taskQueue,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    // The pages' sign-in picks a seeded user: dev tokens, which only a development process serves.
    APP_ENV: 'development',
    DEV_TOKENS: 'true',
    NODE_ENV: 'test',
    ...GENEROUS_RATE_LIMITS,
    // Only for the link the admin page shows; nothing is served there in the tests.
    TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
    ...settings,
  });

  const workerContext: INestApplicationContext = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  const worker: Worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: workerActivities(workerContext),
    replay: workerContext.get(ReplayActivitiesImpl),
  });
  const running = worker.run();

  const app: INestApplication = await NestFactory.create(AppModule, { logger: false });
  configureApp(app);
  // PORT when the caller had to name the address beforehand (an OpenID provider's redirect URI).
  await app.listen(Number(settings.PORT ?? 0), '127.0.0.1');
  const prisma = app.get(PrismaService);
  await ensureIntakeClocks(app.get<Client>(TEMPORAL_CLIENT), app.get(PackRepository), taskQueue);
  await waitForIntake(prisma);
  const { port } = app.getHttpServer().address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    app,
    async close() {
      await app.close();
      worker.shutdown();
      await running;
      await workerContext.close();
      await env.teardown();
      await db.drop();
      await rm(documentsDir, { recursive: true, force: true });
    },
  };
}
