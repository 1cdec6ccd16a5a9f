import { Injectable } from '@nestjs/common';
import { packVersion, parsePolicyPack, type PackRules, type PolicyPack } from '../domain';
import { PrismaService } from '../database/prisma.service';
import { NotFoundError } from '../common/errors';

/** Reads policy packs from the database; a parsed pack is cached until its row changes (re-seeding). */
@Injectable()
export class PolicyRepository {
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
}
