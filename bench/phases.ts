import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { ReplayEngine, ReplaySession } from '../src/admin/replay.engine';
import { LedgerRepository } from '../src/database/ledger.repository';
import type { ReplayBatch, WorkflowReplayResult } from '../workflows/replay.messages';
import { zeroAward } from '../src/domain';
import { repoRoot } from '../src/config/paths';
import { workflowBundlerOptions } from '../src/temporal/worker.factory';
import { WorkerModule } from '../src/worker/worker.module';
import { BUREAUS, MIX, officerOf } from './cases';
import { prepareApplicants } from './applicants';
import { call, Tokens, type Reply } from './http';
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
  const total = Math.round(o.rate * o.seconds);
  await prepareApplicants(o.databaseUrl, tokens, o.offset, total);
  const all = new Samples();
  const thirds = [new Samples(), new Samples(), new Samples()];
  const ids: string[] = [];
  const t0 = performance.now();
  let lastAnswer = t0;
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / o.rate - performance.now();
    if (wait > 0) await sleep(wait);
    const mix = MIX[(o.offset + i) % MIX.length]!;
    inFlight.push(
      (async () => {
        const r = await call(`${apis.next()}/cases`, 'POST', await tokens.get(mix.applicant(o.offset + i)), mix.body(o.offset + i));
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
  /** The same histories in the job's batches, each batch opening its own replay worker (as before issue #19). */
  workerPerBatch: { seconds: number; historiesPerSecond: number };
  /** The admin job's path end to end: each batch's histories fetched from the server, then replayed in the one worker. */
  job?: { histories: number; seconds: number; historiesPerSecond: number; failed: number; diverged: number };
}

/** Histories per batch, as the admin's replay job runs them (workflows/replay.workflow.ts). */
const JOB_BATCH = 10;

/**
 * The committed corpus replayed `rounds` times in the replay job's batches through one replay worker
 * (the engine's ReplaySession), then again with a worker per batch, to show what opening one costs;
 * and, given a client, the job's own path over up to `jobHistories` of the server's workflows.
 */
export async function replay(rounds: number, server?: { client: Client; taskQueue: string; workflowIds: string[] }): Promise<ReplayResult> {
  const dir = join(repoRoot(), 'workflows', 'test', 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const histories = files.map((f) => ({ id: f, history: historyFromJSON(JSON.parse(readFileSync(join(dir, f), 'utf8'))) }));
  const workflowBundle = await bundleWorkflowCode({
    ...workflowBundlerOptions(),
    logger: { info: () => undefined, warn: () => undefined, error: console.error, debug: () => undefined, trace: () => undefined, log: () => undefined },
  });
  const all: { workflowId: string; history: (typeof histories)[number]['history'] }[] = [];
  for (let r = 0; r < rounds; r++) for (const h of histories) all.push({ workflowId: `${h.id}#${r}`, history: h.history });
  const batches: (typeof all)[] = [];
  for (let i = 0; i < all.length; i += JOB_BATCH) batches.push(all.slice(i, i + JOB_BATCH));

  // Warm-up, untimed: the first replays pay for compiling the SDK's and the bundle's code, which would
  // count against whichever way is timed first.
  const warm = new ReplaySession(workflowBundle, 'bench-replay-warm-up');
  await Promise.all(warm.replay(all.slice(0, histories.length)));
  await warm.close();

  let failures = 0;
  const session = new ReplaySession(workflowBundle, 'bench-replay');
  const t0 = performance.now();
  for (const batch of batches) for (const r of session.replay(batch)) if ((await r).error) failures++;
  const seconds = (performance.now() - t0) / 1000;
  await session.close();

  const t1 = performance.now();
  for (const [i, batch] of batches.entries()) for await (const _ of Worker.runReplayHistories({ workflowBundle, replayName: `bench-replay-${i}` }, batch));
  const perBatch = (performance.now() - t1) / 1000;

  let job: ReplayResult['job'];
  if (server && server.workflowIds.length > 0) {
    const engine = new ReplayEngine(server.client, server.taskQueue);
    engine.useBundle(workflowBundle);
    const plan = await engine.plan({ kind: 'ids', workflowIds: server.workflowIds });
    const results: WorkflowReplayResult[] = [];
    const t2 = performance.now();
    let cursor: string | null = null;
    do {
      const b: ReplayBatch = await engine.batch(plan, cursor, JOB_BATCH);
      results.push(...b.results);
      cursor = b.cursor;
    } while (cursor !== null);
    const s = (performance.now() - t2) / 1000;
    await engine.close();
    job = {
      histories: results.length,
      seconds: round(s, 2),
      historiesPerSecond: round(results.length / s),
      failed: results.filter((r) => r.outcome === 'failed').length,
      diverged: results.filter((r) => r.outcome === 'diverged').length,
    };
  }
  return {
    histories: all.length,
    distinct: histories.length,
    seconds: round(seconds, 2),
    historiesPerSecond: round(all.length / seconds),
    failures,
    workerPerBatch: { seconds: round(perBatch, 2), historiesPerSecond: round(all.length / perBatch) },
    ...(job ? { job } : {}),
  };
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
  target: number;
  openCases: number;
  /** Open review tasks when the inbox was timed. */
  openTasks: number;
  reachedTarget: boolean;
  seconds: number;
  inbox: ReturnType<Samples['summary']>;
  workerRssMiB: number;
  workerRssBeforeMiB: number;
  /** The highest RSS read (every second) while the cases opened: the worker peaks while it works through them. */
  workerRssPeakMiB: number;
  /** (RSS after − RSS before) ÷ cases opened by this point, in KiB. */
  rssKiBPerOpenCase: number | null;
}

/**
 * Submits until `target` cases are open (each with its first task), `concurrency` at a time through
 * the API, then times the officers' inbox and reads the worker's memory. Ends by `deadline` (epoch
 * ms): submissions stop 90 s before it so the cases sent can reach their first task, and the point
 * reports what it reached.
 */
export async function growthPoint(o: {
  apiUrls: string[];
  databaseUrl: string;
  target: number;
  workerPids: number[];
  offset: number;
  concurrency: number;
  deadline: number;
  log: (s: string) => void;
}): Promise<GrowthPoint & { submitted: number }> {
  const t0 = performance.now();
  const apis = new Apis(o.apiUrls);
  const tokens = new Tokens(o.apiUrls[0]!);
  const pg = new PgClient({ connectionString: o.databaseUrl });
  await pg.connect();
  const workerRss = (): number => o.workerPids.reduce((s, pid) => s + sample(pid).rssBytes, 0);
  let peakTimer: NodeJS.Timeout | undefined;
  try {
    const open = async (): Promise<number> =>
      Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM applications WHERE status::text IN ('submitted', 'in_review')`)).rows[0]!.n);
    const tasked = async (): Promise<number> =>
      Number(
        (
          await pg.query<{ n: string }>(
            `SELECT count(DISTINCT t.application_id) AS n FROM review_tasks t JOIN applications a ON a.id = t.application_id WHERE a.status::text = 'in_review'`,
          )
        ).rows[0]!.n,
      );
    for (const b of BUREAUS) await tokens.get(officerOf(b));
    const rssBefore = workerRss();
    let rssPeak = rssBefore;
    peakTimer = setInterval(() => (rssPeak = Math.max(rssPeak, workerRss())), 1000);
    const openBefore = await open();
    const want = Math.max(0, o.target - openBefore);
    let submitted = 0;
    if (want > 0) {
      await prepareApplicants(o.databaseUrl, tokens, o.offset, want);
      const samples = new Samples();
      const progress = setInterval(() => o.log(`  growth: ${samples.count} of ${want} submitted, ${Math.round((performance.now() - t0) / 1000)} s`), 15_000);
      try {
        submitted = (await submitAll(apis, tokens, want, o.concurrency, o.offset, samples, o.deadline - 90_000)).filter(Boolean).length;
      } finally {
        clearInterval(progress);
      }
    }
    let reached = false;
    let lastLog = Date.now();
    for (;;) {
      const n = await tasked();
      if (n >= openBefore + submitted) {
        reached = n >= o.target;
        break;
      }
      if (Date.now() > o.deadline) break;
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        o.log(`  growth: ${n} open cases have their first task`);
      }
      await sleep(500);
    }
    const inbox = new Samples();
    for (let i = 0; i < 50; i++) {
      const bureau = BUREAUS[i % BUREAUS.length]!;
      const r = await call(`${apis.next()}/tasks?status=open&limit=20`, 'GET', await tokens.get(officerOf(bureau)));
      if (r.status !== 200) throw new Error(`inbox: ${r.status}`);
      inbox.add(r.ms);
    }
    const rss = workerRss();
    clearInterval(peakTimer);
    rssPeak = Math.max(rssPeak, rss);
    const openCases = await open();
    const openTasks = Number((await pg.query<{ n: string }>(`SELECT count(*) AS n FROM review_tasks WHERE status::text = 'open'`)).rows[0]!.n);
    const added = openCases - openBefore;
    const point = {
      target: o.target,
      openCases,
      openTasks,
      reachedTarget: reached,
      seconds: round((performance.now() - t0) / 1000),
      inbox: inbox.summary(),
      workerRssMiB: mib(rss),
      workerRssBeforeMiB: mib(rssBefore),
      workerRssPeakMiB: mib(rssPeak),
      rssKiBPerOpenCase: added > 0 ? round((rss - rssBefore) / 1024 / added) : null,
      submitted,
    };
    o.log(
      `  growth: ${openCases} open cases (${openTasks} open tasks) in ${point.seconds} s, inbox p99 ${inbox.p(99)} ms, worker RSS ${point.workerRssMiB} MiB (${point.rssKiBPerOpenCase} KiB per case opened, peak ${point.workerRssPeakMiB} MiB)`,
    );
    return point;
  } finally {
    clearInterval(peakTimer);
    await pg.end();
  }
}

// ---- statements per route ----

export interface StatementRow {
  route: string;
  calls: number;
  /** Statements the API process sent while answering, per call (mean, max). */
  api: number;
  apiMax: number;
  /** Statements the worker sent after the call until it settled (the activities the call caused), per call. */
  worker: number;
}
export interface StatementsResult {
  routes: StatementRow[];
  /** Worker statements per activity type over the probe, per call of that activity's cause. */
  workerByActivity: Record<string, number>;
  cases: number;
}

async function counter(url: string): Promise<{ total: number; byActivity: Record<string, number> }> {
  const r = await fetch(url);
  return (await r.json()) as { total: number; byActivity: Record<string, number> };
}

/**
 * One case of each sub-type driven alone through every route it takes (submit, inbox, claim,
 * decision, the case view), on a quiet stack after the rush: the API's statement counter
 * (bench/statements-preload.js) read before and after each call, and the worker's after it settles
 * (no new statement for 400 ms), so each route's figure is exact for the API and what it set off
 * in the worker. Background work of earlier phases (payment workflows) can add to the worker's.
 */
export async function statementProbe(o: {
  apiUrls: string[];
  apiCounters: string[];
  workerCounters: string[];
  databaseUrl: string;
  offset: number;
  /** Cases to drive, one of each sub-type of the mix in turn (4 covers them all). */
  cases: number;
}): Promise<StatementsResult> {
  const api = o.apiUrls[0]!;
  const tokens = new Tokens(api);
  await prepareApplicants(o.databaseUrl, tokens, o.offset, o.cases);
  const pg = new PgClient({ connectionString: o.databaseUrl });
  await pg.connect();
  const apiTotal = async (): Promise<number> => (await Promise.all(o.apiCounters.map(counter))).reduce((s, c) => s + c.total, 0);
  const workerCounts = async (): Promise<{ total: number; byActivity: Record<string, number> }> => {
    const all = await Promise.all(o.workerCounters.map(counter));
    const byActivity: Record<string, number> = {};
    for (const c of all) for (const [k, v] of Object.entries(c.byActivity)) byActivity[k] = (byActivity[k] ?? 0) + v;
    return { total: all.reduce((s, c) => s + c.total, 0), byActivity };
  };
  /** The worker's count once it has sent nothing for `quietPolls` × 100 ms (and `ready` holds), or after 15 s. */
  const settled = async (ready: () => Promise<boolean> = () => Promise.resolve(true), quietPolls = 4): Promise<number> => {
    let last = -1;
    let still = 0;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const now = (await workerCounts()).total;
      still = now === last ? still + 1 : 0;
      last = now;
      if (still >= quietPolls && (await ready())) return now;
      if (Date.now() > deadline) return now;
      await sleep(100);
    }
  };
  const rows = new Map<string, { calls: number; api: number; apiMax: number; worker: number }>();
  const record = (route: string, apiN: number, workerN: number): void => {
    const r = rows.get(route) ?? { calls: 0, api: 0, apiMax: 0, worker: 0 };
    r.calls++;
    r.api += apiN;
    r.apiMax = Math.max(r.apiMax, apiN);
    r.worker += workerN;
    rows.set(route, r);
  };
  /** Calls the route, then counts the API's statements and (after it settles) the worker's. */
  const measure = async (route: string, fn: () => Promise<Reply>, ready?: () => Promise<boolean>): Promise<Reply> => {
    const w0 = await settled();
    const a0 = await apiTotal();
    const reply = await fn();
    const a1 = await apiTotal();
    const w1 = await settled(ready);
    record(route, a1 - a0, w1 - w0);
    return reply;
  };
  try {
    // Earlier phases' payment workflows may still be at work: start once the worker is quiet for a second.
    await settled(undefined, 10);
    const startActivities = (await workerCounts()).byActivity;
    for (let k = 0; k < o.cases; k++) {
      const i = o.offset + k;
      const mix = MIX[i % MIX.length]!;
      const token = await tokens.get(mix.applicant(i));
      const openTasks = async (caseId: string): Promise<{ id: string; bureau_code: string }[]> =>
        (
          await pg.query<{ id: string; bureau_code: string }>(`SELECT id, bureau_code FROM review_tasks WHERE application_id = $1 AND status::text = 'open'`, [
            caseId,
          ])
        ).rows;
      let caseId = '';
      const submitted = await measure(
        'POST /cases',
        () => call(`${api}/cases`, 'POST', token, mix.body(i)),
        async () => caseId !== '' && (await openTasks(caseId)).length > 0,
      );
      if (submitted.status !== 201) throw new Error(`probe submission (${mix.key}): ${submitted.status} ${JSON.stringify(submitted.body)}`);
      caseId = submitted.body.id as string;
      for (let round = 0; round < 20; round++) {
        const tasks = await openTasks(caseId);
        if (tasks.length === 0) break;
        for (const t of tasks) {
          const officer = await tokens.get(officerOf(t.bureau_code));
          await measure('GET /tasks (inbox)', () => call(`${api}/tasks?status=open&limit=20`, 'GET', officer));
          await measure('POST /tasks/:id/claim', () => call(`${api}/tasks/${t.id}/claim`, 'POST', officer));
          const decided = await measure('POST /tasks/:id/decision', () => call(`${api}/tasks/${t.id}/decision`, 'POST', officer, { decision: 'approve' }));
          if (decided.status !== 200)
            await measure('POST /tasks/:id/decision', () =>
              call(`${api}/tasks/${t.id}/decision`, 'POST', officer, { decision: 'reject', reason: 'bench: the pool cannot cover it' }),
            );
        }
      }
      await measure('GET /cases/:id', () => call(`${api}/cases/${caseId}`, 'GET', token));
    }
    const end = (await workerCounts()).byActivity;
    const workerByActivity = Object.fromEntries(
      Object.entries(end)
        .map(([k, v]) => [k, v - (startActivities[k] ?? 0)] as const)
        .filter(([, v]) => v > 0)
        .sort((a, b) => b[1] - a[1]),
    );
    return {
      routes: [...rows.entries()].map(([route, r]) => ({
        route,
        calls: r.calls,
        api: round(r.api / r.calls),
        apiMax: r.apiMax,
        worker: round(r.worker / r.calls),
      })),
      workerByActivity,
      cases: o.cases,
    };
  } finally {
    await pg.end();
  }
}
