import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { seedAll } from '../../seeds/seed';
import { repoRoot } from '../config/paths';
import { APP_DATABASE, LOCAL_SERVER_URL, loadConfig, type AppConfig } from '../config/config';
import { migrate } from '../database/migrate';
import { temporalConnectionOptions } from '../temporal/connection';
import { connectIntakeClocks } from '../temporal/intake-clock';
import { ensureDatabase, resolvePostgres, type ResolvedPostgres } from './postgres';
import { isRunning, prefixOutput, redactUrl, sleep, stopChild } from './process';
import { stackEnv, type StackEnv } from './stack-config';
import { ensureSearchAttributes, startTemporalDevServer, temporalProblem } from './temporal-dev-server';
import { assertToolsInstalled, temporalCliPath } from './tools';
import { workerProcessEnv } from '../worker/process-env';

/*
 * `npm start`: the whole system on one machine with no manual step. PostgreSQL and Temporal come
 * from DATABASE_URL / TEMPORAL_ADDRESS when set, else from local servers under DATA_DIR; then
 * migrations and seeds run, and the API and worker start as child processes.
 */

/** Prometheus' conventional exporter port; WORKER_METRICS_PORT moves it. */
const DEFAULT_WORKER_METRICS_PORT = 9464;

const say = (line: string): void => console.log(`[stack] ${line}`);

/** Everything we started, stopped in reverse dependency order. */
const started = {
  apps: new Map<string, ChildProcess>(),
  temporal: null as ChildProcess | null,
  postgres: null as ChildProcess | null,
  /** `--watch`: the Nest CLI's incremental compiler. */
  compiler: null as ChildProcess | null,
};
let stopping: Promise<void> | null = null;

/** How an app is (re)started, and its restarts in a row without a minute's run between them. */
interface AppSpec {
  script: string;
  env: NodeJS.ProcessEnv;
  crashes: number;
  startedAt: number;
  restartTimer: NodeJS.Timeout | null;
  /** Set while the runner itself restarts it (watch mode): its exit is expected. */
  replacing: boolean;
}
const apps = new Map<string, AppSpec>();
/** An app that ran this long before dying is restarted at once; one that keeps dying sooner waits 1, 2, 4 … 30 s. */
const HEALTHY_RUN_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

function shutdown(code: number, why: string): Promise<void> {
  stopping ??= (async () => {
    say(`${why}: shutting down`);
    for (const spec of apps.values()) if (spec.restartTimer) clearTimeout(spec.restartTimer);
    if (started.compiler) await stopChild(started.compiler, ['SIGTERM'], 5_000);
    // The worker finishes its running activities, so it gets time; then the servers they used.
    await Promise.all([...started.apps.values()].map((child) => stopChild(child, ['SIGTERM'], 30_000)));
    if (started.temporal) await stopChild(started.temporal, ['SIGTERM'], 15_000);
    // SIGINT is PostgreSQL's fast shutdown: clean, without waiting for idle sessions.
    if (started.postgres) await stopChild(started.postgres, ['SIGINT', 'SIGQUIT'], 20_000);
    say('stopped');
    process.exit(code);
  })();
  return stopping;
}

/** A second Ctrl-C while draining: stop waiting. */
function forceStop(): void {
  say('second signal: killing everything now');
  killAll();
  process.exit(130);
}

function killAll(): void {
  if (started.compiler && isRunning(started.compiler)) started.compiler.kill('SIGKILL');
  for (const child of started.apps.values()) if (isRunning(child)) child.kill('SIGKILL');
  if (started.temporal && isRunning(started.temporal)) started.temporal.kill('SIGKILL');
  // Immediate shutdown; PostgreSQL recovers from its WAL on the next start.
  if (started.postgres && isRunning(started.postgres)) started.postgres.kill('SIGQUIT');
}

/** A server dying on its own takes the whole stack down with a failure code (an app is restarted instead). */
function watch(child: ChildProcess, name: string): void {
  child.once('exit', (code, signal) => {
    if (!stopping) void shutdown(1, `${name} exited unexpectedly (${signal ?? `code ${code}`})`);
  });
}

async function startPostgres(env: StackEnv): Promise<ResolvedPostgres> {
  const pg = await resolvePostgres({
    databaseUrl: env.databaseUrl,
    defaultUrl: LOCAL_SERVER_URL,
    mode: env.embeddedPostgres,
    dataDir: env.paths.postgresData,
    port: env.embeddedPostgresPort,
    logFile: env.paths.postgresLog,
    log: (line) => say(`postgres: ${line}`),
    onSpawn: (child) => {
      started.postgres = child;
      // Spawned while shutdown was already past the point of stopping it.
      if (stopping) child.kill('SIGINT');
    },
  });
  if (pg.embedded) watch(pg.embedded.child, 'PostgreSQL');
  return pg;
}

interface TemporalTarget {
  address: string;
  uiUrl: string | null;
  source: 'TEMPORAL_ADDRESS' | 'dev server' | 'running dev server';
}

async function startTemporal(env: StackEnv, config: AppConfig): Promise<TemporalTarget> {
  const { namespace } = config.temporal;
  if (env.temporalAddress) {
    const problem = await temporalProblem(temporalConnectionOptions(config.temporal), namespace);
    if (problem) throw new Error(`TEMPORAL_ADDRESS is set but ${env.temporalAddress} does not serve namespace "${namespace}": ${problem}`);
    return { address: env.temporalAddress, uiUrl: null, source: 'TEMPORAL_ADDRESS' };
  }
  const address = config.temporal.address;
  if (!(await temporalProblem(address, namespace))) {
    // Typically a dev server left by a runner that was killed, or one started by hand: it may lack our attributes.
    const added = await ensureSearchAttributes(address, namespace);
    say(`temporal: a server already answers on ${address}; reusing it (not ours to stop)${added.length ? `, registered ${added.join(', ')}` : ''}`);
    return { address, uiUrl: null, source: 'running dev server' };
  }
  const server = await startTemporalDevServer({
    cliPath: temporalCliPath(),
    ip: '127.0.0.1',
    port: env.temporalPort,
    uiPort: env.temporalUiPort,
    dbFile: env.paths.temporalDb,
    namespace,
    logFile: env.paths.temporalLog,
    onSpawn: (child) => {
      started.temporal = child;
      if (stopping) child.kill('SIGTERM');
    },
  });
  watch(server.child, 'the Temporal dev server');
  return { address: server.address, uiUrl: server.uiUrl, source: 'dev server' };
}

function spawnApp(name: string, script: string, env: NodeJS.ProcessEnv): void {
  const file = join(repoRoot(), script);
  if (!existsSync(file)) throw new Error(`${file} is missing; run \`npm run build\` (npm start does).`);
  apps.set(name, { script: file, env, crashes: 0, startedAt: 0, restartTimer: null, replacing: false });
  launch(name);
}

function launch(name: string): void {
  const spec = apps.get(name)!;
  spec.restartTimer = null;
  if (stopping) return;
  // Detached: a terminal's Ctrl-C reaches only this runner, which stops the apps before the servers.
  const child = spawn(process.execPath, [spec.script], { cwd: repoRoot(), env: spec.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  spec.startedAt = Date.now();
  child.once('error', (err) => {
    if (!stopping) void shutdown(1, `${name} could not start: ${err.message}`);
  });
  started.apps.set(name, child);
  prefixOutput(child, `[${name}]`);
  if (child.pid !== undefined) say(`${name} started (pid ${child.pid})`);
  child.once('exit', (code, signal) => {
    if (stopping || spec.replacing) return;
    // Supervision: a dead API or worker comes back, sooner the longer it had run.
    spec.crashes = Date.now() - spec.startedAt >= HEALTHY_RUN_MS ? 1 : spec.crashes + 1;
    const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** (spec.crashes - 1));
    say(`the ${name} exited unexpectedly (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s (restart ${spec.crashes} in a row)`);
    spec.restartTimer = setTimeout(() => launch(name), delay);
  });
}

/** Watch mode: stops an app gracefully and starts it again on the new build. */
async function relaunch(name: string): Promise<void> {
  const spec = apps.get(name);
  const child = started.apps.get(name);
  if (!spec || stopping) return;
  if (spec.restartTimer) clearTimeout(spec.restartTimer);
  spec.replacing = true;
  if (child) await stopChild(child, ['SIGTERM'], 30_000);
  spec.replacing = false;
  spec.crashes = 0;
  launch(name);
}

/**
 * `npm run dev`: the Nest CLI compiles incrementally on every change (nest-cli.json), and each
 * successful compile restarts the API and the worker; a compile with errors keeps them running.
 */
function watchAndRestart(): void {
  const root = repoRoot();
  const child = spawn(process.execPath, [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build', '--watch', '--preserveWatchOutput'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.compiler = child;
  let compiles = 0;
  const onLine = (raw: string): void => {
    // eslint-disable-next-line no-control-regex
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    if (line.trim()) console.log(`[build] ${line}`);
    const found = /Found (\d+) errors?\b/.exec(line);
    if (!found) return;
    // The first compile is of the build the apps already run.
    if (compiles++ === 0) return;
    if (found[1] !== '0') return say('compile errors: the API and worker keep running the last good build');
    say('sources changed: restarting the API and the worker');
    void Promise.all([...apps.keys()].map((name) => relaunch(name)));
  };
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream!, crlfDelay: Infinity }).on('line', onLine);
  child.once('exit', (code, signal) => {
    if (!stopping) say(`the watch compiler exited (${signal ?? `code ${code}`}); changes are no longer picked up`);
  });
}

/** Resolves once something accepts TCP connections on host:port (the API listening). */
async function waitForPort(host: string, port: number, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.setTimeout(1_000);
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
      socket.once('timeout', () => (socket.destroy(), resolve(false)));
    });
    if (open) return true;
    await sleep(250);
  }
  return false;
}

const watchMode = process.argv.includes('--watch');

async function main(): Promise<void> {
  // Under `npm start` one Ctrl-C can arrive twice (from the terminal and forwarded by npm), so only
  // a signal well after the first one means "stop waiting".
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stopping) {
      firstSignalAt = Date.now();
      void shutdown(0, signal);
    } else if (Date.now() - firstSignalAt > 1_000) {
      forceStop();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Last resort if this process dies without running shutdown(): leave nothing behind.
  process.on('exit', killAll);

  // `npm start` is the local stack, so it declares development for itself and the API and worker it
  // starts; `start:api` and `start:worker` alone must be told (APP_ENV), or they refuse to start.
  if (!process.env.APP_ENV && !process.env.NODE_ENV) process.env.APP_ENV = 'development';
  const config = loadConfig();
  const env = stackEnv();
  mkdirSync(env.paths.logs, { recursive: true });
  if (!env.temporalAddress) assertToolsInstalled();

  // Both servers start at once; if one fails, whatever the other started is still stopped.
  const [pgResult, temporalResult] = await Promise.allSettled([startPostgres(env), startTemporal(env, config)]);
  if (pgResult.status === 'rejected') throw pgResult.reason;
  if (temporalResult.status === 'rejected') throw temporalResult.reason;
  const server = pgResult.value;
  // On a server we picked (local or embedded) the service keeps to a database of its own.
  const pg = server.source === 'DATABASE_URL' ? server : { ...server, url: await ensureDatabase(server.url, APP_DATABASE) };
  const temporal = temporalResult.value;

  say('applying migrations');
  const { applied } = await migrate(pg.url);
  say(applied.length ? `applied ${applied.join(', ')}` : 'schema up to date');
  // Temporal is up by now, so publishing starts the packs' intake clocks; the worker starting below runs them.
  const clocks = await connectIntakeClocks({ ...config.temporal, address: temporal.address });
  try {
    await seedAll(pg.url, undefined, clocks);
  } finally {
    await clocks?.close();
  }
  say(`seed data in place${clocks ? ', intake clocks started' : ''}`);

  if (stopping) return;
  // The embedded stack is for local use, so its dev token endpoint is on in development unless DEV_TOKENS
  // says otherwise; the API itself keeps it off by default and refuses it outside APP_ENV=development.
  const devTokens = process.env.DEV_TOKENS ?? (config.env === 'development' ? 'true' : 'false');
  // The worker's own health endpoint: WORKER_HEALTH_PORT, else the port after the API's.
  const workerHealthPort = config.workerHealthPort ?? config.http.port + 1;
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporal.address,
    DATA_DIR: env.dataDir,
    DEV_TOKENS: devTokens,
    // The worker's Prometheus endpoint (the Temporal SDK's metrics); the API serves its own at /metrics.
    WORKER_METRICS_PORT: String(config.observability.workerMetricsPort ?? DEFAULT_WORKER_METRICS_PORT),
    // The pages link a case to its workflow in the Web UI of the dev server started here.
    ...(temporal.uiUrl && !process.env.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: temporal.uiUrl } : {}),
  };
  spawnApp('api', 'dist/src/main.js', appEnv);
  spawnApp('worker', 'dist/src/worker.js', workerProcessEnv({ ...appEnv, WORKER_HEALTH_PORT: String(workerHealthPort) }));

  const { host, port } = config.http;
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  // An API that dies while starting is restarted (supervision), so only a shutdown ends the wait early.
  if (!(await waitForPort(reachableHost, port, 60_000, () => !stopping))) {
    if (!stopping) throw new Error(`the API did not listen on ${host}:${port} within 60 s`);
    return;
  }
  const apiUrl = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`;
  const pgWhere = pg.source === 'embedded' ? `embedded, data in ${env.paths.postgresData}` : pg.source === 'local' ? 'local server' : 'DATABASE_URL';
  const lines = [
    ...(existsSync(join(repoRoot(), 'web', 'dist', 'index.html')) ? [`Web pages        ${apiUrl}/`] : []),
    `API              ${apiUrl}`,
    `OpenAPI docs     ${apiUrl}/docs`,
    `Health           ${apiUrl}/health/ready, worker ${apiUrl.replace(/:\d+$/, `:${workerHealthPort}`)}/health/ready`,
    ...(temporal.uiUrl ? [`Temporal Web UI  ${temporal.uiUrl}`] : []),
    `Temporal         ${temporal.address}, namespace ${config.temporal.namespace} (${temporal.source})`,
    `PostgreSQL       ${redactUrl(pg.url)} (${pgWhere})`,
    `Data             ${env.dataDir}${temporal.source === 'dev server' ? ` (Temporal state ${env.paths.temporalDb})` : ''}`,
    `Logs             ${env.paths.logs} (api.log and worker.log: JSON lines; LOG_LEVEL=${config.logLevel})`,
    `Metrics          ${apiUrl}/metrics (API), http://${reachableHost}:${config.observability.workerMetricsPort ?? DEFAULT_WORKER_METRICS_PORT}/metrics (worker)`,
    ...(['true', '1', 'yes'].includes(devTokens)
      ? [`Dev tokens       POST ${apiUrl}/auth/dev-token {"userId":"applicant-lingxi"} (DEV_TOKENS=false to turn off)`]
      : []),
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const footer = watchMode ? '  Watching: a change recompiles and restarts the API and worker. Ctrl-C stops everything.' : '  Ctrl-C stops everything.';
  console.log(['', '='.repeat(width), ...lines.map((l) => `  ${l}`), footer, '='.repeat(width), ''].join('\n'));
  if (watchMode) watchAndRestart();
}

main().catch((err: unknown) => {
  // A signal during startup aborts the steps in flight; that is not a failure to report.
  if (stopping) return;
  console.error(`[stack] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1, 'startup failed');
});
