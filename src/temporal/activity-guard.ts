import { Injectable, Logger } from '@nestjs/common';
import { IncidentRepository } from '../database/incident.repository';
import { ACTIVITY_MAX_ATTEMPTS } from '../../workflows/presets';
import { currentActivity, permanentFailure, storableMessage } from './activity-failures';

/**
 * Runs an activity's body: a failure no retry can fix leaves as a non-retryable ApplicationFailure,
 * and an incident is recorded for admins when the workflow is about to see the failure (a permanent
 * one at once, a transient one on the policy's last attempt). Shared by every workflow's activities.
 */
@Injectable()
export class ActivityGuard {
  private readonly incidentLog = new Logger('Incidents');

  constructor(private readonly incidents: IncidentRepository) {}

  async run<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (err) {
      const permanent = permanentFailure(err);
      const info = currentActivity();
      const run = info?.workflowExecution;
      if (info && run && (permanent || info.attempt === ACTIVITY_MAX_ATTEMPTS)) {
        const message = storableMessage(permanent?.failure.message ?? (err instanceof Error ? err.message : String(err)));
        await this.incidents
          .record({
            workflowId: run.workflowId,
            runId: run.runId,
            workflowType: info.workflowType ?? '',
            activityType: info.activityType,
            attempt: info.attempt,
            kind: permanent?.kind ?? 'RetriesExhausted',
            message,
          })
          .catch((e: unknown) => this.incidentLog.error(`could not record the incident of ${run.workflowId}: ${String(e)}`));
        this.incidentLog.error(`${run.workflowId} ${info.activityType} failed for good: ${message}`);
      }
      throw permanent?.failure ?? err;
    }
  }
}
