import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { relatedWorkflowAttributes } from '../temporal/search-attributes';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import {
  budgetYear,
  findSubtype,
  keyLabTerms,
  addCalendarDays,
  addMonths,
  integerParameter,
  localDate,
  NoRuleVersionError,
  packVersionAt,
  resolveInt,
  validateApplicationForm,
  type PackRules,
  type PolicyPack,
} from '../domain';
import { CASE_EVENT_VERSION, type CaseEvent } from '../domain/case/events';
import { readCaseEvent } from '../cases/case-events.schema';
import type { CaseChange } from '../domain/case/records';
import { labWorkflowId, localMidnight, openEvaluation, type LabReward, type LabSettings, type LabState } from '../domain/lab/lifecycle';
import type { LocalizedText } from '../domain/pack/schema';
import { caseVocabulary } from '../cases/case-progress';
import { labEvaluationDueNotice } from '../notices/lab-notices';
import { NoticeDeliveryService } from '../notices/notice-delivery.service';
import { CaseRepository } from '../database/case.repository';
import { LabRepository } from '../database/lab.repository';
import { OrganisationRepository } from '../database/organisation.repository';
import { snapshotOf } from '../domain/applicant';
import { PackRepository } from '../database/pack.repository';
import type { FileLabRewardInput, LabActivities, RentFreeActivities, RentFreePeriod } from '../../workflows/activities';
import { rentFreeWorkflowId, type rentFreeWorkflow } from '../../workflows/rentfree.workflow';
import { caseWorkflowId } from '../../workflows/case.messages';
import type { caseWorkflow } from '../../workflows/case.workflow';
import type { labLifecycleWorkflow } from '../../workflows/lab.workflow';

/** The lifecycles' activities (key labs, rent-free periods), and their start from the projection of an approval. */
@Injectable()
export class LabActivitiesImpl implements LabActivities, RentFreeActivities {
  constructor(
    private readonly cases: CaseRepository,
    private readonly packs: PackRepository,
    private readonly labs: LabRepository,
    private readonly organisations: OrganisationRepository,
    private readonly delivery: NoticeDeliveryService,
  ) {}

  /**
   * Called after a case's transition is projected: a final approval of a sub-type with a lifecycle
   * starts the lab's workflow (lab:<case id>). Idempotent, so a retried projection starts it once.
   */
  async afterProjection(change: CaseChange): Promise<void> {
    if (change.outcome?.status !== 'approved') return;
    const c = await this.cases.find(change.caseId);
    if (!c) return;
    const rules = await this.packs.rules(c.packId, c.packVersion);
    const kind = findSubtype(rules, c.measureCode, c.subtypeCode)?.lifecycle?.kind;
    if (!kind) return;
    const ctx = Context.current();
    if (kind === 'keyLab') {
      await ctx.client.workflow.start<typeof labLifecycleWorkflow>('labLifecycleWorkflow', {
        workflowId: labWorkflowId(c.id),
        taskQueue: ctx.info.taskQueue,
        typedSearchAttributes: relatedWorkflowAttributes({ caseId: c.id, reference: c.reference, organisationId: c.organisationId, packId: c.packId }),
        args: [{ labId: c.id }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    } else {
      await ctx.client.workflow.start<typeof rentFreeWorkflow>('rentFreeWorkflow', {
        workflowId: rentFreeWorkflowId(c.id),
        taskQueue: ctx.info.taskQueue,
        typedSearchAttributes: relatedWorkflowAttributes({ caseId: c.id, reference: c.reference, organisationId: c.organisationId, packId: c.packId }),
        args: [{ caseId: c.id }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    }
  }

  /**
   * Measure 14's rent-free period, from the day of the final approval (Asia/Shanghai) for the months
   * the approval granted (`case.approved`'s `rentFree`, the officer's choice within the pack's bounds).
   * An approval from before grants were recorded runs for the months the case asked for, which its
   * eligibility rules kept within the bounds (clamped here too).
   */
  async rentFreePeriod(caseId: string): Promise<RentFreePeriod> {
    const c = await this.cases.find(caseId);
    if (!c || c.status !== 'approved' || !c.decidedAt) throw ApplicationFailure.nonRetryable(`no approved case ${caseId}`, 'NotFound');
    const rules = await this.packs.rules(c.packId, c.packVersion);
    const lc = findSubtype(rules, c.measureCode, c.subtypeCode)?.lifecycle;
    if (lc?.kind !== 'rentFree') throw ApplicationFailure.nonRetryable(`${c.subtypeCode} grants no rent-free period`, 'NotRentFree');
    const approved = c.events.map(readCaseEvent).find((e) => e?.type === 'case.approved');
    const granted = approved?.type === 'case.approved' ? approved.data.rentFree?.months : undefined;
    const asked = granted ?? Number((c.form as Record<string, unknown>)[lc.monthsField]);
    const months = Math.min(Math.max(asked, resolveInt(rules, lc.minMonths)), resolveInt(rules, lc.maxMonths));
    const startsOn = localDate(c.decidedAt, rules.timezone);
    const endsOn = addMonths(startsOn, months);
    const noticeDays = resolveInt(rules, lc.noticeDaysBeforeEnd);
    const endsAtMs = localMidnight(endsOn, rules.timezone);
    return { months, startsOn, endsOn, endsAtMs, noticeDays, noticeAtMs: addCalendarDays(endsAtMs, -noticeDays, rules.timezone) };
  }

  async recordCaseEvents(caseId: string, events: CaseEvent[]): Promise<void> {
    await this.cases.applyChange({ caseId, tasks: [], events });
  }

  async labSettings(labId: string): Promise<LabSettings> {
    const c = await this.cases.find(labId);
    if (!c || c.status !== 'approved' || !c.decidedAt) throw ApplicationFailure.nonRetryable(`no approved designation ${labId}`, 'NotFound');
    const rules = await this.packs.rules(c.packId, c.packVersion);
    const terms = keyLabTerms(rules, c.measureCode, c.subtypeCode);
    if (!terms) throw ApplicationFailure.nonRetryable(`${c.subtypeCode} starts no key-lab lifecycle`, 'NotALab');
    const { lifecycle: lc, award } = terms;
    const form = c.form as Record<string, unknown>;
    return {
      labId,
      caseId: c.id,
      packId: c.packId,
      organisationId: c.organisationId,
      labName: typeof form['labName'] === 'string' ? form['labName'] : c.reference,
      // Evaluations count from the day the designation was finally approved, in the policy's zone.
      approvedOn: localDate(c.decidedAt, rules.timezone),
      timeZone: rules.timezone,
      bureau: lc.bureau,
      everyMonths: resolveInt(rules, lc.everyMonths),
      failsToEnd: resolveInt(rules, lc.failsToEnd),
      taskDueDays: integerParameter(rules, 'review.taskDueDays'),
      reminderDaysBeforeDue: integerParameter(rules, 'review.reminderDaysBeforeDue'),
      grades: award.grades.map((g) => ({ value: g.value, rewarded: g.rewarded })),
      evaluationSubtype: lc.evaluationSubtype,
      measureCode: c.measureCode,
    };
  }

  /** Writes the lab; an evaluation that opened tells the lab's organisation, in the same transaction, then is sent. */
  async projectLab(state: LabState): Promise<void> {
    const open = openEvaluation(state);
    const notices = open ? [labEvaluationDueNotice(state, open, await this.bureauName(state))] : [];
    const ids = await this.labs.project(state, notices, this.delivery.messageDomain);
    await this.delivery.start(ids);
  }

  /** The evaluating bureau's name, from the designating case's rule version. */
  private async bureauName(state: LabState): Promise<LocalizedText> {
    const c = await this.cases.find(state.settings.caseId);
    if (!c) throw ApplicationFailure.nonRetryable(`no case ${state.settings.caseId}`, 'NotFound');
    const rules = await this.packs.rules(c.packId, c.packVersion);
    return caseVocabulary(rules, c.measureCode, c.subtypeCode).bureauName(state.settings.bureau);
  }

  async markLabTask(taskId: string, field: 'remindedAt' | 'escalatedAt', at: string): Promise<void> {
    await this.labs.markTask(taskId, field, new Date(at));
  }

  async fileLabReward(r: FileLabRewardInput): Promise<LabReward> {
    const lab = await this.labs.find(r.labId);
    if (!lab) throw ApplicationFailure.nonRetryable(`no lab ${r.labId}`, 'NotFound');
    const designation = await this.cases.find(lab.caseId);
    if (!designation) throw ApplicationFailure.nonRetryable(`no case ${lab.caseId}`, 'NotFound');
    const { pack } = await this.packs.pack(lab.packId);
    const lifecycle = findSubtype(
      await this.packs.rules(designation.packId, designation.packVersion),
      designation.measureCode,
      designation.subtypeCode,
    )?.lifecycle;
    const evaluationSubtype = lifecycle?.kind === 'keyLab' ? lifecycle.evaluationSubtype : undefined;
    if (!evaluationSubtype) throw ApplicationFailure.nonRetryable(`${designation.subtypeCode} starts no key-lab lifecycle`, 'NotALab');
    // The reward is received on the evaluation date, so it counts against that date's policy and budget year.
    const at = new Date(localMidnight(r.dueOn, pack.timezone));
    const cover = await this.coveringPolicy(pack, designation.measureCode, evaluationSubtype, at);
    if (!cover) {
      return {
        kind: 'noPolicy',
        message: {
          zh: `评估日 ${r.dueOn} 没有有效政策涵盖${designation.measureCode}评估奖励(${pack.id} 及其继任政策均已失效),已记录评估结果,不予奖励`,
          en: `no policy in force on ${r.dueOn} covers ${designation.measureCode}'s evaluation reward (${pack.id} and its successors have expired): the grade is recorded and no reward can be paid`,
        },
      };
    }
    const key = `lab-reward:${r.labId}:${r.cycle}`;
    const existing = await this.cases.byIdempotencyKey(lab.organisationId, key);
    const id = existing?.id ?? randomUUID();
    if (!existing) {
      const checked = validateApplicationForm(cover.rules, designation.measureCode, evaluationSubtype, {
        labName: lab.name,
        labCode: r.labId,
        evaluationCycle: r.cycle,
        grade: r.grade,
        evaluationReport: `lab-evaluation:${r.labId}:${r.cycle}`,
      });
      if (!checked.ok) throw ApplicationFailure.nonRetryable(`reward form refused: ${JSON.stringify(checked.issues)}`, 'InvalidRewardForm');
      // The lab as registered on the evaluation date, as any case stores its applicant at receipt.
      const org = await this.organisations.organisation(lab.organisationId);
      if (!org) throw ApplicationFailure.nonRetryable(`organisation ${lab.organisationId} not found`, 'NotFound');
      await this.cases.create(
        {
          id,
          applicant: snapshotOf(org),
          budgetYear: budgetYear(at, cover.pack.timezone),
          documents: [],
          reference: `AP-${at.getUTCFullYear()}-${id.replace(/-/g, '').slice(0, 10).toUpperCase()}`,
          packId: cover.pack.id,
          packVersion: cover.rules.version,
          measureCode: designation.measureCode,
          subtypeCode: evaluationSubtype,
          organisationId: lab.organisationId,
          submittedById: r.gradedById,
          idempotencyKey: key,
          requestHash: key,
          form: checked.form,
          workflowId: caseWorkflowId(id),
          submittedAt: at,
        },
        {
          eventKey: 'submitted',
          type: 'case.submitted',
          v: CASE_EVENT_VERSION,
          actorId: r.gradedById,
          at: at.toISOString(),
          data: { packVersion: cover.rules.version },
        },
      );
    }
    const ctx = Context.current();
    await ctx.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseWorkflowId(id),
      taskQueue: ctx.info.taskQueue,
      args: [{ caseId: id, packId: cover.pack.id, packVersion: cover.rules.version, receivedAt: at.toISOString(), organisationId: lab.organisationId }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    return { kind: 'filed', caseId: id, packId: cover.pack.id };
  }

  /** The lab's own policy if in force at `at`, else a successor (transitively) in force then with the same evaluation sub-type. */
  private async coveringPolicy(pack: PolicyPack, measureCode: string, subtypeCode: string, at: Date): Promise<{ pack: PolicyPack; rules: PackRules } | null> {
    const seen = new Set<string>();
    const queue = [pack];
    while (queue.length) {
      const p = queue.shift()!;
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      try {
        const rules = packVersionAt(p, at);
        if (findSubtype(rules, measureCode, subtypeCode)?.award.kind === 'graded') return { pack: p, rules };
      } catch (err) {
        if (!(err instanceof NoRuleVersionError)) throw err;
      }
      queue.push(...(await this.packs.successorsOf(p.id)));
    }
    return null;
  }
}
