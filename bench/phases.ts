import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { LedgerRepository } from '../src/database/ledger.repository';
import { zeroAward } from '../src/domain';
import { repoRoot } from '../src/common/paths';
import { WORKFLOWS_PATH } from '../src/temporal/worker.factory';
import { WorkerModule } from '../src/worker/worker.module';
import { BUREAUS, MIX, officerOf } from './cases';
import { call, Tokens } from './http';
import { sample } from './procs';
import { Apis, submitAll } from './rush';
import { pool, round, Samples, sleep } from './stats';

const mib = (b: number): number => round(b / 1024 / 1024);

// ---- steady submissions ----

export interface SteadyResult {
  offeredPerSecond: number;
  seconds: number;
  submitted: number;
  achievedPerSecond: number;
  submit: ReturnType<Samples['summary']>;
  firstThirdP99: number | null;
  lastThirdP99: number | null;
  /** Seconds after the last submission until every case of the phase had its first review task. */
  firstTaskBacklogSeconds: number | null;
  keepsUp: boolean;
}

/** Open loop: submission i leaves at t0 + i/rate whatever the answers before it did. */
export async function steady(o: { apiUrls: string[]; databaseUrl: string; rate: number; seconds: number; offset: number }): Promise<SteadyResult> {
  const apis = new Apis(o.apiUrls);
  const tokens = new Tokens(o.apiUrls[0]!);
  await tokens.get('applicant-lingxi');
  const total = Math.round(o.rate * o.seconds);
  const all = new Samples();
  const thirds = [new Samples(), new Samples(), new Samples()];
  const ids: string[] = [];
  const t0 = performance.now();
  let lastAnswer = t0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / o.rate - performance.now();
    if (wait > 0) await sleep(wait);
    const mix = MIX[i % MIX.length]!;
    inFlight.push(
      (async () => {
        const r = await call(`${apis.next()}/cases`, 'POST', await tokens.get(mix.applicant), mix.body(o.offset + i));
        all.add(r.ms);
        thirds[Math.min(2, Math.floor((i * 3) / total))]!.add(r.ms);
        lastAnswer = performance.now();
        if (r.status === 201) ids.push(r.body.id as string);
      })(),
    );
  }
  await Promise.all(inFlight);
  const lastSent = t0 + ((total - 1) * 1000) / o.rate;
  const pg = new PgClient({ connectionString: o.databaseUrl });
  await pg.connect();
  let backlog: number | null = null;
  try {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const { rows } = await pg.query<{ n: string }>('SELECT count(DISTINCT application_id) AS n FROM review_tasks WHERE application_id = ANY($1)', [ids]);
      if (Number(rows[0]!.n) >= ids.length) {
        backlog = round((performance.now() - lastSent) / 1000);
        break;
      }
      await sleep(200);
    }
  } finally {
    await pg.end();
  }
  const achieved = ids.length / ((lastAnswer - t0) / 1000);
  const [first, , last] = thirds.map((t) => t.p(99));
  return {
    offeredPerSecond: o.rate,
    seconds: o.seconds,
    submitted: ids.length,
    achievedPerSecond: round(achieved, 2),
    submit: all.summary(),
    firstThirdP99: first ?? null,
    lastThirdP99: last ?? null,
    firstTaskBacklogSeconds: backlog,
    // Every submission answered at the offered rate, latency not climbing, first tasks not falling behind.
    keepsUp: ids.length === total && achieved >= 0.95 * o.rate && (last ?? 0) <= 2 * Math.max(first ?? 0, 50) && backlog !== null && backlog < 5,
  };
}

// ---- replay ----

export interface ReplayResult {
  histories: number;
  distinct: number;
  seconds: number;
  historiesPerSecond: number;
  failures: number;
}

/** The committed corpus replayed `rounds` times against one bundle of the current workflow code. */
export async function replay(rounds: number): Promise<ReplayResult> {
  const dir = join(repoRoot(), 'workflows', 'test', 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const histories = files.map((f) => ({ id: f, history: historyFromJSON(JSON.parse(readFileSync(join(dir, f), 'utf8'))) }));
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { info: () => undefined, warn: () => undefined, error: console.error, debug: () => undefined, trace: () => undefined, log: () => undefined },
  });
  function* all(): Generator<{ workflowId: string; history: (typeof histories)[number]['history'] }> {
    for (let r = 0; r < rounds; r++) for (const h of histories) yield { workflowId: `${h.id}#${r}`, history: h.history };
  }
  let n = 0;
  let failures = 0;
  const t0 = performance.now();
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'bench-replay' }, all())) {
    n++;
    if (result.error) failures++;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { histories: n, distinct: histories.length, seconds: round(seconds, 2), historiesPerSecond: round(n / seconds), failures };
}

// ---- pool contention ----

export interface PoolResult {
  attempts: number;
  concurrency: number;
  seconds: number;
  reservationsPerSecond: number;
  succeeded: number;
  expectedToSucceed: number;
  overspentFen: string;
  duplicateReservations: number;
}

/**
 * `cases` reservations of one amount against one pool that can hold only half of them, each
 * attempted twice (as a retried activity would be), `concurrency` at a time, through the real
 * ledger repository the reservation activity uses.
 */
export async function poolContention(o: { databaseUrl: string; cases: number; concurrency: number }): Promise<PoolResult> {
  process.env.DATABASE_URL = o.databaseUrl;
  process.env.APP_ENV ??= 'development';
  const ctx = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  const pg = new PgClient({ connectionString: o.databaseUrl });
  await pg.connect();
  try {
    const ledger = ctx.get(LedgerRepository);
    const pack = 'shenzhen-ai-pioneer-2024';
    const amount = 1_000_000n;
    const fit = Math.floor(o.cases / 2);
    // Received in 2025: the rush's cases count against 2026, so this pool year is the phase's alone.
    await pg.query(`UPDATE budget_pools SET total_fen = $1, reserved_fen = 0 WHERE pack_id = $2 AND code = 'm2-training-voucher' AND year = 2025`, [
      (amount * BigInt(fit)).toString(),
      pack,
    ]);
    const ids = Array.from({ length: o.cases }, () => randomUUID());
    for (const id of ids) {
      await pg.query(
        `INSERT INTO applications (id, reference, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, request_hash, form, workflow_id, submitted_at, updated_at)
         VALUES ($1, $2, $3, 1, 'm2', 'm2', 'org-lingxi', 'applicant-lingxi', $1, '{}', $4, '2025-06-02T01:00:00Z', now())`,
        [id, `AP-BENCH-${id.slice(0, 8)}`, pack, `bench-pool:${id}`],
      );
    }
    const attempts = [...ids, ...ids];
    const t0 = performance.now();
    await pool(attempts, o.concurrency, async (id) => {
      // What a final approval's reservation runs: one transaction, the pool-year row locked.
      const award = { ...zeroAward('rateOfBase', { zh: '测算', en: 'computed' }), amountFen: amount.toString() };
      await ledger.reserveAward({
        caseId: id,
        packId: pack,
        poolCode: 'm2-training-voucher',
        year: 2025,
        award,
        limits: [],
        projectKey: null,
        coFunding: null,
        actorId: null,
      });
    });
    const seconds = (performance.now() - t0) / 1000;
    const held = await pg.query<{ total_fen: string; reserved_fen: string }>(
      `SELECT total_fen, reserved_fen FROM budget_pools WHERE pack_id = $1 AND code = 'm2-training-voucher' AND year = 2025`,
      [pack],
    );
    const dup = await pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT application_id FROM ledger_entries WHERE kind = 'reserve' AND application_id = ANY($1) GROUP BY 1 HAVING count(*) > 1) d`,
      [ids],
    );
    const reservedCases = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_entries WHERE kind = 'reserve' AND application_id = ANY($1)`, [ids]);
    const over = BigInt(held.rows[0]!.reserved_fen) - BigInt(held.rows[0]!.total_fen);
    return {
      attempts: attempts.length,
      concurrency: o.concurrency,
      seconds: round(seconds, 2),
      reservationsPerSecond: round(attempts.length / seconds),
      // Successes count the idempotent second attempts too; distinct cases held is what the pool holds.
      succeeded: Number(reservedCases.rows[0]!.n),
      expectedToSucceed: fit,
      overspentFen: (over > 0n ? over : 0n).toString(),
      duplicateReservations: Number(dup.rows[0]!.n),
    };
  } finally {
    await pg.end();
    await ctx.close();
  }
}

// ---- growth ----

export interface GrowthPoint {
  openCases: number;
  inbox: ReturnType<Samples['summary']>;
  workerRssMiB: number;
}

/** Submits until `target` cases are open (each with its first task), then times the officers' inbox and reads the worker's memory. */
export async function growthPoint(o: {
  apiUrls: string[];
  databaseUrl: string;
  target: number;
  workerPids: number[];
  offset: number;
  log: (s: string) => void;
}): Promise<GrowthPoint> {
  const apis = new Apis(o.apiUrls);
  const tokens = new Tokens(o.apiUrls[0]!);
  const pg = new PgClient({ connectionString: o.databaseUrl });
  await pg.connect();
  try {
    const open = async (): Promise<number> =>
      Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM applications WHERE status::text IN ('submitted', 'in_review')`)).rows[0]!.n);
    const have = await open();
    if (have < o.target) await submitAll(apis, tokens, o.target - have, 32, o.offset, new Samples());
    const deadline = Date.now() + Math.max(120_000, o.target * 200);
    for (;;) {
      const tasked = Number(
        (
          await pg.query<{ n: string }>(
            `SELECT count(DISTINCT t.application_id) AS n FROM review_tasks t JOIN applications a ON a.id = t.application_id WHERE a.status::text = 'in_review'`,
          )
        ).rows[0]!.n,
      );
      if (tasked >= o.target) break;
      if (Date.now() > deadline) throw new Error(`only ${tasked} of ${o.target} open cases reached their first task`);
      await sleep(500);
    }
    const inbox = new Samples();
    for (let i = 0; i < 50; i++) {
      const bureau = BUREAUS[i % 4]!;
      const r = await call(`${apis.next()}/tasks?status=open&limit=20`, 'GET', await tokens.get(officerOf(bureau)));
      if (r.status !== 200) throw new Error(`inbox: ${r.status}`);
      inbox.add(r.ms);
    }
    const rss = o.workerPids.reduce((s, pid) => s + sample(pid).rssBytes, 0);
    o.log(`  growth: ${await open()} open cases, inbox p99 ${inbox.p(99)} ms, worker RSS ${mib(rss)} MiB`);
    return { openCases: await open(), inbox: inbox.summary(), workerRssMiB: mib(rss) };
  } finally {
    await pg.end();
  }
}
