import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { repoRoot } from '../src/common/paths';
import { stopChild, withLogFd } from '../src/stack/process';
import { runBaseline, type BaselineResult } from './baseline/drive';
import { BUREAUS } from './cases';
import { Watch } from './procs';
import { growthPoint, poolContention, replay, steady, type GrowthPoint, type PoolResult, type ReplayResult, type SteadyResult } from './phases';
import { INTEGRITY_LABELS, integrityFailures, profileHistories, rush, type HistoryProfile, type RushResult } from './rush';
import { startBenchStack, type BenchStack } from './stack';
import { round } from './stats';

/*
 * `npm run bench`: the deadline rush against two bare-Temporal baselines on the same server, steady
 * submissions, replay, pool contention and growth. Prints a table; writes JSON and a markdown
 * report to .data/bench/<run>/. `--smoke` is the small run CI can afford.
 */

const USAGE = `usage: npm run bench -- [--n 2000] [--smoke] [--apis 1|2] [--workers 1|2] [--lanes 4]
  [--steady-rate 50] [--steady-seconds 30] [--growth 100,10000] [--replay-rounds 8] [--pool-cases 400]
  [--skip rush,baselines,steady,replay,pool,growth] [--cpu-prof] [--worker-env KEY=VALUE ...] [--keep]`;

const { values: args } = parseArgs({
  options: {
    n: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    apis: { type: 'string', default: '1' },
    workers: { type: 'string', default: '1' },
    lanes: { type: 'string', default: '4' },
    'steady-rate': { type: 'string' },
    'steady-seconds': { type: 'string' },
    growth: { type: 'string' },
    'replay-rounds': { type: 'string' },
    'pool-cases': { type: 'string' },
    skip: { type: 'string', default: '' },
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
  growth: (args.growth ?? (smoke ? '20,100' : '100,10000')).split(',').map((g) => int('growth', g, 0)),
  replayRounds: int('replay-rounds', args['replay-rounds'], smoke ? 1 : 8),
  poolCases: int('pool-cases', args['pool-cases'], smoke ? 40 : 400),
  submitConcurrency: 32,
  skip: new Set(args.skip.split(',').filter(Boolean)),
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
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const log = (line: string): void => console.error(`[bench] ${line}`);
const runId = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = join(repoRoot(), '.data', 'bench', runId);

interface CpuRow {
  name: string;
  cpuMs: number;
  rssMiB: number;
  peakRssMiB: number;
}

interface Report {
  runId: string;
  machine: { cpus: number; loadAverage: number[]; node: string };
  config: Omit<typeof cfg, 'skip'> & { skip: string[] };
  rush?: Omit<RushResult, 'caseIds'> & { processes: CpuRow[]; cpuMsPerCase: Record<string, number> };
  histories?: HistoryProfile[];
  baselines?: (BaselineResult & { processes: CpuRow[]; cpuMsPerCase: Record<string, number> })[];
  ratios?: { ofBaselineA: number | null; ofBaselineB: number | null };
  steady?: SteadyResult;
  replay?: ReplayResult;
  pool?: PoolResult;
  growth?: GrowthPoint[];
  failures: string[];
}

function watches(stack: BenchStack, extra: { name: string; pid: number }[] = []): Watch[] {
  const w = [...stack.apis, ...stack.workers].map((p) => new Watch(p.name, p.child.pid!));
  if (stack.temporal) w.push(new Watch('temporal', stack.temporal.child.pid!));
  for (const e of extra) w.push(new Watch(e.name, e.pid));
  return w;
}

function perCase(rows: CpuRow[], n: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.name] = round(r.cpuMs / n);
  out.total = round(rows.reduce((s, r) => s + r.cpuMs, 0) / n);
  return out;
}

async function main(): Promise<void> {
  // The replay phase runs a replay worker here: its state changes are not the report.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  mkdirSync(outDir, { recursive: true });
  const os = await import('node:os');
  const report: Report = {
    runId,
    machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((l) => round(l, 2)), node: process.version },
    config: { ...cfg, skip: [...cfg.skip] },
    failures: [],
  };
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${join(outDir, 'profiles')}`] : [];
  log(`run ${runId}: N=${cfg.n}, ${cfg.apis} API, ${cfg.workers} worker process(es)${smoke ? ' (smoke)' : ''}; output in ${outDir}`);
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
  const phase = async (name: string, fn: () => Promise<void>): Promise<void> => {
    if (cfg.skip.has(name)) return;
    log(`${name}…`);
    try {
      await fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      report.failures.push(`${name}: ${message}`);
      log(`${name} FAILED: ${message}`);
    }
  };
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection, namespace: stack.namespace });
  let offset = cfg.n;
  try {
    await phase('rush', async () => {
      const w = watches(stack);
      const r = await rush({
        apiUrls,
        databaseUrl: stack.databaseUrl,
        n: cfg.n,
        lanes: cfg.lanes,
        submitConcurrency: cfg.submitConcurrency,
        timeoutMs: Math.max(300_000, cfg.n * 1_000),
        log,
      });
      const processes = w.map((x) => x.stop());
      const { caseIds: _ids, ...rest } = r;
      report.rush = { ...rest, processes, cpuMsPerCase: perCase(processes, r.n) };
      // A broken invariant fails the run (exit code 1), however good the figures.
      for (const f of integrityFailures(r.integrity)) report.failures.push(`rush integrity: ${f}`);
      const pg = new PgClient({ connectionString: stack.databaseUrl });
      await pg.connect();
      try {
        report.histories = await profileHistories(client, pg, smoke ? 3 : 10);
      } finally {
        await pg.end();
      }
    });
    await phase('baselines', async () => {
      if (!report.histories?.length) throw new Error('the baselines copy the rush cases’ histories: run the rush too');
      report.baselines = [];
      for (const kind of ['a', 'b'] as const) {
        const w = watches({ ...stack, apis: [], workers: [] }, [{ name: 'baseline-worker', pid: baselineWorker.pid! }]);
        const b = await runBaseline({
          kind,
          address: stack.temporalAddress,
          namespace: stack.namespace,
          taskQueue: baselineQueue,
          n: cfg.n,
          profiles: report.histories,
          submitConcurrency: cfg.submitConcurrency,
          officersInFlight: BUREAUS.length * cfg.lanes,
        });
        const processes = w.map((x) => x.stop());
        report.baselines.push({ ...b, processes, cpuMsPerCase: perCase(processes, b.n) });
      }
      const ours = report.rush?.completeCasesPerSecond ?? null;
      const [a, b] = report.baselines;
      report.ratios = {
        ofBaselineA: ours && a ? round(ours / a.completeCasesPerSecond, 2) : null,
        ofBaselineB: ours && b ? round(ours / b.completeCasesPerSecond, 2) : null,
      };
    });
    const workerPids = stack.workers.map((w) => w.child.pid!);
    report.growth = [];
    await phase('growth', async () => {
      report.growth!.push(await growthPoint({ apiUrls, databaseUrl: stack.databaseUrl, target: cfg.growth[0]!, workerPids, offset, log }));
      offset += cfg.growth[0]!;
    });
    await phase('steady', async () => {
      report.steady = await steady({ apiUrls, databaseUrl: stack.databaseUrl, rate: cfg.steadyRate, seconds: cfg.steadySeconds, offset });
      offset += cfg.steadyRate * cfg.steadySeconds;
    });
    await phase('growth', async () => {
      if (cfg.growth[1] !== undefined)
        report.growth!.push(await growthPoint({ apiUrls, databaseUrl: stack.databaseUrl, target: cfg.growth[1], workerPids, offset, log }));
    });
    await phase('replay', async () => {
      report.replay = await replay(cfg.replayRounds);
    });
    await phase('pool', async () => {
      const p = await poolContention({ databaseUrl: stack.databaseUrl, cases: cfg.poolCases, concurrency: 32 });
      report.pool = p;
      if (p.succeeded !== p.expectedToSucceed || p.overspentFen !== '0' || p.duplicateReservations !== 0)
        report.failures.push(`pool: ${p.succeeded} of ${p.expectedToSucceed} held, ${p.overspentFen} fen overspent, ${p.duplicateReservations} duplicates`);
    });
  } finally {
    await connection.close();
    await stopChild(baselineWorker, ['SIGTERM'], 10_000);
    await stack.stop();
    if (!args.keep) rmSync(join(outDir, 'temporal.db'), { force: true });
  }
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = markdown(report);
  writeFileSync(join(outDir, 'report.md'), md);
  console.log(md);
  log(`wrote ${join(outDir, 'report.json')} and report.md`);
  process.exitCode = report.failures.length ? 1 : 0;
}

const fmt = (v: number | null | undefined, unit = ''): string => (v === null || v === undefined ? '–' : `${v}${unit}`);
const lat = (s: { p50: number | null; p99: number | null } | undefined): string => (s ? `${fmt(s.p50)} / ${fmt(s.p99)} ms` : '–');

/** The table people read: figures first, then the targets of issue #13 (reported, never asserted). */
export function markdown(r: Report): string {
  const rows: [string, string, string][] = [];
  const add = (what: string, value: string, target = ''): void => void rows.push([what, value, target]);
  if (r.rush) {
    add('rush: complete cases/s', `${r.rush.completeCasesPerSecond} (${r.rush.n} cases in ${r.rush.wallSeconds} s)`, '≥ 10');
    add('rush: submit p50 / p99', lat(r.rush.submit));
    add('rush: claim p50 / p99', lat(r.rush.claim));
    add('rush: decision p50 / p99', lat(r.rush.decision));
    add('rush: tasks per case', String(r.rush.tasksPerCase));
    add('rush: refused claims / decisions, submissions retried after a 503', `${r.rush.refusedClaims} / ${r.rush.refusedDecisions}, ${r.rush.submitRetries}`);
    add(
      'rush: outcomes',
      Object.entries(r.rush.outcomes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    );
    add(
      `rush: integrity (${Object.values(INTEGRITY_LABELS).join(', ')})`,
      (Object.keys(INTEGRITY_LABELS) as (keyof typeof INTEGRITY_LABELS)[]).map((k) => r.rush!.integrity[k]).join(', '),
      'all 0',
    );
    add(
      'rush: CPU ms per complete case',
      Object.entries(r.rush.cpuMsPerCase)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
      'total ≤ 150',
    );
    add('rush: RSS MiB (peak)', r.rush.processes.map((p) => `${p.name} ${p.peakRssMiB}`).join(', '));
  }
  for (const b of r.baselines ?? []) {
    add(`baseline (${b.kind}): complete cases/s`, `${b.completeCasesPerSecond} (update p50/p99 ${lat(b.update)})`);
    add(
      `baseline (${b.kind}): CPU ms per case`,
      Object.entries(b.cpuMsPerCase)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    );
  }
  if (r.ratios) {
    add('**ours ÷ baseline (a)**', fmt(r.ratios.ofBaselineA), '≥ 0.9');
    add('**ours ÷ baseline (b)**', fmt(r.ratios.ofBaselineB), '≥ 0.8');
  }
  if (r.steady) {
    const s = r.steady;
    add(`steady ${s.offeredPerSecond}/s for ${s.seconds} s: submit p50 / p99`, lat(s.submit), 'p99 ≤ 100 ms');
    add(
      'steady: keeps up',
      `${s.keepsUp ? 'yes' : 'no'} (answered ${s.achievedPerSecond}/s, p99 first third ${fmt(s.firstThirdP99)} → last ${fmt(s.lastThirdP99)} ms, first-task backlog ${fmt(s.firstTaskBacklogSeconds, ' s')})`,
    );
  }
  for (const g of r.growth ?? [])
    add(
      `growth: ${g.openCases} open cases: inbox p50 / p99, worker RSS`,
      `${lat(g.inbox)}, ${g.workerRssMiB} MiB`,
      'inbox p99 < 100 ms, RSS < 1 GiB at 10,000',
    );
  if (r.replay)
    add('replay: histories/s', `${r.replay.historiesPerSecond} (${r.replay.histories} replays of ${r.replay.distinct}, ${r.replay.failures} failed)`, '≥ 200');
  if (r.pool) {
    const p = r.pool;
    add('pool: reservations/s', `${p.reservationsPerSecond} (${p.attempts} attempts, ${p.concurrency} at once)`);
    add(
      'pool: held / expected, overspent, duplicates',
      `${p.succeeded} / ${p.expectedToSucceed}, ${p.overspentFen} fen, ${p.duplicateReservations}`,
      `= , 0, 0`,
    );
  }
  const lines = [
    `# Benchmark ${r.runId}`,
    '',
    `${r.machine.cpus} CPUs, load average ${r.machine.loadAverage.join(' ')} at the start, Node ${r.machine.node}; N=${r.config.n}, ${r.config.apis} API and ${r.config.workers} worker process(es).`,
    '',
    '| measure | value | target |',
    '| --- | --- | --- |',
    ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
    '',
    ...(r.histories?.length
      ? [
          '## What a case records (sample of histories)',
          '',
          '| sub-type | events | workflow tasks | activities | updates | stages |',
          '| --- | --- | --- | --- | --- | --- |',
          ...r.histories.map(
            (h) =>
              `| ${h.measure} | ${h.events} | ${h.workflowTasks} | ${Object.entries(h.activities)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')} | ${Object.entries(h.updates)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')} | ${h.stages.join(' → ')} |`,
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
