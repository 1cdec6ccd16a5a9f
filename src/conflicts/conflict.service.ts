import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { UnprocessableError } from '../common/errors';
import { PrismaService } from '../database/prisma.service';
import type { DeclareConflictDto } from './conflict.dto';

export interface ConflictDto {
  id: string;
  organisationId: string;
  organisationName: string;
  reason: string;
  declaredAt: string;
}

/** Officers' declared conflicts of interest; the review workflow refuses their decisions on those organisations' cases. */
@Injectable()
export class ConflictService {
  constructor(private readonly prisma: PrismaService) {}

  /** Declaring twice is harmless: the first declaration stands. */
  async declare(user: Principal, dto: DeclareConflictDto): Promise<{ created: boolean; conflict: ConflictDto }> {
    const org = await this.prisma.organisation.findUnique({ where: { id: dto.organisationId }, select: { id: true } });
    if (!org) throw new UnprocessableError('organisationId', `no organisation ${dto.organisationId}`);
    const key = { userId_organisationId: { userId: user.userId, organisationId: dto.organisationId } };
    const existing = await this.prisma.conflictDeclaration.findUnique({ where: key, include: { organisation: true } });
    if (existing) return { created: false, conflict: toDto(existing) };
    try {
      const row = await this.prisma.conflictDeclaration.create({
        data: { id: randomUUID(), userId: user.userId, organisationId: dto.organisationId, reason: dto.reason },
        include: { organisation: true },
      });
      return { created: true, conflict: toDto(row) };
    } catch (err) {
      // A concurrent identical declaration won the unique index.
      if ((err as { code?: string }).code === 'P2002') {
        return { created: false, conflict: toDto(await this.prisma.conflictDeclaration.findUniqueOrThrow({ where: key, include: { organisation: true } })) };
      }
      throw err;
    }
  }

  async list(user: Principal): Promise<ConflictDto[]> {
    const rows = await this.prisma.conflictDeclaration.findMany({ where: { userId: user.userId }, include: { organisation: true }, orderBy: { declaredAt: 'asc' } });
    return rows.map(toDto);
  }

  /** The organisation ids a user may not decide for, handed to the workflow with every officer update. */
  async organisationsOf(userId: string): Promise<string[]> {
    const rows = await this.prisma.conflictDeclaration.findMany({ where: { userId }, select: { organisationId: true } });
    return rows.map((r) => r.organisationId);
  }
}

function toDto(r: { id: string; organisationId: string; reason: string; declaredAt: Date; organisation: { name: string } }): ConflictDto {
  return { id: r.id, organisationId: r.organisationId, organisationName: r.organisation.name, reason: r.reason, declaredAt: r.declaredAt.toISOString() };
}
