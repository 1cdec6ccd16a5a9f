import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { backup as sqliteBackup, DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';

/*
 * Backup and restore of a running single-machine system (`npm start`): PostgreSQL with pg_dump, the
 * Temporal dev server's SQLite file, and the disk document store. On a cluster the equivalents are
 * the platform's own (README, Operations).
 *
 * Order matters. Temporal's state is copied first, PostgreSQL second: activities are idempotent, so
 * a database newer than Temporal's history only meets activities run again, which find their work
 * done; the reverse (history saying an activity finished whose rows the dump lacks) would lose that
 * work. Documents are copied last: a file is stored before the row naming it, so every row in the dump
 * finds its file (files uploaded after the dump are merely unreferenced).
 */

/** What a backup holds, written last: a folder without it is not a complete backup. */
export interface Manifest {
  format: 1;
  createdAt: string;
  postgres: { file: string; serverVersion: string; tool: string };
  temporal: { file: string } | null;
  documents: { dir: string; files: number } | null;
}

export interface Targets {
  databaseUrl: string;
  /** The dev server's SQLite file; null when Temporal is a cluster (backed up with its own tools). */
  temporalDb: string | null;
  /** The disk document store's folder; null when documents live in a bucket (versioned there). */
  documentsDir: string | null;
}

const MANIFEST = 'manifest.json';
const DUMP = 'postgres.dump';
const TEMPORAL = 'temporal.db';
const DOCUMENTS = 'documents';

export class BackupError extends Error {}

async function withClient<T>(url: string, f: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

const majorOf = (version: string): number => Number(/(\d+)/.exec(version)?.[1] ?? 0);

/**
 * pg_dump or pg_restore of a release that can read this server: the newest one found on PATH or in
 * Debian's /usr/lib/postgresql/<major>/bin, at least the server's major (an older pg_dump refuses).
 */
export function findPgTool(tool: 'pg_dump' | 'pg_restore', serverMajor: number): string {
  const debian = '/usr/lib/postgresql';
  const candidates = [
    ...(existsSync(debian) ? readdirSync(debian).map((v) => join(debian, v, 'bin', tool)) : []),
    ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, tool)),
  ].filter((p) => existsSync(p));
  const usable = candidates
    .map((path) => ({ path, major: majorOf(spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout ?? '') }))
    .filter((c) => c.major >= serverMajor)
    .sort((a, b) => b.major - a.major);
  if (!usable[0]) {
    const found = candidates.length ? `found only ${candidates.join(', ')}` : 'none found';
    throw new BackupError(
      `${tool} ${serverMajor} or newer is needed for this PostgreSQL ${serverMajor} server (${found}); install postgresql-client (Debian: apt-get install postgresql-client-${serverMajor})`,
    );
  }
  return usable[0].path;
}

function run(bin: string, args: string[]): void {
  const r = spawnSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new BackupError(`${bin} failed (${r.status ?? r.signal}): ${(r.stderr || r.error?.message || '').trim()}`);
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  return n;
}

/**
 * A consistent copy of a live SQLite database through SQLite's online backup API (one snapshot while
 * the server goes on writing). VACUUM INTO would re-parse the schema, whose generated columns use
 * double-quoted strings that Node's SQLite build refuses; the backup API copies pages.
 */
export async function copySqlite(from: string, to: string): Promise<void> {
  const db = new DatabaseSync(from, { readOnly: true });
  try {
    await sqliteBackup(db, to);
  } finally {
    db.close();
  }
}

/** Backs up into `dir` (new or empty): Temporal's file, then PostgreSQL, then the documents; the manifest last. */
export async function backup(dir: string, t: Targets, log: (line: string) => void = () => undefined): Promise<Manifest> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new BackupError(`${dir} is not empty: back up into a new folder`);
  mkdirSync(dir, { recursive: true });
  const serverVersion = await withClient(t.databaseUrl, async (c) => (await c.query<{ v: string }>('SHOW server_version')).rows[0]!.v);
  const pgDump = findPgTool('pg_dump', majorOf(serverVersion));

  let temporal: Manifest['temporal'] = null;
  if (t.temporalDb) {
    if (!existsSync(t.temporalDb)) throw new BackupError(`no Temporal dev server file at ${t.temporalDb}`);
    await copySqlite(t.temporalDb, join(dir, TEMPORAL));
    temporal = { file: TEMPORAL };
    log(`Temporal state: ${t.temporalDb} → ${TEMPORAL} (${statSync(join(dir, TEMPORAL)).size} bytes)`);
  } else {
    log('Temporal: a cluster, not the dev server: back up its persistence with its own tools (README, Operations)');
  }

  // Custom format: compressed, and pg_restore can restore it into any empty database.
  run(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--file=${join(dir, DUMP)}`, `--dbname=${t.databaseUrl}`]);
  log(`PostgreSQL ${serverVersion}: pg_dump (${pgDump}) → ${DUMP} (${statSync(join(dir, DUMP)).size} bytes)`);

  let documents: Manifest['documents'] = null;
  if (t.documentsDir) {
    const to = join(dir, DOCUMENTS);
    if (existsSync(t.documentsDir)) cpSync(t.documentsDir, to, { recursive: true });
    else mkdirSync(to);
    documents = { dir: DOCUMENTS, files: countFiles(to) };
    log(`documents: ${t.documentsDir} → ${DOCUMENTS}/ (${documents.files} files)`);
  } else {
    log('documents: in an S3 bucket: keep them with the bucket’s versioning (README, Operations)');
  }

  const manifest: Manifest = { format: 1, createdAt: new Date().toISOString(), postgres: { file: DUMP, serverVersion, tool: pgDump }, temporal, documents };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Restores a backup into a fresh system: a database that is missing (created here) or empty, and a
 * data folder without Temporal state or documents. Start the stack on them afterwards.
 */
export async function restore(dir: string, t: Targets, log: (line: string) => void = () => undefined): Promise<Manifest> {
  const manifestFile = join(dir, MANIFEST);
  if (!existsSync(manifestFile)) throw new BackupError(`${dir} holds no ${MANIFEST}: not a complete backup`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new BackupError(`${manifestFile}: unknown format ${String(manifest.format)}`);

  // Refuse before changing anything.
  if (manifest.temporal && t.temporalDb && existsSync(t.temporalDb)) throw new BackupError(`${t.temporalDb} exists: restore into a fresh data folder`);
  if (manifest.documents && t.documentsDir && existsSync(t.documentsDir) && readdirSync(t.documentsDir).length > 0) {
    throw new BackupError(`${t.documentsDir} is not empty: restore into a fresh data folder`);
  }
  await ensureDatabaseExists(t.databaseUrl);
  const { serverVersion, tables } = await withClient(t.databaseUrl, async (c) => ({
    serverVersion: (await c.query<{ v: string }>('SHOW server_version')).rows[0]!.v,
    tables: Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0]!.n),
  }));
  if (tables > 0) throw new BackupError(`the database of DATABASE_URL has ${tables} tables: restore into a new, empty database`);
  const pgRestore = findPgTool('pg_restore', Math.max(majorOf(serverVersion), majorOf(manifest.postgres.serverVersion)));

  run(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${t.databaseUrl}`, join(dir, manifest.postgres.file)]);
  log(`PostgreSQL: ${manifest.postgres.file} restored with ${pgRestore}`);
  if (manifest.temporal) {
    if (!t.temporalDb) throw new BackupError('the backup holds the Temporal dev server’s state, but TEMPORAL_ADDRESS names a cluster: unset it to restore');
    mkdirSync(dirname(t.temporalDb), { recursive: true });
    cpSync(join(dir, manifest.temporal.file), t.temporalDb);
    log(`Temporal state: → ${t.temporalDb}`);
  }
  if (manifest.documents && t.documentsDir) {
    mkdirSync(t.documentsDir, { recursive: true });
    cpSync(join(dir, manifest.documents.dir), t.documentsDir, { recursive: true });
    log(`documents: → ${t.documentsDir} (${manifest.documents.files} files)`);
  }
  return manifest;
}

/** Creates the URL's database through the server's maintenance database when it does not exist. */
async function ensureDatabaseExists(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!name) throw new BackupError('DATABASE_URL names no database');
  u.pathname = '/postgres';
  await withClient(u.toString(), async (c) => {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  });
}
