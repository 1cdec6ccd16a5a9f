import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

export type IncidentKind = 'PermanentDatabaseError' | 'BadInput' | 'RetriesExhausted';

export interface IncidentInput {
  workflowId: string;
  runId: string;
  workflowType: string;
  activityType: string;
  attempt: number;
  kind: IncidentKind;
  message: string;
}

export interface IncidentRow extends IncidentInput {
  id: string;
  createdAt: Date;
}

@Injectable()
export class IncidentRepository {
  constructor(private readonly prisma: PrismaService) {}

  async record(i: IncidentInput): Promise<void> {
    await this.prisma.incident.create({ data: { id: randomUUID(), ...i, kind: i.kind } });
  }

  /** Newest first. */
  async list(opts: { limit: number; offset: number; workflowId?: string }): Promise<{ items: IncidentRow[]; total: number }> {
    const where = opts.workflowId === undefined ? {} : { workflowId: opts.workflowId };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.incident.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: opts.limit, skip: opts.offset }),
      this.prisma.incident.count({ where }),
    ]);
    return { items: rows.map((r) => ({ ...r, kind: r.kind as IncidentKind })), total };
  }
}
