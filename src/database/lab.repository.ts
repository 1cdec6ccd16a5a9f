import { Injectable } from '@nestjs/common';
import { nextEvaluation, type LabEvaluation, type LabState } from '../domain/lab/lifecycle';
import type { Prisma } from '../generated/prisma/client';
import { writeAudit, type AuditEntry } from './audit.repository';
import { writeNotices, type NewNotice, type NoticeMailing, type NoticeRef } from './notice.repository';
import { PrismaService } from './prisma.service';

export interface LabRow {
  id: string;
  /** Null for a lab registered by an admin (designated before the system ran). */
  caseId: string | null;
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
  organisationId: string;
  bureauCode: string;
  name: string;
  designatedOn: Date;
  status: string;
  nextEvaluationOn: Date | null;
  endedAt: Date | null;
  endedReason: unknown;
  evaluations: unknown;
  /** The lab's pack's jurisdiction: its bureau is that city's. */
  jurisdictionId: string;
}

/** An evaluation held in this system: still open, or graded by someone (one graded before registration has no grader). */
const heldHere = (e: LabEvaluation): boolean => e.grade === null || e.gradedById !== null;

const day = (date: string): Date => new Date(`${date}T00:00:00Z`);

/** Which sub-type and rule version a lab is evaluated under (a designated lab's come from its case). */
export interface LabTerms {
  measureCode: string;
  subtypeCode: string;
  packVersion: number;
}

function labColumns(s: LabState) {
  const next = nextEvaluation(s);
  return {
    caseId: s.settings.caseId,
    packId: s.settings.packId,
    organisationId: s.settings.organisationId,
    bureauCode: s.settings.bureau,
    name: s.settings.labName,
    designatedOn: day(s.settings.approvedOn),
    status: s.status,
    nextEvaluationOn: next && !s.evaluations.some((e) => e.grade === null) ? day(next.dueOn) : null,
    endedAt: s.ended ? new Date(s.ended.at) : null,
    endedReason: (s.ended?.reason ?? undefined) as Prisma.InputJsonValue | undefined,
    evaluations: s.evaluations as unknown as Prisma.InputJsonValue,
  };
}

/** The key_labs projection and its evaluation tasks in review_tasks (so they sit in the bureau's inbox), a registered lab's too. */
@Injectable()
export class LabRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Writes the lab and its evaluation tasks as the lifecycle holds them, with the notices they raise,
   * in one transaction; idempotent (a notice's source key records it once). Returns the notices' ids.
   */
  async project(s: LabState, notices: NewNotice[] = [], mailing: NoticeMailing = { messageDomain: 'localhost', emails: true }): Promise<NoticeRef[]> {
    const lab = labColumns(s);
    const caseId = s.settings.caseId;
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.keyLab.updateMany({ where: { id: s.settings.labId }, data: lab });
      if (count === 0) {
        // A designated lab's first write: it keeps its case's terms. A registered lab was written when registered.
        const c = caseId ? await tx.case.findUnique({ where: { id: caseId }, select: { measureCode: true, subtypeCode: true, packVersion: true } }) : null;
        if (!c) throw new Error(`lab ${s.settings.labId} has neither a row nor a designating case`);
        await tx.keyLab.create({ data: { id: s.settings.labId, ...lab, ...c } });
      }
      // A registered lab's evaluations graded before it was registered were never tasks here.
      for (const e of s.evaluations.filter(heldHere)) {
        const task = {
          caseId,
          labId: s.settings.labId,
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
      return writeNotices(tx, notices, mailing);
    });
  }

  async markTask(taskId: string, field: 'remindedAt' | 'escalatedAt', at: Date): Promise<void> {
    await this.prisma.reviewTask.updateMany({ where: { id: taskId, [field]: null }, data: { [field]: at } });
  }

  /** A registered lab as checked, with its audit entry, in one transaction: both or neither. */
  async register(s: LabState, terms: LabTerms, audit: AuditEntry): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.keyLab.create({ data: { id: s.settings.labId, ...labColumns(s), ...terms } });
      await writeAudit(tx, [audit]);
    });
  }

  /** Removes a registration whose lifecycle could not start; the trail keeps its entry and says why. */
  async discard(labId: string, audit: AuditEntry): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.keyLab.deleteMany({ where: { id: labId } });
      await writeAudit(tx, [audit]);
    });
  }

  /** Whether the organisation already has a lab of that name (a registration is not made twice). */
  async namedFor(organisationId: string, name: string): Promise<boolean> {
    return (await this.prisma.keyLab.count({ where: { organisationId, name } })) > 0;
  }

  async find(labId: string): Promise<LabRow | null> {
    const lab = await this.prisma.keyLab.findUnique({ where: { id: labId } });
    if (!lab) return null;
    const pack = await this.prisma.policyPack.findUniqueOrThrow({ where: { id: lab.packId }, select: { jurisdictionId: true } });
    return { ...lab, jurisdictionId: pack.jurisdictionId };
  }
}
