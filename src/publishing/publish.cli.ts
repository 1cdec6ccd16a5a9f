// npm run pack:publish -- file.json [--dry-run]: publishes a policy pack as the admin endpoint does.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loadConfig } from '../config/config';
import { intakeStatus, parsePolicyPack, PolicyPackError } from '../domain';
import { connectIntakeClocks } from '../temporal/intake-clock';
import { openPackStore } from '../database/pack-store.repository';
import { publishThrough } from './publish';

const USAGE = 'usage: npm run pack:publish -- <pack.json> [--dry-run]';

async function main(argv: string[]): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const files = argv.filter((a) => a !== '--dry-run');
  if (files.length !== 1 || files[0]!.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  let pack;
  try {
    pack = parsePolicyPack(JSON.parse(readFileSync(files[0]!, 'utf8')));
  } catch (err) {
    console.error(err instanceof PolicyPackError || err instanceof SyntaxError ? `${files[0]}: ${err.message}` : err);
    return 1;
  }
  const config = loadConfig();
  const store = openPackStore(config.databaseUrl);
  try {
    if (dryRun) {
      const problems = await store.problems(pack);
      for (const p of problems) console.error(`${p.zh} / ${p.en}`);
      console.log(
        problems.length ? `${pack.id}: would be refused` : `${pack.id}: valid, would publish versions ${pack.versions.map((v) => v.version).join(', ')}`,
      );
      return problems.length ? 1 : 0;
    }
    if (pack.succeeds && !(await store.exists(pack.succeeds))) {
      console.error(`policy pack ${pack.succeeds}, which ${pack.id} says it succeeds, is not published`);
      return 1;
    }
    // The clock starts on the running worker's task queue, so the pack opens without a restart.
    const clocks = await connectIntakeClocks(config.temporal);
    if (!clocks) console.warn(`Temporal does not answer on ${config.temporal.address}: the intake clock starts when a worker starts`);
    try {
      const r = await publishThrough(store, pack, clocks, `cli:${userInfo().username}`);
      const s = intakeStatus(pack, true, Date.now());
      console.log(
        `published ${pack.id} (versions ${pack.versions.map((v) => v.version).join(', ')}; ${r.pools} budget pools)` +
          `${r.clockStarted ? `; intake clock ${r.windowChanged ? 'restarted for the new window' : 'started'}` : ''}\n${s.message.en}\n${s.message.zh}`,
      );
      return 0;
    } finally {
      await clocks?.close();
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
