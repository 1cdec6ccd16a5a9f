import { Client } from 'pg';
import { loadPackFiles, seedAll } from '../../seeds/seed';
import { packVersion, parsePolicyPack, type PolicyPack } from '../../src/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { SHENZHEN } from '../support/fixtures';

const TABLES = ['policy_packs', 'policy_pack_versions', 'bureaus', 'measures', 'budget_pools', 'organisations', 'users'];

/** Every row of the seeded tables, timestamps included: a refused seed must not even touch a row. */
async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) out[t] = (await pg.query(`SELECT * FROM ${t} ORDER BY 1, 2`)).rows;
    return out;
  } finally {
    await pg.end();
  }
}

/** The rate measure 2 pays under a stored version, read back from the pack the service reads. */
async function storedM2Rate(url: string, version: number): Promise<unknown> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ document: unknown }>('SELECT document FROM policy_packs WHERE id = $1', [SHENZHEN]);
    const rules = packVersion(parsePolicyPack(rows[0]!.document), version);
    const award = rules.measures.find((m) => m.code === 'm2')!.subtypes[0]!.award;
    return award.kind === 'rateOfBase' ? award.rateBp : award.kind;
  } finally {
    await pg.end();
  }
}

const shenzhen = (): PolicyPack => structuredClone(loadPackFiles().find((p) => p.id === SHENZHEN)!);

/** Version 1 with measure 2 paying 90% instead of 50%: a published version edited in place. */
function withEditedVersion1(): PolicyPack {
  const pack = shenzhen();
  const award = pack.versions[0]!.measures.find((m) => m.code === 'm2')!.subtypes[0]!.award;
  if (award.kind !== 'rateOfBase') throw new Error('measure 2 is a rate of the contract');
  award.rateBp = 9000;
  return pack;
}

describe('seeding refuses to change a published rule version, and then writes nothing', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedAll(db.url);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuses an edited version 1 and leaves the stored rules and every other pack as they were', async () => {
    const before = await snapshot(db.url);
    expect(await storedM2Rate(db.url, 1)).toBe(5000);
    // A new pack listed first, and an unchanged one: neither may be written when a later pack is refused.
    const newcomer = { ...shenzhen(), id: 'aaa-newcomer' };
    const others = loadPackFiles().filter((p) => p.id !== SHENZHEN);

    await expect(seedAll(db.url, [newcomer, ...others, withEditedVersion1()])).rejects.toThrow(
      `policy pack ${SHENZHEN} version 1 is published and cannot be changed; publish a new version instead`,
    );

    expect(await storedM2Rate(db.url, 1)).toBe(5000);
    expect(await snapshot(db.url)).toEqual(before);
  });

  it('refuses an edit that reaches version 1 through the parameters it inherits from the pack', async () => {
    const before = await snapshot(db.url);
    const pack = shenzhen();
    const due = pack.parameters['review.taskDueDays'];
    if (due?.type !== 'integer') throw new Error('review.taskDueDays is an integer parameter');
    pack.parameters['review.taskDueDays'] = { ...due, value: due.value + 30 };
    await expect(seedAll(db.url, [pack])).rejects.toThrow(/version 1 is published and cannot be changed \(through what it inherits from the pack\)/);
    expect(await snapshot(db.url)).toEqual(before);
  });

  it('still accepts the unchanged packs again (idempotent)', async () => {
    await expect(seedAll(db.url, [shenzhen()])).resolves.toMatchObject({ packs: [SHENZHEN] });
    expect(await storedM2Rate(db.url, 1)).toBe(5000);
  });

  it('refuses to withdraw a published version', async () => {
    const pack = shenzhen();
    const v1 = pack.versions[0]!;
    await seedAll(db.url, [{ ...pack, versions: [v1, { version: 2, effectiveFrom: '2025-06-01T00:00:00+08:00', measures: [], parameters: {}, pools: [] }] }]);
    const before = await snapshot(db.url);
    await expect(seedAll(db.url, [pack])).rejects.toThrow(`policy pack ${SHENZHEN} version 2 is published and cannot be withdrawn`);
    expect(await snapshot(db.url)).toEqual(before);
  });
});
