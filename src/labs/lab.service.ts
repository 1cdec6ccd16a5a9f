import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, ValidationError, sayIt, type DomainError } from '../domain/errors';
import { LAB_REGISTRATION_SENTENCES } from '../domain/words/identity';
import { LAB_SENTENCES } from '../domain/words/lab';
import { CLOCK, type Clock } from '../common/clock';
import { actorOf } from '../common/updates';
import { ConflictService } from '../conflicts/conflict.service';
import { LabRepository } from '../database/lab.repository';
import { OrganisationRepository } from '../database/organisation.repository';
import { PackRepository } from '../database/pack.repository';
import { keyLabTerms, localDate, packVersionNearest, resolveFen, type PackRules } from '../domain';
import { canReadLab, mayGradeLab, type Principal } from '../domain/access';
import type { LabEvaluation } from '../domain/lab/lifecycle';
import { checkRegistration, registeredLab } from '../domain/lab/registration';
import { relatedWorkflowAttributes } from '../temporal/search-attributes';
import { TASK_QUEUE, TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { labLifecycleWorkflow } from '../../workflows/lab.workflow';
import { gradeEvaluationUpdate, labWorkflowId, type GradeResult } from '../../workflows/lab.messages';
import type { LabView, RegisterLabDto } from './lab.dto';
import { labSettingsOf } from './lab-settings';

const REFUSED: Record<string, new (field: string | null, message: string, details?: Record<string, unknown>) => DomainError> = {
  NotEntitled: ForbiddenError,
  Conflict: ForbiddenError,
  NoSuchEvaluation: ConflictError,
  InvalidGrade: UnprocessableError,
};

@Injectable()
export class LabService {
  constructor(
    private readonly labs: LabRepository,
    private readonly packs: PackRepository,
    private readonly organisations: OrganisationRepository,
    private readonly conflicts: ConflictService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TASK_QUEUE) private readonly taskQueue: string,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The lab's history of grades and rewards, its next evaluation date, and why it ended. */
  async read(user: Principal, labId: string): Promise<LabView> {
    const row = await this.labs.find(labId);
    const evaluations = (row?.evaluations ?? []) as LabEvaluation[];
    // Not entitled looks the same as absent.
    if (!row || !canReadLab(actorOf(user), row)) throw new NotFoundError('labId', `no lab ${labId}`);
    return {
      id: row.id,
      name: row.name,
      caseId: row.caseId,
      packId: row.packId,
      status: row.status === 'ended' ? 'ended' : 'active',
      designatedOn: row.designatedOn.toISOString().slice(0, 10),
      nextEvaluationOn: row.nextEvaluationOn?.toISOString().slice(0, 10) ?? null,
      ended: row.endedAt ? { at: row.endedAt.toISOString(), reason: row.endedReason as { zh: string; en: string } } : null,
      grades: gradeWords(await this.packs.rules(row.packId, row.packVersion), row.measureCode, row.subtypeCode),
      evaluations: evaluations.map((e) => ({
        cycle: e.cycle,
        dueOn: e.dueOn,
        taskId: e.taskId,
        taskDueAt: e.taskDueAt,
        grade: e.grade,
        gradedAt: e.gradedAt,
        reward: e.reward,
      })),
    };
  }

  /**
   * Registers a lab designated before the system ran, with the evaluations it has had, and starts its
   * lifecycle at the next cycle (at once when that date has passed). The lab and its audit entry are
   * written first; a lifecycle that cannot start removes the lab again (the trail says so).
   */
  async register(user: Principal, dto: RegisterLabDto): Promise<LabView> {
    const organisation = await this.organisations.organisation(dto.organisationId);
    if (!organisation) throw sayIt(UnprocessableError, 'organisationId', LAB_REGISTRATION_SENTENCES.noOrganisation());
    const pack = await this.packs.pack(dto.packId).catch((err: unknown) => {
      if (err instanceof NotFoundError) throw sayIt(UnprocessableError, 'packId', LAB_REGISTRATION_SENTENCES.noPolicy());
      throw err;
    });
    const now = this.clock.now();
    // The terms the lab is evaluated under: the policy as it stands today (its first or last version outside its window).
    const rules = packVersionNearest(pack.pack, now);
    const designating = rules.measures.flatMap((m) =>
      m.subtypes.filter((st) => st.lifecycle?.kind === 'keyLab').map((st) => ({ measureCode: m.code, subtypeCode: st.code })),
    )[0];
    if (!designating) throw sayIt(UnprocessableError, 'packId', LAB_REGISTRATION_SENTENCES.designatesNoLabs(rules.title));
    // A lab is evaluated by its own city's bureau, under its own city's policy.
    if (pack.pack.jurisdiction.code !== organisation.jurisdictionId)
      throw sayIt(UnprocessableError, 'packId', LAB_REGISTRATION_SENTENCES.otherCity(rules.title, pack.pack.jurisdiction.name, organisation.name));
    const { measureCode, subtypeCode } = designating;
    if (await this.labs.namedFor(dto.organisationId, dto.labName))
      throw sayIt(ConflictError, 'labName', LAB_REGISTRATION_SENTENCES.nameTaken(organisation.name, dto.labName));
    const labId = randomUUID();
    const settings = labSettingsOf(rules, measureCode, subtypeCode, {
      labId,
      caseId: null,
      packId: dto.packId,
      organisationId: dto.organisationId,
      labName: dto.labName,
      approvedOn: dto.designatedOn,
    })!;
    const issues = checkRegistration(
      dto.designatedOn,
      dto.evaluations,
      { everyMonths: settings.everyMonths, failsToEnd: settings.failsToEnd, grades: gradeWords(rules, measureCode, subtypeCode) },
      localDate(now, rules.timezone),
    );
    if (issues.length > 0) throw new ValidationError(issues.map((i) => ({ path: i.field, message: i.en, zh: i.zh })));
    const state = registeredLab(settings, dto.evaluations);
    const entry = (action: string, actorId: string, payload: Record<string, unknown>) => ({
      at: this.clock.now().toISOString(),
      actorId,
      action,
      subjectType: 'lab',
      subjectId: labId,
      caseId: null,
      payload,
    });
    await this.labs.register(state, { measureCode, subtypeCode, packVersion: rules.version }, entry('lab.register', user.userId, { ...dto }));
    try {
      // The state as registered is what a continued run would be handed: the lifecycle opens the next cycle.
      await this.temporal.workflow.start<typeof labLifecycleWorkflow>('labLifecycleWorkflow', {
        workflowId: labWorkflowId(labId),
        taskQueue: this.taskQueue,
        args: [{ labId, state }],
        typedSearchAttributes: relatedWorkflowAttributes({ caseId: null, organisationId: dto.organisationId, packId: dto.packId }),
      });
    } catch (err) {
      await this.labs.discard(labId, entry('lab.discard', 'system', { reason: 'the lifecycle workflow could not start' }));
      throw err;
    }
    return this.read(user, labId);
  }

  async grade(user: Principal, labId: string, cycle: number, grade: string, comment: string | null): Promise<GradeResult> {
    const row = await this.labs.find(labId);
    // Not the evaluating bureau looks the same as no lab; the workflow's validator asks the same policy.
    if (!row || !mayGradeLab(actorOf(user), row)) throw sayIt(NotFoundError, 'labId', LAB_SENTENCES.noLab());
    // The workflow refuses the same grade; asked here first, the refusal names the grades as the policy does.
    const grades = gradeWords(await this.packs.rules(row.packId, row.packVersion), row.measureCode, row.subtypeCode);
    if (!grades.some((g) => g.value === grade))
      throw sayIt(UnprocessableError, 'grade', LAB_SENTENCES.gradeOneOf(grades.map((g) => g.label)), { reason: 'InvalidGrade' });
    const actor = actorOf(user, await this.conflicts.organisationsOf(user.userId));
    try {
      return await this.temporal.workflow.getHandle(labWorkflowId(labId)).executeUpdate(gradeEvaluationUpdate, { args: [{ cycle, grade, comment, actor }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type && REFUSED[err.cause.type]) {
        const [first] = (err.cause.details ?? []) as { field?: string | null; zh?: string }[];
        throw new REFUSED[err.cause.type]!(first?.field ?? null, err.cause.message, { zh: first?.zh, reason: err.cause.type });
      }
      throw err;
    }
  }
}

/** The evaluation sub-type's grades in a rule version, labelled as its form labels them. */
function gradeWords(rules: PackRules, measureCode: string, subtypeCode: string): LabView['grades'] {
  const terms = keyLabTerms(rules, measureCode, subtypeCode);
  if (!terms) return [];
  const field = terms.evaluation.form.find((f) => f.name === terms.award.gradeField);
  const labels = field?.type === 'enum' ? field.options : [];
  return terms.award.grades.map((g) => ({
    value: g.value,
    label: labels.find((o) => o.value === g.value)?.label ?? { zh: g.value, en: g.value },
    rewarded: g.rewarded,
    defaultRewardFen: g.rewarded ? resolveFen(rules, g.defaultFen).toString() : null,
  }));
}
