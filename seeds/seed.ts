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
      // The city it is registered in; by default the one whose packs name its district.
      jurisdiction: z.string().optional(),
    }),
  ),
  users: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
      organisationId: z.string().optional(),
      bureauCode: z.string().optional(),
      // By default an applicant's organisation's, anyone else's the home jurisdiction.
      jurisdiction: z.string().optional(),
    }),
  ),
});

/**
 * The city the service was first built for: its generated staff keep their unqualified ids
 * (officer-stic, finance-city), and demo users the file does not place elsewhere (the admin) belong to it.
 */
export const HOME_JURISDICTION = 'shenzhen';

export interface SeedSummary {
  packs: string[];
  pools: number;
  users: number;
}

/**
 * A generated staff user's id: `<prefix>-<bureau>` (a ':' becomes '-'). Codes are unique within a
 * jurisdiction only, so a code the home jurisdiction also has is qualified by the city elsewhere:
 * `finance-city` is Shenzhen's city treasury, `finance-nantong-city` Nantong's.
 */
export const userIdFor = (prefix: 'officer' | 'officer2' | 'supervisor' | 'finance', bureauCode: string, qualifier: string | null = null): string =>
  `${prefix}-${qualifier ? `${qualifier}-` : ''}${bureauCode.replace(/:/g, '-')}`;

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
  // Per jurisdiction: its bureaus, and the treasuries that pay awards (the city's and each district
  // government's), each by the name its first pack gives it: the demo staff are named after them.
  const bureauCodes = new Map<string, Map<string, string>>();
  const treasuries = new Map<string, Map<string, string>>();
  const name = (m: Map<string, Map<string, string>>, j: string, code: string, words: string): void => {
    const codes = m.get(j) ?? m.set(j, new Map()).get(j)!;
    if (!codes.has(code)) codes.set(code, words);
  };
  for (const pack of packs) {
    pools += (await publishPack(prisma, pack, clocks)).pools;
    const j = pack.jurisdiction.code;
    name(treasuries, j, CITY_TREASURY, treasuryWords(pack, CITY_TREASURY).zh);
    for (const b of pack.bureaus) name(bureauCodes, j, b.code, b.name.zh);
    for (const d of pack.districts) name(treasuries, j, d.bureau, treasuryWords(pack, d.bureau).zh);
  }
  const homeCodes = new Set([...(bureauCodes.get(HOME_JURISDICTION)?.keys() ?? []), ...(treasuries.get(HOME_JURISDICTION)?.keys() ?? [])]);
  const qualifier = (j: string, code: string): string | null => (j !== HOME_JURISDICTION && homeCodes.has(code) ? j : null);
  // A demo organisation's city: the one whose packs (these, else the repository's) name its district.
  const known = [...packs, ...loadPackFiles()];
  const jurisdictionOfDistrict = (district: string | null): string | undefined =>
    district === null ? undefined : known.find((p) => p.districts.some((d) => d.code === district))?.jurisdiction.code;
  // Only cities with a published pack exist; demo entries of another (a test seeding one city) are left out.
  const published = new Set((await prisma.jurisdiction.findMany({ select: { id: true } })).map((j) => j.id));
  const home = published.has(HOME_JURISDICTION) ? HOME_JURISDICTION : [...published].sort()[0]!;

  const demo = DemoSchema.parse(JSON.parse(readFileSync(join(repoRoot(), 'seeds', 'demo.json'), 'utf8')));
  const organisationJurisdiction = new Map<string, string>();
  for (const o of demo.organisations) {
    const jurisdictionId = o.jurisdiction ?? jurisdictionOfDistrict(o.district);
    if (!jurisdictionId) throw new Error(`seeds/demo.json: organisation ${o.id} names no jurisdiction and its district ${o.district} is in no pack`);
    if (!published.has(jurisdictionId)) continue;
    organisationJurisdiction.set(o.id, jurisdictionId);
    const data = {
      jurisdictionId,
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
  const staff = (role: 'officer' | 'supervisor' | 'finance', jurisdictionId: string, code: string, id: string, name: string) => ({
    id,
    name,
    role,
    organisationId: null,
    bureauCode: code,
    jurisdictionId,
  });
  const users = [
    ...demo.users
      .filter((u) => (u.organisationId ? organisationJurisdiction.has(u.organisationId) : u.jurisdiction === undefined || published.has(u.jurisdiction)))
      .map((u) => ({
        id: u.id,
        name: u.name,
        role: u.role,
        organisationId: u.organisationId ?? null,
        bureauCode: u.bureauCode ?? null,
        jurisdictionId: u.jurisdiction ?? (u.organisationId ? organisationJurisdiction.get(u.organisationId) : undefined) ?? home,
      })),
    ...[...bureauCodes].flatMap(([j, codes]) =>
      [...codes].flatMap(([code, bureau]) => [
        staff('officer', j, code, userIdFor('officer', code, qualifier(j, code)), `${bureau}审核员`),
        staff('officer', j, code, userIdFor('officer2', code, qualifier(j, code)), `${bureau}第二审核员`),
        staff('supervisor', j, code, userIdFor('supervisor', code, qualifier(j, code)), `${bureau}主管`),
      ]),
    ),
    ...[...treasuries].flatMap(([j, codes]) =>
      [...codes].map(([code, treasury]) => staff('finance', j, code, userIdFor('finance', code, qualifier(j, code)), `${treasury}拨付专员`)),
    ),
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
