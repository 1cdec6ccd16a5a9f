import { Injectable } from '@nestjs/common';
import type { StoredTaskStatus } from '../domain/case/records';
import type { Prisma } from '../generated/prisma/client';
import { CASE_INCLUDE, typedCase, type CaseViewRecord } from './case.repository';
import type { CaseDocumentRow } from './document.repository';
import { PrismaService } from './prisma.service';

/** One review_tasks row as the projection holds it. */
export interface TaskRow {
  id: string;
  /** Null for a registered key lab's evaluation: the lab was designated before the system ran, by no case. */
  caseId: string | null;
  /** The key lab a lab-evaluation-<n> task grades; null for a case's review tasks. */
  labId: string | null;
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

/** A task with its city: its bureau code means that city's bureau (a case's city, or a registered lab's pack's). */
export interface ScopedTaskRow extends TaskRow {
  jurisdictionId: string;
}

/** A task with what the inbox shows of its case (a registered lab's evaluation: of its lab, its name as reference). */
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

/** The key lab a lab evaluation task grades, as the task detail names it. */
export interface TaskLab {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
}

/**
 * A task with its case (the row with its state, the timeline to list) and the files its form names, for
 * the task detail; a lab's evaluation also with its lab (a registered lab's, with no case).
 */
export interface TaskDetailRow extends ScopedTaskRow {
  case: (CaseViewRecord & { organisationName: string; documents: CaseDocumentRow[] }) | null;
  lab: TaskLab | null;
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
const LAB_SUMMARY = {
  select: { name: true, packId: true, packVersion: true, measureCode: true, subtypeCode: true, pack: { select: { jurisdictionId: true } } },
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
      AND: [
        // The city's tasks: its cases', and its registered labs' (no case; the lab's pack is the city's).
        { OR: [{ case: { jurisdictionId: f.jurisdictionId } }, { caseId: null, lab: { pack: { jurisdictionId: f.jurisdictionId } } }] },
        // A registered lab's evaluation has no case: its measure is its lab's, and it is flagged for no double benefit.
        ...(f.measureCode ? [{ OR: [{ case: { measureCode: f.measureCode } }, { caseId: null, lab: { measureCode: f.measureCode } }] }] : []),
        ...(f.doubleBenefit === true ? [{ case: { doubleBenefit: true } }] : []),
        ...(f.doubleBenefit === false ? [{ OR: [{ case: { doubleBenefit: false } }, { caseId: null }] }] : []),
      ],
      ...(f.dueFrom || f.dueTo ? { dueAt: { ...(f.dueFrom ? { gte: f.dueFrom } : {}), ...(f.dueTo ? { lte: f.dueTo } : {}) } } : {}),
      ...(f.assigneeId !== undefined ? { assigneeId: f.assigneeId } : {}),
    };
    const [rows, total] = await Promise.all([
      this.prisma.reviewTask.findMany({
        where,
        include: { case: APP_SUMMARY, lab: LAB_SUMMARY },
        orderBy: [{ dueAt: { sort: f.sort, nulls: 'last' } }, { createdAt: 'asc' }, { id: 'asc' }],
        take: f.limit,
        skip: f.offset,
      }),
      this.prisma.reviewTask.count({ where }),
    ]);
    return {
      rows: rows.map(({ lab, ...t }) => ({
        ...t,
        jurisdictionId: cityOf(t.case, lab),
        case: t.case ?? labSummary(t.id, lab),
      })),
      total,
    };
  }

  async find(taskId: string): Promise<ScopedTaskRow | null> {
    const t = await this.prisma.reviewTask.findUnique({ where: { id: taskId }, include: { case: { select: { jurisdictionId: true } } } });
    if (!t) return null;
    const { case: c, ...task } = t;
    if (c) return { ...task, jurisdictionId: c.jurisdictionId };
    // A registered lab's evaluation (no case, rare): its city is its pack's.
    const lab = task.labId ? await this.prisma.keyLab.findUnique({ where: { id: task.labId }, select: { pack: { select: { jurisdictionId: true } } } }) : null;
    return { ...task, jurisdictionId: cityOf(null, lab) };
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
            lab: { select: { ...LAB_SUMMARY.select, id: true, organisationId: true } },
          },
        }),
      { isolationLevel: 'RepeatableRead' },
    );
    if (!t) return null;
    const lab = t.lab
      ? {
          id: t.lab.id,
          name: t.lab.name,
          organisationId: t.lab.organisationId,
          organisationName: (await this.organisationName(t.lab.organisationId)) ?? t.lab.organisationId,
          packId: t.lab.packId,
          packVersion: t.lab.packVersion,
          measureCode: t.lab.measureCode,
          subtypeCode: t.lab.subtypeCode,
        }
      : null;
    if (!t.case) return { ...t, jurisdictionId: cityOf(null, t.lab), case: null, lab };
    const { organisation, documents, ...app } = t.case;
    return {
      ...t,
      jurisdictionId: app.jurisdictionId,
      case: { ...typedCase(app), organisationName: organisation.name, documents: documents.map((l) => ({ ...l.document, field: l.field })) },
      lab,
    };
  }

  private async organisationName(id: string): Promise<string | null> {
    return (await this.prisma.organisation.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
  }
}

/** A registered lab's evaluation as the inbox summarises it: the lab's name for a reference, its terms for names. */
function labSummary(
  taskId: string,
  lab: { name: string; packId: string; packVersion: number; measureCode: string; subtypeCode: string } | null,
): InboxRow['case'] {
  // The CHECK review_tasks_case_or_lab holds one of them.
  if (!lab) throw new Error(`task ${taskId} has neither a case nor a lab`);
  const { name, packId, packVersion, measureCode, subtypeCode } = lab;
  return { reference: name, packId, packVersion, measureCode, subtypeCode, computedAwardFen: null, doubleBenefit: false };
}

/** A task's city: its case's, else (a registered lab's evaluation) its lab's pack's; '' matches no caller's city, so access fails closed. */
function cityOf(c: { jurisdictionId: string } | null, lab: { pack: { jurisdictionId: string } } | null): string {
  return c?.jurisdictionId ?? lab?.pack.jurisdictionId ?? '';
}
