import { Injectable } from '@nestjs/common';
import { packVersion, parsePolicyPack, type PackRules, type PolicyPack } from '../domain';
import { NotFoundError } from '../common/errors';
import { PrismaService } from './prisma.service';

/** Policy packs and their rule versions. A parsed pack is cached until its row changes (re-seeding). */
@Injectable()
export class PackRepository {
  private readonly cache = new Map<string, { updatedAt: number; pack: PolicyPack }>();

  constructor(private readonly prisma: PrismaService) {}

  async pack(packId: string): Promise<{ pack: PolicyPack; intakeOpen: boolean }> {
    const row = await this.prisma.policyPack.findUnique({ where: { id: packId } });
    if (!row) throw new NotFoundError('packId', `no policy pack ${packId}`);
    const stamp = row.updatedAt.getTime();
    let hit = this.cache.get(packId);
    if (!hit || hit.updatedAt !== stamp) {
      hit = { updatedAt: stamp, pack: parsePolicyPack(row.document) };
      this.cache.set(packId, hit);
    }
    return { pack: hit.pack, intakeOpen: row.intakeOpen };
  }

  /**
   * One rule version by number: a case is assessed and decided under the version it recorded at
   * receipt, never re-resolved by date (a version published later must not change a received case).
   */
  async rules(packId: string, version: number): Promise<PackRules> {
    return packVersion((await this.pack(packId)).pack, version);
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
