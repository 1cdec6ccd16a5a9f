import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../src/common/canonical-json';
import { repoRoot } from '../src/common/paths';
import { createPrismaClient } from '../src/database/prisma.service';
import { APPLICANT_KINDS, budgetYearsOf, packVersionAt, parsePolicyPack, type PolicyPack } from '../src/domain';
import type { PrismaClient, Prisma } from '../src/generated/prisma/client';

const DemoSchema = z.object({
  organisations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      // The domain's applicant kinds; the upsert below only compiles while the database enum has them all.
      kind: z.enum(APPLICANT_KINDS),
      isStartup: z.boolean(),
      district: z.string().nullable(),
      registeredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    }),
  ),
  users: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(['applicant', 'officer', 'supervisor', 'admin']),
      organisationId: z.string().optional(),
      bureauCode: z.string().optional(),
    }),
  ),
});

export interface SeedSummary {
  packs: string[];
  pools: number;
  users: number;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export const userIdFor = (prefix: 'officer' | 'officer2' | 'supervisor', bureauCode: string): string => `${prefix}-${bureauCode.replace(/:/g, '-')}`;

export function loadPackFiles(dir = join(repoRoot(), 'seeds', 'packs')): PolicyPack[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      try {
        return parsePolicyPack(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      } catch (err) {
        throw new Error(`seeds/packs/${f}: ${(err as Error).message}`);
      }
    });
}

/** Loads every policy pack and the demo users. Idempotent: loading twice leaves the same state. */
export async function seedPrisma(prisma: PrismaClient, packs = loadPackFiles()): Promise<SeedSummary> {
  let pools = 0;
  const bureauCodes = new Set<string>();
  for (const pack of packs) {
    const window = { from: new Date(pack.validity.from), to: new Date(pack.validity.to) };
    const common = {
      title: pack.title as Prisma.InputJsonValue,
      timezone: pack.timezone,
      document: pack as unknown as Prisma.InputJsonValue,
      validFrom: window.from,
      validTo: window.to,
    };
    // intakeOpen starts false: only the pack's durable intake clock (a workflow) opens and closes it.
    await prisma.policyPack.upsert({ where: { id: pack.id }, create: { id: pack.id, ...common, intakeOpen: false }, update: common });

    for (const v of pack.versions) {
      const checksum = sha256(canonicalJson(v));
      const prior = await prisma.policyPackVersion.findUnique({ where: { packId_version: { packId: pack.id, version: v.version } } });
      if (prior && prior.checksum !== checksum) {
        // Cases record the version they started under, so a published version must never change meaning.
        throw new Error(`policy pack ${pack.id} version ${v.version} differs from the one already loaded; publish a new version instead`);
      }
      if (!prior) {
        await prisma.policyPackVersion.create({
          data: { packId: pack.id, version: v.version, effectiveFrom: new Date(v.effectiveFrom), checksum, content: v as unknown as Prisma.InputJsonValue },
        });
      }
    }

    const latest = pack.versions.reduce((a, b) => (b.version > a.version ? b : a));
    const rules = packVersionAt(pack, new Date(latest.effectiveFrom));
    for (const b of rules.bureaus) {
      bureauCodes.add(b.code);
      const data = { name: b.name as Prisma.InputJsonValue, kind: b.kind };
      await prisma.bureau.upsert({ where: { packId_code: { packId: pack.id, code: b.code } }, create: { packId: pack.id, code: b.code, ...data }, update: data });
    }
    for (const m of rules.measures) {
      const data = { number: m.number, title: m.title as Prisma.InputJsonValue, acceptsApplications: m.acceptsApplications };
      await prisma.measure.upsert({ where: { packId_code: { packId: pack.id, code: m.code } }, create: { packId: pack.id, code: m.code, ...data }, update: data });
    }
    for (const pool of rules.pools) {
      for (const year of budgetYearsOf(window.from, window.to, pack.timezone)) {
        const totalFen = BigInt(pool.annualFen);
        await prisma.budgetPool.upsert({
          where: { packId_code_year: { packId: pack.id, code: pool.code, year } },
          create: { id: `${pack.id}:${pool.code}:${year}`, packId: pack.id, code: pool.code, year, totalFen },
          update: { totalFen },
        });
        pools++;
      }
    }
  }

  const demo = DemoSchema.parse(JSON.parse(readFileSync(join(repoRoot(), 'seeds', 'demo.json'), 'utf8')));
  for (const o of demo.organisations) {
    const data = { name: o.name, kind: o.kind, isStartup: o.isStartup, district: o.district, registeredOn: new Date(`${o.registeredOn}T00:00:00Z`) };
    await prisma.organisation.upsert({ where: { id: o.id }, create: { id: o.id, ...data }, update: data });
  }
  const users = [
    ...demo.users.map((u) => ({ id: u.id, name: u.name, role: u.role, organisationId: u.organisationId ?? null, bureauCode: u.bureauCode ?? null })),
    ...[...bureauCodes].flatMap((code) => [
      { id: userIdFor('officer', code), name: `Officer of ${code}`, role: 'officer' as const, organisationId: null, bureauCode: code },
      { id: userIdFor('officer2', code), name: `Second officer of ${code}`, role: 'officer' as const, organisationId: null, bureauCode: code },
      { id: userIdFor('supervisor', code), name: `Supervisor of ${code}`, role: 'supervisor' as const, organisationId: null, bureauCode: code },
    ]),
  ];
  for (const u of users) {
    await prisma.user.upsert({ where: { id: u.id }, create: u, update: u });
  }
  return { packs: packs.map((p) => p.id), pools, users: users.length };
}

export async function seedAll(databaseUrl: string, packs?: PolicyPack[]): Promise<SeedSummary> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    return await seedPrisma(prisma, packs);
  } finally {
    await prisma.$disconnect();
  }
}
