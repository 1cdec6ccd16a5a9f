import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import {
  findMeasure,
  findSubtype,
  isCalendarDate,
  localDate,
  NoRuleVersionError,
  packVersionAt,
  validateApplicationForm,
  type PackRules,
  type PolicyPack,
} from '../domain';
import { localMidnight, openEvaluation, type LabReward, type LabSettings, type LabState } from '../domain/lab/lifecycle';
import type { LocalizedText } from '../domain/pack/schema';
import { caseVocabulary } from '../domain/words/case-names';
import { LAB_SENTENCES } from '../domain/words/lab';
import { caseWorkflowInput, fileCase } from '../cases/filing';
import { labEvaluationDueNotice } from '../notices/lab-notices';
import { NoticeDeliveryService } from '../notices/notice-delivery.service';
import { CaseRepository } from '../database/case.repository';
import { LabRepository } from '../database/lab.repository';
import { labSettingsOf } from './lab-settings';
import type { NoticeRef } from '../database/notice.repository';
import { OrganisationRepository } from '../database/organisation.repository';
import { PackRepository } from '../database/pack.repository';
import type { FiledLabReward, FileLabRewardInput, LabActivities } from '../../workflows/activities';

/** The key lab workflow's activities. None starts a workflow: the reward cases they file run as the lab's children. */
@Injectable()
export class LabActivitiesImpl implements LabActivities {
  constructor(
    private readonly cases: CaseRepository,
    private readonly packs: PackRepository,
    private readonly labs: LabRepository,
    private readonly organisations: OrganisationRepository,
    private readonly delivery: NoticeDeliveryService,
  ) {}

  async labSettings(labId: string): Promise<LabSettings> {
    const c = await this.cases.find(labId);
    if (!c || c.status !== 'approved' || !c.decidedAt) throw ApplicationFailure.nonRetryable(`no approved designation ${labId}`, 'NotFound');
    const rules = await this.packs.rules(c.packId, c.packVersion);
    const form = c.form as Record<string, unknown>;
    // The calendar counts from the designation (批准组建) the applicant states, not from this system's
    // approval of the subsidy; a form without it (none is accepted so) falls back to the approval's date.
    const designatedOn =
      typeof form['approvedOn'] === 'string' && isCalendarDate(form['approvedOn']) ? form['approvedOn'] : localDate(c.decidedAt, rules.timezone);
    const settings = labSettingsOf(rules, c.measureCode, c.subtypeCode, {
      labId,
      caseId: c.id,
      packId: c.packId,
      organisationId: c.organisationId,
      labName: typeof form['labName'] === 'string' ? form['labName'] : c.reference,
      approvedOn: designatedOn,
    });
    if (!settings) throw ApplicationFailure.nonRetryable(`${c.subtypeCode} starts no key-lab lifecycle`, 'NotALab');
    return settings;
  }

  /** Writes the lab; an evaluation that opened tells the lab's organisation, in the same transaction. The lab workflow delivers it. */
  async projectLab(state: LabState): Promise<NoticeRef[]> {
    const open = openEvaluation(state);
    const notices = open ? [labEvaluationDueNotice(state, open, await this.bureauName(state))] : [];
    return this.labs.project(state, notices, this.delivery.mailing);
  }

  /** The evaluating bureau's name, from the rule version the lab is evaluated under. */
  private async bureauName(state: LabState): Promise<LocalizedText> {
    const lab = await this.labs.find(state.settings.labId);
    if (!lab) throw ApplicationFailure.nonRetryable(`no lab ${state.settings.labId}`, 'NotFound');
    const rules = await this.packs.rules(lab.packId, lab.packVersion);
    return caseVocabulary(rules, lab.measureCode, lab.subtypeCode).bureauName(state.settings.bureau);
  }

  async markLabTask(taskId: string, field: 'remindedAt' | 'escalatedAt', at: string): Promise<void> {
    await this.labs.markTask(taskId, field, new Date(at));
  }

  async fileLabReward(r: FileLabRewardInput): Promise<FiledLabReward> {
    const lab = await this.labs.find(r.labId);
    if (!lab) throw ApplicationFailure.nonRetryable(`no lab ${r.labId}`, 'NotFound');
    const { pack } = await this.packs.pack(lab.packId);
    // The lab's terms: its designating case's, or those it was registered under.
    const labRules = await this.packs.rules(lab.packId, lab.packVersion);
    const lifecycle = findSubtype(labRules, lab.measureCode, lab.subtypeCode)?.lifecycle;
    const evaluationSubtype = lifecycle?.kind === 'keyLab' ? lifecycle.evaluationSubtype : undefined;
    if (!evaluationSubtype) throw ApplicationFailure.nonRetryable(`${lab.subtypeCode} starts no key-lab lifecycle`, 'NotALab');
    // The reward is received on the evaluation date, so it counts against that date's policy and budget year.
    const at = new Date(localMidnight(r.dueOn, pack.timezone));
    const cover = await this.coveringPolicy(pack, lab.measureCode, evaluationSubtype, at);
    if (!cover) {
      const reward: LabReward = {
        kind: 'noPolicy',
        message: LAB_SENTENCES.noPolicy(r.dueOn, findMeasure(labRules, lab.measureCode)?.title ?? LAB_SENTENCES.theMeasure(), pack.title),
      };
      return { reward, start: null };
    }
    const key = `lab-reward:${r.labId}:${r.cycle}`;
    const existing = await this.cases.byIdempotencyKey(lab.organisationId, key);
    if (existing) {
      const start = caseWorkflowInput({ ...existing, id: existing.id, receivedAt: existing.submittedAt });
      return { reward: { kind: 'filed', caseId: existing.id, packId: existing.packId }, start };
    }
    const checked = validateApplicationForm(cover.rules, lab.measureCode, evaluationSubtype, {
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
    const id = randomUUID();
    const filed = await fileCase(this.cases, {
      id,
      pack: cover.pack,
      rules: cover.rules,
      measureCode: lab.measureCode,
      subtypeCode: evaluationSubtype,
      organisation: org,
      submittedById: r.gradedById,
      idempotencyKey: key,
      requestHash: key,
      form: checked.form,
      documents: [],
      receivedAt: at,
    });
    if (!filed.created) {
      // A retry of this activity raced the first attempt's write: the first case stands.
      const first = await this.cases.byIdempotencyKey(lab.organisationId, key);
      if (!first) throw new Error(`the reward case ${key} was neither written nor found`);
      return {
        reward: { kind: 'filed', caseId: first.id, packId: first.packId },
        start: caseWorkflowInput({ ...first, receivedAt: first.submittedAt }),
      };
    }
    // The reward case runs as a child of the lab's workflow.
    return { reward: { kind: 'filed', caseId: id, packId: cover.pack.id }, start: filed.input };
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
