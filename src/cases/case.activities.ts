import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { relatedWorkflowAttributes } from '../temporal/search-attributes';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { assessApplication, budgetYear, integerParameter, type Assessment } from '../domain';
import { profileOf, type ApplicantProfile, type ApplicantSnapshot } from '../domain/applicant';
import { awardAsApproved } from '../domain/case/machine';
import { districtPoolOf } from '../domain/ledger/ledger';
import type { Pool } from '../domain/pack/schema';
import { CASE_EVENT_VERSION, type CaseEvent } from '../domain/case/events';
import type { CaseChange } from '../domain/case/records';
import { CaseRepository } from '../database/case.repository';
import { OrganisationRepository } from '../database/organisation.repository';
import { PackRepository } from '../database/pack.repository';
import { LedgerRepository } from '../database/ledger.repository';
import type { LabReward, LabSettings, LabState } from '../domain/lab/lifecycle';
import { LabActivitiesImpl } from '../labs/lab.activities';
import { caseNotices } from '../notices/case-notices';
import { NoticeDeliveryService } from '../notices/notice-delivery.service';
import { caseVocabulary } from './case-progress';
import type {
  CaseActivities,
  CaseAssessment,
  FileLabRewardInput,
  IntakeActivities,
  LabActivities,
  NoticeActivities,
  PaymentActivities,
  PaymentShare,
  RentFreeActivities,
  RentFreePeriod,
  ReserveAwardInput,
  ReserveAwardResult,
  ReserveFundsInput,
  ReserveFundsResult,
} from '../../workflows/activities';
import { awardWorkflowId } from '../../workflows/award.messages';
import type { awardWorkflow } from '../../workflows/award.workflow';
import { IncidentRepository } from '../database/incident.repository';
import { ACTIVITY_MAX_ATTEMPTS } from '../../workflows/presets';
import { currentActivity, permanentFailure, storableMessage } from './activity-failures';

/** The worker's activities: each reads or writes through the repositories, one transaction per call. */
@Injectable()
export class CaseActivitiesImpl implements CaseActivities, IntakeActivities, LabActivities, RentFreeActivities, PaymentActivities, NoticeActivities {
  private readonly logger = new Logger('Intake');
  private readonly incidentLog = new Logger('Incidents');

  constructor(
    private readonly cases: CaseRepository,
    private readonly organisations: OrganisationRepository,
    private readonly packs: PackRepository,
    private readonly ledger: LedgerRepository,
    private readonly labs: LabActivitiesImpl,
    private readonly delivery: NoticeDeliveryService,
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
    const applicant = await this.applicantAtReceipt(app.organisationId, app.applicant);
    const rules = await this.packs.rules(app.packId, app.packVersion);
    const assessment = assessApplication(rules, {
      measureCode: app.measureCode,
      subtypeCode: app.subtypeCode,
      form: app.form as Record<string, unknown>,
      applicant,
      receivedAt: app.submittedAt.toISOString(),
    });
    // No double benefit: the applicant's other pending or awarded cases for this project and kind.
    const priorBenefits =
      assessment.projectKey !== null && assessment.sameKindGroup !== null
        ? await this.cases.sameKindCases({
            caseId: caseId,
            organisationId: app.organisationId,
            projectKey: assessment.projectKey,
            sameKindGroup: assessment.sameKindGroup,
          })
        : [];
    await this.cases.saveAssessment(
      caseId,
      assessment,
      {
        eventKey: 'assessed',
        type: 'case.assessed',
        v: CASE_EVENT_VERSION,
        actorId: null,
        at: new Date().toISOString(),
        data: { eligible: assessment.eligible, computedAwardFen: assessment.award.amountFen, routing: assessment.routing },
      },
      priorBenefits.length > 0,
    );
    // Escalations go to the supervisors of the bureaus the plan names, looked up once here.
    const bureaus = [...new Set(assessment.reviewPlan.flatMap((s) => s.bureaus))];
    const supervisors = Object.fromEntries(await Promise.all(bureaus.map(async (b) => [b, await this.organisations.supervisorsOf(b)] as const)));
    return {
      priorBenefits,
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

  /**
   * Writes one transition of the workflow to the projection the API reads, with the notices it raises,
   * atomically; then starts each notice's delivery (again on a retry: a started one is left alone).
   */
  projectCase(change: CaseChange): Promise<void> {
    return this.guarded(() => this.project(change));
  }

  private async project(change: CaseChange): Promise<void> {
    const c = await this.cases.summary(change.caseId);
    if (!c) throw ApplicationFailure.nonRetryable(`application ${change.caseId} not found`, 'NotFound');
    const rules = await this.packs.rules(c.packId, c.packVersion);
    const vocabulary = caseVocabulary(rules, c.measureCode, c.subtypeCode);
    // Optional: a pack without it warns of no lapse ahead of time (the lapse itself is always a notice).
    const lapseWarningDays = rules.parameters['rfi.lapseWarningDaysBefore'] ? integerParameter(rules, 'rfi.lapseWarningDaysBefore') : null;
    const notices = caseNotices(change, { organisationId: c.organisationId, reference: c.reference, vocabulary, lapseWarningDays });
    const ids = await this.cases.applyChange(change, notices, this.delivery.messageDomain);
    await this.labs.afterProjection(change);
    await this.delivery.start(ids);
  }

  deliverNotice(noticeId: string): Promise<string> {
    return this.guarded(() => this.delivery.deliver(noticeId));
  }

  /** The contract before the ledger (cases whose approval was decided without the CaseLedger patch): the pool alone. */
  reserveFunds(r: ReserveFundsInput): Promise<ReserveFundsResult> {
    return this.guarded(() => this.reserve(r));
  }

  private async reserve(r: ReserveFundsInput): Promise<ReserveFundsResult> {
    const { assessment, year, poolName } = await this.awardContext(r.caseId, r.poolCode);
    const award = { ...assessment.award, amountFen: r.amountFen };
    const out = await this.ledger.reserveAward({
      caseId: r.caseId,
      packId: r.packId,
      poolCode: r.poolCode,
      year,
      award,
      limits: [],
      projectKey: null,
      coFunding: null,
      actorId: null,
    });
    if (out.ok) return { ok: true, reservationId: `${r.caseId}:reserve`, year };
    return { ok: false, year, availableFen: out.short === 'pool' ? out.availableFen.toString() : '0', poolName };
  }

  reserveAward(r: ReserveAwardInput): Promise<ReserveAwardResult> {
    return this.guarded(() => this.reserveWithLimits(r));
  }

  private async reserveWithLimits(r: ReserveAwardInput): Promise<ReserveAwardResult> {
    const { assessment, year, packId, pools } = await this.awardContext(r.caseId, r.poolCode);
    // The district's own pool, where the case's rule version gives its district one for this sub-type.
    const districtPool = assessment.coFunding && districtPoolOf(pools, assessment.subtypeCode, assessment.coFunding.districtBureau);
    const out = await this.ledger.reserveAward({
      caseId: r.caseId,
      packId,
      poolCode: r.poolCode,
      year,
      award: awardAsApproved(assessment, BigInt(r.amountFen), r.comment ?? ''),
      limits: assessment.limits,
      projectKey: assessment.projectKey,
      coFunding: assessment.coFunding,
      districtPoolCode: districtPool?.code ?? null,
      actorId: r.actorId,
    });
    if (out.ok) return { ok: true, year, grant: { amountFen: out.amountFen.toString(), cuts: out.cuts } };
    if (out.short === 'pool') {
      const poolName = pools.find((p) => p.code === out.poolCode)?.name ?? { zh: out.poolCode, en: out.poolCode };
      return {
        ok: false,
        short: 'pool',
        year,
        availableFen: out.availableFen.toString(),
        askedFen: out.askedFen.toString(),
        poolName,
        poolCode: out.poolCode,
        ...(out.atMostFen === undefined ? {} : { atMostFen: out.atMostFen.toString() }),
      };
    }
    return { ok: false, short: 'limit', limit: out.limit, priorFen: out.priorFen.toString() };
  }

  async startAwardPayments(caseId: string): Promise<void> {
    const ctx = Context.current();
    // Only the names the award's workflow is found by: the summary, not the whole case.
    const c = await this.cases.summary(caseId);
    try {
      await ctx.client.workflow.start<typeof awardWorkflow>('awardWorkflow', {
        workflowId: awardWorkflowId(caseId),
        taskQueue: ctx.info.taskQueue,
        typedSearchAttributes: relatedWorkflowAttributes({ caseId, reference: c?.reference, organisationId: c?.organisationId, packId: c?.packId }),
        args: [{ caseId }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  async awardShares(caseId: string): Promise<PaymentShare[]> {
    return (await this.ledger.shares(caseId)).filter((s) => s.amountFen > 0n).map((s) => ({ funder: s.funder, amountFen: s.amountFen.toString() }));
  }

  async issuePaymentOrder(input: { caseId: string; funder: string }): Promise<{ orderId: string }> {
    const order = await this.ledger.issueOrder(input.caseId, input.funder, randomUUID());
    return { orderId: order.id };
  }

  async openPaymentOrders(caseId: string): Promise<number> {
    return (await this.ledger.orders({ caseId, status: 'issued' })).length;
  }

  /** The stored assessment, the budget year the case counts against and its pool's name. */
  private async awardContext(
    caseId: string,
    poolCode: string | null,
  ): Promise<{ assessment: Assessment; year: number; poolName: { zh: string; en: string }; packId: string; pools: Pool[] }> {
    const app = await this.cases.find(caseId);
    if (!app?.assessment) throw ApplicationFailure.nonRetryable(`application ${caseId} not found or not assessed`, 'NotFound');
    const { pack } = await this.packs.pack(app.packId);
    // Awards count against the budget year the application was received in (Asia/Shanghai): a case
    // received before the policy expires is decided, and paid, even when its decision falls later.
    const year = budgetYear(app.submittedAt, pack.timezone);
    // The pools of the case's rule version (a later version may replace a pool by code), then the pack's.
    const pools = [...(await this.packs.rules(app.packId, app.packVersion)).pools, ...pack.pools];
    const poolName = pools.find((p) => p.code === poolCode)?.name ?? { zh: poolCode ?? '', en: poolCode ?? '' };
    return { assessment: app.assessment as Assessment, year, poolName, packId: app.packId, pools };
  }

  setIntakeOpen(packId: string, open: boolean, at: string): Promise<void> {
    return this.guarded(async () => {
      await this.packs.setIntakeOpen(packId, open);
      this.logger.log(`${packId} intake ${open ? 'opened' : 'closed'} at ${at}`);
    });
  }

  labSettings(labId: string): Promise<LabSettings> {
    return this.labs.labSettings(labId);
  }

  projectLab(state: LabState): Promise<void> {
    return this.labs.projectLab(state);
  }

  markLabTask(taskId: string, field: 'remindedAt' | 'escalatedAt', at: string): Promise<void> {
    return this.labs.markLabTask(taskId, field, at);
  }

  fileLabReward(input: FileLabRewardInput): Promise<LabReward> {
    return this.labs.fileLabReward(input);
  }

  rentFreePeriod(caseId: string): Promise<RentFreePeriod> {
    return this.labs.rentFreePeriod(caseId);
  }

  /** Events outside a review (the rent-free clock's) go through the projection, so their notices are written with them. */
  recordCaseEvents(caseId: string, events: CaseEvent[]): Promise<void> {
    return this.projectCase({ caseId, tasks: [], events });
  }
}
