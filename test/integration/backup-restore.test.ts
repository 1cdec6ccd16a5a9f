import { ReplayActivitiesImpl } from '../../src/admin/replay.activities';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import supertest from 'supertest';
import { AppModule } from '../../src/app.module';
import { TokenService } from '../../src/auth/token.service';
import { repoRoot } from '../../src/config/paths';
import { PackRepository } from '../../src/database/pack.repository';
import { PrismaService } from '../../src/database/prisma.service';
import { configureApp } from '../../src/main';
import { startTemporalDevServer, type TemporalDevServer } from '../../src/stack/temporal-dev-server';
import { temporalCliPath } from '../../src/stack/tools';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.module';
import { createWorker } from '../../src/temporal/worker.factory';
import { ensureIntakeClocks } from '../../src/worker';
import { WorkerModule, workerActivities } from '../../src/worker/worker.module';
import { seedAll } from '../../seeds/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { decideEverything, endedCount, exactlyOnceSettled, type Request } from '../support/faults';
import { freePort } from '../../src/stack/ports';
import { m2Submission } from '../support/fixtures';
import { eventually, quietTemporalRuntime, waitForIntake } from '../support/harness';
import { testPacks } from '../support/packs';
import { GENEROUS_RATE_LIMITS } from '../support/rate-limits';

const CASES = 6;
const JWT_SECRET = 'test-secret-test-secret-test-secret-0123';
const PDF = (i: number): Buffer =>
  Buffer.from(`%PDF-1.4\n% backup test evidence ${i}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** One data folder's system: the dev server on its SQLite file, the API and a worker in this process. */
interface System {
  server: TemporalDevServer;
  app: INestApplication;
  request: Request;
  upload(user: string, body: Buffer): Promise<string>;
  download(user: string, id: string): Promise<Buffer>;
  stop(): Promise<void>;
}

async function startSystem(databaseUrl: string, dataDir: string, taskQueue: string): Promise<System> {
  const server = await startTemporalDevServer({
    cliPath: temporalCliPath(),
    ip: '127.0.0.1',
    port: await freePort(),
    uiPort: null, // headless: nothing here reads the UI
    dbFile: join(dataDir, 'temporal', 'temporal.db'),
    namespace: 'default',
    logFile: join(dataDir, 'logs', 'temporal.log'),
  });
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    DOCUMENTS_DIR: join(dataDir, 'documents'),
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    JWT_SECRET,
    DEV_TOKENS: 'false',
    NODE_ENV: 'test',
    ...GENEROUS_RATE_LIMITS,
  });
  const workerContext: INestApplicationContext = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  const native = await NativeConnection.connect({ address: server.address });
  const worker: Worker = await createWorker({
    connection: native,
    namespace: 'default',
    taskQueue,
    activities: workerActivities(workerContext),
    replay: workerContext.get(ReplayActivitiesImpl),
  });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(TEMPORAL_CLIENT)
    .useValue(client)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureApp(app);
  await app.init();
  await ensureIntakeClocks(client, app.get(PackRepository), taskQueue);
  await waitForIntake(app.get(PrismaService));
  const tokens = app.get(TokenService);
  const auth = (userId: string): { Authorization: string } => ({ Authorization: `Bearer ${tokens.sign(userId).token}` });
  const http = supertest(app.getHttpServer());
  return {
    server,
    app,
    request: async (method, path, userId, body) => {
      const r =
        method === 'GET'
          ? await http.get(path).set(auth(userId))
          : await http
              .post(path)
              .set(auth(userId))
              .send(body as object);
      return { status: r.status, body: r.body as Record<string, unknown> };
    },
    async upload(user, body) {
      const r = await http.post('/documents').set(auth(user)).set('Content-Type', 'application/pdf').query({ name: 'evidence.pdf' }).send(body);
      expect(r.status).toBe(201);
      return r.body.id as string;
    },
    async download(user, id) {
      const r = await http
        .get(`/documents/${id}`)
        .set(auth(user))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(r.status).toBe(200);
      return r.body as Buffer;
    },
    async stop() {
      worker.shutdown();
      await running;
      await app.close();
      await workerContext.close();
      await connection.close();
      await native.close();
      await server.stop();
    },
  };
}

/** The real command (`npm run backup` / `npm run restore` run the built copy of the same file). */
function opsCli(command: 'backup' | 'restore', dir: string, env: Record<string, string>): string {
  const own = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEMPORAL_|DATABASE_URL|DATA_DIR|DOCUMENTS_DIR)/.test(k)));
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register', 'src/ops/backup.cli.ts', command, dir], {
    cwd: repoRoot(),
    env: { ...own, TS_NODE_TRANSPILE_ONLY: 'true', ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${command} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * A backup of a running system with cases in flight (half waiting for their decision, half just
 * approved with their payment orders under way, a worker running), restored into a fresh data folder and a new database: the
 * dev server and a worker started on the restored state take every open case on to its decision,
 * exactly once (one approval, reservation and payment order each), and the evidence files are there.
 */
describe('backup and restore', () => {
  const taskQueue = `backup-${Date.now().toString(36)}`;
  const dirA = mkdtempSync(join(tmpdir(), 'backup-a-'));
  const dirB = mkdtempSync(join(tmpdir(), 'backup-b-'));
  const backupDir = join(mkdtempSync(join(tmpdir(), 'backup-')), 'snapshot');
  let dbA: TestDatabase;
  let dbBUrl: string;
  let a: System | null = null;
  let b: System | null = null;

  beforeAll(async () => {
    quietTemporalRuntime();
    dbA = await createTestDatabase();
    await seedAll(dbA.url, testPacks());
    const u = new URL(dbA.url);
    u.pathname = `${u.pathname}_restored`;
    dbBUrl = u.toString();
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    const server = new URL(dbBUrl);
    const name = server.pathname.slice(1);
    server.pathname = '/postgres';
    const pg = new PgClient({ connectionString: server.toString() });
    await pg.connect();
    await pg.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await pg.end();
    await dbA?.drop();
    for (const d of [dirA, dirB, join(backupDir, '..')]) rmSync(d, { recursive: true, force: true });
  });

  it('carries the open cases on to their decisions on the restored system, with nothing lost', async () => {
    a = await startSystem(dbA.url, dirA, taskQueue);
    const ids: string[] = [];
    const evidence: { id: string; bytes: Buffer }[] = [];
    for (let i = 0; i < CASES; i++) {
      const contract = { id: await a.upload('applicant-lingxi', PDF(2 * i)), bytes: PDF(2 * i) };
      const invoice = { id: await a.upload('applicant-lingxi', PDF(2 * i + 1)), bytes: PDF(2 * i + 1) };
      evidence.push(contract, invoice);
      const r = await a.request(
        'POST',
        '/cases',
        'applicant-lingxi',
        m2Submission({ contractNumber: `BACKUP-${i}`, contractAmountFen: '1000000', contractDocument: contract.id, invoiceDocument: invoice.id }),
      );
      expect(r.status).toBe(201);
      ids.push(r.body.id as string);
    }
    // Every case assessed and waiting at stic; half of them decided (their awards' payment orders under way).
    const open = await eventually(
      async () => {
        const r = await a!.request('GET', '/tasks?status=open&limit=20', 'officer-stic', undefined);
        const items = (r.body.items ?? []) as { id: string }[];
        return items.length === CASES ? items : undefined;
      },
      60_000,
      'a task per case',
    );
    for (const t of open.slice(0, CASES / 2)) {
      expect((await a.request('POST', `/tasks/${t.id}/claim`, 'officer-stic')).status).toBe(200);
      expect((await a.request('POST', `/tasks/${t.id}/decision`, 'officer-stic', { decision: 'approve' })).status).toBe(200);
    }

    const decidedBefore = await endedCount(dbA.url, ids);
    expect(decidedBefore).toBe(CASES / 2);
    const out = opsCli('backup', backupDir, { DATABASE_URL: dbA.url, DATA_DIR: dirA, DOCUMENTS_DIR: join(dirA, 'documents'), APP_ENV: 'test', JWT_SECRET });
    expect(out).toMatch(/\[backup\] Temporal state: .* → temporal\.db/);
    expect(out).toMatch(/\[backup\] PostgreSQL .*: pg_dump .* → postgres\.dump/);
    expect(out).toMatch(new RegExp(`\\[backup\\] documents: .* → documents/ \\(${2 * CASES} files\\)`));
    expect(JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'))).toMatchObject({
      format: 1,
      temporal: { file: 'temporal.db' },
      documents: { files: 2 * CASES },
    });
    // Nothing decided on the old system after the backup: the restored one starts from the same point.
    await a.stop();
    a = null;

    const restored = opsCli('restore', backupDir, {
      DATABASE_URL: dbBUrl,
      DATA_DIR: dirB,
      DOCUMENTS_DIR: join(dirB, 'documents'),
      APP_ENV: 'test',
      JWT_SECRET,
    });
    expect(restored).toMatch(/\[restore\] done/);
    b = await startSystem(dbBUrl, dirB, taskQueue);
    // The restored system is where the backup was: half decided, half open.
    expect(await endedCount(dbBUrl, ids)).toBe(decidedBefore);
    const { decisions } = await decideEverything(b.request, ['officer-stic'], async () => (await endedCount(dbBUrl, ids)) === CASES, { timeoutMs: 180_000 });
    expect(decisions).toBe(CASES - decidedBefore);
    expect(await exactlyOnceSettled(dbBUrl, ids)).toEqual({
      cases: CASES,
      approved: CASES,
      approvalEvents: CASES,
      casesWithOneApprovalEvent: CASES,
      reservations: CASES,
      casesWithOneReservation: CASES,
      poolsOutOfStep: 0,
      paymentOrders: CASES,
      casesWithOrdersAsSplit: CASES,
      casesSplitAsAssessed: CASES,
      tasksOpenedTwice: 0,
    });
    for (const e of evidence) expect(await b.download('applicant-lingxi', e.id)).toEqual(e.bytes);
  }, 420_000);
});
