import type { EmbeddedPostgres } from '../../src/stack/postgres';
import { assertToolsInstalled } from '../../src/stack/tools';
import { dropStaleTestDatabases, resolveTestPostgres } from './database';

declare global {
  // Handed from global-setup to global-teardown (same process).
  var __embeddedPostgres: EmbeddedPostgres | undefined;
}

/**
 * Checks the Temporal binaries, and on a machine without PostgreSQL starts the embedded server
 * once for the whole run (exporting DATABASE_URL to the tests) rather than once per test file.
 * Also drops test databases that killed runs left behind.
 */
export default async function globalSetup(): Promise<void> {
  try {
    assertToolsInstalled();
  } catch (err) {
    throw new Error(`Integration tests need the pinned Temporal binaries. ${(err as Error).message}`);
  }
  const pg = await resolveTestPostgres();
  if (pg.source === 'embedded') {
    process.env.DATABASE_URL = pg.url;
    if (pg.embedded) {
      globalThis.__embeddedPostgres = pg.embedded;
      console.log(`\n[global-setup] no local PostgreSQL: started the embedded one on ${new URL(pg.url).host}`);
    }
  }
  await dropStaleTestDatabases(pg.url);
}
