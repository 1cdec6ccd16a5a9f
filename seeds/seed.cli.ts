import { loadConfig } from '../src/config/config';
import { seedAll } from './seed';

seedAll(loadConfig().databaseUrl)
  .then((s) => console.log(`seeded packs ${s.packs.join(', ')}; ${s.pools} budget pools; ${s.users} users`))
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
