import { resolve } from 'node:path';
import { loadToolConfig } from '../config/config';
import { redactUrl } from '../stack/process';
import { stackEnv } from '../stack/stack-config';
import { backup, BackupError, restore, type Targets } from './backup';

/*
 * npm run backup -- <dir>    back up the running system named by the environment (as `npm start` reads it)
 * npm run restore -- <dir>   restore a backup into a fresh data folder (DATA_DIR) and database (DATABASE_URL)
 */
const USAGE = 'usage: npm run backup -- <new folder> | npm run restore -- <backup folder>';

async function main(): Promise<void> {
  const [command, dir] = process.argv.slice(2);
  if ((command !== 'backup' && command !== 'restore') || !dir) throw new BackupError(USAGE);
  const config = loadToolConfig();
  const env = stackEnv();
  const targets: Targets = {
    databaseUrl: config.databaseUrl,
    // The dev server's file under DATA_DIR, unless TEMPORAL_ADDRESS names a server of its own.
    temporalDb: env.temporalAddress ? null : env.paths.temporalDb,
    documentsDir: config.documents.s3 ? null : config.documents.dir,
  };
  const say = (line: string): void => console.log(`[${command}] ${line}`);
  say(`PostgreSQL ${redactUrl(targets.databaseUrl)}, data folder ${env.dataDir}`);
  if (command === 'backup') {
    const m = await backup(resolve(dir), targets, say);
    say(`done: ${resolve(dir)} (${m.createdAt}); restore with npm run restore -- ${dir}`);
  } else {
    await restore(resolve(dir), targets, say);
    say('done: start the system on it with npm start (same DATA_DIR and DATABASE_URL)');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof BackupError ? err.message : err);
  process.exit(1);
});
