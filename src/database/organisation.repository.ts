import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Role } from '../auth/principal';
import { PrismaService } from './prisma.service';
import { isUniqueViolation } from './errors';

export interface UserRecord {
  id: string;
  name: string;
  role: Role;
  organisationId: string | null;
  bureauCode: string | null;
}

export interface OrganisationRecord {
  id: string;
  kind: 'enterprise' | 'university' | 'institute' | 'data_source_unit' | 'park_operator' | 'other' | 'lab';
  isStartup: boolean;
  district: string | null;
  /** YYYY-MM-DD. */
  registeredOn: string | null;
}

export interface ConflictRecord {
  id: string;
  organisationId: string;
  organisationName: string;
  reason: string;
  declaredAt: Date;
}

const WITH_ORG = { include: { organisation: { select: { name: true } } } } as const;
const conflictRecord = (r: { id: string; organisationId: string; reason: string; declaredAt: Date; organisation: { name: string } }): ConflictRecord => ({
  id: r.id,
  organisationId: r.organisationId,
  organisationName: r.organisation.name,
  reason: r.reason,
  declaredAt: r.declaredAt,
});

/** Organisations, their users and officers' declared conflicts of interest with organisations. */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly prisma: PrismaService) {}

  async user(id: string): Promise<UserRecord | null> {
    return this.prisma.user.findUnique({ where: { id }, select: { id: true, name: true, role: true, organisationId: true, bureauCode: true } });
  }

  async organisation(id: string): Promise<OrganisationRecord | null> {
    const o = await this.prisma.organisation.findUnique({ where: { id } });
    if (!o) return null;
    return {
      id: o.id,
      kind: o.kind,
      isStartup: o.isStartup,
      district: o.district,
      registeredOn: o.registeredOn ? o.registeredOn.toISOString().slice(0, 10) : null,
    };
  }

  /** The users an overdue task of the bureau escalates to, in id order. */
  async supervisorsOf(bureauCode: string): Promise<string[]> {
    const rows = await this.prisma.user.findMany({ where: { bureauCode, role: 'supervisor' }, select: { id: true }, orderBy: { id: 'asc' } });
    return rows.map((r) => r.id);
  }

  /** Declaring twice is harmless: the first declaration stands (also against a concurrent twin). */
  async declareConflict(userId: string, organisationId: string, reason: string): Promise<{ created: boolean; conflict: ConflictRecord }> {
    const key = { userId_organisationId: { userId, organisationId } };
    const existing = await this.prisma.conflictDeclaration.findUnique({ where: key, ...WITH_ORG });
    if (existing) return { created: false, conflict: conflictRecord(existing) };
    try {
      const row = await this.prisma.conflictDeclaration.create({ data: { id: randomUUID(), userId, organisationId, reason }, ...WITH_ORG });
      return { created: true, conflict: conflictRecord(row) };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return { created: false, conflict: conflictRecord(await this.prisma.conflictDeclaration.findUniqueOrThrow({ where: key, ...WITH_ORG })) };
    }
  }

  async conflictsOf(userId: string): Promise<ConflictRecord[]> {
    const rows = await this.prisma.conflictDeclaration.findMany({ where: { userId }, ...WITH_ORG, orderBy: { declaredAt: 'asc' } });
    return rows.map(conflictRecord);
  }

  /** The organisation ids a user may not decide for. */
  async conflictOrganisationIds(userId: string): Promise<string[]> {
    const rows = await this.prisma.conflictDeclaration.findMany({ where: { userId }, select: { organisationId: true } });
    return rows.map((r) => r.organisationId);
  }
}
