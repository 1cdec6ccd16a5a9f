import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { m10Submission, m2Submission } from './fixtures';

/*
 * Helpers of the fault tests (test/integration/fault-*.test.ts): a TCP proxy that can cut the
 * services off PostgreSQL without touching the shared server, an officer that keeps going through
 * errors until every task is decided, the exactly-once checks a crash must not break, and the
 * worker processes the tests kill.
 */

/** A TCP proxy in the test process between the services and PostgreSQL. */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Listens (on `port`, or a free one the first time). */
  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect({ host: this.targetHost, port: this.targetPort });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** PostgreSQL "goes away": open sessions are reset and new ones refused until `open()`. Also how the test closes it. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** `url` with its host and port pointing at the proxy. */
  url(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}
export type Request = (method: 'GET' | 'POST', path: string, userId: string, body?: unknown) => Promise<Reply>;

/** An officer that retries through failures (5xx, timeouts) until none of its bureau's tasks is open or claimed. */
export async function decideEverything(
  request: Request,
  officers: string[],
  done: () => Promise<boolean>,
  opts: { timeoutMs: number; onDecision?: (n: number) => Promise<void> | void },
): Promise<{ decisions: number; failures: number }> {
  let decisions = 0;
  let failures = 0;
  const deadline = Date.now() + opts.timeoutMs;
  const attempt = async (f: () => Promise<Reply>): Promise<Reply | null> => {
    try {
      const r = await f();
      if (r.status >= 500) failures++;
      return r;
    } catch {
      failures++;
      return null;
    }
  };
  await Promise.all(
    officers.map(async (officer) => {
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`${officer}: tasks still open after ${opts.timeoutMs} ms (${decisions} decisions, ${failures} failures)`);
        // Its own claims first (a decision that failed midway), then what is open.
        const items: { id: string; status: string }[] = [];
        for (const query of ['status=claimed&assignee=me', 'status=open']) {
          const inbox = await attempt(() => request('GET', `/tasks?${query}&limit=20`, officer));
          if (inbox?.status === 200) items.push(...(inbox.body.items as { id: string; status: string }[]));
        }
        if (items.length === 0) {
          await new Promise((r) => setTimeout(r, 250));
          continue;
        }
        for (const t of items) {
          if (t.status === 'open') {
            const claimed = await attempt(() => request('POST', `/tasks/${t.id}/claim`, officer));
            if (claimed?.status !== 200) continue;
          }
          const decided = await attempt(() => request('POST', `/tasks/${t.id}/decision`, officer, { decision: 'approve' }));
          if (decided?.status === 200) {
            decisions++;
            await opts.onDecision?.(decisions);
          }
        }
      }
    }),
  );
  return { decisions, failures };
}

/** Officers of every bureau the fault tests' cases pass through (m2: stic; m10: miit and Longgang's district government). */
export const FAULT_OFFICERS = ['officer-stic', 'officer-miit', 'officer-district-longgang'];

/**
 * The `i`-th case of a fault test: every `coFundedEvery`-th a co-funded m10 award (an order each
 * for the city and the Longgang district), the others m2 (one order from the city). Small amounts
 * and distinct contracts, so no pool, cap or double-benefit check stops one.
 */
export function faultCase(prefix: string, i: number, coFundedEvery: number): { applicant: string; body: Record<string, unknown>; funders: number } {
  if (i % coFundedEvery === 0) return { applicant: 'applicant-pengcheng', body: m10Submission({ serviceContractNumber: `${prefix}-M10-${i}` }), funders: 2 };
  return { applicant: 'applicant-lingxi', body: m2Submission({ contractNumber: `${prefix}-${i}`, contractAmountFen: '1000000' }), funders: 1 };
}

/** Counts that must be one per case (or zero) however often activities ran or workers died. */
export async function exactlyOnce(databaseUrl: string, ids: string[]): Promise<Record<string, number>> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const n = async (sql: string): Promise<number> => Number((await pg.query<{ n: string }>(sql, [ids])).rows[0]!.n);
    return {
      cases: await n('SELECT count(*) AS n FROM applications WHERE id = ANY($1)'),
      approved: await n(`SELECT count(*) AS n FROM applications WHERE id = ANY($1) AND status = 'approved'`),
      approvalEvents: await n(`SELECT count(*) AS n FROM application_events WHERE application_id = ANY($1) AND type = 'case.approved'`),
      casesWithOneApprovalEvent: await n(
        `SELECT count(*) AS n FROM (SELECT application_id FROM application_events WHERE application_id = ANY($1) AND type = 'case.approved' GROUP BY 1 HAVING count(*) = 1) x`,
      ),
      reservations: await n(`SELECT count(*) AS n FROM ledger_entries WHERE kind = 'reserve' AND application_id = ANY($1)`),
      casesWithOneReservation: await n(
        `SELECT count(*) AS n FROM (SELECT application_id FROM ledger_entries WHERE kind = 'reserve' AND application_id = ANY($1) GROUP BY 1 HAVING count(*) = 1) x`,
      ),
      // Held in pools beyond what the reservations add up to, or beyond a pool's total: both must be 0.
      poolsOutOfStep: await n(
        `SELECT count(*) AS n FROM budget_pools p WHERE $1::text[] IS NOT NULL AND (p.reserved_fen > p.total_fen
           OR p.reserved_fen <> COALESCE((SELECT sum(CASE kind WHEN 'reserve' THEN amount_fen WHEN 'release' THEN -amount_fen WHEN 'cancel' THEN -amount_fen WHEN 'claw_back' THEN -amount_fen ELSE 0 END) FROM ledger_entries r WHERE r.pool_id = p.id), 0))`,
      ),
      // Payment orders: one per case and funder is the table's unique key, so what can go wrong is an
      // order missing, or one that does not match its split (funder and amount).
      paymentOrders: await n('SELECT count(*) AS n FROM payment_orders WHERE application_id = ANY($1)'),
      casesWithOrdersAsSplit: await n(
        `SELECT count(*) AS n FROM applications a WHERE a.id = ANY($1) AND a.status = 'approved'
           AND EXISTS (SELECT 1 FROM ledger_entries s WHERE s.application_id = a.id AND s.kind = 'split')
           AND (SELECT string_agg(funder || ':' || amount_fen, ',' ORDER BY funder) FROM ledger_entries s WHERE s.application_id = a.id AND s.kind = 'split')
             = (SELECT string_agg(funder || ':' || amount_fen, ',' ORDER BY funder) FROM payment_orders o WHERE o.application_id = a.id)`,
      ),
      // A co-funded award splits into the city's and the district's shares, any other into the city's alone.
      casesSplitAsAssessed: await n(
        `SELECT count(*) AS n FROM applications a WHERE a.id = ANY($1) AND a.status = 'approved'
           AND (SELECT count(*) FROM ledger_entries s WHERE s.application_id = a.id AND s.kind = 'split')
             = CASE WHEN jsonb_typeof(a.assessment->'coFunding') = 'object' THEN 2 ELSE 1 END`,
      ),
      tasksOpenedTwice: await n(
        `SELECT count(*) AS n FROM (SELECT application_id, data->>'taskId' FROM application_events WHERE application_id = ANY($1) AND type = 'task.opened' GROUP BY 1, 2 HAVING count(*) > 1) x`,
      ),
    };
  } finally {
    await pg.end();
  }
}

/**
 * `exactlyOnce` once the award workflows have issued their orders (they run after the approvals):
 * polls until every approved case's orders match its splits or `timeoutMs` passes, and returns the
 * last counts either way, so that a test's assertion shows what is wrong.
 */
export async function exactlyOnceSettled(databaseUrl: string, ids: string[], timeoutMs = 60_000): Promise<Record<string, number>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const counts = await exactlyOnce(databaseUrl, ids);
    if (counts.casesWithOrdersAsSplit === counts.approved || Date.now() > until) return counts;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function endedCount(databaseUrl: string, ids: string[]): Promise<number> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM applications WHERE id = ANY($1) AND status IN ('approved', 'rejected')`, [ids]);
    return Number(rows[0]!.n);
  } finally {
    await pg.end();
  }
}

/** Where a worker process finds its services: a harness's, or a test's own Temporal server. */
export interface WorkerTarget {
  databaseUrl: string;
  address: string;
  namespace: string;
  taskQueue: string;
  /** Further environment of the process (an SMTP server, say). */
  env?: Record<string, string>;
}

/** The worker target of a harness started with `inProcessWorker: false`. */
export const harnessWorker = (
  h: { databaseUrl: string; env: { address: string; namespace?: string }; taskQueue: string },
  env?: Record<string, string>,
): WorkerTarget => ({ databaseUrl: h.databaseUrl, address: h.env.address, namespace: h.env.namespace ?? 'default', taskQueue: h.taskQueue, env });

/** The real worker entry point (src/worker.ts) in its own process, as `npm start` runs it. */
export function spawnWorkerProcess(target: WorkerTarget): ChildProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/worker.ts'], {
    cwd: join(__dirname, '../..'),
    env: {
      ...process.env,
      TS_NODE_TRANSPILE_ONLY: 'true',
      DATABASE_URL: target.databaseUrl,
      TEMPORAL_ADDRESS: target.address,
      TEMPORAL_NAMESPACE: target.namespace,
      TEMPORAL_TASK_QUEUE: target.taskQueue,
      ...target.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

/** How long a spawned worker may take to open intake: ts-node compiles it first, slowly on a busy machine. */
export const WORKER_STARTUP_MS = 120_000;

/**
 * Worker processes of one test: `start()` spawns one more, `kill()` sends SIGKILL (no graceful
 * shutdown, nothing flushed) to the newest and waits for it to die, `restart()` does both, and
 * `stop()` (for afterAll) ends whatever is still running with SIGTERM.
 */
export class WorkerProcesses {
  private readonly running: ChildProcess[] = [];
  constructor(private readonly target: () => WorkerTarget) {}

  start(): ChildProcess {
    const child = spawnWorkerProcess(this.target());
    this.running.push(child);
    return child;
  }

  async kill(): Promise<void> {
    const child = this.running.pop();
    if (!child) throw new Error('no worker process to kill');
    child.kill('SIGKILL');
    await exited(child);
  }

  async restart(): Promise<ChildProcess> {
    await this.kill();
    return this.start();
  }

  async stop(): Promise<void> {
    const all = this.running.splice(0);
    for (const child of all) child.kill('SIGTERM');
    await Promise.all(all.map(exited));
  }
}

export const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
