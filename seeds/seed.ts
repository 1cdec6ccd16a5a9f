import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../src/config/paths';
import { createPrismaClient } from '../src/database/prisma.service';
import { APPLICANT_KINDS, parsePolicyPack, type PolicyPack } from '../src/domain';
import { ROLES } from '../src/domain/access';
import { creditCodeProblem } from '../src/domain/credit-code';
import { CITY_TREASURY } from '../src/domain/ledger/ledger';
import { treasuryWords } from '../src/domain/words';
import { publishPack, publishProblems, PublishRefusedError } from '../src/publishing/publish';
import type { IntakeClocks } from '../src/temporal/intake-clock';
import type { PrismaClient } from '../src/generated/prisma/client';

const DemoSchema = z.object({
  organisations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      creditCode: z.string().refine((c) => creditCodeProblem(c) === null, 'not a unified social credit code (GB 32100-2015)'),
      startupEvidence: z.string().optional(),
      // The domain's applicant kinds; the upsert below only compiles while the database enum has them all.
      kind: z.enum(APPLICANT_KINDS),
      isStartup: z.boolean(),
      district: z.string().nullable(),
      registeredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      noticeEmail: z.email().nullable().default(null),
    }),
  ),
  users: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
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

export const userIdFor = (prefix: 'officer' | 'officer2' | 'supervisor' | 'finance', bureauCode: string): string =>
  `${prefix}-${bureauCode.replace(/:/g, '-')}`;

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

/**
 * Publishes every policy pack (starting its intake clock when `clocks` is given) and loads the demo
 * users. Idempotent: loading twice leaves the same state. Every pack is checked before anything is
 * written, so a refused seed leaves the database as it was; each pack is then stored in one
 * transaction.
 */
export async function seedPrisma(prisma: PrismaClient, packs = loadPackFiles(), clocks?: IntakeClocks | null): Promise<SeedSummary> {
  const problems = (await Promise.all(packs.map((pack) => publishProblems(prisma, pack)))).flat();
  if (problems.length) throw new PublishRefusedError(problems);
  let pools = 0;
  // Bureaus and treasuries by the name their first pack gives them: the demo staff are named after them.
  const bureauNames = new Map<string, string>();
  // Treasuries that pay awards: the city's (one code for every city's packs), and each district government's (co-funded shares).
  const treasuries = new Map<string, string>([[CITY_TREASURY, '市财政局']]);
  for (const pack of packs) {
    pools += (await publishPack(prisma, pack, clocks)).pools;
    for (const b of pack.bureaus) if (!bureauNames.has(b.code)) bureauNames.set(b.code, b.name.zh);
    for (const d of pack.districts) if (!treasuries.has(d.bureau)) treasuries.set(d.bureau, treasuryWords(pack, d.bureau).zh);
  }

  const demo = DemoSchema.parse(JSON.parse(readFileSync(join(repoRoot(), 'seeds', 'demo.json'), 'utf8')));
  for (const o of demo.organisations) {
    const data = {
      name: o.name,
      creditCode: o.creditCode,
      kind: o.kind,
      isStartup: o.isStartup,
      startupEvidence: o.startupEvidence ?? null,
      district: o.district,
      registeredOn: new Date(`${o.registeredOn}T00:00:00Z`),
      noticeEmail: o.noticeEmail,
    };
    await prisma.organisation.upsert({ where: { id: o.id }, create: { id: o.id, ...data }, update: data });
  }
  const users = [
    ...demo.users.map((u) => ({ id: u.id, name: u.name, role: u.role, organisationId: u.organisationId ?? null, bureauCode: u.bureauCode ?? null })),
    ...[...bureauNames].flatMap(([code, bureau]) => [
      { id: userIdFor('officer', code), name: `${bureau}审核员`, role: 'officer' as const, organisationId: null, bureauCode: code },
      { id: userIdFor('officer2', code), name: `${bureau}第二审核员`, role: 'officer' as const, organisationId: null, bureauCode: code },
      { id: userIdFor('supervisor', code), name: `${bureau}主管`, role: 'supervisor' as const, organisationId: null, bureauCode: code },
    ]),
    ...[...treasuries].map(([code, treasury]) => ({
      id: userIdFor('finance', code),
      name: `${treasury}拨付专员`,
      role: 'finance' as const,
      organisationId: null,
      bureauCode: code,
    })),
  ];
  for (const u of users) {
    await prisma.user.upsert({ where: { id: u.id }, create: u, update: u });
  }
  return { packs: packs.map((p) => p.id), pools, users: users.length };
}

export async function seedAll(databaseUrl: string, packs?: PolicyPack[], clocks?: IntakeClocks | null): Promise<SeedSummary> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    return await seedPrisma(prisma, packs, clocks);
  } finally {
    await prisma.$disconnect();
  }
}
