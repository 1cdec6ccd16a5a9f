import { Injectable } from '@nestjs/common';
import type { StoredTaskStatus } from '../domain/case/records';
import type { Prisma } from '../generated/prisma/client';
import { CASE_INCLUDE, typedCase, type CaseViewRecord } from './case.repository';
import type { CaseDocumentRow } from './document.repository';
import { PrismaService } from './prisma.service';

/** One review_tasks row as the projection holds it. */
export interface TaskRow {
  id: string;
  caseId: string;
  bureauCode: string;
  stage: string;
  status: StoredTaskStatus;
  assigneeId: string | null;
  claimedAt: Date | null;
  priority: number;
  createdAt: Date;
  dueAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  decision: string | null;
  comment: string | null;
  amountFen: bigint | null;
  overrideReason: string | null;
  questions: unknown;
  completedById: string | null;
  completedAt: Date | null;
}

/** A task with its case's jurisdiction: its bureau code means that city's bureau. */
export interface ScopedTaskRow extends TaskRow {
  jurisdictionId: string;
}

/** A task with what the inbox shows of its case. */
export interface InboxRow extends ScopedTaskRow {
  case: {
    reference: string;
    packId: string;
    packVersion: number;
    measureCode: string;
    subtypeCode: string;
    computedAwardFen: bigint | null;
    doubleBenefit: boolean;
  };
}

/** A task with its case (the row with its state, the timeline to list) and the files its form names, for the task detail. */
export interface TaskDetailRow extends ScopedTaskRow {
  case: CaseViewRecord & { organisationName: string; documents: CaseDocumentRow[] };
}

export interface InboxFilter {
  /** A bureau is its code within a jurisdiction. */
  jurisdictionId: string;
  bureauCode: string;
  doubleBenefit?: boolean;
  status?: StoredTaskStatus;
  priority?: number;
  measureCode?: string;
  dueFrom?: Date;
  dueTo?: Date;
  /** A user id, or null for unassigned tasks only; undefined for any. */
  assigneeId?: string | null;
  sort: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const APP_SUMMARY = {
  select: {
    reference: true,
    packId: true,
    packVersion: true,
    measureCode: true,
    subtypeCode: true,
    computedAwardFen: true,
    doubleBenefit: true,
    jurisdictionId: true,
  },
} as const;

/** The review_tasks projection (written by CaseRepository.applyChange), as the officers' inbox reads it. */
@Injectable()
export class TaskRepository {
  constructor(private readonly prisma: PrismaService) {}

  async inbox(f: InboxFilter): Promise<{ rows: InboxRow[]; total: number }> {
    const where: Prisma.ReviewTaskWhereInput = {
      bureauCode: f.bureauCode,
      ...(f.status ? { status: f.status } : {}),
      ...(f.priority !== undefined ? { priority: f.priority } : {}),
      case: {
        jurisdictionId: f.jurisdictionId,
        ...(f.measureCode ? { measureCode: f.measureCode } : {}),
        ...(f.doubleBenefit !== undefined ? { doubleBenefit: f.doubleBenefit } : {}),
      },
      ...(f.dueFrom || f.dueTo ? { dueAt: { ...(f.dueFrom ? { gte: f.dueFrom } : {}), ...(f.dueTo ? { lte: f.dueTo } : {}) } } : {}),
      ...(f.assigneeId !== undefined ? { assigneeId: f.assigneeId } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.reviewTask.findMany({
        where,
        include: { case: APP_SUMMARY },
        orderBy: [{ dueAt: { sort: f.sort, nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
        take: f.limit,
        skip: f.offset,
      }),
      this.prisma.reviewTask.count({ where }),
    ]);
    return { rows: rows.map((r) => ({ ...r, jurisdictionId: r.case.jurisdictionId })), total };
  }

  async find(taskId: string): Promise<ScopedTaskRow | null> {
    const t = await this.prisma.reviewTask.findUnique({ where: { id: taskId }, include: { case: { select: { jurisdictionId: true } } } });
    if (!t) return null;
    const { case: c, ...task } = t;
    return { ...task, jurisdictionId: c.jurisdictionId };
  }

  /** Read in one repeatable-read transaction, like a case: the task, its case and timeline as of one instant. */
  async detail(taskId: string): Promise<TaskDetailRow | null> {
    const t = await this.prisma.$transaction(
      (tx) =>
        tx.reviewTask.findUnique({
          where: { id: taskId },
          include: {
            case: {
              include: {
                organisation: { select: { name: true } },
                events: CASE_INCLUDE.events,
                documents: { include: { document: true }, orderBy: { field: 'asc' } },
                paymentOrders: CASE_INCLUDE.paymentOrders,
                ledger: CASE_INCLUDE.ledger,
              },
            },
          },
        }),
      { isolationLevel: 'RepeatableRead' },
    );
    if (!t) return null;
    const { organisation, documents, ...app } = t.case;
    return {
      ...t,
      jurisdictionId: app.jurisdictionId,
      case: { ...typedCase(app), organisationName: organisation.name, documents: documents.map((l) => ({ ...l.document, field: l.field })) },
    };
  }
}
