import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { repoRoot } from '../src/config/paths';
import { stopChild, withLogFd } from '../src/stack/process';
import { runBaseline, type BaselineResult } from './baseline/drive';
import { MIX } from './cases';
import { PgWatch, SelfWatch, Watch, type CpuRow, type Meter } from './procs';
import {
  growthPoint,
  poolContention,
  replay,
  statementProbe,
  steady,
  type GrowthPoint,
  type PoolResult,
  type ReplayResult,
  type StatementsResult,
  type SteadyResult,
} from './phases';
import { EXPRESS_STACK, summariseProfile, type ProfileSummary } from './profile-summary';
import { IDLE_POLL_MS, INTEGRITY_LABELS, integrityFailures, profileHistories, rush, type HistoryProfile, type RushResult } from './rush';
import { startBenchStack, TOKEN_LIMIT_PER_USER } from './stack';
import { call } from './http';
import { caseWorkflowId } from '../workflows/case.messages';
import { round } from './stats';

/*
 * `npm run bench`: the deadline rush against two bare-Temporal baselines on the same server, steady
 * submissions, replay, pool contention and growth. Prints a table; writes JSON and a markdown
 * report to .data/bench/<run>/. `--smoke` is the small run CI can afford.
 */

const PHASES = ['calibration', 'baselines', 'rush', 'statements', 'growth', 'steady', 'replay', 'pool', 'limits'];
const USAGE = `usage: npm run bench -- [--n 2000] [--smoke] [--apis 1|2] [--workers 1|2] [--lanes 4]
  [--baseline-n N] [--steady-rate 50] [--steady-seconds 30] [--replay-rounds 8] [--replay-job-histories 300] [--pool-cases 400]
  [--growth] [--growth-n 10000] [--growth-minutes 15] [--growth-concurrency 48]
  [--skip PHASE,… | --only PHASE,…] [--cpu-prof]
  phases: ${PHASES.join(', ')} [--worker-env KEY=VALUE ...] [--keep]`;

const { values: args } = parseArgs({
  options: {
    n: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    apis: { type: 'string', default: '1' },
    workers: { type: 'string', default: '1' },
    lanes: { type: 'string', default: '4' },
    'baseline-n': { type: 'string' },
    'steady-rate': { type: 'string' },
    'steady-seconds': { type: 'string' },
    growth: { type: 'boolean', default: false },
    'growth-n': { type: 'string' },
    'growth-minutes': { type: 'string' },
    'growth-concurrency': { type: 'string' },
    'replay-rounds': { type: 'string' },
    'replay-job-histories': { type: 'string' },
    'pool-cases': { type: 'string' },
    skip: { type: 'string', default: '' },
    only: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    'worker-env': { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

function int(name: string, v: string | undefined, fallback: number, min = 1): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number of at least ${min}, not "${v}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const smoke = args.smoke;
const cfg = {
  n: int('n', args.n, smoke ? 50 : 2000),
  apis: int('apis', args.apis, 1),
  workers: int('workers', args.workers, 1),
  lanes: int('lanes', args.lanes, 4),
  steadyRate: int('steady-rate', args['steady-rate'], smoke ? 10 : 50),
  steadySeconds: int('steady-seconds', args['steady-seconds'], smoke ? 5 : 30),
  /** The small growth point every run makes (open cases), and the big one `--growth` adds. */
  growthSmall: smoke ? 20 : 100,
  growthN: args.growth ? int('growth-n', args['growth-n'], 10_000) : null,
  /** The big point's budget: 13 minutes leaves a growth-only run (`--only growth --growth`) its start and stop within 15. */
  growthMinutes: int('growth-minutes', args['growth-minutes'], 13),
  growthConcurrency: int('growth-concurrency', args['growth-concurrency'], 48),
  /** Cases of each sub-type the calibration runs before the baselines (whose shapes it gives). */
  calibrationPerSubtype: smoke ? 1 : 2,
  /** Cases each baseline run starts (each kind runs before and after the rush). */
  baselineN: 0,
  /** Cases the statement probe drives alone (one per sub-type of the mix in turn). */
  probeCases: smoke ? 1 : MIX.length,
  replayRounds: int('replay-rounds', args['replay-rounds'], smoke ? 2 : 8),
  // The job's path replays up to this many of the rush's cases, fetched from the server.
  replayJobHistories: int('replay-job-histories', args['replay-job-histories'], smoke ? 50 : 300),
  poolCases: int('pool-cases', args['pool-cases'], smoke ? 40 : 400),
  submitConcurrency: 32,
  skip: new Set(args.only === undefined ? args.skip.split(',').filter(Boolean) : PHASES.filter((p) => !args.only!.split(',').includes(p))),
  workerEnv: Object.fromEntries(
    args['worker-env'].map((kv) => {
      const i = kv.indexOf('=');
      if (i < 1) {
        console.error(`--worker-env takes KEY=VALUE, not "${kv}"`);
        process.exit(2);
      }
      return [kv.slice(0, i), kv.slice(i + 1)];
    }),
  ) as Record<string, string>,
};
cfg.baselineN = int('baseline-n', args['baseline-n'], smoke ? Math.min(cfg.n, 20) : cfg.n);
for (const p of args.only?.split(',') ?? []) {
  if (!PHASES.includes(p)) {
    console.error(`--only names a phase, not "${p}"\n${USAGE}`);
    process.exit(2);
  }
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const log = (line: string): void => console.error(`[bench] ${line}`);
const runId = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = join(repoRoot(), '.data', 'bench', runId);
// The bench's own PostgreSQL sessions are named, so PostgreSQL's CPU counts only the apps' backends.
process.env.PGAPPNAME = 'bench';

type Measured<T> = T & { processes: CpuRow[]; cpuMsPerCase: Record<string, number> };

interface Report {
  runId: string;
  machine: { cpus: number; loadAverage: number[]; loadAverageAtEnd: number[]; node: string };
  config: Omit<typeof cfg, 'skip'> & { skip: string[]; idlePollMs: number };
  /** CPU ms of every process in every phase. */
  phases: { name: string; seconds: number; processes: CpuRow[] }[];
  rush?: Measured<Omit<RushResult, 'caseIds'>>;
  /** What the rush's cases record (a sample of histories per sub-type). */
  histories?: HistoryProfile[];
  /** The shapes the baselines copy: the calibration's cases, recorded before any baseline ran. */
  calibration?: HistoryProfile[];
  baselines?: { before: Measured<BaselineResult>[]; after: Measured<BaselineResult>[] };
  ratios?: Record<'a' | 'b', { before: number | null; after: number | null; mean: number | null; spreadPercent: number | null }>;
  /** Workflows started since the rush began, by type: all, and still running when it ended. */
  workflows?: { byType: Record<string, { started: number; running: number }>; rushCases: number };
  statements?: StatementsResult;
  steady?: SteadyResult;
  replay?: ReplayResult;
  pool?: PoolResult;
  /** Scaled out: one user's token requests spread over every API instance, against one per-user limit. */
  sharedLimit?: { instances: number; limit: number; sent: number; refused: number; shared: boolean };
  growth?: GrowthPoint[];
  profiles?: (ProfileSummary & { process: string })[];
  failures: string[];
}

/** Per complete case: each process's CPU, the total, and the baselines' (which touch only Temporal and their worker). */
function perCase(rows: CpuRow[], n: number, only?: string[]): Record<string, number> {
  const counted = only ? rows.filter((r) => only.includes(r.name)) : rows.filter((r) => r.name !== 'bench' && r.name !== 'baseline-worker');
  const out: Record<string, number> = {};
  for (const r of counted) out[r.name] = round(r.cpuMs / n);
  out.total = round(counted.reduce((s, r) => s + r.cpuMs, 0) / n);
  return out;
}

async function main(): Promise<void> {
  // The replay phase runs a replay worker here: its state changes are not the report.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  mkdirSync(outDir, { recursive: true });
  const os = await import('node:os');
  const report: Report = {
    runId,
    machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => round(l, 2)), loadAverageAtEnd: [], node: process.version },
    config: { ...cfg, skip: [...cfg.skip], idlePollMs: IDLE_POLL_MS },
    phases: [],
    failures: [],
  };
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${join(outDir, 'profiles')}`] : [];
  log(`run ${runId}: N=${cfg.n}, ${cfg.apis} API, ${cfg.workers} worker process(es)${smoke ? ' (smoke)' : ''}; output in ${outDir}`);
  log(`load average ${report.machine.loadAverage.join(' ')} at the start (2 cores shared: figures are noisy when it is high)`);
  const stack = await startBenchStack({ runDir: outDir, apis: cfg.apis, workers: cfg.workers, workerEnv: cfg.workerEnv, nodeArgs, log });
  const apiUrls = stack.apis.map((a) => a.url!);
  const baselineQueue = `${stack.taskQueue}-baseline`;
  const baselineWorker = withLogFd(join(outDir, 'baseline-worker.log'), (fd) =>
    spawn(process.execPath, ['-r', 'ts-node/register', join(repoRoot(), 'bench', 'baseline', 'worker.ts')], {
      cwd: repoRoot(),
      env: { ...stack.appEnv, TS_NODE_TRANSPILE_ONLY: 'true', TEMPORAL_TASK_QUEUE: baselineQueue },
      stdio: ['ignore', fd, fd],
    }),
  );
  /** Every process's meter: API(s), worker(s), Temporal, the baselines' worker, PostgreSQL's backends, the bench. */
  const meters = async (): Promise<Meter[]> => {
    const m: Meter[] = [...stack.apis, ...stack.workers].map((p) => new Watch(p.name, p.child.pid!));
    if (stack.temporal) m.push(new Watch('temporal', stack.temporal.child.pid!));
    m.push(new Watch('baseline-worker', baselineWorker.pid!));
    m.push(await PgWatch.start(stack.databaseUrl));
    m.push(new SelfWatch());
    return m;
  };
  const stopAll = (m: Meter[]): Promise<CpuRow[]> => Promise.all(m.map((x) => x.stop()));
  const phase = async (name: string, skipAs: string, fn: () => Promise<void>): Promise<void> => {
    if (cfg.skip.has(skipAs)) return;
    log(`${name}…`);
    const m = await meters();
    const t0 = performance.now();
    try {
      await fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      report.failures.push(`${name}: ${message}`);
      log(`${name} FAILED: ${message}`);
    } finally {
      report.phases.push({ name, seconds: round((performance.now() - t0) / 1000), processes: await stopAll(m) });
    }
  };
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.namespace });
  const withPg = async <T>(fn: (pg: PgClient) => Promise<T>): Promise<T> => {
    const pg = new PgClient({ connectionString: stack.databaseUrl });
    await pg.connect();
    try {
      return await fn(pg);
    } finally {
      await pg.end();
    }
  };
  let offset = 0;
  /** The replay phase replays these as the admin's job would (fetched from the server). */
  let rushCaseIds: string[] = [];
  const profileNames = new Map<number, string>();
  const wantBaselines = !cfg.skip.has('baselines');
  const baselines = async (): Promise<Measured<BaselineResult>[]> => {
    if (!report.calibration?.length) throw new Error('the baselines copy the calibration cases’ shapes: it did not run');
    const out: Measured<BaselineResult>[] = [];
    for (const kind of ['a', 'b'] as const) {
      const m = await meters();
      const b = await runBaseline({
        kind,
        address: stack.temporalAddress,
        namespace: stack.namespace,
        taskQueue: baselineQueue,
        n: cfg.baselineN,
        profiles: report.calibration,
        submitConcurrency: cfg.submitConcurrency,
        lanes: cfg.lanes,
        idlePollMs: IDLE_POLL_MS,
      });
      const processes = await stopAll(m);
      out.push({ ...b, processes, cpuMsPerCase: perCase(processes, b.n, ['temporal', 'baseline-worker']) });
      log(`  baseline (${kind}): ${b.completeCasesPerSecond} complete cases/s`);
    }
    return out;
  };
  try {
    if (wantBaselines && !cfg.skip.has('calibration'))
      await phase('calibration', 'calibration', async () => {
        // A few cases of each sub-type, alone, so the baselines have the shapes to copy before the rush.
        const n = cfg.calibrationPerSubtype * MIX.length;
        const r = await rush({
          apiUrls,
          databaseUrl: stack.databaseUrl,
          n,
          offset,
          lanes: cfg.lanes,
          submitConcurrency: cfg.submitConcurrency,
          timeoutMs: 300_000,
          log,
        });
        offset += n;
        report.calibration = await withPg((pg) => profileHistories(client, pg, cfg.calibrationPerSubtype, r.caseIds));
      });
    report.baselines = { before: [], after: [] };
    if (wantBaselines)
      await phase('baselines (before the rush)', 'baselines', async () => {
        report.baselines!.before = await baselines();
      });
    await phase('rush', 'rush', async () => {
      const m = await meters();
      const startedAt = new Date();
      const r = await rush({
        apiUrls,
        databaseUrl: stack.databaseUrl,
        n: cfg.n,
        offset,
        lanes: cfg.lanes,
        submitConcurrency: cfg.submitConcurrency,
        timeoutMs: Math.max(300_000, cfg.n * 1_000),
        log,
      });
      offset += cfg.n;
      const processes = await stopAll(m);
      const { caseIds, ...rest } = r;
      rushCaseIds = caseIds;
      report.rush = { ...rest, processes, cpuMsPerCase: perCase(processes, r.n) };
      // A broken invariant fails the run (exit code 1), however good the figures.
      for (const f of integrityFailures(r.integrity)) report.failures.push(`rush integrity: ${f}`);
      report.histories = await withPg((pg) => profileHistories(client, pg, smoke ? 3 : 10, caseIds));
      report.workflows = { byType: await workflowsSince(client, startedAt), rushCases: r.n };
    });
    if (wantBaselines)
      await phase('baselines (after the rush)', 'baselines', async () => {
        report.baselines!.after = await baselines();
      });
    report.ratios = ratios(report);
    await phase('statements per route', 'statements', async () => {
      report.statements = await statementProbe({
        apiUrls,
        apiCounters: stack.apis.map((a) => a.statementsUrl),
        workerCounters: stack.workers.map((w) => w.statementsUrl),
        databaseUrl: stack.databaseUrl,
        offset,
        cases: cfg.probeCases,
      });
      offset += cfg.probeCases;
    });
    const workerPids = stack.workers.map((w) => w.child.pid!);
    report.growth = [];
    const growth = async (target: number, minutes: number): Promise<void> => {
      const p = await growthPoint({
        apiUrls,
        databaseUrl: stack.databaseUrl,
        target,
        workerPids,
        offset,
        concurrency: cfg.growthConcurrency,
        deadline: Date.now() + minutes * 60_000,
        log,
      });
      offset += p.submitted;
      const { submitted: _s, ...point } = p;
      report.growth!.push(point);
      if (!p.reachedTarget) report.failures.push(`growth: ${p.openCases} of ${target} cases open within ${minutes} minutes`);
    };
    // Without --growth, a small point, so every run reports the worker's memory per open case and the inbox.
    if (cfg.growthN === null) await phase(`growth to ${cfg.growthSmall} open cases`, 'growth', () => growth(cfg.growthSmall, 5));
    await phase('steady', 'steady', async () => {
      report.steady = await steady({ apiUrls, databaseUrl: stack.databaseUrl, rate: cfg.steadyRate, seconds: cfg.steadySeconds, offset });
      offset += cfg.steadyRate * cfg.steadySeconds;
    });
    if (cfg.growthN !== null) {
      const n = cfg.growthN;
      await phase(`growth to ${n} open cases`, 'growth', () => growth(n, cfg.growthMinutes));
    }
    await phase('replay', 'replay', async () => {
      const workflowIds = rushCaseIds.slice(0, cfg.replayJobHistories).map(caseWorkflowId);
      report.replay = await replay(cfg.replayRounds, { client, taskQueue: stack.taskQueue, workflowIds });
      const j = report.replay.job;
      if (j && j.failed + j.diverged > 0) report.failures.push(`replay: ${j.failed} failed and ${j.diverged} diverged of ${j.histories} rush cases`);
    });
    await phase('pool', 'pool', async () => {
      const p = await poolContention({ databaseUrl: stack.databaseUrl, cases: cfg.poolCases, concurrency: 32 });
      report.pool = p;
      if (p.succeeded !== p.expectedToSucceed || p.overspentFen !== '0' || p.duplicateReservations !== 0)
        report.failures.push(`pool: ${p.succeeded} of ${p.expectedToSucceed} held, ${p.overspentFen} fen overspent, ${p.duplicateReservations} duplicates`);
    });
    if (apiUrls.length > 1)
      await phase('shared rate limit', 'limits', async () => {
        // Twice the limit, round-robin over the instances: limited as one, the excess is refused.
        const sent = 2 * TOKEN_LIMIT_PER_USER;
        let refused = 0;
        for (let i = 0; i < sent; i++) {
          const r = await call(`${apiUrls[i % apiUrls.length]!}/auth/dev-token`, 'POST', null, { userId: 'admin' });
          if (r.status === 429) refused++;
        }
        report.sharedLimit = { instances: apiUrls.length, limit: TOKEN_LIMIT_PER_USER, sent, refused, shared: stack.redisUrl !== null };
        if (stack.redisUrl !== null && refused !== sent - TOKEN_LIMIT_PER_USER)
          report.failures.push(`shared rate limit: ${refused} of ${sent} refused over ${apiUrls.length} APIs, expected ${sent - TOKEN_LIMIT_PER_USER}`);
      });
  } finally {
    for (const p of [...stack.apis, ...stack.workers]) profileNames.set(p.child.pid!, p.name);
    report.machine.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
    await connection.close();
    await stopChild(baselineWorker, ['SIGTERM'], 10_000);
    await stack.stop();
    if (!args.keep) rmSync(join(outDir, 'temporal.db'), { force: true });
  }
  const profileDir = join(outDir, 'profiles');
  if (args['cpu-prof'] && existsSync(profileDir))
    report.profiles = readdirSync(profileDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => {
        // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; the worker's workflow threads write their own.
        const [, pid, thread] = /\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(f) ?? [];
        const name = profileNames.get(Number(pid)) ?? f;
        return { ...summariseProfile(join(profileDir, f)), process: thread && thread !== '0' ? `${name} (thread ${thread})` : name };
      });
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = markdown(report);
  writeFileSync(join(outDir, 'report.md'), md);
  console.log(md);
  log(`wrote ${join(outDir, 'report.json')} and report.md`);
  process.exitCode = report.failures.length ? 1 : 0;
}

/** Workflows started since `since`, by type (the baselines' left out): how many, and how many still run. */
async function workflowsSince(client: Client, since: Date): Promise<Record<string, { started: number; running: number }>> {
  const out: Record<string, { started: number; running: number }> = {};
  for await (const w of client.workflow.list({ query: `StartTime >= "${since.toISOString()}"` })) {
    if (w.type === 'baselineCaseWorkflow') continue;
    const row = (out[w.type] ??= { started: 0, running: 0 });
    row.started++;
    if (w.status.name === 'RUNNING') row.running++;
  }
  return out;
}

function ratios(r: Report): Report['ratios'] {
  const ours = r.rush?.completeCasesPerSecond ?? null;
  const one = (kind: 'a' | 'b'): NonNullable<Report['ratios']>['a'] => {
    const before = r.baselines?.before.find((b) => b.kind === kind)?.completeCasesPerSecond ?? null;
    const after = r.baselines?.after.find((b) => b.kind === kind)?.completeCasesPerSecond ?? null;
    const runs = [before, after].filter((x): x is number => x !== null);
    const mean = runs.length ? runs.reduce((a, b) => a + b, 0) / runs.length : null;
    return {
      before: ours && before ? round(ours / before, 2) : null,
      after: ours && after ? round(ours / after, 2) : null,
      mean: ours && mean ? round(ours / mean, 2) : null,
      spreadPercent: runs.length === 2 && mean ? round((100 * Math.abs(runs[0]! - runs[1]!)) / mean) : null,
    };
  };
  return { a: one('a'), b: one('b') };
}

const fmt = (v: number | null | undefined, unit = ''): string => (v === null || v === undefined ? '–' : `${v}${unit}`);
const lat = (s: { p50: number | null; p99: number | null } | undefined): string => (s ? `${fmt(s.p50)} / ${fmt(s.p99)} ms` : '–');
const kv = (o: Record<string, number>): string =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** The targets of issue #19, printed beside the figures and never asserted. */
const TARGET = {
  ratio: '≥ 1.0',
  cpu: '≤ 200 ms, Temporal ≤ 100',
  events: '≤ 30 / 50 / 70',
  p99: '≤ 300 ms',
  steady: '≤ 100 ms, no backlog',
  replay: '≥ 500/s',
  rss: '≤ 1 GB with 10,000 open cases',
  inbox: 'p99 ≤ 100 ms at 10,000 open tasks',
};

/** The table people read: the issue's rows with their targets first, then where the time went. */
export function markdown(r: Report): string {
  const rows: [string, string, string][] = [];
  const add = (what: string, value: string, target = ''): void => void rows.push([what, value, target]);
  const ratio = (k: 'a' | 'b'): string => {
    const x = r.ratios?.[k];
    if (!x || x.mean === null) return '– (baselines or rush skipped)';
    return `**${x.mean}** (before the rush ${fmt(x.before)}, after ${fmt(x.after)}; the baseline's spread ${fmt(x.spreadPercent, '%')})`;
  };
  add('ours ÷ baseline (a), same activities', ratio('a'), TARGET.ratio);
  add('ours ÷ baseline (b), the minimum', ratio('b'), TARGET.ratio);
  const c = r.rush?.cpuMsPerCase;
  add(
    'CPU per complete case, all processes',
    c
      ? `**${c.total} ms** (${Object.entries(c)
          .filter(([k]) => k !== 'total')
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`
      : '–',
    TARGET.cpu,
  );
  const h = (code: string): HistoryProfile | undefined => r.histories?.find((x) => x.measure === code);
  const ev = ['m2', 'm10', 'm9-special'].map((code) => fmt(h(code)?.events)).join(' / ');
  const wt = ['m2', 'm10', 'm9-special'].map((code) => fmt(h(code)?.workflowTasks)).join(' / ');
  add(
    'events per case (m2 / m10 / m9-special)',
    `**${ev}** (workflow tasks ${wt}; m15 ${fmt(h('m15')?.events)} / ${fmt(h('m15')?.workflowTasks)})`,
    TARGET.events,
  );
  add('claim, decision p99 in the rush', r.rush ? `**${fmt(r.rush.claim.p99)} ms, ${fmt(r.rush.decision.p99)} ms**` : '–', TARGET.p99);
  const s = r.steady;
  add(
    `submissions at ${s?.offeredPerSecond ?? r.config.steadyRate}/s for ${s?.seconds ?? r.config.steadySeconds} s: p99, backlog`,
    s ? `**${fmt(s.submit.p99)} ms, backlog ${fmt(s.firstTaskBacklogSeconds, ' s')}**` : '–',
    TARGET.steady,
  );
  add(
    'replay',
    r.replay
      ? `**${r.replay.historiesPerSecond} histories/s** (the corpus in the job's batches through one replay worker; ${r.replay.workerPerBatch.historiesPerSecond}/s with a worker per batch; the job's path with each history fetched from the server ${r.replay.job ? `${r.replay.job.historiesPerSecond}/s` : '–'})`
      : '–',
    TARGET.replay,
  );
  const big = r.growth?.length ? r.growth[r.growth.length - 1] : undefined;
  const workerPeak = r.rush?.processes
    .filter((p) => p.name.startsWith('worker'))
    .map((p) => `${p.peakRssMiB} MiB`)
    .join(' + ');
  add(
    'worker RSS',
    `**${workerPeak ? `${workerPeak} peak at N=${r.rush!.n}` : '–'}**; ${
      big
        ? `${big.workerRssMiB} MiB with ${big.openCases} open cases (peak ${big.workerRssPeakMiB} MiB while they opened), ${fmt(big.rssKiBPerOpenCase)} KiB per case opened${
            // A projection from a handful of cases would be noise: only from a real growth point.
            big.openCases >= 500 && big.openCases < 10_000 && big.rssKiBPerOpenCase !== null
              ? ` (≈ ${Math.round(big.workerRssMiB + (big.rssKiBPerOpenCase * (10_000 - big.openCases)) / 1024)} MiB at 10,000 if it grew on so)`
              : ''
          }`
        : 'no growth run'
    }`,
    TARGET.rss,
  );
  add('inbox at open tasks (growth)', big ? `p99 ${fmt(big.inbox.p99)} ms at ${big.openTasks} open tasks (${big.openCases} open cases)` : '–', TARGET.inbox);

  const detail: [string, string][] = [];
  const more = (what: string, value: string): void => void detail.push([what, value]);
  if (r.rush) {
    const x = r.rush;
    more('rush: complete cases/s', `${x.completeCasesPerSecond} (${x.n} cases in ${x.wallSeconds} s)`);
    more('rush: submit / claim / decision / inbox p50 / p99', [x.submit, x.claim, x.decision, x.inbox].map(lat).join('; '));
    more('rush: tasks per case', String(x.tasksPerCase));
    more('rush: refused claims / decisions, submissions retried after a 503', `${x.refusedClaims} / ${x.refusedDecisions}, ${x.submitRetries}`);
    more('rush: outcomes', kv(x.outcomes));
    more(
      `rush: integrity (${Object.values(INTEGRITY_LABELS).join(', ')}; all 0)`,
      (Object.keys(INTEGRITY_LABELS) as (keyof typeof INTEGRITY_LABELS)[]).map((k) => x.integrity[k]).join(', '),
    );
    const pgRow = x.processes.find((p) => p.name === 'postgres');
    if (pgRow?.bySession) more('rush: PostgreSQL CPU ms by client', kv(pgRow.bySession));
    more(
      'rush: RSS MiB (peak)',
      x.processes
        .filter((p) => p.peakRssMiB > 0)
        .map((p) => `${p.name} ${p.peakRssMiB}`)
        .join(', '),
    );
  }
  if (r.workflows) {
    const w = r.workflows;
    const per = (v: number): number => round(v / w.rushCases, 2);
    more(
      'workflows per rush case (started since the rush began; the calibration’s payments may add)',
      Object.entries(w.byType)
        .map(([t, v]) => `${t} ${per(v.started)}`)
        .join(', '),
    );
    more(
      'workflows left open when the rush ended',
      Object.entries(w.byType)
        .filter(([, v]) => v.running > 0)
        .map(([t, v]) => `${t} ${v.running} (${per(v.running)} per case)`)
        .join(', ') || 'none',
    );
  }
  const officer = `one officer per bureau, ${r.config.lanes} tasks at a time, learning of tasks at a look at its inbox (${r.config.idlePollMs} ms apart when idle)`;
  more('officers (rush and baselines alike)', `${officer}; baselines of ${r.config.baselineN} cases against the rush's ${r.config.n}`);
  if (r.rush) more('task wait, ready → claim: rush mean, p99', `${fmt(r.rush.taskWait.mean)} ms, ${fmt(r.rush.taskWait.p99)} ms`);
  for (const when of ['before', 'after'] as const)
    for (const b of r.baselines?.[when] ?? []) {
      more(
        `baseline (${b.kind}) ${when} the rush: complete cases/s, update p50 / p99, task wait mean / p99`,
        `${b.completeCasesPerSecond}, ${lat(b.update)}, ${fmt(b.taskWait.mean)} / ${fmt(b.taskWait.p99)} ms`,
      );
      more(`baseline (${b.kind}) ${when} the rush: CPU ms per case`, kv(b.cpuMsPerCase));
    }
  if (s)
    more(
      'steady: keeps up',
      `${s.keepsUp ? 'yes' : 'no'} (answered ${s.achievedPerSecond}/s, p50 ${fmt(s.submit.p50)} ms, p99 first third ${fmt(s.firstThirdP99)} → last ${fmt(s.lastThirdP99)} ms)`,
    );
  for (const g of r.growth ?? [])
    more(
      `growth to ${g.target}: open cases, tasks, time, inbox p50 / p99, worker RSS`,
      `${g.openCases}, ${g.openTasks}, ${g.seconds} s, ${lat(g.inbox)}, ${g.workerRssBeforeMiB} → ${g.workerRssMiB} MiB (${fmt(g.rssKiBPerOpenCase)} KiB per case opened; peak ${g.workerRssPeakMiB} MiB)`,
    );
  if (r.replay) {
    more(
      'replay',
      `${r.replay.histories} replays of ${r.replay.distinct} histories in ${r.replay.seconds} s, ${r.replay.failures} failed; a worker per batch ${r.replay.workerPerBatch.seconds} s`,
    );
    const j = r.replay.job;
    if (j) more("replay: the admin job's path (fetch + replay)", `${j.histories} rush cases in ${j.seconds} s, ${j.failed} failed, ${j.diverged} diverged`);
  }
  if (r.pool) {
    const p = r.pool;
    more('pool: reservations/s', `${p.reservationsPerSecond} (${p.attempts} attempts, ${p.concurrency} at once)`);
    more('pool: held / expected, overspent, duplicates', `${p.succeeded} / ${p.expectedToSucceed}, ${p.overspentFen} fen, ${p.duplicateReservations}`);
  }
  if (r.sharedLimit) {
    const l = r.sharedLimit;
    more(
      `shared rate limit: ${l.sent} token requests of one user over ${l.instances} APIs (limit ${l.limit})`,
      `${l.refused} refused (${l.shared ? 'counters in Redis: limited as one' : 'no Redis: each instance counts alone'})`,
    );
  }

  const procNames = [...new Set(r.phases.flatMap((p) => p.processes.map((x) => x.name)))];
  const lines = [
    `# Benchmark ${r.runId}`,
    '',
    `${r.machine.cpus} CPUs, **load average ${r.machine.loadAverage.join(' ')} at the start, ${r.machine.loadAverageAtEnd.join(' ')} at the end** (1, 5, 15 min), Node ${r.machine.node}; N=${r.config.n}, ${r.config.apis} API and ${r.config.workers} worker process(es).`,
    '',
    '| measure (issue #19) | value | target |',
    '| --- | --- | --- |',
    ...rows.map(([a, b, t]) => `| ${a} | ${b} | ${t} |`),
    '',
    '## Detail',
    '',
    '| measure | value |',
    '| --- | --- |',
    ...detail.map(([a, b]) => `| ${a} | ${b} |`),
    '',
    '## CPU ms by phase and process',
    '',
    'PostgreSQL is the backends serving the bench database (not the bench’s own sessions, not the server’s shared processes).',
    '',
    `| phase | seconds | ${procNames.join(' | ')} |`,
    `| --- | --- | ${procNames.map(() => '---').join(' | ')} |`,
    ...r.phases.map((p) => `| ${p.name} | ${p.seconds} | ${procNames.map((n) => fmt(p.processes.find((x) => x.name === n)?.cpuMs)).join(' | ')} |`),
    '',
    ...(r.histories?.length
      ? [
          '## What a rush case records (sample of histories)',
          '',
          '| sub-type | cases | events | workflow tasks | activities | local activities | updates | tasks by stage | its children so far: events (workflow tasks) |',
          '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
          ...r.histories.map(
            (x) =>
              `| ${x.measure} | ${x.cases} | ${x.events} | ${x.workflowTasks} | ${kv(x.activities)} | ${x.localActivities} | ${kv(x.updates)} | ${x.stages.join(' → ')} | ${fmt(x.childEvents)} (${fmt(x.childWorkflowTasks)}) |`,
          ),
          '',
        ]
      : []),
    ...(r.statements
      ? [
          '## SQL statements per route',
          '',
          `Counted by a \`pg\` wrapper the bench preloads into the API and worker (bench/statements-preload.js), ${r.statements.cases} case(s) driven alone after the rush, one sub-type of the mix after another; the worker's are those its activities ran after the call, until it was quiet.`,
          '',
          '| route | calls | API statements per call (max) | worker statements after it |',
          '| --- | --- | --- | --- |',
          ...r.statements.routes.map((x) => `| ${x.route} | ${x.calls} | ${x.api} (${x.apiMax}) | ${x.worker} |`),
          '',
          `Worker statements by activity over the probe: ${kv(r.statements.workerByActivity) || 'none'}.`,
          '',
        ]
      : []),
    ...(r.profiles?.length
      ? [
          '## CPU profile by package (self time, % of busy)',
          '',
          ...r.profiles.flatMap((p) => [`- ${p.process}: ${p.busyMs} ms busy — ${p.byPackage.map(([k, v]) => `${k} ${v}%`).join(', ')}`]),
          '',
          // What Nest's Fastify adapter could save at most: the HTTP framework's own code (Nest's routing, guards
          // and pipes, Prisma and our code stay the same under either adapter, and Fastify's own code is not free).
          ...r.profiles
            .filter((p) => p.process.startsWith('api'))
            .map(
              (p) =>
                `Express and its middleware (${EXPRESS_STACK.join(', ')}) in ${p.process}: ${p.expressPercent}% of its busy CPU, the most Nest's Fastify adapter could save.`,
            ),
          '',
        ]
      : []),
    ...(r.failures.length ? ['## Failures', '', ...r.failures.map((f) => `- ${f}`), ''] : []),
  ];
  return `${lines.join('\n')}\n`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
