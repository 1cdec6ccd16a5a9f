import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import { actorOf, refusalToHttp } from '../common/updates';
import { canReadTask, canSeeTask, type Principal } from '../domain/access';
import type { PackRules } from '../domain';
import { ConflictService } from '../conflicts/conflict.service';
import { CaseRepository } from '../database/case.repository';
import { DocumentRepository } from '../database/document.repository';
import { IdentityCache } from '../database/identity-cache';
import { PackRepository } from '../database/pack.repository';
import { caseNames, type CaseNames } from '../domain/words/case-names';
import { answerDocumentIds } from '../cases/case.mapper';
import { bureauWords } from '../domain/words';
import { API_SENTENCES } from '../domain/words/api';
import { TaskRepository } from '../database/task.repository';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import {
  Refusal,
  caseWorkflowId,
  claimUpdate,
  decideUpdate,
  reassignUpdate,
  unclaimUpdate,
  type DecideResult,
  type Decision,
  type TaskChangeResult,
} from '../../workflows/case.messages';
import type { DecisionDto, ListTasksDto, ReassignDto, TaskDetailDto, TaskDto } from './task.dto';
import { toLabTaskDetailDto, toTaskDetailDto, toTaskDto } from './task.mapper';

/** The one answer for a task that is missing or not the caller's: it says nothing of whether it exists. */
function noTask(): NotFoundError {
  const w = API_SENTENCES.noTaskOfBureau();
  return new NotFoundError('taskId', w.en, { zh: w.zh });
}

/**
 * The officer inbox reads the review_tasks projection; every change to a task goes to the case's
 * workflow as an update, whose validator has the last word. A claim's change is written here.
 */
@Injectable()
export class TaskService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly cases: CaseRepository,
    private readonly identities: IdentityCache,
    private readonly conflicts: ConflictService,
    private readonly policy: PackRepository,
    private readonly documents: DocumentRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async inbox(user: Principal, q: ListTasksDto): Promise<{ items: TaskDto[]; total: number; limit: number; offset: number }> {
    const { rows, total } = await this.tasks.inbox({
      jurisdictionId: user.jurisdictionId,
      bureauCode: user.bureauCode ?? '\u0000',
      ...(q.status ? { status: q.status } : {}),
      ...(q.priority !== undefined ? { priority: q.priority } : {}),
      ...(q.measureCode ? { measureCode: q.measureCode } : {}),
      ...(q.dueFrom ? { dueFrom: q.dueFrom } : {}),
      ...(q.dueTo ? { dueTo: q.dueTo } : {}),
      ...(q.assignee === 'me' ? { assigneeId: user.userId } : q.assignee === 'unassigned' ? { assigneeId: null } : {}),
      ...(q.doubleBenefit !== undefined ? { doubleBenefit: q.doubleBenefit } : {}),
      sort: q.sort === '-dueAt' ? 'desc' : 'asc',
      limit: q.limit,
      offset: q.offset,
    });
    const names = this.namer();
    const items: TaskDto[] = [];
    for (const r of rows) items.push(toTaskDto(r, r.case, await names(r.case)));
    return { items, total, limit: q.limit, offset: q.offset };
  }

  /** Names by case, with one pack lookup per rule version however many rows name it. */
  private namer(): (c: { packId: string; packVersion: number; measureCode: string; subtypeCode: string }) => Promise<CaseNames> {
    const rules = new Map<string, Promise<PackRules>>();
    return async (c) => {
      const key = `${c.packId}@${c.packVersion}`;
      if (!rules.has(key)) rules.set(key, this.policy.rules(c.packId, c.packVersion));
      return caseNames(await rules.get(key)!, c.measureCode, c.subtypeCode);
    };
  }

  async detail(user: Principal, taskId: string): Promise<TaskDetailDto> {
    const row = await this.tasks.detail(taskId);
    if (!row || !canReadTask(actorOf(user), row)) throw noTask();
    const names = this.namer();
    // A registered key lab's evaluation: no case holds it, so its names are its lab's terms.
    if (row.case === null) {
      if (row.lab === null) throw new Error(`task ${taskId} has neither a case nor a lab`);
      return toLabTaskDetailDto({ ...row, lab: row.lab }, await names(row.lab));
    }
    const t = { ...row, case: row.case };
    const a = t.case.state.assessment;
    const projectKey = a?.projectKey ?? null;
    const [sameKind, earlier] = await Promise.all([
      projectKey !== null && a?.sameKindGroup
        ? this.cases.sameKindCases({ caseId: t.case.id, organisationId: t.case.organisationId, projectKey, sameKindGroup: a.sameKindGroup })
        : [],
      projectKey !== null ? this.cases.projectAwards({ caseId: t.case.id, projectKey }) : [],
    ]);
    const earlierNamed = [];
    for (const e of earlier) {
      const n = await names(e);
      earlierNamed.push({ ...e, measureCodeLabel: n.measure, subtypeCodeLabel: n.subtype });
    }
    const actor = actorOf(user, await this.conflicts.organisationsOf(user.userId));
    const files = await this.documents.namesOf(t.case.organisationId, answerDocumentIds(t.case.state));
    return toTaskDetailDto(t, await names(t.case), { sameKind, earlier: earlierNamed }, actor, files);
  }

  async claim(user: Principal, taskId: string): Promise<TaskChangeResult> {
    const task = await this.actionable(user, taskId);
    const actor = actorOf(user, await this.conflicts.organisationsOf(user.userId));
    return this.changeTask(task.caseId, claimUpdate, { taskId, actor });
  }

  async unclaim(user: Principal, taskId: string): Promise<TaskChangeResult> {
    const task = await this.actionable(user, taskId);
    return this.changeTask(task.caseId, unclaimUpdate, { taskId, actor: actorOf(user) });
  }

  async reassign(user: Principal, taskId: string, dto: ReassignDto): Promise<TaskChangeResult> {
    const task = await this.actionable(user, taskId);
    const target = await this.identities.user(dto.assigneeId);
    // Someone of another bureau answers as no one at all: the bureau's staff is all a caller may learn of.
    if (!target || !canSeeTask(target, task)) {
      const c = await this.cases.summary(task.caseId);
      const bureau = c ? bureauWords(await this.policy.rules(c.packId, c.packVersion), task.bureauCode) : API_SENTENCES.thisBureau();
      const w = API_SENTENCES.notStaffOf(bureau);
      throw new UnprocessableError('assigneeId', w.en, { zh: w.zh });
    }
    const to = actorOf(
      {
        userId: target.id,
        name: target.name,
        role: target.role,
        organisationId: target.organisationId,
        bureauCode: target.bureauCode,
        jurisdictionId: target.jurisdictionId,
      },
      await this.conflicts.organisationsOf(target.id),
    );
    return this.changeTask(task.caseId, reassignUpdate, { taskId, actor: actorOf(user), to });
  }

  async decide(user: Principal, taskId: string, dto: DecisionDto): Promise<DecideResult> {
    const task = await this.actionable(user, taskId);
    let decision: Decision;
    switch (dto.decision) {
      case 'approve':
        decision = {
          kind: 'approve',
          ...(dto.amountFen !== undefined ? { amountFen: dto.amountFen } : {}),
          ...(dto.comment !== undefined ? { comment: dto.comment } : {}),
          ...(dto.overrideReason !== undefined ? { overrideReason: dto.overrideReason } : {}),
          ...(dto.rentFreeMonths !== undefined ? { rentFreeMonths: dto.rentFreeMonths } : {}),
        };
        break;
      case 'reject':
        decision = { kind: 'reject', reason: dto.reason ?? '' };
        break;
      case 'return':
        decision = { kind: 'return', questions: dto.questions ?? [], ...(dto.comment !== undefined ? { comment: dto.comment } : {}) };
        break;
    }
    const actor = actorOf(user, await this.conflicts.organisationsOf(user.userId));
    return this.update(task.caseId, decideUpdate, { taskId, actor, decision });
  }

  /**
   * A quick answer from the projection before asking the workflow: another bureau's task, or one
   * already finished (whose case may have ended, so its workflow can no longer answer).
   */
  private async actionable(user: Principal, taskId: string): Promise<{ caseId: string; bureauCode: string; jurisdictionId: string }> {
    const task = await this.tasks.find(taskId);
    // Another bureau's task answers exactly as one that does not exist.
    if (!task || !canSeeTask(actorOf(user), task)) throw noTask();
    if (task.status === 'completed' || task.status === 'cancelled') {
      throw new ConflictError('taskId', `task ${taskId} is already ${task.status}`, { reason: Refusal.AlreadyDecided });
    }
    // A key lab's evaluation is graded on the lab, in its workflow: a case's workflow holds no such task.
    if (task.labId !== null || task.caseId === null) {
      const w = API_SENTENCES.gradedOnTheLab();
      throw new ConflictError('taskId', w.en, { zh: w.zh });
    }
    return { caseId: task.caseId, bureauCode: task.bureauCode, jurisdictionId: task.jurisdictionId };
  }

  /**
   * A claim, release or reassignment: since claims-by-caller the workflow writes nothing for it and
   * replies with its change, written here before the officer is answered (so the inbox they reload
   * shows it). A lost write is sent again with the workflow's next one; a late one never undoes a
   * later change (CaseChange.rev).
   */
  private async changeTask<Arg>(caseId: string, def: UpdateDefinition<TaskChangeResult, [Arg]>, arg: Arg): Promise<TaskChangeResult> {
    const { change, ...reply } = await this.update(caseId, def, arg);
    if (change) await this.cases.applyChange(change);
    return reply;
  }

  private async update<Ret, Arg>(caseId: string, def: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    try {
      return await this.temporal.workflow.getHandle(caseWorkflowId(caseId)).executeUpdate(def, { args: [arg] });
    } catch (err) {
      return refusalToHttp(err);
    }
  }
}
