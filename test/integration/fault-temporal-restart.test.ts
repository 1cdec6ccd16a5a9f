import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client, Connection } from '@temporalio/client';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module';
import { TokenService } from '../../src/auth/token.service';
import { PackRepository } from '../../src/database/pack.repository';
import { PrismaService } from '../../src/database/prisma.service';
import { configureApp } from '../../src/main';
import { freePort } from '../../src/stack/ports';
import { startTemporalDevServer, type TemporalDevServer } from '../../src/stack/temporal-dev-server';
import { temporalCliPath } from '../../src/stack/tools';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.module';
import { ensureIntakeClocks } from '../../src/worker';
import { seedAll } from '../../seeds/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { seedFixtureDocuments } from '../support/documents';
import { GENEROUS_RATE_LIMITS } from '../support/rate-limits';
import {
  decideEverything,
  endedCount,
  exactlyOnceSettled,
  FAULT_OFFICERS,
  faultCase,
  WORKER_STARTUP_MS,
  WorkerProcesses,
  type Request,
} from '../support/faults';
import { m2Submission } from '../support/fixtures';
import { quietTemporalRuntime, waitForIntake } from '../support/harness';
import { testPacks } from '../support/packs';

const CASES = 30;
const CO_FUNDED_EVERY = 10; // three co-funded m10 awards: two orders each
const ORDERS = CASES + CASES / CO_FUNDED_EVERY;

/**
 * The Temporal dev server stopped and started again on its SQLite file, as `npm start` runs it,
 * while cases wait for and receive decisions: the worker and the API reconnect, and every case
 * completes exactly once, with one pool reservation and one payment order per funder. Meanwhile a submission is a 503 that stores nothing.
 */
describe('the Temporal server restarted while cases are in flight', () => {
  let db: TestDatabase;
  let dir: string;
  let port: number;
  let server: TemporalDevServer | null = null;
  const workers = new WorkerProcesses(() => ({ databaseUrl: db.url, address: server!.address, namespace: 'default', taskQueue }));
  let app: INestApplication;
  let connection: Connection;
  let tokens: TokenService;
  const taskQueue = `fault-temporal-${Date.now().toString(36)}`;

  const startServer = async (): Promise<TemporalDevServer> => {
    // The server picks its internal ports itself; one can be taken by a client's reconnect in the
    // moment between its pick and its bind. That is the machine's, not the restart's: try again.
    for (let attempt = 1; ; attempt++) {
      try {
        return (server = await startTemporalDevServer({
          cliPath: temporalCliPath(),
          ip: '127.0.0.1',
          port,
          uiPort: null, // headless: nothing here reads the UI
          dbFile: join(dir, 'temporal.db'),
          namespace: 'default',
          logFile: join(dir, 'temporal.log'),
        }));
      } catch (err) {
        if (attempt >= 3 || !/address already in use/.test((err as Error).message)) throw err;
      }
    }
  };

  beforeAll(async () => {
    quietTemporalRuntime();
    dir = mkdtempSync(join(tmpdir(), 'fault-temporal-'));
    port = await freePort();
    db = await createTestDatabase();
    await seedAll(db.url, testPacks());
    await startServer();
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: server!.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      DEV_TOKENS: 'false',
      NODE_ENV: 'test',
      ...GENEROUS_RATE_LIMITS,
    });
    workers.start();
    connection = await Connection.connect({ address: server!.address });
    const client = new Client({ connection, namespace: 'default' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(TEMPORAL_CLIENT)
      .useValue(client)
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureApp(app);
    await app.init();
    tokens = app.get(TokenService);
    await ensureIntakeClocks(client, app.get(PackRepository), taskQueue);
    await waitForIntake(app.get(PrismaService), WORKER_STARTUP_MS);
    // The fixture forms name evidence documents: as if the organisations had uploaded them.
    await seedFixtureDocuments(app.get(PrismaService));
  });
  afterAll(async () => {
    await workers.stop();
    await app?.close();
    await connection?.close();
    await server?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const request: Request = async (method, path, userId, body) => {
    const auth = { Authorization: `Bearer ${tokens.sign(userId).token}` };
    const http = supertest(app.getHttpServer());
    const r =
      method === 'GET'
        ? await http.get(path).set(auth)
        : await http
            .post(path)
            .set(auth)
            .send(body as object);
    return { status: r.status, body: r.body as Record<string, unknown> };
  };

  it('continues every case once the server is back', async () => {
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const { applicant, body } = faultCase('TEMPORAL', i, CO_FUNDED_EVERY);
      const r = await request('POST', '/cases', applicant, body);
      expect(r.status).toBe(201);
      ids.push(r.body.id as string);
    }
    const outage: { done?: Promise<void>; submit?: { status: number; body: Record<string, unknown> } } = {};
    await decideEverything(request, FAULT_OFFICERS, async () => (await endedCount(db.url, ids)) === CASES, {
      timeoutMs: 240_000,
      onDecision: (n) => {
        if (n !== 10 || outage.done) return;
        outage.done = (async () => {
          await server!.stop();
          outage.submit = await request('POST', '/cases', 'applicant-lingxi', m2Submission({ contractNumber: 'TEMPORAL-during' }));
          await new Promise((r) => setTimeout(r, 3_000));
          await startServer();
        })();
      },
    });
    expect(outage.done).toBeDefined();
    await outage.done;
    expect(outage.submit).toMatchObject({
      status: 503,
      body: { message: expect.stringMatching(/workflow service is unavailable/), zh: expect.stringMatching(/不可用/) },
    });
    expect(await exactlyOnceSettled(db.url, ids)).toEqual({
      cases: CASES,
      approved: CASES,
      approvalEvents: CASES,
      casesWithOneApprovalEvent: CASES,
      reservations: CASES,
      casesWithOneReservation: CASES,
      poolsOutOfStep: 0,
      paymentOrders: ORDERS,
      casesWithOrdersAsSplit: CASES,
      casesSplitAsAssessed: CASES,
      tasksOpenedTwice: 0,
    });
    // The submission refused during the outage left nothing behind.
    expect(await endedCount(db.url, ids)).toBe(CASES);
    expect(Number((await app.get(PrismaService).case.count()).toString())).toBe(CASES);
  }, 360_000);
});
