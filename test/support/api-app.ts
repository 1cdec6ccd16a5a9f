import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Prisma } from '../../src/generated/prisma/client';
import { Test } from '@nestjs/testing';
import supertest from 'supertest';
import { WorkflowNotFoundError } from '@temporalio/client';
import { AppModule } from '../../src/app.module';
import { TokenService } from '../../src/auth/token.service';
import { CLOCK, type Clock } from '../../src/common/clock';
import { PrismaService } from '../../src/database/prisma.service';
import { configureApp } from '../../src/main';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.module';
import { seedAll } from '../../seeds/seed';
import { SHENZHEN } from './fixtures';
import { testPacks } from './packs';
import type { PolicyPack } from '../../src/domain';
import { createTestDatabase } from './database';
import { project } from './case-states';
import type { CaseState } from '../../src/domain/case/machine';
import { CaseRepository } from '../../src/database/case.repository';
import { GENEROUS_RATE_LIMITS } from './rate-limits';
import { seedFixtureDocuments } from './documents';

interface RecordedJob {
  workflowId: string;
  runId: string;
  memo: Record<string, unknown>;
  input: { jobId: string; plan: unknown; startedAt: string };
}
interface RecordedRun {
  workflowId: string;
  runId: string;
  status: { name: string };
  memo: Record<string, unknown>;
  startTime: Date;
}
const describeRun = (r: RecordedJob): RecordedRun => ({
  workflowId: r.workflowId,
  runId: r.runId,
  status: { name: 'COMPLETED' },
  memo: r.memo,
  startTime: new Date(r.input.startedAt),
});

/**
 * Temporal is the one boundary replaced here: a recorder of workflow starts and updates, so an API
 * test can see that a refused request started nothing. Everything else is real: the Nest app with
 * its global validation pipe, guards and filter, and a freshly migrated PostgreSQL database.
 */
export class TemporalRecorder {
  readonly starts: { workflowId: string; args: unknown[] }[] = [];
  readonly updates: { workflowId: string; args: unknown[] }[] = [];
  readonly signals: { workflowId: string; signal: string; args: unknown[] }[] = [];
  private readonly finished: RecordedJob[] = [];
  private async *listRuns(): AsyncGenerator<RecordedRun> {
    for (const run of [...this.finished].reverse()) yield describeRun(run);
  }
  private runOf(workflowId: string, runId?: string): RecordedJob | undefined {
    return this.finished.filter((r) => r.workflowId === workflowId && (runId === undefined || r.runId === runId)).at(-1);
  }
  readonly workflow = {
    start: async (_wf: unknown, opts: { workflowId: string; args: unknown[]; memo?: Record<string, unknown> }): Promise<{ workflowId: string }> => {
      this.starts.push({ workflowId: opts.workflowId, args: opts.args });
      if (opts.memo) this.finished.push({ workflowId: opts.workflowId, runId: randomUUID(), memo: opts.memo, input: opts.args[0] as RecordedJob['input'] });
      return { workflowId: opts.workflowId };
    },
    /** Started replay jobs, newest first, as visibility lists them. */
    list: (): AsyncGenerator<RecordedRun> => this.listRuns(),
    getHandle: (workflowId: string, runId?: string) => ({
      /** A started replay job (a workflow with a memo) reads back as finished with nothing replayed. */
      result: async (): Promise<unknown> => {
        const run = this.runOf(workflowId, runId);
        if (!run) throw new WorkflowNotFoundError('not recorded', workflowId, undefined);
        const { jobId, plan, startedAt } = run.input;
        return { jobId, plan, startedAt, status: 'completed', finishedAt: startedAt, cursor: null, ok: 0, diverged: 0, failed: 0, error: null, results: [] };
      },
      executeUpdate: async (_u: unknown, opts: { args: unknown[] }): Promise<unknown> => {
        this.updates.push({ workflowId, args: opts.args });
        return { recorded: true };
      },
      // The recorder keeps no histories: every workflow is one Temporal does not know, but a replay job's.
      describe: async (): Promise<RecordedRun> => {
        const run = this.runOf(workflowId, runId);
        if (!run) throw new WorkflowNotFoundError('not recorded', workflowId, undefined);
        return describeRun(run);
      },
      signal: async (def: { name: string }, ...args: unknown[]): Promise<void> => {
        this.signals.push({ workflowId, signal: def.name, args });
      },
    }),
  };
  readonly connection = { close: async (): Promise<void> => undefined };
}

export interface ApiApp {
  app: INestApplication;
  http: ReturnType<typeof supertest>;
  prisma: PrismaService;
  temporal: TemporalRecorder;
  tokenFor(userId: string): string;
  /** Stores a case row directly (no workflow), as the activities would have left it; returns its id. */
  insertCase(fields: CaseFields): Promise<string>;
  /** The case brought forward by the real machine and projection (./case-states). */
  project(caseId: string, steps: Parameters<typeof project>[2]): Promise<CaseState>;
  close(): Promise<void>;
}

export type CaseFields = Omit<
  Prisma.CaseUncheckedCreateInput,
  'id' | 'reference' | 'packId' | 'packVersion' | 'requestHash' | 'workflowId' | 'jurisdictionId'
> &
  Partial<Pick<Prisma.CaseUncheckedCreateInput, 'packId' | 'packVersion'>>;

/**
 * `packs` defaults to the real packs with their windows kept open (see ./packs). `clock` sets the
 * service's "now" (receipt instants, the catalog's version in force); by default the system clock.
 * `realTemporal` keeps the app's own Temporal client (then `temporal` records nothing).
 */
export async function startApiApp(
  env: Record<string, string> = {},
  packs: PolicyPack[] = testPacks(),
  opts: { clock?: Clock; /** Built pages to serve instead of web/dist. */ webDist?: string; realTemporal?: boolean } = {},
): Promise<ApiApp> {
  const db = await createTestDatabase();
  await seedAll(db.url, packs);
  const documentsDir = await mkdtemp(join(tmpdir(), 'documents-'));
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    DOCUMENTS_DIR: documentsDir,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    DEV_TOKENS: 'false',
    NODE_ENV: 'test',
    ...GENEROUS_RATE_LIMITS,
    ...env,
  });
  const temporal = new TemporalRecorder();
  // realTemporal: the app's own client, at TEMPORAL_ADDRESS (e.g. a closed port, to see Temporal down).
  let builder = Test.createTestingModule({ imports: [AppModule] });
  if (!opts.realTemporal) builder = builder.overrideProvider(TEMPORAL_CLIENT).useValue(temporal);
  if (opts.clock) builder = builder.overrideProvider(CLOCK).useValue(opts.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureApp(app, { webDist: opts.webDist });
  await app.init();
  const prisma = app.get(PrismaService);
  // The intake clock is a workflow (tested in the integration tier); here intake is simply open.
  await prisma.policyPack.updateMany({ data: { intakeOpen: true } });
  await seedFixtureDocuments(prisma);
  const tokens = app.get(TokenService);
  return {
    app,
    http: supertest(app.getHttpServer()),
    prisma,
    temporal,
    tokenFor: (u) => tokens.sign(u).token,
    async insertCase(fields) {
      const id = randomUUID();
      // The case is its pack's jurisdiction's, as filing makes it.
      const { jurisdictionId } = await prisma.policyPack.findUniqueOrThrow({ where: { id: fields.packId ?? SHENZHEN }, select: { jurisdictionId: true } });
      await prisma.case.create({
        data: {
          id,
          reference: `AP-TEST-${id.slice(0, 8)}`,
          packId: SHENZHEN,
          packVersion: 1,
          requestHash: id,
          workflowId: `case:${id}`,
          jurisdictionId,
          ...fields,
        },
      });
      return id;
    },
    project: (caseId, steps) => project(app.get(CaseRepository), caseId, steps),
    async close() {
      await app.close();
      await db.drop();
      await rm(documentsDir, { recursive: true, force: true });
    },
  };
}
