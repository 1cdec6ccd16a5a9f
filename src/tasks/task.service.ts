import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Principal } from '../auth/principal';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../common/errors';
import { PrismaService } from '../database/prisma.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { applicationWorkflowId, decideUpdate, type DecideResult, type Decision } from '../../workflows/application.messages';
import type { DecisionDto, ListTasksDto } from './task.dto';

export interface TaskDto {
  id: string;
  applicationId: string;
  reference: string;
  measureCode: string;
  subtypeCode: string;
  bureauCode: string;
  stage: string;
  status: string;
  priority: number;
  createdAt: string;
  dueAt: string | null;
  decision: string | null;
  computedAwardFen: string | null;
}

@Injectable()
export class TaskService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async inbox(user: Principal, q: ListTasksDto): Promise<{ items: TaskDto[]; total: number; limit: number; offset: number }> {
    const where = { bureauCode: user.bureauCode ?? '\u0000', ...(q.status ? { status: q.status } : {}) };
    const [rows, total] = await Promise.all([
      this.prisma.reviewTask.findMany({
        where,
        include: { application: { select: { reference: true, measureCode: true, subtypeCode: true, computedAwardFen: true } } },
        orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }],
        take: q.limit,
        skip: q.offset,
      }),
      this.prisma.reviewTask.count({ where }),
    ]);
    return {
      items: rows.map((t) => ({
        id: t.id,
        applicationId: t.applicationId,
        reference: t.application.reference,
        measureCode: t.application.measureCode,
        subtypeCode: t.application.subtypeCode,
        bureauCode: t.bureauCode,
        stage: t.stage,
        status: t.status,
        priority: t.priority,
        createdAt: t.createdAt.toISOString(),
        dueAt: t.dueAt?.toISOString() ?? null,
        decision: t.decision,
        computedAwardFen: t.application.computedAwardFen?.toString() ?? null,
      })),
      total,
      limit: q.limit,
      offset: q.offset,
    };
  }

  /** Sends the decision to the case's workflow as an update; its validator has the last word. */
  async decide(user: Principal, taskId: string, dto: DecisionDto): Promise<DecideResult> {
    const task = await this.prisma.reviewTask.findUnique({ where: { id: taskId }, select: { applicationId: true, bureauCode: true } });
    if (!task) throw new NotFoundError('taskId', `no task ${taskId}`);
    if (task.bureauCode !== user.bureauCode) throw new ForbiddenError('taskId', `task ${taskId} belongs to bureau ${task.bureauCode}, not yours`);
    const decision: Decision =
      dto.decision === 'approve'
        ? { kind: 'approve', ...(dto.amountFen !== undefined ? { amountFen: dto.amountFen } : {}), ...(dto.comment !== undefined ? { comment: dto.comment } : {}) }
        : { kind: 'reject', reason: dto.reason ?? '' };
    const handle = this.temporal.workflow.getHandle(applicationWorkflowId(task.applicationId));
    try {
      return await handle.executeUpdate(decideUpdate, {
        args: [{ taskId, actor: { userId: user.userId, role: user.role, bureauCode: user.bureauCode, organisationId: user.organisationId }, decision }],
      });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause;
        const message = cause instanceof Error ? cause.message : 'the decision was refused';
        const type = cause instanceof ApplicationFailure ? cause.type : null;
        if (type === 'PoolExhausted') throw new UnprocessableError('amountFen', message);
        throw new ConflictError(null, message);
      }
      throw err;
    }
  }
}
