import { Injectable } from '@nestjs/common';
import type { CaseEvent } from '../domain/case/events';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from './prisma.service';

/**
 * One human action. `action` is dotted (case.submit, task.decide, pack.publish, admin.export, …);
 * the subject is what it acted on (a case, a task, a pack, a workflow, a payment order …).
 */
export interface AuditEntry {
  at: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  payload: Record<string, unknown>;
  /** Names the fact the entry is derived from, so a retried write records it once. */
  sourceKey?: string;
}

export interface AuditRow extends Omit<AuditEntry, 'at' | 'sourceKey'> {
  id: string;
  at: Date;
}

export interface AuditFilter {
  actorId?: string;
  caseId?: string;
  subjectType?: string;
  subjectId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

type Tx = Prisma.TransactionClient;

/** Appends entries inside the caller's transaction: the action and its record commit together. */
export async function writeAudit(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Append-only and one statement: a retried write finds its source keys taken and adds nothing (never
  // an update); entries without a source key never conflict (NULLs are distinct in the unique index).
  await tx.auditLog.createMany({
    data: entries.map((e) => ({
      at: new Date(e.at),
      actorId: e.actorId,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      caseId: e.caseId,
      payload: e.payload as Prisma.InputJsonValue,
      sourceKey: e.sourceKey ?? null,
    })),
    skipDuplicates: true,
  });
}

/** The human acts among a transition's events: whoever's actorId an event carries did it. */
export function auditOfEvents(caseId: string, events: CaseEvent[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const e of events) {
    if (e.actorId === null) continue;
    const base = { at: e.at, actorId: e.actorId, caseId, sourceKey: `event:${caseId}:${e.eventKey}` };
    switch (e.type) {
      case 'case.submitted':
        out.push({ ...base, action: 'case.submit', subjectType: 'case', subjectId: caseId, payload: { ...e.data } });
        break;
      case 'task.claimed':
        out.push({ ...base, action: 'task.claim', subjectType: 'task', subjectId: e.data.taskId, payload: { ...e.data } });
        break;
      case 'task.unclaimed':
        out.push({ ...base, action: 'task.release', subjectType: 'task', subjectId: e.data.taskId, payload: { ...e.data } });
        break;
      case 'task.reassigned':
        out.push({ ...base, action: 'task.reassign', subjectType: 'task', subjectId: e.data.taskId, payload: { ...e.data } });
        break;
      case 'task.decided':
        out.push({ ...base, action: 'task.decide', subjectType: 'task', subjectId: e.data.taskId, payload: { ...e.data } });
        if (e.data.overrideReason !== null)
          out.push({
            ...base,
            sourceKey: `${base.sourceKey}:override`,
            action: 'task.override',
            subjectType: 'task',
            subjectId: e.data.taskId,
            payload: { overrideReason: e.data.overrideReason, decision: e.data.decision },
          });
        break;
      case 'case.information_received':
        out.push({ ...base, action: 'case.answer', subjectType: 'case', subjectId: caseId, payload: { ...e.data } });
        break;
      case 'case.withdrawn':
        out.push({ ...base, action: 'case.withdraw', subjectType: 'case', subjectId: caseId, payload: { ...e.data } });
        break;
      // The officer's return is audited as its task.decided; the rest are the system's own doing.
      case 'notice.information_requested':
      case 'case.assessed':
      case 'case.refused':
      case 'task.opened':
      case 'task.reminder':
      case 'task.escalated':
      case 'task.cancelled':
      case 'clock.resumed':
      case 'case.approved':
      case 'case.rejected':
      case 'notice.lapsed':
      case 'case.lapsed':
      case 'rentfree.started':
      case 'notice.rentfree_ending':
      case 'rentfree.ended':
        break;
    }
  }
  return out;
}

const toRow = (r: {
  id: bigint;
  at: Date;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  payload: unknown;
}): AuditRow => ({
  id: r.id.toString(),
  at: r.at,
  actorId: r.actorId,
  action: r.action,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  caseId: r.caseId,
  payload: r.payload as Record<string, unknown>,
});

/**
 * The audit trail. Other parts of the service (finance status changes, organisation and user
 * administration) record their actions with `record`, or with `writeAudit` inside their own transaction.
 */
@Injectable()
export class AuditRepository {
  constructor(private readonly prisma: PrismaService) {}

  async record(...entries: AuditEntry[]): Promise<void> {
    await this.prisma.$transaction((tx) => writeAudit(tx, entries));
  }

  async list(f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
    const where: Prisma.AuditLogWhereInput = {
      ...(f.actorId ? { actorId: f.actorId } : {}),
      ...(f.caseId ? { caseId: f.caseId } : {}),
      ...(f.subjectType ? { subjectType: f.subjectType } : {}),
      ...(f.subjectId ? { subjectId: f.subjectId } : {}),
      ...(f.action ? { action: f.action } : {}),
      ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: f.limit, skip: f.offset }),
      this.prisma.auditLog.count({ where }),
    ]);
    return { rows: rows.map(toRow), total };
  }

  /** A case's entries that no timeline event already tells of (an admin's export, a finance change), oldest first. */
  async caseExtras(caseId: string): Promise<AuditRow[]> {
    const rows = await this.prisma.auditLog.findMany({
      where: { caseId, OR: [{ sourceKey: null }, { NOT: { sourceKey: { startsWith: 'event:' } } }] },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toRow);
  }
}
