import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Role } from '../domain/access';
import type { ApplicantKind } from '../domain/applicant';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from './prisma.service';
import { isUniqueViolation } from './errors';
import { writeAudit } from './audit.repository';
import { CITY_TREASURY } from '../domain/ledger/ledger';

export interface UserRecord {
  id: string;
  name: string;
  role: Role;
  organisationId: string | null;
  bureauCode: string | null;
  jurisdictionId: string;
}

export interface OrganisationFields {
  name: string;
  creditCode: string | null;
  kind: ApplicantKind;
  isStartup: boolean;
  startupEvidence: string | null;
  district: string | null;
  /** YYYY-MM-DD. */
  registeredOn: string | null;
  jurisdictionId: string;
}
export interface OrganisationRecord extends OrganisationFields {
  id: string;
}

export interface UserFields {
  name: string;
  role: Role;
  organisationId: string | null;
  bureauCode: string | null;
  jurisdictionId: string;
}

export interface JurisdictionRecord {
  id: string;
  name: { zh: string; en: string };
  timezone: string;
}

/** A treasury that pays awards: the city's (`city`) or a district government's, in a jurisdiction. */
export interface TreasuryRecord {
  jurisdictionId: string;
  code: string;
}

export interface ConflictRecord {
  id: string;
  organisationId: string;
  organisationName: string;
  reason: string;
  declaredAt: Date;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
}

export interface AuditRecord {
  id: bigint;
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  at: Date;
}

/** What an audited change wrote: who, what, and the entity before and after (null when created). */
interface Audit {
  actorId: string;
  action: string;
  entityType: 'organisation' | 'user' | 'conflict';
  entityId: string;
  before: object | null;
  after: object | null;
}

export type Page<T> = { rows: T[]; total: number };

const WITH_ORG = { include: { organisation: { select: { name: true } } } } as const;
type ConflictRow = {
  id: string;
  organisationId: string;
  reason: string;
  declaredAt: Date;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  organisation: { name: string };
};
const conflictRecord = (r: ConflictRow): ConflictRecord => ({
  id: r.id,
  organisationId: r.organisationId,
  organisationName: r.organisation.name,
  reason: r.reason,
  declaredAt: r.declaredAt,
  withdrawnAt: r.withdrawnAt,
  withdrawalReason: r.withdrawalReason,
});
const conflictJson = (r: ConflictRecord): object => ({ ...r, declaredAt: r.declaredAt.toISOString(), withdrawnAt: r.withdrawnAt?.toISOString() ?? null });

type OrganisationRow = {
  id: string;
  name: string;
  creditCode: string | null;
  kind: ApplicantKind;
  isStartup: boolean;
  startupEvidence: string | null;
  district: string | null;
  registeredOn: Date | null;
  jurisdictionId: string;
};
const organisationRecord = (o: OrganisationRow): OrganisationRecord => ({
  id: o.id,
  name: o.name,
  creditCode: o.creditCode,
  kind: o.kind,
  isStartup: o.isStartup,
  startupEvidence: o.startupEvidence,
  district: o.district,
  registeredOn: o.registeredOn ? o.registeredOn.toISOString().slice(0, 10) : null,
  jurisdictionId: o.jurisdictionId,
});
const organisationColumns = (f: Partial<OrganisationFields>): Prisma.OrganisationUpdateInput => ({
  ...f,
  ...(f.registeredOn !== undefined ? { registeredOn: f.registeredOn === null ? null : new Date(`${f.registeredOn}T00:00:00Z`) } : {}),
});
const USER_FIELDS = { id: true, name: true, role: true, organisationId: true, bureauCode: true, jurisdictionId: true } as const;

/** Whether a unique index refused the write because of this column (the credit code), not another. */
const violates = (err: unknown, column: string): boolean => isUniqueViolation(err) && JSON.stringify((err as { meta?: unknown }).meta ?? '').includes(column);

/** Organisations, their users and officers' declared conflicts of interest with organisations. */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly prisma: PrismaService) {}

  async user(id: string): Promise<UserRecord | null> {
    return this.prisma.user.findUnique({ where: { id }, select: USER_FIELDS });
  }

  /** Users' names by id, for responses that name people (ids no user has are left out). */
  async userNames(ids: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const rows = await this.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async organisation(id: string): Promise<OrganisationRecord | null> {
    const o = await this.prisma.organisation.findUnique({ where: { id } });
    return o ? organisationRecord(o) : null;
  }

  async organisationByCreditCode(creditCode: string): Promise<OrganisationRecord | null> {
    const o = await this.prisma.organisation.findUnique({ where: { creditCode } });
    return o ? organisationRecord(o) : null;
  }

  async organisations(page: { jurisdictionId?: string; limit: number; offset: number }): Promise<Page<OrganisationRecord>> {
    const where = page.jurisdictionId ? { jurisdictionId: page.jurisdictionId } : {};
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.organisation.findMany({ where, orderBy: { id: 'asc' }, take: page.limit, skip: page.offset }),
      this.prisma.organisation.count({ where }),
    ]);
    return { rows: rows.map(organisationRecord), total };
  }

  /** Stores a new organisation with its audit entry; 'id' or 'creditCode' when one is taken already. */
  async createOrganisation(actorId: string, id: string, f: OrganisationFields): Promise<OrganisationRecord | 'id' | 'creditCode'> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const created = organisationRecord(await tx.organisation.create({ data: { ...organisationColumns(f), id } as Prisma.OrganisationCreateInput }));
        await audit(tx, { actorId, action: 'organisation.created', entityType: 'organisation', entityId: id, before: null, after: created });
        return created;
      });
    } catch (err) {
      if (violates(err, 'credit_code') || violates(err, 'creditCode')) return 'creditCode';
      if (isUniqueViolation(err)) return 'id';
      throw err;
    }
  }

  /** Changes an organisation and records before and after; null when there is none, 'creditCode' when that code is another's. */
  async updateOrganisation(actorId: string, id: string, patch: Partial<OrganisationFields>): Promise<OrganisationRecord | null | 'creditCode'> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const before = await tx.organisation.findUnique({ where: { id } });
        if (!before) return null;
        const after = organisationRecord(await tx.organisation.update({ where: { id }, data: organisationColumns(patch) }));
        await audit(tx, { actorId, action: 'organisation.updated', entityType: 'organisation', entityId: id, before: organisationRecord(before), after });
        return after;
      });
    } catch (err) {
      if (isUniqueViolation(err)) return 'creditCode';
      throw err;
    }
  }

  async users(filter: {
    role?: Role;
    organisationId?: string;
    bureauCode?: string;
    jurisdictionId?: string;
    limit: number;
    offset: number;
  }): Promise<Page<UserRecord>> {
    const where = {
      ...(filter.role ? { role: filter.role } : {}),
      ...(filter.jurisdictionId ? { jurisdictionId: filter.jurisdictionId } : {}),
      ...(filter.organisationId ? { organisationId: filter.organisationId } : {}),
      ...(filter.bureauCode ? { bureauCode: filter.bureauCode } : {}),
    };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.user.findMany({ where, select: USER_FIELDS, orderBy: { id: 'asc' }, take: filter.limit, skip: filter.offset }),
      this.prisma.user.count({ where }),
    ]);
    return { rows, total };
  }

  /** The new user, or the id of the one that already holds this id in any letter case (`Admin` beside `admin`). */
  async createUser(actorId: string, id: string, f: UserFields): Promise<UserRecord | { taken: string }> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        // One creation per case-folded id at a time, so two racing `Admin`/`admin` creations cannot both pass the check.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`user:${id.toLowerCase()}`}))`;
        const same = await tx.user.findFirst({ where: { id: { equals: id, mode: 'insensitive' } }, select: { id: true } });
        if (same) return { taken: same.id };
        const created = await tx.user.create({ data: { id, ...f }, select: USER_FIELDS });
        await audit(tx, { actorId, action: 'user.created', entityType: 'user', entityId: id, before: null, after: created });
        return created;
      });
    } catch (err) {
      if (isUniqueViolation(err)) return { taken: id };
      throw err;
    }
  }

  /** Replaces a user's fields and records before and after; null when there is none. */
  async updateUser(actorId: string, id: string, f: UserFields): Promise<UserRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id }, select: USER_FIELDS });
      if (!before) return null;
      const after = await tx.user.update({ where: { id }, data: f, select: USER_FIELDS });
      await audit(tx, { actorId, action: 'user.updated', entityType: 'user', entityId: id, before, after });
      return after;
    });
  }

  /** Whether a published pack of the jurisdiction has a bureau (or district government) with this code. */
  async bureauExists(jurisdictionId: string, code: string): Promise<boolean> {
    return (await this.prisma.bureau.count({ where: { code, pack: { jurisdictionId } } })) > 0;
  }

  /**
   * The treasuries of a jurisdiction: its city treasury (`city`) and each district government's, as the
   * packs published for it name their districts. None for a jurisdiction without packs.
   */
  async treasuriesOf(jurisdictionId: string): Promise<string[]> {
    const packs = await this.prisma.policyPack.findMany({ where: { jurisdictionId }, select: { document: true }, orderBy: { id: 'asc' } });
    if (packs.length === 0) return [];
    const districts = packs.flatMap((p) => ((p.document as { districts?: { bureau: string }[] }).districts ?? []).map((d) => d.bureau));
    return [CITY_TREASURY, ...new Set(districts)];
  }

  async jurisdiction(id: string): Promise<JurisdictionRecord | null> {
    const j = await this.prisma.jurisdiction.findUnique({ where: { id } });
    return j && { id: j.id, name: j.name as JurisdictionRecord['name'], timezone: j.timezone };
  }

  async jurisdictions(): Promise<JurisdictionRecord[]> {
    const rows = await this.prisma.jurisdiction.findMany({ orderBy: { id: 'asc' } });
    return rows.map((j) => ({ id: j.id, name: j.name as JurisdictionRecord['name'], timezone: j.timezone }));
  }

  /** The audit trail, newest first. */
  async auditTrail(filter: { entityType?: string; entityId?: string; limit: number; offset: number }): Promise<Page<AuditRecord>> {
    const types = filter.entityType ? [filter.entityType] : ['organisation', 'user', 'conflict'];
    const where = { subjectType: { in: types }, ...(filter.entityId ? { subjectId: filter.entityId } : {}) };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: filter.limit, skip: filter.offset }),
      this.prisma.auditLog.count({ where }),
    ]);
    const recorded = (r: (typeof rows)[number]): AuditRecord => {
      const p = r.payload as { before?: unknown; after?: unknown };
      return {
        id: r.id,
        actorId: r.actorId,
        action: r.action,
        entityType: r.subjectType,
        entityId: r.subjectId,
        before: p.before ?? null,
        after: p.after ?? null,
        at: r.at,
      };
    };
    return { rows: rows.map(recorded), total };
  }

  /** The users an overdue task of each of the city's bureaus escalates to (in id order), in one query. */
  async supervisorsOfAll(jurisdictionId: string, bureauCodes: string[]): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = Object.fromEntries(bureauCodes.map((b) => [b, [] as string[]]));
    if (bureauCodes.length === 0) return out;
    const rows = await this.prisma.user.findMany({
      where: { jurisdictionId, bureauCode: { in: bureauCodes }, role: 'supervisor' },
      select: { id: true, bureauCode: true },
      orderBy: { id: 'asc' },
    });
    for (const r of rows) out[r.bureauCode!]!.push(r.id);
    return out;
  }

  /**
   * Declaring twice is harmless: the standing declaration stays (also against a concurrent twin).
   * Declaring again after a withdrawal makes it stand again; the audit trail keeps the withdrawn one.
   */
  async declareConflict(userId: string, organisationId: string, reason: string): Promise<{ created: boolean; conflict: ConflictRecord }> {
    const key = { userId_organisationId: { userId, organisationId } };
    const existing = await this.prisma.conflictDeclaration.findUnique({ where: key, ...WITH_ORG });
    if (existing && !existing.withdrawnAt) return { created: false, conflict: conflictRecord(existing) };
    try {
      return await this.prisma.$transaction(async (tx) => {
        const row = existing
          ? await tx.conflictDeclaration.update({
              where: { id: existing.id, withdrawnAt: { not: null } },
              data: { reason, declaredAt: new Date(), withdrawnAt: null, withdrawalReason: null },
              ...WITH_ORG,
            })
          : await tx.conflictDeclaration.create({ data: { id: randomUUID(), userId, organisationId, reason }, ...WITH_ORG });
        const conflict = conflictRecord(row);
        const before = existing ? conflictJson(conflictRecord(existing)) : null;
        await audit(tx, { actorId: userId, action: 'conflict.declared', entityType: 'conflict', entityId: row.id, before, after: conflictJson(conflict) });
        return { created: true, conflict };
      });
    } catch (err) {
      if (!isUniqueViolation(err) && !isNotFound(err)) throw err;
      return { created: false, conflict: conflictRecord(await this.prisma.conflictDeclaration.findUniqueOrThrow({ where: key, ...WITH_ORG })) };
    }
  }

  /** Withdraws one of the user's standing declarations; null when the user has no such declaration. */
  async withdrawConflict(userId: string, conflictId: string, reason: string): Promise<ConflictRecord | null | 'alreadyWithdrawn'> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.conflictDeclaration.findFirst({ where: { id: conflictId, userId }, ...WITH_ORG });
      if (!before) return null;
      if (before.withdrawnAt) return 'alreadyWithdrawn';
      const row = await tx.conflictDeclaration.update({ where: { id: conflictId }, data: { withdrawnAt: new Date(), withdrawalReason: reason }, ...WITH_ORG });
      const after = conflictRecord(row);
      await audit(tx, {
        actorId: userId,
        action: 'conflict.withdrawn',
        entityType: 'conflict',
        entityId: conflictId,
        before: conflictJson(conflictRecord(before)),
        after: conflictJson(after),
      });
      return after;
    });
  }

  /** Every declaration of the user, withdrawn ones included. */
  async conflictsOf(userId: string): Promise<ConflictRecord[]> {
    const rows = await this.prisma.conflictDeclaration.findMany({ where: { userId }, ...WITH_ORG, orderBy: { declaredAt: 'asc' } });
    return rows.map(conflictRecord);
  }

  /** The organisation ids a user may not decide for: the declarations standing now. */
  async conflictOrganisationIds(userId: string): Promise<string[]> {
    const rows = await this.prisma.conflictDeclaration.findMany({ where: { userId, withdrawnAt: null }, select: { organisationId: true } });
    return rows.map((r) => r.organisationId);
  }
}

/** Into the one audit trail (audit_log), with the record as it was before and after. */
async function audit(tx: Prisma.TransactionClient, a: Audit): Promise<void> {
  const json = (v: object | null): unknown => (v === null ? null : (JSON.parse(JSON.stringify(v)) as unknown));
  await writeAudit(tx, [
    {
      at: new Date().toISOString(),
      actorId: a.actorId,
      action: a.action,
      subjectType: a.entityType,
      subjectId: a.entityId,
      caseId: null,
      payload: { before: json(a.before), after: json(a.after) },
    },
  ]);
}

const isNotFound = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'P2025';
