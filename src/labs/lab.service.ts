import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError, type DomainError } from '../domain/errors';
import { actorOf } from '../common/updates';
import { ConflictService } from '../conflicts/conflict.service';
import { CaseRepository } from '../database/case.repository';
import { LabRepository } from '../database/lab.repository';
import { PackRepository } from '../database/pack.repository';
import { keyLabTerms, resolveFen } from '../domain';
import { canReadLab, mayGradeLab, type Principal } from '../domain/access';
import type { LabEvaluation } from '../domain/lab/lifecycle';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { gradeEvaluationUpdate, labWorkflowId, type GradeResult } from '../../workflows/lab.messages';
import type { LabView } from './lab.dto';

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
    private readonly cases: CaseRepository,
    private readonly packs: PackRepository,
    private readonly conflicts: ConflictService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
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
      approvedOn: row.approvedOn.toISOString().slice(0, 10),
      nextEvaluationOn: row.nextEvaluationOn?.toISOString().slice(0, 10) ?? null,
      ended: row.endedAt ? { at: row.endedAt.toISOString(), reason: row.endedReason as { zh: string; en: string } } : null,
      grades: await this.grades(row.caseId),
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

  /** The evaluation sub-type's grades in the designation's rule version, labelled as its form labels them. */
  private async grades(caseId: string): Promise<LabView['grades']> {
    const c = await this.cases.summary(caseId);
    if (!c) return [];
    const rules = await this.packs.rules(c.packId, c.packVersion);
    const terms = keyLabTerms(rules, c.measureCode, c.subtypeCode);
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

  async grade(user: Principal, labId: string, cycle: number, grade: string, comment: string | null): Promise<GradeResult> {
    const row = await this.labs.find(labId);
    // Not the evaluating bureau looks the same as no lab; the workflow's validator asks the same policy.
    if (!row || !mayGradeLab(actorOf(user), row)) throw new NotFoundError('labId', `no lab ${labId}`);
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
