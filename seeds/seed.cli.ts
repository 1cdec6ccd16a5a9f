import { loadToolConfig } from '../src/config/config';
import { connectIntakeClocks } from '../src/temporal/intake-clock';
import { seedAll } from './seed';

async function main(): Promise<void> {
  const config = loadToolConfig();
  // Publishing starts each pack's intake clock when Temporal answers, so a new pack opens without a worker restart.
  const clocks = await connectIntakeClocks(config.temporal);
  if (!clocks) console.warn(`Temporal does not answer on ${config.temporal.address}: intake clocks start when a worker starts`);
  try {
    const s = await seedAll(config.databaseUrl, undefined, clocks);
    console.log(`seeded packs ${s.packs.join(', ')}; ${s.pools} budget pools; ${s.users} users${clocks ? '; intake clocks started' : ''}`);
  } finally {
    await clocks?.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
