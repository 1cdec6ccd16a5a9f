import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseDto } from '../applications/application.service';
import type { Assessment } from '../domain';
import type { Principal } from '../auth/principal';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors';
import { actorOf, refusalToHttp } from '../common/updates';
import { ConflictService } from '../conflicts/conflict.service';
import { PrismaService } from '../database/prisma.service';
import type { Prisma } from '../generated/prisma/client';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import {
  Refusal,
  applicationWorkflowId,
  claimUpdate,
  decideUpdate,
  reassignUpdate,
  unclaimUpdate,
  type DecideResult,
  type Decision,
  type TaskChangeResult,
} from '../../workflows/application.messages';
import type { DecisionDto, ListTasksDto, ReassignDto } from './task.dto';

type TaskRow = Prisma.ReviewTaskGetPayload<{ include: { application: { select: { reference: true; measureCode: true; subtypeCode: true; computedAwardFen: true } } } }>;

export interface TaskDto {
  id: string;
  applicationId: string;
  reference: string;
  measureCode: string;
  subtypeCode: string;
  bureauCode: string;
  stage: string;
  status: string;
  assigneeId: string | null;
  claimedAt: string | null;
  priority: number;
  createdAt: string;
  dueAt: string | null;
  remindedAt: string | null;
  escalatedAt: string | null;
  completedAt: string | null;
  completedById: string | null;
  decision: string | null;
  computedAwardFen: string | null;
}

export interface OpinionDto {
  taskId: string;
  bureauCode: string;
  stage: string;
  decision: string | null;
  amountFen: string | null;
  comment: string | null;
  overrideReason: string | null;
  questions: string[] | null;
  completedById: string | null;
  completedAt: string | null;
}

export interface TaskDetailDto {
  task: TaskDto;
  application: Pick<
    CaseDto,
    'id' | 'reference' | 'status' | 'packId' | 'packVersion' | 'measureCode' | 'subtypeCode' | 'organisationId' | 'form' | 'submittedAt' | 'computedAwardFen'
  > & { organisationName: string };
  /** How the computed amount was reached (the award explanation of the assessment). */
  award: Assessment['award'] | null;
  routing: Assessment['routing'] | null;
  /** Decisions already taken on this case by other tasks (other bureaus, earlier stages), oldest first. */
  opinions: OpinionDto[];
  timeline: { at: string; type: string; actorId: string | null; data: unknown }[];
}

const APP_SUMMARY = { select: { reference: true, measureCode: true, subtypeCode: true, computedAwardFen: true } } as const;

function toTaskDto(t: TaskRow): TaskDto {
  return {
    id: t.id,
    applicationId: t.applicationId,
    reference: t.application.reference,
    measureCode: t.application.measureCode,
    subtypeCode: t.application.subtypeCode,
    bureauCode: t.bureauCode,
    stage: t.stage,
    status: t.status,
    assigneeId: t.assigneeId,
    claimedAt: t.claimedAt?.toISOString() ?? null,
    priority: t.priority,
    createdAt: t.createdAt.toISOString(),
    dueAt: t.dueAt?.toISOString() ?? null,
    remindedAt: t.remindedAt?.toISOString() ?? null,
    escalatedAt: t.escalatedAt?.toISOString() ?? null,
    completedAt: t.completedAt?.toISOString() ?? null,
    completedById: t.completedById,
    decision: t.decision,
    computedAwardFen: t.application.computedAwardFen?.toString() ?? null,
  };
}

/**
 * The officer inbox reads the review_tasks projection; every change to a task goes to the case's
 * workflow as an update, whose validator has the last word.
 */
@Injectable()
export class TaskService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly conflicts: ConflictService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async inbox(user: Principal, q: ListTasksDto): Promise<{ items: TaskDto[]; total: number; limit: number; offset: number }> {
    const where: Prisma.ReviewTaskWhereInput = {
      bureauCode: user.bureauCode ?? '\u0000',
      ...(q.status ? { status: q.status } : {}),
      ...(q.priority !== undefined ? { priority: q.priority } : {}),
      ...(q.measureCode ? { application: { measureCode: q.measureCode } } : {}),
      ...(q.dueFrom || q.dueTo ? { dueAt: { ...(q.dueFrom ? { gte: q.dueFrom } : {}), ...(q.dueTo ? { lte: q.dueTo } : {}) } } : {}),
      ...(q.assignee === 'me' ? { assigneeId: user.userId } : q.assignee === 'unassigned' ? { assigneeId: null } : {}),
    };
    const dir = q.sort === '-dueAt' ? 'desc' : 'asc';
    const [rows, total] = await Promise.all([
      this.prisma.reviewTask.findMany({
        where,
        include: { application: APP_SUMMARY },
        orderBy: [{ dueAt: { sort: dir, nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
        take: q.limit,
        skip: q.offset,
      }),
      this.prisma.reviewTask.count({ where }),
    ]);
    return { items: rows.map(toTaskDto), total, limit: q.limit, offset: q.offset };
  }

  async detail(user: Principal, taskId: string): Promise<TaskDetailDto> {
    const t = await this.prisma.reviewTask.findUnique({
      where: { id: taskId },
      include: {
        application: {
          include: {
            organisation: { select: { name: true } },
            tasks: { orderBy: [{ completedAt: 'asc' }, { createdAt: 'asc' }] },
            events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
          },
        },
      },
    });
    // Another bureau's task looks the same as none.
    if (!t || t.bureauCode !== user.bureauCode) throw new NotFoundError('taskId', `no task ${taskId} in your bureau`);
    const app = t.application;
    const assessment = app.assessment as Assessment | null;
    return {
      task: toTaskDto(t),
      application: {
        id: app.id,
        reference: app.reference,
        status: app.status,
        packId: app.packId,
        packVersion: app.packVersion,
        measureCode: app.measureCode,
        subtypeCode: app.subtypeCode,
        organisationId: app.organisationId,
        organisationName: app.organisation.name,
        form: app.form,
        submittedAt: app.submittedAt.toISOString(),
        computedAwardFen: app.computedAwardFen?.toString() ?? null,
      },
      award: assessment?.award ?? null,
      routing: assessment?.routing ?? null,
      opinions: app.tasks
        .filter((o) => o.id !== t.id && o.status === 'completed')
        .map((o) => ({
          taskId: o.id,
          bureauCode: o.bureauCode,
          stage: o.stage,
          decision: o.decision,
          amountFen: o.amountFen?.toString() ?? null,
          comment: o.comment,
          overrideReason: o.overrideReason,
          questions: (o.questions as string[] | null) ?? null,
          completedById: o.completedById,
          completedAt: o.completedAt?.toISOString() ?? null,
        })),
      timeline: app.events.map((e) => ({ at: e.at.toISOString(), type: e.type, actorId: e.actorId, data: e.data })),
    };
  }

  async claim(user: Principal, taskId: string): Promise<TaskChangeResult> {
    const task = await this.actionable(user, taskId);
    const actor = actorOf(user, await this.conflicts.organisationsOf(user.userId));
    return this.update(task.applicationId, claimUpdate, { taskId, actor });
  }

  async unclaim(user: Principal, taskId: string): Promise<TaskChangeResult> {
    const task = await this.actionable(user, taskId);
    return this.update(task.applicationId, unclaimUpdate, { taskId, actor: actorOf(user) });
  }

  async reassign(user: Principal, taskId: string, dto: ReassignDto): Promise<TaskChangeResult> {
    const task = await this.actionable(user, taskId);
    const target = await this.prisma.user.findUnique({ where: { id: dto.assigneeId } });
    if (!target) throw new UnprocessableError('assigneeId', `no user ${dto.assigneeId}`);
    const to = actorOf(
      { userId: target.id, name: target.name, role: target.role, organisationId: target.organisationId, bureauCode: target.bureauCode },
      await this.conflicts.organisationsOf(target.id),
    );
    return this.update(task.applicationId, reassignUpdate, { taskId, actor: actorOf(user), to });
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
    return this.update(task.applicationId, decideUpdate, { taskId, actor, decision });
  }

  /**
   * A quick answer from the projection before asking the workflow: another bureau's task, or one
   * already finished (whose case may have ended, so its workflow can no longer answer).
   */
  private async actionable(user: Principal, taskId: string): Promise<{ applicationId: string }> {
    const task = await this.prisma.reviewTask.findUnique({ where: { id: taskId }, select: { applicationId: true, bureauCode: true, status: true } });
    if (!task) throw new NotFoundError('taskId', `no task ${taskId}`);
    if (task.bureauCode !== user.bureauCode) throw new ForbiddenError('taskId', `task ${taskId} is not a task of your bureau`, { reason: Refusal.Forbidden });
    if (task.status === 'completed' || task.status === 'cancelled') {
      throw new ConflictError('taskId', `task ${taskId} is already ${task.status}`, { reason: Refusal.AlreadyDecided });
    }
    return task;
  }

  private async update<Ret, Arg>(applicationId: string, def: UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    try {
      return await this.temporal.workflow.getHandle(applicationWorkflowId(applicationId)).executeUpdate(def, { args: [arg] });
    } catch (err) {
      return refusalToHttp(err);
    }
  }
}
