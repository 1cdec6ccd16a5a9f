import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalJson } from '../domain/canonical-json';
import { ConflictError } from '../domain/errors';
import { budgetYearsOf, packVersion, packVersionAt, parsePolicyPack, type PackRules, type PolicyPack, type RuleVersion } from '../domain';
import type { LocalizedText } from '../domain/pack/schema';
import { PUBLISH_SENTENCES } from '../domain/words/publishing';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { writeAudit } from './audit.repository';
import { createPrismaClient, PrismaService } from './prisma.service';

/** The database handle publishing writes through (the Prisma client: seeds and Nest's PrismaService alike). */
export type PackStoreDb = PrismaClient;
type Db = PrismaClient | Prisma.TransactionClient;

export const versionChecksum = (v: RuleVersion): string => createHash('sha256').update(canonicalJson(v)).digest('hex');

/** What a case is assessed under: a version's own content plus what it inherits from the pack and earlier versions. */
const assessedContent = (r: PackRules): string => canonicalJson({ timezone: r.timezone, measures: r.measures, parameters: r.parameters, pools: r.pools });

/** A published rule version would change meaning: nothing of the pack is written. */
export class PublishRefusedError extends ConflictError {
  constructor(readonly problems: LocalizedText[]) {
    super('versions', problems.map((p) => p.en).join('; '), { zh: problems.map((p) => p.zh).join(';') });
  }
}

/**
 * Why `pack` may not replace what is stored (empty when it may). Cases record the version they were
 * received under, so a published version must keep its meaning: its content, the base parameters
 * and pools it inherits, and its very existence. Reads only.
 */
export async function publishProblems(db: Db, pack: PolicyPack): Promise<LocalizedText[]> {
  const [row, stored, jurisdiction] = await Promise.all([
    db.policyPack.findUnique({ where: { id: pack.id }, select: { document: true, jurisdictionId: true } }),
    db.policyPackVersion.findMany({ where: { packId: pack.id }, select: { version: true, checksum: true }, orderBy: { version: 'asc' } }),
    db.jurisdiction.findUnique({ where: { id: pack.jurisdiction.code } }),
  ]);
  const before = row ? parsePolicyPack(row.document) : null;
  const problems: LocalizedText[] = [];
  // A pack belongs to one city for good: its bureaus, treasuries and cases are that city's.
  if (row && row.jurisdictionId !== pack.jurisdiction.code) problems.push(PUBLISH_SENTENCES.otherCity(pack, row.jurisdictionId, pack.jurisdiction));
  // One city keeps one clock: budget years and deadlines of all its packs count in its time zone.
  if (jurisdiction && jurisdiction.timezone !== pack.timezone)
    problems.push(PUBLISH_SENTENCES.otherClock(pack, pack.timezone, { ...jurisdiction, name: jurisdiction.name as LocalizedText }));
  const refuse = (version: number, what: 'withdrawn' | 'changed' | 'inherited'): void => {
    problems.push(PUBLISH_SENTENCES.versionPublished(pack, version, what));
  };
  for (const s of stored) {
    const next = pack.versions.find((v) => v.version === s.version);
    if (!next) refuse(s.version, 'withdrawn');
    else if (versionChecksum(next) !== s.checksum) refuse(s.version, 'changed');
    else if (
      before &&
      before.versions.some((v) => v.version === s.version) &&
      assessedContent(packVersion(before, s.version)) !== assessedContent(packVersion(pack, s.version))
    ) {
      refuse(s.version, 'inherited');
    }
  }
  return problems;
}

/**
 * Stores one pack (its row, new rule versions, bureaus, measures and a budget pool per pool and
 * year) in one transaction, after checking it there, so a refusal or a failure leaves nothing of it.
 */
export async function storePack(prisma: PackStoreDb, pack: PolicyPack, actorId = 'system:seed'): Promise<{ pools: number }> {
  return prisma.$transaction(
    async (tx) => {
      const problems = await publishProblems(tx, pack);
      if (problems.length) throw new PublishRefusedError(problems);
      const window = { from: new Date(pack.validity.from), to: new Date(pack.validity.to) };
      const common = {
        title: pack.title as Prisma.InputJsonValue,
        timezone: pack.timezone,
        document: pack as unknown as Prisma.InputJsonValue,
        validFrom: window.from,
        validTo: window.to,
      };
      // The first pack a city publishes registers the city (its name and time zone as the pack declares them).
      await tx.jurisdiction.upsert({
        where: { id: pack.jurisdiction.code },
        create: { id: pack.jurisdiction.code, name: pack.jurisdiction.name as Prisma.InputJsonValue, timezone: pack.timezone },
        update: {},
      });
      // intakeOpen starts false: only the pack's durable intake clock (a workflow) opens and closes it.
      await tx.policyPack.upsert({
        where: { id: pack.id },
        create: { id: pack.id, ...common, jurisdictionId: pack.jurisdiction.code, intakeOpen: false },
        update: common,
      });

      const stored = new Set((await tx.policyPackVersion.findMany({ where: { packId: pack.id }, select: { version: true } })).map((v) => v.version));
      const published = pack.versions.filter((x) => !stored.has(x.version));
      // Publishing is storing a new rule version; re-seeding what is stored publishes nothing.
      if (published.length > 0)
        await writeAudit(tx, [
          {
            at: new Date().toISOString(),
            actorId,
            action: 'pack.publish',
            subjectType: 'pack',
            subjectId: pack.id,
            caseId: null,
            payload: { versions: published.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, checksum: versionChecksum(v) })) },
          },
        ]);
      for (const v of published) {
        await tx.policyPackVersion.create({
          data: {
            packId: pack.id,
            version: v.version,
            effectiveFrom: new Date(v.effectiveFrom),
            checksum: versionChecksum(v),
            content: v as unknown as Prisma.InputJsonValue,
          },
        });
      }

      const latest = pack.versions.reduce((a, b) => (b.version > a.version ? b : a));
      const rules = packVersionAt(pack, new Date(latest.effectiveFrom));
      for (const b of rules.bureaus) {
        const data = { name: b.name as Prisma.InputJsonValue, kind: b.kind };
        await tx.bureau.upsert({ where: { packId_code: { packId: pack.id, code: b.code } }, create: { packId: pack.id, code: b.code, ...data }, update: data });
      }
      for (const m of rules.measures) {
        const data = { number: m.number, title: m.title as Prisma.InputJsonValue, acceptsApplications: m.acceptsApplications };
        await tx.measure.upsert({
          where: { packId_code: { packId: pack.id, code: m.code } },
          create: { packId: pack.id, code: m.code, ...data },
          update: data,
        });
      }
      let pools = 0;
      for (const pool of rules.pools) {
        for (const year of budgetYearsOf(window.from, window.to, pack.timezone)) {
          const totalFen = BigInt(pool.annualFen);
          await tx.budgetPool.upsert({
            where: { packId_code_year: { packId: pack.id, code: pool.code, year } },
            create: { id: `${pack.id}:${pool.code}:${year}`, packId: pack.id, code: pool.code, year, totalFen },
            update: { totalFen },
          });
          pools++;
        }
      }
      return { pools };
    },
    // A large pack is a few hundred statements; the default 5 s is too tight on a busy machine.
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/** Whether the stored window of a pack differs from `pack`'s (false for a pack not stored yet). */
export async function packWindowChanged(prisma: PackStoreDb, pack: PolicyPack): Promise<boolean> {
  const row = await prisma.policyPack.findUnique({ where: { id: pack.id }, select: { validFrom: true, validTo: true } });
  return row !== null && (row.validFrom.getTime() !== Date.parse(pack.validity.from) || row.validTo.getTime() !== Date.parse(pack.validity.to));
}

/** The writes publishing a pack needs (src/publishing/publish.ts starts its intake clock after them). */
export interface PackWrites {
  windowChanged(pack: PolicyPack): Promise<boolean>;
  store(pack: PolicyPack, actorId?: string): Promise<{ pools: number }>;
}

/** Publishing through Nest's Prisma client: what a pack had stored before, and storing it. */
@Injectable()
export class PackStoreRepository implements PackWrites {
  constructor(private readonly prisma: PrismaService) {}

  /** The stored window and rule versions (with when each was published), or null for a new pack. */
  async stored(packId: string): Promise<{ validity: { from: Date; to: Date }; versions: { version: number; publishedAt: Date }[] } | null> {
    const row = await this.prisma.policyPack.findUnique({
      where: { id: packId },
      select: { validFrom: true, validTo: true, versions: { select: { version: true, createdAt: true }, orderBy: { version: 'asc' } } },
    });
    if (!row) return null;
    return { validity: { from: row.validFrom, to: row.validTo }, versions: row.versions.map((v) => ({ version: v.version, publishedAt: v.createdAt })) };
  }

  async exists(packId: string): Promise<boolean> {
    return (await this.prisma.policyPack.count({ where: { id: packId } })) > 0;
  }

  /** Why `pack` may not be published over what is stored (empty when it may); writes nothing. */
  problems(pack: PolicyPack): Promise<LocalizedText[]> {
    return publishProblems(this.prisma, pack);
  }

  windowChanged(pack: PolicyPack): Promise<boolean> {
    return packWindowChanged(this.prisma, pack);
  }

  store(pack: PolicyPack, actorId?: string): Promise<{ pools: number }> {
    return storePack(this.prisma, pack, actorId);
  }
}

/** The store on its own connection, for the command line. */
export function openPackStore(databaseUrl: string): PackWrites & {
  problems(pack: PolicyPack): Promise<LocalizedText[]>;
  exists(packId: string): Promise<boolean>;
  close(): Promise<void>;
} {
  const prisma = createPrismaClient(databaseUrl);
  return {
    problems: (pack) => publishProblems(prisma, pack),
    exists: async (packId) => (await prisma.policyPack.count({ where: { id: packId } })) > 0,
    windowChanged: (pack) => packWindowChanged(prisma, pack),
    store: (pack, actorId) => storePack(prisma, pack, actorId),
    close: () => prisma.$disconnect(),
  };
}
