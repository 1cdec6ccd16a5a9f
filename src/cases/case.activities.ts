import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { assessApplication, findSubtype, integerParameter, limitAtAssessment } from '../domain';
import { LIMIT_SENTENCES } from '../domain/words/limits';
import { profileOf, type ApplicantProfile, type ApplicantSnapshot } from '../domain/applicant';
import { districtPoolOf } from '../domain/ledger/ledger';
import type { LocalizedText } from '../domain/pack/schema';
import { CASE_EVENT_VERSION } from '../domain/case/events';
import type { AwardReservation } from '../domain/case/effects';
import type { CaseChange } from '../domain/case/records';
import { CaseRepository } from '../database/case.repository';
import { LedgerRepository } from '../database/ledger.repository';
import type { NoticeRef } from '../database/notice.repository';
import { OrganisationRepository } from '../database/organisation.repository';
import { PackRepository } from '../database/pack.repository';
import type { CaseActivities, CaseAssessment, ReserveAwardResult } from '../../workflows/activities';
import { ActivityGuard } from '../temporal/activity-guard';
import { CaseProjection } from './case-projection';

/** The case workflow's activities: assess, project a transition, reserve a final approval. One transaction each. */
@Injectable()
export class CaseActivitiesImpl implements CaseActivities {
  constructor(
    private readonly cases: CaseRepository,
    private readonly organisations: OrganisationRepository,
    private readonly packs: PackRepository,
    private readonly ledger: LedgerRepository,
    private readonly projection: CaseProjection,
    private readonly guard: ActivityGuard,
  ) {}

  assessCase(caseId: string): Promise<CaseAssessment> {
    return this.guard.run(() => this.assess(caseId));
  }

  private async assess(caseId: string): Promise<CaseAssessment> {
    const app = await this.cases.filing(caseId);
    if (!app) throw ApplicationFailure.nonRetryable(`application ${caseId} not found`, 'NotFound');
    const applicant = await this.applicantAtReceipt(app.organisationId, app.applicant);
    // With the pack itself: what an approval needs later comes from it too (below).
    const { pack, rules } = await this.packs.versioned(app.packId, app.packVersion);
    const assessed = assessApplication(rules, {
      measureCode: app.measureCode,
      subtypeCode: app.subtypeCode,
      form: app.form as Record<string, unknown>,
      applicant,
      receivedAt: app.submittedAt.toISOString(),
    });
    // The cumulative limits as the ledger holds them now (a read; the final approval checks again under
    // its lock), so the applicant and every officer see the cut, or the refusal, from the start.
    let assessment = limitAtAssessment(assessed, await this.ledger.limitTotals(assessed.limits.map((l) => l.key)));
    const assessedAt = new Date().toISOString();
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
    if (assessment.eligible && priorBenefits.length > 0) {
      // The award says so too: the applicant and the officers read it from the first task on.
      const line = LIMIT_SENTENCES.possibleDoubleBenefit(priorBenefits.map((p) => p.reference));
      assessment = { ...assessment, award: { ...assessment.award, lines: [...assessment.award.lines, line] } };
    }
    await this.cases.saveAssessment(
      caseId,
      assessment,
      {
        eventKey: 'assessed',
        type: 'case.assessed',
        v: CASE_EVENT_VERSION,
        actorId: null,
        at: assessedAt,
        data: { eligible: assessment.eligible, computedAwardFen: assessment.award.amountFen, routing: assessment.routing },
      },
      priorBenefits.length > 0,
    );
    // Escalations go to the supervisors of the bureaus the plan names, looked up once here.
    const bureaus = [...new Set(assessment.reviewPlan.flatMap((s) => s.bureaus))];
    const supervisors = await this.organisations.supervisorsOfAll(pack.jurisdiction.code, bureaus);
    // What an approval needs later, so it reads no pack then: the lifecycle, the district pool, the pools' names.
    const pools = [...rules.pools, ...pack.pools];
    const lifecycle = findSubtype(rules, app.measureCode, app.subtypeCode)?.lifecycle?.kind ?? null;
    const districtPool = assessment.coFunding && districtPoolOf(pools, assessment.subtypeCode, assessment.coFunding.districtBureau);
    const poolNames: Record<string, LocalizedText> = {};
    // The case's rule version names a pool first (a later version may replace one by code), then the pack.
    for (const p of pools) poolNames[p.code] ??= p.name;
    return {
      priorBenefits,
      assessedAt,
      assessment,
      terms: { lifecycle, districtPoolCode: districtPool?.code ?? null, poolNames },
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

  /** Writes one transition to the projection with its notices; returns the notices for the workflow to deliver. */
  projectCase(change: CaseChange): Promise<NoticeRef[]> {
    return this.guard.run(() => this.projection.write(change));
  }

  /**
   * Reserves a final approval as the workflow describes it: the pools, the budget year, the award as
   * approved and the co-funding split all come from the case's state, so nothing is loaded or worked
   * out again here (a split recomputed from a reloaded row could differ from the one assessed).
   */
  reserveAward(r: AwardReservation): Promise<ReserveAwardResult> {
    return this.guard.run(async () => {
      const out = await this.ledger.reserveAward({
        caseId: r.caseId,
        packId: r.packId,
        poolCode: r.poolCode,
        year: r.budgetYear,
        award: r.award,
        limits: r.limits,
        projectKey: r.projectKey,
        coFunding: r.coFunding,
        districtPoolCode: r.districtPoolCode,
        actorId: r.actorId,
        unmet: r.unmet ?? [],
      });
      const year = r.budgetYear;
      if (out.ok) return { ok: true, year, grant: { amountFen: out.amountFen.toString(), cuts: out.cuts } };
      // Every obstacle at once: what the money lacks beside what the approval lacks.
      const unmet = r.unmet && r.unmet.length > 0 ? { unmet: r.unmet } : {};
      if (out.short === 'reasons') return { ok: false, short: 'reasons', year, unmet: r.unmet ?? [] };
      if (out.short === 'pool') {
        return {
          ok: false,
          short: 'pool',
          year,
          availableFen: out.availableFen.toString(),
          askedFen: out.askedFen.toString(),
          poolCode: out.poolCode,
          ...(out.atMostFen === undefined ? {} : { atMostFen: out.atMostFen.toString() }),
          ...unmet,
        };
      }
      const exhausted = out.exhausted.map((x) => ({ limit: x.limit, priorFen: x.priorFen.toString() }));
      return { ok: false, short: 'limit', limit: out.limit, priorFen: out.priorFen.toString(), exhausted, ...unmet };
    });
  }
}
