import { loadToolConfig } from '../config/config';
import { migrate } from './migrate';

async function main(): Promise<void> {
  const { databaseUrl } = loadToolConfig();
  const { applied } = await migrate(databaseUrl);
  console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
