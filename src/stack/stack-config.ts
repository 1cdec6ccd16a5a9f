import { isAbsolute, join, resolve } from 'node:path';
import { EnvSchema } from '../config/config';
import type { PostgresMode } from './postgres';
import { repoRoot } from '../config/paths';

/** What the local stack and the test setup need beyond AppConfig: which variables were set at all. */
export interface StackEnv {
  /** Only when DATABASE_URL is set; otherwise the stack picks a server itself. */
  databaseUrl?: string;
  /** Only when TEMPORAL_ADDRESS is set; otherwise the stack runs the dev server. */
  temporalAddress?: string;
  temporalPort: number;
  temporalUiPort: number;
  embeddedPostgres: PostgresMode;
  embeddedPostgresPort: number;
  dataDir: string;
  paths: { postgresData: string; temporalDb: string; logs: string; postgresLog: string; temporalLog: string };
}

const StackEnvSchema = EnvSchema.pick({
  DATABASE_URL: true,
  TEMPORAL_ADDRESS: true,
  TEMPORAL_PORT: true,
  TEMPORAL_UI_PORT: true,
  EMBEDDED_POSTGRES: true,
  EMBEDDED_POSTGRES_PORT: true,
  DATA_DIR: true,
});

export function stackEnv(source: NodeJS.ProcessEnv = process.env): StackEnv {
  const e = StackEnvSchema.parse(source);
  // Relative to the repository, not the cwd, so `npm start`, tests and scripts share one folder.
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(repoRoot(), e.DATA_DIR);
  const logs = join(dataDir, 'logs');
  return {
    databaseUrl: e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalPort: e.TEMPORAL_PORT,
    temporalUiPort: e.TEMPORAL_UI_PORT,
    embeddedPostgres: e.EMBEDDED_POSTGRES,
    embeddedPostgresPort: e.EMBEDDED_POSTGRES_PORT,
    dataDir,
    paths: {
      postgresData: join(dataDir, 'postgres'),
      temporalDb: join(dataDir, 'temporal', 'temporal.db'),
      logs,
      postgresLog: join(logs, 'postgres.log'),
      temporalLog: join(logs, 'temporal.log'),
    },
  };
}
