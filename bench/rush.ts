import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { BUREAUS, MIX, officerOf, TERMINAL } from './cases';
import { prepareApplicants } from './applicants';
import { call, Tokens } from './http';
import { pool, round, Samples, sleep } from './stats';

export interface RushResult {
  n: number;
  wallSeconds: number;
  completeCasesPerSecond: number;
  firstTaskPerSecond: number;
  submit: ReturnType<Samples['summary']>;
  claim: ReturnType<Samples['summary']>;
  decision: ReturnType<Samples['summary']>;
  inbox: ReturnType<Samples['summary']>;
  /** From a task's creation to its officer's claim: how long the bots took to learn of it and free a lane. */
  taskWait: ReturnType<Samples['summary']> & { mean: number | null };
  tasksPerCase: number;
  outcomes: Record<string, number>;
  refusedClaims: number;
  refusedDecisions: number;
  /** Submissions answered 503 (pool of database connections exhausted) and retried. */
  submitRetries: number;
  /** Integrity after the rush: each must be zero. */
  integrity: {
    duplicateReservations: number;
    casesApprovedTwice: number;
    tasksOpenedTwice: number;
    overspentPools: number;
    poolsNotMatchingReservations: number;
    ordersNotMatchingSplits: number;
    casesNotEnded: number;
  };
  caseIds: string[];
}

/** Round robin over the API processes. */
class Apis {
  private i = 0;
  constructor(readonly urls: string[]) {}
  next(): string {
    return this.urls[this.i++ % this.urls.length]!;
  }
}

export interface BotStats {
  claim: Samples;
  decision: Samples;
  inbox: Samples;
  refusedClaims: number;
  refusedDecisions: number;
  /** Wall-clock time each task's first claim left. */
  claimStartedAt: Map<string, number>;
}

/** How often an officer with nothing new looks at the inbox again; the baselines' officers wait the same. */
export const IDLE_POLL_MS = 100;

/**
 * One officer per bureau, `lanes` tasks at a time: polls its open inbox, claims each new task and
 * approves it (rejecting when a pool cannot cover it), over HTTP as the workbench would.
 */
async function officerBot(apis: Apis, tokens: Tokens, bureau: string, lanes: number, stats: BotStats, done: () => boolean): Promise<void> {
  const token = await tokens.get(officerOf(bureau));
  const seen = new Set<string>();
  const queue: string[] = [];
  const handle = async (taskId: string): Promise<void> => {
    stats.claimStartedAt.set(taskId, Date.now());
    const claimed = await call(`${apis.next()}/tasks/${taskId}/claim`, 'POST', token);
    stats.claim.add(claimed.ms);
    if (claimed.status >= 500) {
      // Overloaded: the next poll of the inbox offers the task again.
      seen.delete(taskId);
      return;
    }
    if (claimed.status !== 200) {
      stats.refusedClaims++;
      return;
    }
    let decided = await call(`${apis.next()}/tasks/${taskId}/decision`, 'POST', token, { decision: 'approve' });
    stats.decision.add(decided.ms);
    for (let attempt = 1; decided.status >= 500 && attempt <= 8; attempt++) {
      await sleep(250 * attempt);
      decided = await call(`${apis.next()}/tasks/${taskId}/decision`, 'POST', token, { decision: 'approve' });
      stats.decision.add(decided.ms);
    }
    if (decided.status !== 200) {
      stats.refusedDecisions++;
      decided = await call(`${apis.next()}/tasks/${taskId}/decision`, 'POST', token, { decision: 'reject', reason: 'bench: the pool cannot cover it' });
      stats.decision.add(decided.ms);
    }
  };
  const workers = Array.from({ length: lanes }, async () => {
    while (!done()) {
      const id = queue.shift();
      if (id) await handle(id);
      else await sleep(20);
    }
  });
  while (!done()) {
    if (queue.length >= lanes * 2) {
      await sleep(20);
      continue;
    }
    const r = await call(`${apis.next()}/tasks?status=open&limit=100`, 'GET', token);
    stats.inbox.add(r.ms);
    let fresh = 0;
    for (const t of (r.body.items as { id: string }[] | undefined) ?? []) {
      if (seen.has(t.id)) continue;
      seen.add(t.id);
      queue.push(t.id);
      fresh++;
    }
    if (fresh === 0) await sleep(IDLE_POLL_MS);
  }
  await Promise.all(workers);
}

const RUN_TAG = Date.now().toString(36);
/** 503s answered (then retried with the same Idempotency-Key, as a careful client does). */
export const retried = { submissions: 0 };

/** Submits case numbers [offset, offset + n); with a `deadline` (epoch ms), none leaves after it (their ids stay empty). */
export async function submitAll(
  apis: Apis,
  tokens: Tokens,
  n: number,
  concurrency: number,
  offset: number,
  samples: Samples,
  deadline = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  const ids: string[] = new Array<string>(n).fill('');
  const items = Array.from({ length: n }, (_, i) => i);
  await pool(items, concurrency, async (i) => {
    if (Date.now() > deadline) return;
    const mix = MIX[(offset + i) % MIX.length]!;
    const token = await tokens.get(mix.applicant(offset + i));
    const key = { 'Idempotency-Key': `bench-${RUN_TAG}-${offset + i}` };
    let r = await call(`${apis.next()}/cases`, 'POST', token, mix.body(offset + i), key);
    samples.add(r.ms);
    for (let attempt = 1; r.status === 503 && attempt <= 8; attempt++) {
      retried.submissions++;
      await sleep(250 * attempt);
      r = await call(`${apis.next()}/cases`, 'POST', token, mix.body(offset + i), key);
      samples.add(r.ms);
    }
    if (r.status !== 201 && r.status !== 200) throw new Error(`submission ${i} (${mix.key}) refused: ${r.status} ${JSON.stringify(r.body)}`);
    ids[i] = r.body.id as string;
  });
  return ids;
}

export { Apis };

export async function rush(opts: {
  apiUrls: string[];
  databaseUrl: string;
  n: number;
  /** The first case number (each phase numbers its cases on from the last). */
  offset: number;
  lanes: number;
  submitConcurrency: number;
  timeoutMs: number;
  log: (s: string) => void;
}): Promise<RushResult> {
  const apis = new Apis(opts.apiUrls);
  const tokens = new Tokens(opts.apiUrls[0]!);
  const pg = new PgClient({ connectionString: opts.databaseUrl });
  await pg.connect();
  try {
    for (const b of BUREAUS) await tokens.get(officerOf(b));
    await prepareApplicants(opts.databaseUrl, tokens, opts.offset, opts.n);
    const stats: BotStats = {
      claim: new Samples(),
      decision: new Samples(),
      inbox: new Samples(),
      refusedClaims: 0,
      refusedDecisions: 0,
      claimStartedAt: new Map(),
    };
    // Cases of earlier phases (the calibration) have ended already: count only what this rush adds.
    const before = (
      await pg.query<{ ended: string; tasked: string }>(
        `SELECT (SELECT count(*) FROM applications WHERE status::text = ANY($1)) AS ended, (SELECT count(DISTINCT application_id) FROM review_tasks) AS tasked`,
        [TERMINAL],
      )
    ).rows[0]!;
    const submit = new Samples();
    let ended = 0;
    let finished = false;
    let firstTaskAllAt: number | null = null;
    const t0 = performance.now();
    const watcher = (async () => {
      const deadline = Date.now() + opts.timeoutMs;
      let lastLog = 0;
      while (!finished) {
        const { rows } = await pg.query<{ ended: string; tasked: string }>(
          `SELECT (SELECT count(*) FROM applications WHERE status::text = ANY($1)) AS ended, (SELECT count(DISTINCT application_id) FROM review_tasks) AS tasked`,
          [TERMINAL],
        );
        ended = Number(rows[0]!.ended) - Number(before.ended);
        if (firstTaskAllAt === null && Number(rows[0]!.tasked) - Number(before.tasked) >= opts.n) firstTaskAllAt = performance.now();
        if (ended >= opts.n) finished = true;
        else if (Date.now() > deadline) throw new Error(`the rush timed out with ${ended} of ${opts.n} cases ended`);
        if (Date.now() - lastLog > 10_000) {
          lastLog = Date.now();
          opts.log(`  rush: ${ended}/${opts.n} cases ended, ${Math.round((performance.now() - t0) / 1000)} s`);
        }
        await sleep(200);
      }
    })();
    const bots = BUREAUS.map((b) => officerBot(apis, tokens, b, opts.lanes, stats, () => finished));
    let caseIds: string[] = [];
    try {
      caseIds = await submitAll(apis, tokens, opts.n, opts.submitConcurrency, opts.offset, submit);
      await watcher;
    } finally {
      finished = true;
      await Promise.allSettled([watcher, ...bots]);
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const outcomes = Object.fromEntries(
      (
        await pg.query<{ status: string; n: string }>('SELECT status::text AS status, count(*) AS n FROM applications WHERE id = ANY($1) GROUP BY 1', [caseIds])
      ).rows.map((r) => [r.status, Number(r.n)]),
    );
    const created = (await pg.query<{ id: string; created_at: Date }>('SELECT id, created_at FROM review_tasks WHERE application_id = ANY($1)', [caseIds]))
      .rows;
    const taskWait = new Samples();
    for (const t of created) {
      const claimedAt = stats.claimStartedAt.get(t.id);
      if (claimedAt !== undefined) taskWait.add(Math.max(0, claimedAt - t.created_at.getTime()));
    }
    return {
      n: opts.n,
      wallSeconds: round(wallSeconds),
      completeCasesPerSecond: round(opts.n / wallSeconds, 2),
      firstTaskPerSecond: firstTaskAllAt ? round(opts.n / ((firstTaskAllAt - t0) / 1000), 2) : 0,
      submit: submit.summary(),
      claim: stats.claim.summary(),
      decision: stats.decision.summary(),
      inbox: stats.inbox.summary(),
      taskWait: { ...taskWait.summary(), mean: taskWait.mean() },
      tasksPerCase: round(created.length / opts.n, 2),
      outcomes,
      refusedClaims: stats.refusedClaims,
      refusedDecisions: stats.refusedDecisions,
      submitRetries: retried.submissions,
      integrity: await integrity(pg),
      caseIds,
    };
  } finally {
    await pg.end();
  }
}

export type Integrity = RushResult['integrity'];

/** The integrity counts, in the order the report's table prints them. */
export const INTEGRITY_LABELS: Record<keyof Integrity, string> = {
  duplicateReservations: 'dup. reservations',
  casesApprovedTwice: 'cases approved twice',
  tasksOpenedTwice: 'tasks opened twice',
  overspentPools: 'overspent pools',
  poolsNotMatchingReservations: 'pools out of step with the ledger',
  ordersNotMatchingSplits: 'awards whose orders differ from their splits',
  casesNotEnded: 'unended',
};

/**
 * What must hold after any run, whichever process handled what: one reservation per case and pool,
 * one approval per case, no task opened twice, no pool over-committed or out of step with the
 * ledger, one payment order per funder of every award (funder and amount as split), every case
 * ended. The award workflows issue orders just after the approvals, so they get `settleMs` to.
 */
export async function integrity(pg: PgClient, settleMs = 30_000): Promise<Integrity> {
  const one = async (sql: string, args: unknown[] = []): Promise<number> => Number((await pg.query<{ n: string }>(sql, args)).rows[0]!.n);
  const ordersNotMatchingSplits = (): Promise<number> =>
    one(
      `SELECT count(*) AS n FROM (SELECT DISTINCT application_id FROM ledger_entries WHERE kind = 'split') s
        WHERE (SELECT string_agg(funder || ':' || amount_fen, ',' ORDER BY funder) FROM ledger_entries l WHERE l.application_id = s.application_id AND l.kind = 'split')
          IS DISTINCT FROM (SELECT string_agg(funder || ':' || amount_fen, ',' ORDER BY funder) FROM payment_orders o WHERE o.application_id = s.application_id)`,
    );
  const until = Date.now() + settleMs;
  let orders = await ordersNotMatchingSplits();
  while (orders > 0 && Date.now() < until) {
    await sleep(500);
    orders = await ordersNotMatchingSplits();
  }
  return {
    duplicateReservations: await one(
      `SELECT count(*) AS n FROM (SELECT application_id, pool_id FROM ledger_entries WHERE kind = 'reserve' GROUP BY 1, 2 HAVING count(*) > 1) d`,
    ),
    casesApprovedTwice: await one(
      `SELECT count(*) AS n FROM (SELECT application_id FROM application_events WHERE type = 'case.approved' GROUP BY 1 HAVING count(*) > 1) d`,
    ),
    tasksOpenedTwice: await one(
      `SELECT count(*) AS n FROM (SELECT application_id, data->>'taskId' FROM application_events WHERE type = 'task.opened' GROUP BY 1, 2 HAVING count(*) > 1) d`,
    ),
    overspentPools: await one('SELECT count(*) AS n FROM budget_pools WHERE reserved_fen > total_fen'),
    poolsNotMatchingReservations: await one(
      `SELECT count(*) AS n FROM budget_pools p
        WHERE p.reserved_fen <> COALESCE((SELECT sum(CASE kind WHEN 'reserve' THEN amount_fen WHEN 'release' THEN -amount_fen WHEN 'cancel' THEN -amount_fen WHEN 'claw_back' THEN -amount_fen ELSE 0 END) FROM ledger_entries r WHERE r.pool_id = p.id), 0)`,
    ),
    ordersNotMatchingSplits: orders,
    casesNotEnded: await one('SELECT count(*) AS n FROM applications WHERE NOT (status::text = ANY($1))', [TERMINAL]),
  };
}

/** A line per integrity count that is not zero (none: the run is sound). */
export function integrityFailures(i: Integrity): string[] {
  return (Object.keys(INTEGRITY_LABELS) as (keyof Integrity)[]).filter((k) => i[k] !== 0).map((k) => `${INTEGRITY_LABELS[k]}: ${i[k]}`);
}

export interface HistoryProfile {
  measure: string;
  cases: number;
  events: number;
  workflowTasks: number;
  activities: Record<string, number>;
  updates: Record<string, number>;
  /** For baseline (a): activities run at the start, and after each claim and each decision, on average. */
  startActivities: number;
  claimActivities: number;
  decideActivities: number;
  /** The same for local activities (their markers), so baseline (a) copies them as local activities. */
  startLocalActivities: number;
  claimLocalActivities: number;
  decideLocalActivities: number;
  localActivities: number;
  /** What the workflows a case started (its award's payments, its notices) recorded by the rush's end. */
  childEvents: number;
  childWorkflowTasks: number;
  /** Task counts per stage, in order (for the baselines' driver). */
  stages: number[];
  /** The bureau of each task of each stage, in order (the baselines' officers work in the same lanes). */
  stageBureaus: string[][];
}

/** What the real cases record in Temporal, per measure, from a sample of their histories. */
export async function profileHistories(client: Client, pg: PgClient, perMeasure: number, caseIds: string[]): Promise<HistoryProfile[]> {
  const out: HistoryProfile[] = [];
  const { rows } = await pg.query<{ subtype_code: string; id: string; workflow_id: string }>(
    `SELECT subtype_code, id, workflow_id FROM (
       SELECT subtype_code, id, workflow_id, row_number() OVER (PARTITION BY subtype_code ORDER BY submitted_at) AS k FROM applications WHERE id = ANY($2)) s
     WHERE k <= $1 ORDER BY subtype_code`,
    [perMeasure, caseIds],
  );
  const bySubtype = new Map<string, typeof rows>();
  for (const r of rows) bySubtype.set(r.subtype_code, [...(bySubtype.get(r.subtype_code) ?? []), r]);
  for (const [subtype, cases] of bySubtype) {
    const p: HistoryProfile = {
      measure: subtype,
      cases: cases.length,
      events: 0,
      workflowTasks: 0,
      activities: {},
      updates: {},
      startActivities: 0,
      claimActivities: 0,
      decideActivities: 0,
      startLocalActivities: 0,
      claimLocalActivities: 0,
      decideLocalActivities: 0,
      localActivities: 0,
      childEvents: 0,
      childWorkflowTasks: 0,
      stages: [],
      stageBureaus: [],
    };
    let claimCount = 0;
    let decideCount = 0;
    for (const c of cases) {
      const history = await client.workflow.getHandle(c.workflow_id).fetchHistory();
      let current: string | null = null;
      const children: string[] = [];
      for (const e of history.events ?? []) {
        p.events++;
        const child = e.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
        if (child) children.push(child);
        if (e.workflowTaskCompletedEventAttributes) p.workflowTasks++;
        const accepted = e.workflowExecutionUpdateAcceptedEventAttributes;
        if (accepted) {
          const name = accepted.acceptedRequest?.input?.name ?? '?';
          p.updates[name] = (p.updates[name] ?? 0) + 1;
          current = name;
          if (name === 'claim') claimCount++;
          if (name === 'decide') decideCount++;
        }
        if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
          p.localActivities++;
          if (current === null) p.startLocalActivities++;
          else if (current === 'claim') p.claimLocalActivities++;
          else p.decideLocalActivities++;
        }
        const scheduled = e.activityTaskScheduledEventAttributes;
        if (scheduled) {
          const type = scheduled.activityType?.name ?? '?';
          p.activities[type] = (p.activities[type] ?? 0) + 1;
          if (current === null) p.startActivities++;
          else if (current === 'claim') p.claimActivities++;
          else p.decideActivities++;
        }
      }
      for (const id of children) {
        for (const e of (await client.workflow.getHandle(id).fetchHistory()).events ?? []) {
          p.childEvents++;
          if (e.workflowTaskCompletedEventAttributes) p.childWorkflowTasks++;
        }
      }
      if (p.stages.length === 0) {
        const t = await pg.query<{ stage: string; bureau_code: string }>(
          'SELECT stage, bureau_code FROM review_tasks WHERE application_id = $1 ORDER BY created_at, id',
          [c.id],
        );
        for (let i = 0; i < t.rows.length; i++) {
          const { stage, bureau_code: bureau } = t.rows[i]!;
          if (i > 0 && stage === t.rows[i - 1]!.stage) {
            p.stages[p.stages.length - 1]!++;
            p.stageBureaus[p.stageBureaus.length - 1]!.push(bureau);
          } else {
            p.stages.push(1);
            p.stageBureaus.push([bureau]);
          }
        }
      }
    }
    const per = (x: number): number => round(x / cases.length, 2);
    p.events = per(p.events);
    p.workflowTasks = per(p.workflowTasks);
    p.activities = Object.fromEntries(Object.entries(p.activities).map(([k, v]) => [k, per(v)]));
    p.updates = Object.fromEntries(Object.entries(p.updates).map(([k, v]) => [k, per(v)]));
    p.startActivities = Math.round(p.startActivities / cases.length);
    p.claimActivities = claimCount ? Math.round(p.claimActivities / claimCount) : 0;
    p.decideActivities = decideCount ? Math.round(p.decideActivities / decideCount) : 0;
    p.localActivities = per(p.localActivities);
    p.childEvents = per(p.childEvents);
    p.childWorkflowTasks = per(p.childWorkflowTasks);
    p.startLocalActivities = Math.round(p.startLocalActivities / cases.length);
    p.claimLocalActivities = claimCount ? Math.round(p.claimLocalActivities / claimCount) : 0;
    p.decideLocalActivities = decideCount ? Math.round(p.decideLocalActivities / decideCount) : 0;
    out.push(p);
  }
  return out;
}
