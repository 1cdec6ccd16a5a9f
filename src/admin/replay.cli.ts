import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { loadToolConfig } from '../config/config';
import { issuesOf } from '../common/zod';
import { temporalConnectionOptions } from '../temporal/connection';
import { StartReplaySchema } from './admin.dto';
import { createProgress, type ProgressStream } from './progress';
import { InvalidReplayQueryError, ReplayEngine, type ReplaySelection } from './replay.engine';
import { resultLine, summaryLine } from './report-text';

export const REPLAY_USAGE = `usage: npm run replay -- [--query "<visibility query>"] [--workflow-id <id>]... [--json]
  no option: every workflow of the service's task queue
  --query:       e.g. "WorkflowType='…' AND ExecutionStatus='Running'"
  --workflow-id: the latest run of that workflow (repeatable)
  --json:        print the report as JSON instead of text
exit status: 0 when every workflow replays, 1 when any diverged or failed, 2 on a usage error`;

export interface CliStreams {
  stdout: { write(chunk: string): boolean };
  stderr: ProgressStream;
}

const FLAG: Record<string, string> = { query: '--query', workflowIds: '--workflow-id' };

/** Parses the arguments into a selection, or returns the usage errors naming the flag. */
export function parseReplayArgs(argv: string[]): { selection: ReplaySelection; json: boolean } | { errors: string[] } {
  let values: { query?: string; 'workflow-id'?: string[]; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        query: { type: 'string' },
        'workflow-id': { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { errors: [err instanceof Error ? err.message : String(err)] };
  }
  if (values.help) return { errors: [] };
  const parsed = StartReplaySchema.safeParse({ query: values.query, workflowIds: values['workflow-id'] });
  if (!parsed.success) {
    return {
      errors: issuesOf(parsed.error).map(
        (i) => `${FLAG[i.path.split('.')[0]!] ?? i.path}${i.path.includes('.') ? ` #${Number(i.path.split('.')[1]) + 1}` : ''}: ${i.message}`,
      ),
    };
  }
  const { query, workflowIds } = parsed.data;
  const selection: ReplaySelection = workflowIds ? { kind: 'ids', workflowIds } : query !== undefined ? { kind: 'query', query } : { kind: 'all' };
  return { selection, json: values.json ?? false };
}

function usage(io: Pick<CliStreams, 'stderr'>, errors: string[]): number {
  io.stderr.write(`${[...errors, REPLAY_USAGE].join('\n')}\n`);
  return errors.length ? 2 : 0;
}

/** The whole CLI but the connection: returns the exit status. */
export async function runReplayCli(argv: string[], engine: ReplayEngine, io: CliStreams): Promise<number> {
  const args = parseReplayArgs(argv);
  if ('errors' in args) return usage(io, args.errors);
  let plan;
  try {
    plan = await engine.plan(args.selection);
  } catch (err) {
    if (!(err instanceof InvalidReplayQueryError)) throw err;
    io.stderr.write(`--query: Temporal refused the query: ${err.message}\n`);
    return 2;
  }
  io.stderr.write(`replaying ${plan.total} workflow(s)${plan.query ? ` matching ${plan.query}` : ''} against the current workflow code\n`);
  const progress = createProgress(io.stderr);
  const report = await engine.run(plan, ({ done, total, last }) => progress.update(done, total, `${last.outcome} ${last.workflowId}`));
  progress.finish();
  if (args.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(`${[...report.results.map(resultLine), summaryLine(report)].join('\n')}\n`);
  return report.diverged + report.failed > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const args = parseReplayArgs(argv);
  // A usage error (or --help) needs no server.
  if ('errors' in args) return usage(process, args.errors);
  const config = loadToolConfig();
  // The SDK narrates every failed replay (core at WARN, the worker at ERROR); the report says each
  // once, in full, so its logs are kept for LOG_LEVEL=debug.
  const debug = config.logLevel === 'debug';
  Runtime.install({
    logger: debug ? new DefaultLogger('DEBUG') : new DefaultLogger('ERROR', () => undefined),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: debug ? 'DEBUG' : 'ERROR' }), forward: {} } },
  });
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const engine = new ReplayEngine(new Client({ connection, namespace: config.temporal.namespace }), config.temporal.taskQueue);
    return await runReplayCli(argv, engine, { stdout: process.stdout, stderr: process.stderr });
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
