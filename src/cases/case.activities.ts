import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { assessApplication, budgetYear, integerParameter } from '../domain';
import { CASE_EVENT_VERSION } from '../domain/case/events';
import type { CaseChange } from '../domain/case/records';
import { CaseRepository } from '../database/case.repository';
import { OrganisationRepository } from '../database/organisation.repository';
import { PackRepository } from '../database/pack.repository';
import { PoolRepository } from '../database/pool.repository';
import { IncidentRepository } from '../database/incident.repository';
import { ACTIVITY_MAX_ATTEMPTS } from '../../workflows/presets';
import { currentActivity, permanentFailure, storableMessage } from './activity-failures';
import type { CaseActivities, CaseAssessment, IntakeActivities, ReserveFundsInput, ReserveFundsResult } from '../../workflows/activities';

/** The worker's activities: each reads or writes through the repositories, one transaction per call. */
@Injectable()
export class CaseActivitiesImpl implements CaseActivities, IntakeActivities {
  private readonly logger = new Logger('Intake');
  private readonly incidentLog = new Logger('Incidents');

  constructor(
    private readonly cases: CaseRepository,
    private readonly organisations: OrganisationRepository,
    private readonly packs: PackRepository,
    private readonly pools: PoolRepository,
    private readonly incidents: IncidentRepository,
  ) {}

  /**
   * Runs an activity's body: a failure no retry can fix leaves as a non-retryable ApplicationFailure,
   * and an incident is recorded for admins when the workflow is about to see the failure (a permanent
   * one at once, a transient one on the policy's last attempt).
   */
  private async guarded<T>(body: () => Promise<T>): Promise<T> {
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

  assessCase(caseId: string): Promise<CaseAssessment> {
    return this.guarded(() => this.assess(caseId));
  }

  private async assess(caseId: string): Promise<CaseAssessment> {
    const app = await this.cases.find(caseId);
    if (!app) throw ApplicationFailure.nonRetryable(`application ${caseId} not found`, 'NotFound');
    const org = await this.organisations.organisation(app.organisationId);
    if (!org) throw ApplicationFailure.nonRetryable(`organisation ${app.organisationId} not found`, 'NotFound');
    const rules = await this.packs.rules(app.packId, app.packVersion);
    const assessment = assessApplication(rules, {
      measureCode: app.measureCode,
      subtypeCode: app.subtypeCode,
      form: app.form as Record<string, unknown>,
      applicant: { organisationId: org.id, kind: org.kind, isStartup: org.isStartup, district: org.district, registeredOn: org.registeredOn },
      receivedAt: app.submittedAt.toISOString(),
    });
    await this.cases.saveAssessment(caseId, assessment, {
      eventKey: 'assessed',
      type: 'case.assessed',
      v: CASE_EVENT_VERSION,
      actorId: null,
      at: new Date().toISOString(),
      data: { eligible: assessment.eligible, computedAwardFen: assessment.award.amountFen, routing: assessment.routing },
    });
    // Escalations go to the supervisors of the bureaus the plan names, looked up once here.
    const bureaus = [...new Set(assessment.reviewPlan.flatMap((s) => s.bureaus))];
    const supervisors = Object.fromEntries(await Promise.all(bureaus.map(async (b) => [b, await this.organisations.supervisorsOf(b)] as const)));
    return {
      assessment,
      clock: {
        taskDueDays: integerParameter(rules, 'review.taskDueDays'),
        reminderDaysBeforeDue: integerParameter(rules, 'review.reminderDaysBeforeDue'),
        rfiAnswerDays: integerParameter(rules, 'rfi.answerDeadlineDays'),
        timeZone: rules.timezone,
        supervisors,
      },
    };
  }

  /** Writes one transition of the workflow to the projection the API reads, atomically. */
  projectCase(change: CaseChange): Promise<void> {
    return this.guarded(() => this.cases.applyChange(change));
  }

  reserveFunds(r: ReserveFundsInput): Promise<ReserveFundsResult> {
    return this.guarded(() => this.reserve(r));
  }

  private async reserve(r: ReserveFundsInput): Promise<ReserveFundsResult> {
    const { pack } = await this.packs.pack(r.packId);
    // Awards count against the budget year the application was received in (Asia/Shanghai): a case
    // received before the policy expires is decided, and paid, even when its decision falls later.
    const receivedAt = await this.cases.receivedAt(r.caseId);
    if (!receivedAt) throw ApplicationFailure.nonRetryable(`application ${r.caseId} not found`, 'NotFound');
    const year = budgetYear(receivedAt, pack.timezone);
    const result = await this.pools.reserve({ packId: r.packId, poolCode: r.poolCode, year, caseId: r.caseId, amountFen: BigInt(r.amountFen) });
    if (result.ok) return { ok: true, reservationId: result.reservationId, year };
    const poolName = pack.pools.find((p) => p.code === r.poolCode)?.name ?? { zh: r.poolCode, en: r.poolCode };
    return { ok: false, year, availableFen: result.availableFen.toString(), poolName };
  }

  setIntakeOpen(packId: string, open: boolean, at: string): Promise<void> {
    return this.guarded(async () => {
      await this.packs.setIntakeOpen(packId, open);
      this.logger.log(`${packId} intake ${open ? 'opened' : 'closed'} at ${at}`);
    });
  }
}
