import { Injectable } from '@nestjs/common';
import { nextEvaluation, type LabState } from '../domain/lab/lifecycle';
import type { Prisma } from '../generated/prisma/client';
import { writeNotices, type NewNotice, type NoticeRef } from './notice.repository';
import { PrismaService } from './prisma.service';

export interface LabRow {
  id: string;
  caseId: string;
  packId: string;
  organisationId: string;
  bureauCode: string;
  name: string;
  approvedOn: Date;
  status: string;
  nextEvaluationOn: Date | null;
  endedAt: Date | null;
  endedReason: unknown;
  evaluations: unknown;
  /** The lab's pack's jurisdiction: its bureau is that city's. */
  jurisdictionId: string;
}

const day = (date: string): Date => new Date(`${date}T00:00:00Z`);

/** The key_labs projection and its evaluation tasks in review_tasks (so they sit in the bureau's inbox). */
@Injectable()
export class LabRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Writes the lab and its evaluation tasks as the lifecycle holds them, with the notices they raise,
   * in one transaction; idempotent (a notice's source key records it once). Returns the notices' ids.
   */
  async project(s: LabState, notices: NewNotice[] = [], messageDomain = 'localhost'): Promise<NoticeRef[]> {
    const next = nextEvaluation(s);
    const lab = {
      caseId: s.settings.caseId,
      packId: s.settings.packId,
      organisationId: s.settings.organisationId,
      bureauCode: s.settings.bureau,
      name: s.settings.labName,
      approvedOn: day(s.settings.approvedOn),
      status: s.status,
      nextEvaluationOn: next && !s.evaluations.some((e) => e.grade === null) ? day(next.dueOn) : null,
      endedAt: s.ended ? new Date(s.ended.at) : null,
      endedReason: (s.ended?.reason ?? undefined) as Prisma.InputJsonValue | undefined,
      evaluations: s.evaluations as unknown as Prisma.InputJsonValue,
    };
    return this.prisma.$transaction(async (tx) => {
      await tx.keyLab.upsert({ where: { id: s.settings.labId }, create: { id: s.settings.labId, ...lab }, update: lab });
      for (const e of s.evaluations) {
        const task = {
          caseId: s.settings.caseId,
          bureauCode: s.settings.bureau,
          stage: `lab-evaluation-${e.cycle}`,
          status: e.grade === null ? ('open' as const) : ('completed' as const),
          createdAt: new Date(e.openedAt),
          dueAt: new Date(e.taskDueAt),
          decision: e.grade,
          comment: e.comment,
          completedAt: e.gradedAt ? new Date(e.gradedAt) : null,
          completedById: e.gradedById,
        };
        await tx.reviewTask.upsert({ where: { id: e.taskId }, create: { id: e.taskId, ...task }, update: task });
      }
      return writeNotices(tx, notices, messageDomain);
    });
  }

  async markTask(taskId: string, field: 'remindedAt' | 'escalatedAt', at: Date): Promise<void> {
    await this.prisma.reviewTask.updateMany({ where: { id: taskId, [field]: null }, data: { [field]: at } });
  }

  async find(labId: string): Promise<LabRow | null> {
    const lab = await this.prisma.keyLab.findUnique({ where: { id: labId } });
    if (!lab) return null;
    const pack = await this.prisma.policyPack.findUniqueOrThrow({ where: { id: lab.packId }, select: { jurisdictionId: true } });
    return { ...lab, jurisdictionId: pack.jurisdictionId };
  }
}
