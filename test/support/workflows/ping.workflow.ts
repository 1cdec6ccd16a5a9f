import type { Duration } from '@temporalio/common';
import { sleep } from '@temporalio/workflow';

/** A trivial workflow proving that a server and a worker run end to end; the sleep shows time skipping. */
export async function pingWorkflow(name: string, delay: Duration): Promise<string> {
  await sleep(delay);
  return `pong ${name}`;
}
