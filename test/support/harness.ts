import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, type Worker } from '@temporalio/worker';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module';
import { ReplayActivitiesImpl } from '../../src/admin/replay.activities';
import { TokenService } from '../../src/auth/token.service';
import { CLOCK, type Clock } from '../../src/common/clock';
import { PackRepository } from '../../src/database/pack.repository';
import { PrismaService } from '../../src/database/prisma.service';
import { configureApp } from '../../src/main';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.module';
import { createWorker } from '../../src/temporal/worker.factory';
import { WorkerModule, workerActivities } from '../../src/worker/worker.module';
import { ensureIntakeClocks } from '../../src/worker';
import { seedAll } from '../../seeds/seed';
import { testPacks } from './packs';
import { captureHistories } from './histories';
import { REPLAY_WORKFLOW_ID } from '../../workflows/replay.messages';
import { intakeWorkflowId } from '../../workflows/case.messages';
import { noticeWorkflowId } from '../../workflows/notice.workflow';
import { awardWorkflowId } from '../../workflows/award.messages';
import type { PolicyPack } from '../../src/domain';
import { createTestDatabase } from './database';
import { seedFixtureDocuments } from './documents';
import { createLocalEnv, createTimeSkippingEnv } from './temporal';
import { GENEROUS_RATE_LIMITS } from './rate-limits';

let runtimeInstalled = false;
/** Quiet SDK logs in tests: warnings and errors only. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export interface Harness {
  env: TestWorkflowEnvironment;
  databaseUrl: string;
  taskQueue: string;
  app: INestApplication;
  http: ReturnType<typeof supertest>;
  prisma: PrismaService;
  workerContext: INestApplicationContext;
  worker: Worker;
  tokenFor(userId: string): string;
  /** The Authorization header of a seeded user. */
  auth(userId: string): { Authorization: string };
  /** Stops the in-process worker (as a crash would) and resolves when it is gone. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole service in one process: the Nest HTTP app, a worker with the real activities,
 * real PostgreSQL (a fresh database) and a real Temporal server.
 */
export async function startHarness(
  opts: {
    timeSkipping?: boolean;
    inProcessWorker?: boolean;
    packs?: PolicyPack[];
    waitForIntake?: boolean;
    /** The API's clock (receipt instants); the system clock by default. */ clock?: Clock;
    /** The URL the API and the worker reach the test database by (e.g. through a proxy a fault test cuts). */
    serviceDatabaseUrl?: (databaseUrl: string) => Promise<string>;
    /** Extra environment for the API and worker (e.g. DEV_TOKENS=true). */ env?: Record<string, string>;
  } = {},
): Promise<Harness> {
  const inProcess = opts.inProcessWorker ?? true;
  quietTemporalRuntime();
  const db = await createTestDatabase();
  await seedAll(db.url, opts.packs ?? testPacks());
  const taskQueue = `test-${randomUUID()}`;
  const documentsDir = await mkdtemp(join(tmpdir(), 'documents-'));
  Object.assign(process.env, {
    DATABASE_URL: opts.serviceDatabaseUrl ? await opts.serviceDatabaseUrl(db.url) : db.url,
    DOCUMENTS_DIR: documentsDir,
    TEMPORAL_TASK_QUEUE: taskQueue,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    DEV_TOKENS: 'false',
    NODE_ENV: 'test',
    ...GENEROUS_RATE_LIMITS,
    ...opts.env,
  });
  const env = opts.timeSkipping ? await createTimeSkippingEnv() : await createLocalEnv();
  const namespace = env.namespace ?? 'default';
  process.env.TEMPORAL_NAMESPACE = namespace;
  // The worker's own client (it starts notice deliveries) reaches this server.
  process.env.TEMPORAL_ADDRESS = env.address;

  const workerContext = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  const activities = workerActivities(workerContext);
  const replay = workerContext.get(ReplayActivitiesImpl);
  let worker: Worker | null = inProcess ? await createWorker({ connection: env.nativeConnection, namespace, taskQueue, activities, replay }) : null;
  let running: Promise<void> = worker ? worker.run() : Promise.resolve();

  // The API gets its own connection (it closes it on shutdown); time-skipping tests need the env's client.
  const client = opts.timeSkipping ? env.client : new Client({ connection: await Connection.connect({ address: env.address }), namespace });
  let builder = Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(TEMPORAL_CLIENT)
    .useValue(client);
  if (opts.clock) builder = builder.overrideProvider(CLOCK).useValue(opts.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureApp(app);
  await app.init();
  const prisma = app.get(PrismaService);
  await seedFixtureDocuments(prisma);
  await ensureIntakeClocks(client, app.get(PackRepository), taskQueue);
  // The intake clock opens intake at once for a pack whose window has begun (once a worker runs).
  if (inProcess && (opts.waitForIntake ?? true)) await waitForIntake(prisma);
  const tokens = app.get(TokenService);

  const h: Harness = {
    env,
    databaseUrl: db.url,
    taskQueue,
    app,
    http: supertest(app.getHttpServer()),
    prisma,
    workerContext,
    get worker() {
      if (!worker) throw new Error('this harness runs no in-process worker');
      return worker;
    },
    tokenFor: (userId) => tokens.sign(userId).token,
    auth: (userId) => ({ Authorization: `Bearer ${tokens.sign(userId).token}` }),
    async stopWorker() {
      worker?.shutdown();
      await running;
    },
    async startWorker() {
      worker = await createWorker({ connection: env.nativeConnection, namespace, taskQueue, activities, replay });
      running = worker.run();
    },
    async close() {
      if (process.env.CAPTURE_HISTORIES === '1') {
        const apps = await prisma.case.findMany({ select: { id: true, workflowId: true } });
        const packs = await prisma.policyPack.findMany({ select: { id: true } });
        const notices = await prisma.notice.findMany({ select: { id: true } });
        await captureHistories(client, [
          ...apps.map((a) => a.workflowId),
          ...apps.map((a) => awardWorkflowId(a.id)),
          ...packs.map((p) => intakeWorkflowId(p.id)),
          ...notices.map((n) => noticeWorkflowId(n.id)),
          REPLAY_WORKFLOW_ID,
        ]);
      }
      if (worker?.getState() === 'RUNNING') {
        worker.shutdown();
        await running;
      }
      await app.close();
      await workerContext.close();
      await env.teardown();
      await db.drop();
      await rm(documentsDir, { recursive: true, force: true });
    },
  };
  return h;
}

/**
 * Until the worker has opened intake (its first act). Generous by default: on two busy cores a worker
 * bundling its workflows takes well over 20 s; a worker process spawned by the test passes more.
 */
export async function waitForIntake(prisma: PrismaService, timeoutMs = 90_000): Promise<void> {
  await eventually(async () => ((await prisma.policyPack.count({ where: { intakeOpen: false } })) === 0 ? true : undefined), timeoutMs, 'intake to open');
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
