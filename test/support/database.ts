import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { LOCAL_SERVER_URL } from '../../src/config/config';
import { migrate } from '../../src/database/migrate';
import { resolvePostgres, type ResolvedPostgres } from '../../src/stack/postgres';
import { stackEnv, type StackEnv } from '../../src/stack/stack-config';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * The server integration tests use: DATABASE_URL, else the default local server, else the embedded
 * one (global-setup starts it once per run and exports DATABASE_URL, so this rarely starts it).
 */
export function resolveTestPostgres(log?: (line: string) => void, env: StackEnv = stackEnv()): Promise<ResolvedPostgres> {
  return resolvePostgres({
    databaseUrl: env.databaseUrl,
    defaultUrl: LOCAL_SERVER_URL,
    mode: env.embeddedPostgres,
    dataDir: env.paths.postgresData,
    port: env.embeddedPostgresPort,
    logFile: env.paths.postgresLog,
    log,
  });
}

// Read when a test file loads: test helpers later point DATABASE_URL at the database they created.
const initialEnv = stackEnv();
let server: Promise<ResolvedPostgres> | null = null;
let live = 0;

/** A fresh, uniquely named, migrated database; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  server ??= resolveTestPostgres(undefined, initialEnv);
  const pg = await server;
  const name = `it_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await onServer(pg.url, `CREATE DATABASE "${name}"`);
  live++;
  const url = withDatabase(pg.url, name);
  let dropped = false;
  const drop = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    // FORCE: a pool a test forgot to close must not keep the database alive.
    await onServer(pg.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    // An embedded server this module started (no global setup ran) goes with its last database.
    if (--live === 0 && pg.embedded) {
      server = null;
      await pg.embedded.stop();
    }
  };
  try {
    await migrate(url);
  } catch (err) {
    await drop();
    throw err;
  }
  return { url, drop };
}

const TEST_DB = /^it_([0-9a-z]+)_[0-9a-f]{8}$/;

/** Drops test databases (ours by name) that runs killed before their drop() left behind for over an hour. */
export async function dropStaleTestDatabases(serverUrl: string, olderThanMs = 3_600_000): Promise<string[]> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'it\\_%'");
    const stale = rows
      .map((r) => r.datname)
      .filter((name) => {
        const created = TEST_DB.exec(name)?.[1];
        return created !== undefined && Date.now() - parseInt(created, 36) > olderThanMs;
      });
    for (const name of stale) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    return stale;
  } finally {
    await client.end();
  }
}

function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
