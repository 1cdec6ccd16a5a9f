import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { seedAll } from '../../seeds/seed';
import { repoRoot } from '../common/paths';
import { APP_DATABASE, LOCAL_SERVER_URL, loadConfig, type AppConfig } from '../config/config';
import { migrate } from '../database/migrate';
import { temporalConnectionOptions } from '../temporal/connection';
import { connectIntakeClocks } from '../temporal/intake-clock';
import { ensureDatabase, resolvePostgres, type ResolvedPostgres } from './postgres';
import { isRunning, prefixOutput, redactUrl, sleep, stopChild } from './process';
import { stackEnv, type StackEnv } from './stack-config';
import { ensureSearchAttributes, startTemporalDevServer, temporalProblem } from './temporal-dev-server';
import { assertToolsInstalled, temporalCliPath } from './tools';

/*
 * `npm start`: the whole system on one machine with no manual step. PostgreSQL and Temporal come
 * from DATABASE_URL / TEMPORAL_ADDRESS when set, else from local servers under DATA_DIR; then
 * migrations and seeds run, and the API and worker start as child processes.
 */

const say = (line: string): void => console.log(`[stack] ${line}`);

/** Everything we started, stopped in reverse dependency order. */
const started = {
  apps: new Map<string, ChildProcess>(),
  temporal: null as ChildProcess | null,
  postgres: null as ChildProcess | null,
};
let stopping: Promise<void> | null = null;

function shutdown(code: number, why: string): Promise<void> {
  stopping ??= (async () => {
    say(`${why}: shutting down`);
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
  for (const child of started.apps.values()) if (isRunning(child)) child.kill('SIGKILL');
  if (started.temporal && isRunning(started.temporal)) started.temporal.kill('SIGKILL');
  // Immediate shutdown; PostgreSQL recovers from its WAL on the next start.
  if (started.postgres && isRunning(started.postgres)) started.postgres.kill('SIGQUIT');
}

/** A server or app dying on its own takes the whole stack down with a failure code. */
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
  const root = repoRoot();
  const file = join(root, script);
  if (!existsSync(file)) throw new Error(`${file} is missing; run \`npm run build\` (npm start does).`);
  // Detached: a terminal's Ctrl-C reaches only this runner, which stops the apps before the servers.
  const child = spawn(process.execPath, [file], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.once('error', (err) => {
    if (!stopping) void shutdown(1, `${name} could not start: ${err.message}`);
  });
  started.apps.set(name, child);
  prefixOutput(child, `[${name}]`);
  watch(child, `the ${name}`);
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
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporal.address,
    DATA_DIR: env.dataDir,
    DEV_TOKENS: devTokens,
    // The pages link a case to its workflow in the Web UI of the dev server started here.
    ...(temporal.uiUrl && !process.env.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: temporal.uiUrl } : {}),
  };
  spawnApp('api', 'dist/src/main.js', appEnv);
  spawnApp('worker', 'dist/src/worker.js', appEnv);

  const api = started.apps.get('api')!;
  const { host, port } = config.http;
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  if (!(await waitForPort(reachableHost, port, 60_000, () => isRunning(api)))) {
    if (!stopping) throw new Error(`the API did not listen on ${host}:${port} within 60 s`);
    return;
  }
  const apiUrl = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`;
  const pgWhere = pg.source === 'embedded' ? `embedded, data in ${env.paths.postgresData}` : pg.source === 'local' ? 'local server' : 'DATABASE_URL';
  const lines = [
    ...(existsSync(join(repoRoot(), 'web', 'dist', 'index.html')) ? [`Web pages        ${apiUrl}/`] : []),
    `API              ${apiUrl}`,
    `OpenAPI docs     ${apiUrl}/docs`,
    ...(temporal.uiUrl ? [`Temporal Web UI  ${temporal.uiUrl}`] : []),
    `Temporal         ${temporal.address}, namespace ${config.temporal.namespace} (${temporal.source})`,
    `PostgreSQL       ${redactUrl(pg.url)} (${pgWhere})`,
    `Data             ${env.dataDir}${temporal.source === 'dev server' ? ` (Temporal state ${env.paths.temporalDb})` : ''}`,
    `Logs             ${env.paths.logs}`,
    ...(['true', '1', 'yes'].includes(devTokens)
      ? [`Dev tokens       POST ${apiUrl}/auth/dev-token {"userId":"applicant-lingxi"} (DEV_TOKENS=false to turn off)`]
      : []),
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  console.log(['', '='.repeat(width), ...lines.map((l) => `  ${l}`), '  Ctrl-C stops everything.', '='.repeat(width), ''].join('\n'));
}

main().catch((err: unknown) => {
  // A signal during startup aborts the steps in flight; that is not a failure to report.
  if (stopping) return;
  console.error(`[stack] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  void shutdown(1, 'startup failed');
});
