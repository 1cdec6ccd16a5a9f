import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client as PgClient } from 'pg';
import { seedAll } from '../seeds/seed';
import { repoRoot } from '../src/config/paths';
import { LOCAL_SERVER_URL } from '../src/config/config';
import { migrate } from '../src/database/migrate';
import { ensureDatabase, resolvePostgres, type ResolvedPostgres } from '../src/stack/postgres';
import { freePort } from '../src/stack/ports';
import { stopChild, withLogFd } from '../src/stack/process';
import { stackEnv } from '../src/stack/stack-config';
import { ensureSearchAttributes, startTemporalDevServer, type TemporalDevServer } from '../src/stack/temporal-dev-server';
import { temporalCliPath } from '../src/stack/tools';
import { testPacks } from '../test/support/packs';
import { ensureApplicants } from './applicants';
import { sleep } from './stats';
import { workerProcessEnv } from '../src/worker/process-env';

/*
 * The benchmark's own stack: a Temporal dev server on its own ports and SQLite file (or
 * TEMPORAL_ADDRESS), a fresh database on the PostgreSQL `npm start` would use (or DATABASE_URL),
 * and API and worker processes built from dist/ exactly as `npm start` runs them. It never touches
 * the `npm start` stack's database, task queue or ports.
 */

export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-01';

export interface AppProcess {
  name: string;
  child: ChildProcess;
  url?: string;
  /** Where bench/statements-preload.js serves the process's count of SQL statements. */
  statementsUrl: string;
}

/** The node flags every app process gets: the statement counter (bench/statements-preload.js). */
const PRELOAD = ['-r', join(repoRoot(), 'bench', 'statements-preload.js')];

/** The token endpoint's per-user limit in a bench stack: the scaled-out check asks for twice as many. */
export const TOKEN_LIMIT_PER_USER = 40;

export interface BenchStack {
  runDir: string;
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** Only when the benchmark started the server (so its CPU and memory are ours to measure). */
  temporal: TemporalDevServer | null;
  apis: AppProcess[];
  workers: AppProcess[];
  appEnv: NodeJS.ProcessEnv;
  /** Where the API instances share their rate-limit counters (null: each its own). */
  redisUrl: string | null;
  startWorker(name: string, extraEnv?: NodeJS.ProcessEnv): Promise<AppProcess>;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${url}: the process exited (${child.exitCode ?? child.signalCode})`);
    try {
      const res = await fetch(`${url}/catalog/packs`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function waitForIntakeOpen(databaseUrl: string, timeoutMs: number): Promise<void> {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await pg.query<{ n: string }>('SELECT count(*) AS n FROM policy_packs WHERE NOT intake_open');
      if (rows[0]!.n === '0') return;
      if (Date.now() > deadline) throw new Error('intake did not open: is the worker running?');
      await sleep(250);
    }
  } finally {
    await pg.end();
  }
}

function spawnNode(name: string, script: string, env: NodeJS.ProcessEnv, logFile: string, nodeArgs: string[] = []): ChildProcess {
  const file = join(repoRoot(), script);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx tsc -p tsconfig.build.json\` (npm run bench does)`);
  return withLogFd(logFile, (fd) => spawn(process.execPath, [...PRELOAD, ...nodeArgs, file], { cwd: repoRoot(), env, stdio: ['ignore', fd, fd] }));
}

/** REDIS_URL, else the machine's own Redis on 127.0.0.1:6379, if it answers. */
async function reachableRedis(): Promise<string | null> {
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? url : null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}

export interface StackOptions {
  runDir: string;
  apis: number;
  workers: number;
  /** Extra variables for the worker processes (tuning). */
  workerEnv?: NodeJS.ProcessEnv;
  /** Extra node flags for API and worker (e.g. --cpu-prof). */
  nodeArgs?: string[];
  log: (line: string) => void;
}

export async function startBenchStack(o: StackOptions): Promise<BenchStack> {
  mkdirSync(o.runDir, { recursive: true });
  const env = stackEnv();
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // PostgreSQL: DATABASE_URL's server, else the local one, else the embedded one; a fresh database each run.
    const server: ResolvedPostgres = await resolvePostgres({
      databaseUrl: env.databaseUrl,
      defaultUrl: LOCAL_SERVER_URL,
      mode: env.embeddedPostgres,
      dataDir: env.paths.postgresData,
      port: env.embeddedPostgresPort,
      logFile: env.paths.postgresLog,
      log: o.log,
    });
    if (server.embedded) stops.push(() => server.embedded!.stop());
    const dbName = `bench_${Date.now().toString(36)}`;
    const databaseUrl = await ensureDatabase(server.url, dbName);
    stops.push(async () => {
      const pg = new PgClient({ connectionString: server.url });
      await pg.connect();
      await pg.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).finally(() => pg.end());
    });
    await migrate(databaseUrl);
    await seedAll(databaseUrl, testPacks());
    await ensureApplicants(databaseUrl, 0, 0);
    o.log(`database ${dbName} migrated and seeded`);

    const namespace = 'default';
    let temporal: TemporalDevServer | null = null;
    let temporalAddress = env.temporalAddress;
    if (temporalAddress) {
      await ensureSearchAttributes(temporalAddress, namespace);
      o.log(`Temporal at ${temporalAddress} (TEMPORAL_ADDRESS; its CPU and memory are not measured)`);
    } else {
      temporal = await startTemporalDevServer({
        cliPath: temporalCliPath(),
        ip: '127.0.0.1',
        port: await freePort(),
        uiPort: null, // headless: the bench reads no UI, and its port could be taken meanwhile
        dbFile: join(o.runDir, 'temporal.db'),
        namespace,
        logFile: join(o.runDir, 'temporal.log'),
      });
      stops.push(() => temporal!.stop());
      temporalAddress = temporal.address;
      o.log(`Temporal dev server on ${temporalAddress} (pid ${temporal.child.pid})`);
    }

    const taskQueue = `bench-${Date.now().toString(36)}`;
    // Several API instances share their rate-limit counters through Redis, as a deployment would.
    const redisUrl = o.apis > 1 ? await reachableRedis() : null;
    if (o.apis > 1) o.log(redisUrl ? `rate limits shared through ${redisUrl}` : 'no Redis answers: each API instance counts its own rate limits');
    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      // Names each process's PostgreSQL sessions, so the bench can tell its own backends from theirs.
      PGAPPNAME: 'app',
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      JWT_SECRET,
      DEV_TOKENS: 'true',
      LOG_LEVEL: 'warn',
      // A load test submits far faster than a person: the abuse limits are set out of its way.
      RATE_LIMIT_SUBMIT_PER_USER: '10000000',
      RATE_LIMIT_SUBMIT_PER_IP: '10000000',
      // Tokens are fetched once per user, so this limit is free for the shared-limit check (run.ts).
      RATE_LIMIT_TOKEN_PER_USER: String(TOKEN_LIMIT_PER_USER),
      RATE_LIMIT_TOKEN_PER_IP: '10000000',
      ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `${taskQueue}:` } : {}),
    };
    const apps: AppProcess[] = [];
    stops.push(async () => {
      await Promise.all(apps.map((a) => stopChild(a.child, ['SIGTERM'], 20_000)));
    });
    const startWorker = async (name: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<AppProcess> => {
      const statementsPort = await freePort();
      const child = spawnNode(
        name,
        'dist/src/worker.js',
        workerProcessEnv({ ...appEnv, ...o.workerEnv, ...extraEnv, PGAPPNAME: name, BENCH_STATEMENTS_PORT: String(statementsPort) }),
        join(o.runDir, `${name}.log`),
        o.nodeArgs,
      );
      const p = { name, child, statementsUrl: `http://127.0.0.1:${statementsPort}` };
      apps.push(p);
      return p;
    };
    const workers: AppProcess[] = [];
    for (let i = 0; i < o.workers; i++) workers.push(await startWorker(o.workers === 1 ? 'worker' : `worker${i + 1}`));
    await waitForIntakeOpen(databaseUrl, 90_000);
    const apis: AppProcess[] = [];
    for (let i = 0; i < o.apis; i++) {
      const port = await freePort();
      const statementsPort = await freePort();
      const name = o.apis === 1 ? 'api' : `api${i + 1}`;
      const child = spawnNode(
        name,
        'dist/src/main.js',
        { ...appEnv, PORT: String(port), PGAPPNAME: name, BENCH_STATEMENTS_PORT: String(statementsPort) },
        join(o.runDir, `${name}.log`),
        o.nodeArgs,
      );
      const p = { name, child, url: `http://127.0.0.1:${port}`, statementsUrl: `http://127.0.0.1:${statementsPort}` };
      apps.push(p);
      apis.push(p);
    }
    await Promise.all(apis.map((a) => waitForHttp(a.url!, a.child, 90_000)));
    o.log(`${apis.length} API and ${workers.length} worker process(es) up`);
    return { runDir: o.runDir, databaseUrl, temporalAddress, namespace, taskQueue, temporal, apis, workers, appEnv, redisUrl, startWorker, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
