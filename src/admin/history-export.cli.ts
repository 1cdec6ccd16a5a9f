import { writeFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { loadToolConfig } from '../config/config';
import { issuesOf } from '../common/zod';
import { temporalConnectionOptions } from '../temporal/connection';
import { WorkflowIdSchema } from './admin.dto';
import { exportHistory } from './history';
import { REPLAY_SENTENCES } from '../domain/words/admin';

export const EXPORT_USAGE = 'usage: npm run history:export -- <workflowId> [file]   (no file: the JSON goes to stdout)';

export interface ExportIo {
  stdout: { write(chunk: string): boolean };
  stderr: { write(chunk: string): boolean };
  writeFile(path: string, data: string): void;
}

/** The workflow id and output file, or the usage errors (naming the argument). */
export function parseExportArgs(argv: string[]): { workflowId: string; file: string | undefined } | { errors: string[] } {
  const [workflowId, file, ...extra] = argv;
  if (workflowId === undefined || extra.length > 0) return { errors: [] };
  const id = WorkflowIdSchema.safeParse(workflowId);
  if (!id.success) return { errors: issuesOf(id.error, 'workflowId').map((i) => `${i.path}: ${i.message}`) };
  return { workflowId: workflowId, file };
}

function usage(io: Pick<ExportIo, 'stderr'>, errors: string[]): number {
  io.stderr.write(`${[...errors, EXPORT_USAGE].join('\n')}\n`);
  return 2;
}

/** The whole CLI but the connection: returns the exit status. */
export async function runHistoryExportCli(argv: string[], client: Client, io: ExportIo): Promise<number> {
  const args = parseExportArgs(argv);
  if ('errors' in args) return usage(io, args.errors);
  const { workflowId, file } = args;
  const json = await exportHistory(client, workflowId);
  if (json === null) {
    const w = REPLAY_SENTENCES.noWorkflow(workflowId);
    io.stderr.write(`${w.zh} / ${w.en}\n`);
    return 1;
  }
  if (file === undefined) {
    io.stdout.write(`${json}\n`);
  } else {
    io.writeFile(file, `${json}\n`);
    io.stderr.write(`wrote the history of ${workflowId} to ${file}\n`);
  }
  return 0;
}

async function main(): Promise<number> {
  const args = parseExportArgs(process.argv.slice(2));
  // A usage error needs no server.
  if ('errors' in args) return usage(process, args.errors);
  const config = loadToolConfig();
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    return await runHistoryExportCli(process.argv.slice(2), client, {
      stdout: process.stdout,
      stderr: process.stderr,
      writeFile: (path, data) => writeFileSync(path, data),
    });
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
