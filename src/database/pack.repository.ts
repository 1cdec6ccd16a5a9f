import { Injectable } from '@nestjs/common';
import { packVersion, parsePolicyPack, type PackRules, type PolicyPack } from '../domain';
import { NotFoundError } from '../domain/errors';
import { PrismaService } from './prisma.service';

/**
 * How long rules(packId, version) trusts the cached pack without asking for its stamp. A published
 * version's assessed content never changes (publishing refuses that); what may is its words (a title
 * corrected on re-seeding), and those may show this much later. pack() always checks.
 */
const RULES_RECHECK_MS = 2_000;

/** Policy packs and their rule versions. A parsed pack is cached until its row changes (re-seeding). */
@Injectable()
export class PackRepository {
  private readonly cache = new Map<string, { updatedAt: number; pack: PolicyPack; checkedAt: number }>();

  constructor(private readonly prisma: PrismaService) {}

  async pack(packId: string): Promise<{ pack: PolicyPack; intakeOpen: boolean }> {
    // The document (a large pack's runs to about 170 KB) is read only when the cached copy is stale: every
    // projection write and most requests ask for a pack, and the stamp alone is a tiny row.
    const row = await this.prisma.policyPack.findUnique({ where: { id: packId }, select: { updatedAt: true, intakeOpen: true } });
    if (!row) throw new NotFoundError('packId', `no policy pack ${packId}`);
    let hit = this.cache.get(packId);
    if (hit && hit.updatedAt === row.updatedAt.getTime()) hit.checkedAt = performance.now();
    else {
      const full = await this.prisma.policyPack.findUnique({ where: { id: packId }, select: { updatedAt: true, document: true } });
      if (!full) throw new NotFoundError('packId', `no policy pack ${packId}`);
      // Stamped with the document's own row: re-seeded in between, the next call reads it again.
      hit = { updatedAt: full.updatedAt.getTime(), pack: parsePolicyPack(full.document), checkedAt: performance.now() };
      this.cache.set(packId, hit);
    }
    return { pack: hit.pack, intakeOpen: row.intakeOpen };
  }

  /**
   * One rule version by number: a case is assessed and decided under the version it recorded at
   * receipt, never re-resolved by date (a version published later must not change a received case).
   */
  async rules(packId: string, version: number): Promise<PackRules> {
    return (await this.versioned(packId, version)).rules;
  }

  /** One rule version with its pack (its pools, its words), trusted for RULES_RECHECK_MS like rules(). */
  async versioned(packId: string, version: number): Promise<{ pack: PolicyPack; rules: PackRules }> {
    const hit = this.cache.get(packId);
    const fresh = hit && performance.now() - hit.checkedAt < RULES_RECHECK_MS && hit.pack.versions.some((v) => v.version === version);
    const pack = fresh ? hit.pack : (await this.pack(packId)).pack;
    return { pack, rules: packVersion(pack, version) };
  }

  /** Every seeded pack's id, in id order. */
  async packIds(): Promise<string[]> {
    const rows = await this.prisma.policyPack.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    return rows.map((r) => r.id);
  }

  /** Every seeded pack, parsed. */
  async all(): Promise<PolicyPack[]> {
    const out: PolicyPack[] = [];
    for (const id of await this.packIds()) out.push((await this.pack(id)).pack);
    return out;
  }

  /** When each stored rule version of a pack was published. */
  async publishedAt(packId: string): Promise<Map<number, Date>> {
    const rows = await this.prisma.policyPackVersion.findMany({ where: { packId }, select: { version: true, createdAt: true } });
    return new Map(rows.map((r) => [r.version, r.createdAt]));
  }

  /** The packs that name `packId` as the policy they succeed. */
  async successorsOf(packId: string): Promise<PolicyPack[]> {
    return (await this.all()).filter((p) => p.succeeds === packId);
  }

  async setIntakeOpen(packId: string, open: boolean): Promise<void> {
    await this.prisma.policyPack.update({ where: { id: packId }, data: { intakeOpen: open } });
  }
}
