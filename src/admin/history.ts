import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/**
 * The full event history of a workflow run (its latest run unless `runId` is given) in Temporal's
 * own JSON form, the one `temporal workflow show --output json` writes and replayers read; null
 * when there is no such workflow.
 */
export async function exportHistory(client: Client, workflowId: string, runId?: string): Promise<string | null> {
  try {
    const description = await client.workflow.getHandle(workflowId, runId).describe();
    const history = await client.workflow.getHandle(workflowId, description.runId).fetchHistory();
    return historyToJSON(history);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}
