import { Client } from 'pg';
import { seedAll } from '../../seeds/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';

const TABLES = ['policy_packs', 'policy_pack_versions', 'bureaus', 'measures', 'budget_pools', 'organisations', 'users'];

async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const pg = new Client({ connectionString: url });
  await pg.connect();
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of TABLES) {
      // updated_at moves on every upsert by design; everything else must stay put.
      const { rows } = await pg.query(`SELECT * FROM ${t} ORDER BY 1, 2`);
      out[t] = rows.map(({ updated_at: _u, created_at: _c, ...rest }: Record<string, unknown>) => rest);
    }
    return out;
  } finally {
    await pg.end();
  }
}

describe('loading the policy packs', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('loads all 18 Shenzhen measures, their bureaus and a pool per budget year', async () => {
    await seedAll(db.url);
    const s = await snapshot(db.url);
    const measures = (s.measures as { pack_id: string; number: number }[]).filter((m) => m.pack_id === 'shenzhen-ai-pioneer-2024');
    expect(measures.map((m) => m.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    const pools = (s.budget_pools as { pack_id: string; code: string; year: number; total_fen: string }[]).filter(
      (p) => p.pack_id === 'shenzhen-ai-pioneer-2024',
    );
    // 2024-12-18 .. 2026-12-18 (Asia/Shanghai) touches three budget years; measure 2's pool is 5亿 a year.
    expect(pools.filter((p) => p.code === 'm2-training-voucher').map((p) => [p.year, p.total_fen])).toEqual([
      [2024, '50000000000'],
      [2025, '50000000000'],
      [2026, '50000000000'],
    ]);
    expect((s.bureaus as { code: string }[]).map((b) => b.code)).toEqual(expect.arrayContaining(['stic', 'miit', 'drc', 'gsdb', 'district:nanshan']));
    // Each bureau code belongs to one pack: Nantong's offices are not Shenzhen's (an officer's account names one code).
    const bureaus = s.bureaus as { pack_id: string; code: string }[];
    expect(bureaus.filter((b) => b.pack_id === 'nantong-general-ai-2024').map((b) => b.code)).toEqual(
      expect.arrayContaining(['nt-stb', 'nt-miit', 'nt-data', 'nt-district:innovation-zone']),
    );
    expect(bureaus.filter((b) => b.pack_id === 'nantong-general-ai-2024' && !b.code.startsWith('nt-'))).toEqual([]);
    // A key laboratory applies in its own name (organisation kind `lab`, measure 13).
    expect(s.organisations).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'org-embodied-lab', kind: 'lab' })]));
    expect(s.users).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'applicant-lab', role: 'applicant', organisation_id: 'org-embodied-lab' })]));
  });

  it('leaves the same state when loaded twice', async () => {
    const before = await snapshot(db.url);
    await seedAll(db.url);
    expect(await snapshot(db.url)).toEqual(before);
  });
});
