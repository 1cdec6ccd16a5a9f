import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { IncidentRepository } from '../database/incident.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { IncidentList, IncidentsQuery } from './incidents.dto';

const FAILED_WORKFLOWS_SHOWN = 100;

/**
 * Stuck and failed workflows for admins, from two sources: the incidents the activities record when a
 * failure no retry fixes reaches a workflow (with the error), and Temporal's own list of failed
 * workflows of the service, which also holds those whose incident could not be written (the database
 * itself was down for good).
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly incidents: IncidentRepository,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(q: IncidentsQuery): Promise<IncidentList> {
    const { items, total } = await this.incidents.list(q);
    return {
      items: items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })),
      total,
      limit: q.limit,
      offset: q.offset,
      ...(await this.failedWorkflows(q.workflowId)),
    };
  }

  private async failedWorkflows(workflowId: string | undefined): Promise<Pick<IncidentList, 'failedWorkflows' | 'temporalError'>> {
    const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    let query = `TaskQueue=${quote(this.config.temporal.taskQueue)} AND ExecutionStatus='Failed'`;
    if (workflowId !== undefined) query += ` AND WorkflowId=${quote(workflowId)}`;
    try {
      const failed: IncidentList['failedWorkflows'] = [];
      for await (const w of this.client.workflow.list({ query, pageSize: FAILED_WORKFLOWS_SHOWN })) {
        failed.push({ workflowId: w.workflowId, runId: w.runId, workflowType: w.type, closedAt: w.closeTime?.toISOString() ?? null });
        if (failed.length >= FAILED_WORKFLOWS_SHOWN) break;
      }
      return { failedWorkflows: failed, temporalError: null };
    } catch (err) {
      // Temporal unreachable: the recorded incidents are still worth showing.
      return { failedWorkflows: [], temporalError: err instanceof Error ? err.message : String(err) };
    }
  }
}
