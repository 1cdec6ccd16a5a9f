import { Injectable, Logger } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { assessApplication, budgetYear, integerParameter } from '../domain';
import { profileOf, type ApplicantProfile, type ApplicantSnapshot } from '../domain/applicant';
import { CASE_EVENT_VERSION } from '../domain/case/events';
import type { CaseChange } from '../domain/case/records';
import { CaseRepository } from '../database/case.repository';
import { OrganisationRepository } from '../database/organisation.repository';
import { PackRepository } from '../database/pack.repository';
import { PoolRepository } from '../database/pool.repository';
import type { CaseActivities, CaseAssessment, IntakeActivities, ReserveFundsInput, ReserveFundsResult } from '../../workflows/activities';

/** The worker's activities: each reads or writes through the repositories, one transaction per call. */
@Injectable()
export class CaseActivitiesImpl implements CaseActivities, IntakeActivities {
  private readonly logger = new Logger('Intake');

  constructor(
    private readonly cases: CaseRepository,
    private readonly organisations: OrganisationRepository,
    private readonly packs: PackRepository,
    private readonly pools: PoolRepository,
  ) {}

  async assessCase(caseId: string): Promise<CaseAssessment> {
    const app = await this.cases.find(caseId);
    if (!app) throw ApplicationFailure.nonRetryable(`application ${caseId} not found`, 'NotFound');
    const applicant = await this.applicantAtReceipt(app.organisationId, app.applicant);
    const rules = await this.packs.rules(app.packId, app.packVersion);
    const assessment = assessApplication(rules, {
      measureCode: app.measureCode,
      subtypeCode: app.subtypeCode,
      form: app.form as Record<string, unknown>,
      applicant,
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

  /** The organisation as the case recorded it at receipt; a case received before snapshots were kept reads the organisation as it is. */
  private async applicantAtReceipt(organisationId: string, snapshot: unknown): Promise<ApplicantProfile> {
    if (snapshot) return profileOf(snapshot as ApplicantSnapshot);
    const org = await this.organisations.organisation(organisationId);
    if (!org) throw ApplicationFailure.nonRetryable(`organisation ${organisationId} not found`, 'NotFound');
    return { organisationId: org.id, kind: org.kind, isStartup: org.isStartup, district: org.district, registeredOn: org.registeredOn };
  }

  /** Writes one transition of the workflow to the projection the API reads, atomically. */
  async projectCase(change: CaseChange): Promise<void> {
    await this.cases.applyChange(change);
  }

  async reserveFunds(r: ReserveFundsInput): Promise<ReserveFundsResult> {
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

  async setIntakeOpen(packId: string, open: boolean, at: string): Promise<void> {
    await this.packs.setIntakeOpen(packId, open);
    this.logger.log(`${packId} intake ${open ? 'opened' : 'closed'} at ${at}`);
  }
}
