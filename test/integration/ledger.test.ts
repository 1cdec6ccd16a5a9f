import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fc from 'fast-check';
import { Client } from 'pg';
import { CaseActivitiesImpl } from '../../src/cases/case.activities';
import type { AwardReservation } from '../../src/domain/case/effects';
import { zeroAward, type CumulativeLimit } from '../../src/domain';
import { caseAward, funderShares, limitTotals, poolHeld } from '../../src/domain/ledger/ledger';
import { heldUnderKeysSql, LedgerRepository } from '../../src/database/ledger.repository';
import { WorkerModule } from '../../src/worker/worker.module';
import { seedAll } from '../../seeds/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { m2Form, SHENZHEN } from '../support/fixtures';
import { testPacks, withPools } from '../support/packs';

const POOL = 'm2-training-voucher';
// A district treasury's pool for Nanshan's share of co-funded awards (no real pack has one yet).
const DISTRICT_POOL = 'm10-nanshan';
const NANSHAN = 'district:nanshan';
const packs = () =>
  testPacks().map((p) =>
    p.id === SHENZHEN
      ? withPools(p, [
          { code: DISTRICT_POOL, name: { zh: '南山区配套资金', en: 'Nanshan matching fund' }, annualFen: '100000000', subtypes: ['m10'], funder: NANSHAN },
        ])
      : p,
  );

/** The ledger on real PostgreSQL: append-only, balances that always agree with it, no overspending under concurrency. */
describe('the money ledger', () => {
  let db: TestDatabase;
  let pg: Client;
  let worker: INestApplicationContext;
  let ledger: LedgerRepository;
  let activities: CaseActivitiesImpl;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedAll(db.url, packs());
    Object.assign(process.env, { DATABASE_URL: db.url, JWT_SECRET: 'test-secret-test-secret-test-secret-0123', NODE_ENV: 'test' });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    ledger = worker.get(LedgerRepository);
    activities = worker.get(CaseActivitiesImpl);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await worker?.close();
    await db?.drop();
  });

  async function newCase(opts: { receivedAt?: string; assessment?: unknown } = {}): Promise<string> {
    const id = randomUUID();
    await pg.query(
      `INSERT INTO applications (id, reference, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, request_hash, form, workflow_id, submitted_at, updated_at, assessment)
       VALUES ($1, $2, $3, 1, 'm2', 'm2', 'org-lingxi', 'applicant-lingxi', $1, $4, $5, $6, now(), $7)`,
      [
        id,
        `AP-TEST-${id.slice(0, 8)}`,
        SHENZHEN,
        JSON.stringify(m2Form()),
        `case:${id}`,
        opts.receivedAt ?? '2025-06-02T01:00:00Z',
        opts.assessment === undefined ? null : JSON.stringify(opts.assessment),
      ],
    );
    return id;
  }

  async function setPool(year: number, totalFen: bigint, code = POOL): Promise<void> {
    // Test set-up only: a small pool to compete for.
    await pg.query(`UPDATE budget_pools SET total_fen = $3 WHERE pack_id = $1 AND code = $2 AND year = $4`, [SHENZHEN, code, totalFen.toString(), year]);
  }

  const award = (fen: bigint) => ({ ...zeroAward('rateOfBase', { zh: '测算', en: 'computed' }), amountFen: fen.toString() });

  it('refuses to change or delete a row, whoever asks', async () => {
    const id = await newCase();
    await ledger.reserveAward({
      caseId: id,
      packId: SHENZHEN,
      poolCode: POOL,
      year: 2025,
      award: award(100n),
      limits: [],
      projectKey: null,
      coFunding: null,
      actorId: 'officer-stic',
    });
    await expect(pg.query(`UPDATE ledger_entries SET amount_fen = 1 WHERE application_id = $1`, [id])).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(pg.query(`DELETE FROM ledger_entries WHERE application_id = $1`, [id])).rejects.toThrow(/append-only: DELETE refused/);
    await expect(pg.query(`TRUNCATE ledger_entries CASCADE`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    const rows = await pg.query(`SELECT kind, amount_fen FROM ledger_entries WHERE application_id = $1 ORDER BY id`, [id]);
    expect(rows.rows).toEqual([
      { kind: 'reserve', amount_fen: '100' },
      { kind: 'split', amount_fen: '100' },
    ]);
  });

  it("finds what a limit holds through the index on the entries' limit keys, not by reading the whole ledger", async () => {
    const cap: CumulativeLimit = { key: `m2|org:${randomUUID()}`, scope: 'applicant', capFen: '1000', label: { zh: '上限', en: 'cap' } };
    await ledger.reserveAward({
      caseId: await newCase(),
      packId: SHENZHEN,
      poolCode: POOL,
      year: 2025,
      award: award(300n),
      limits: [cap],
      projectKey: null,
      coFunding: null,
      actorId: 'officer-stic',
    });
    expect(await ledger.limitTotals([cap.key, 'm2|org:none'])).toEqual({ [cap.key]: '300' });

    // With sequential scans priced out, a read the index cannot serve still scans; this one must not.
    const q = heldUnderKeysSql([cap.key]);
    await pg.query('BEGIN');
    try {
      await pg.query('SET LOCAL enable_seqscan = off');
      const { rows } = await pg.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${q.text}`, q.values);
      const plan = JSON.stringify(rows[0]!['QUERY PLAN']);
      expect(plan).toContain('"Index Name":"ledger_entries_limit_keys_idx"');
      expect(plan).not.toContain('"Node Type":"Seq Scan"');
    } finally {
      await pg.query('ROLLBACK');
    }
  });

  it('holds an award once in the pool of the year the case was received, however often the activity runs', async () => {
    const id = await newCase({ receivedAt: '2025-06-02T01:00:00Z' });
    const before = await pg.query<{ reserved_fen: string }>(`SELECT reserved_fen FROM budget_pools WHERE pack_id = $1 AND code = $2 AND year = 2025`, [
      SHENZHEN,
      POOL,
    ]);
    // What the case's state says (the workflow's reserveAward effect): the activity loads nothing else.
    const reserve: AwardReservation = {
      caseId: id,
      packId: SHENZHEN,
      actorId: 'officer-stic',
      poolCode: POOL,
      districtPoolCode: null,
      budgetYear: 2025,
      award: award(74_074_073n),
      limits: [],
      projectKey: null,
      coFunding: null,
    };
    const first = await activities.reserveAward(reserve);
    const retried = await activities.reserveAward(reserve);
    expect(first).toEqual({ ok: true, year: 2025, grant: { amountFen: '74074073', cuts: [] } });
    expect(retried).toEqual(first);
    const after = await pg.query<{ reserved_fen: string }>(`SELECT reserved_fen FROM budget_pools WHERE pack_id = $1 AND code = $2 AND year = 2025`, [
      SHENZHEN,
      POOL,
    ]);
    expect(BigInt(after.rows[0]!.reserved_fen) - BigInt(before.rows[0]!.reserved_fen)).toBe(74_074_073n);
    expect((await ledger.entries(id)).filter((e) => e.kind === 'reserve')).toHaveLength(1);
  });

  it('approves exactly as many simultaneous reservations as the pool holds, and overspends nothing', async () => {
    await setPool(2026, 1_000n);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await newCase({ receivedAt: '2026-03-01T01:00:00Z' }));
    const results = await Promise.all(
      ids.map((id) =>
        ledger.reserveAward({
          caseId: id,
          packId: SHENZHEN,
          poolCode: POOL,
          year: 2026,
          award: award(300n),
          limits: [],
          projectKey: null,
          coFunding: null,
          actorId: null,
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(9);
    expect(refused.every((r) => !r.ok && r.short === 'pool' && r.availableFen === 100n)).toBe(true);
    const pool = await pg.query<{ reserved_fen: string }>(`SELECT reserved_fen FROM budget_pools WHERE pack_id = $1 AND code = $2 AND year = 2026`, [
      SHENZHEN,
      POOL,
    ]);
    expect(pool.rows[0]!.reserved_fen).toBe('900');
  });

  it("holds a co-funded award's shares in the city pool and the district's own pool, and gives each back to its own", async () => {
    await setPool(2027, 10_000n);
    await setPool(2027, 1_000n, DISTRICT_POOL);
    const reserved = async (code: string): Promise<bigint> =>
      BigInt(
        (await pg.query<{ reserved_fen: string }>(`SELECT reserved_fen FROM budget_pools WHERE pack_id = $1 AND code = $2 AND year = 2027`, [SHENZHEN, code]))
          .rows[0]!.reserved_fen,
      );
    const reserve = async (fen: bigint, again?: string) => {
      const id = again ?? (await newCase({ receivedAt: '2027-04-01T01:00:00Z' }));
      const r = await ledger.reserveAward({
        caseId: id,
        packId: SHENZHEN,
        poolCode: POOL,
        year: 2027,
        award: award(fen),
        limits: [],
        projectKey: null,
        coFunding: { districtBureau: NANSHAN, districtShareBp: 5000 },
        districtPoolCode: DISTRICT_POOL,
        actorId: 'officer-miit',
      });
      return { id, r };
    };
    const { id, r } = await reserve(1_201n);
    expect(r).toMatchObject({ ok: true, amountFen: 1_201n });
    // The odd fen to the city: 601 held by the city pool, 600 by Nanshan's.
    expect([await reserved(POOL), await reserved(DISTRICT_POOL)]).toEqual([601n, 600n]);
    // A retry returns the whole award and holds nothing more.
    expect((await reserve(1_201n, id)).r).toMatchObject({ ok: true, amountFen: 1_201n });
    expect([await reserved(POOL), await reserved(DISTRICT_POOL)]).toEqual([601n, 600n]);

    // The district pool has 400 left: an award whose district share passes it is refused by that pool, naming what fits.
    const short = await reserve(1_000n);
    expect(short.r).toMatchObject({ ok: false, short: 'pool', poolCode: DISTRICT_POOL, availableFen: 400n, askedFen: 500n, atMostFen: 801n });
    expect([await reserved(POOL), await reserved(DISTRICT_POOL)]).toEqual([601n, 600n]);

    for (const s of await ledger.shares(id)) await ledger.issueOrder(id, s.funder, randomUUID());
    const orders = await ledger.orders({ caseId: id });
    const district = orders.find((o) => o.funder === NANSHAN)!;
    const city = orders.find((o) => o.funder === 'city')!;
    await ledger.settleOrder(district.id, 'cancelled', 'finance-district-nanshan', 'payee account closed');
    expect([await reserved(POOL), await reserved(DISTRICT_POOL)]).toEqual([601n, 0n]);
    await ledger.settleOrder(city.id, 'paid', 'finance-city', null);
    await ledger.recordRecovery({
      caseId: id,
      recoveryId: randomUUID(),
      funder: 'city',
      amountFen: 101n,
      reason: 'audit',
      actorId: 'admin',
      poolYearOpen: () => true,
    });
    expect([await reserved(POOL), await reserved(DISTRICT_POOL)]).toEqual([500n, 0n]);

    // A claw-back of the district's paid share goes back to the district's pool.
    const second = await reserve(800n);
    expect(second.r).toMatchObject({ ok: true, amountFen: 800n });
    expect([await reserved(POOL), await reserved(DISTRICT_POOL)]).toEqual([900n, 400n]);
    const order = await ledger.issueOrder(second.id, NANSHAN, randomUUID());
    await ledger.settleOrder(order.id, 'paid', 'finance-district-nanshan', null);
    const back = await ledger.recordRecovery({
      caseId: second.id,
      recoveryId: randomUUID(),
      funder: NANSHAN,
      amountFen: 150n,
      reason: 'audit',
      actorId: 'admin',
      poolYearOpen: () => true,
    });
    expect(back).toMatchObject({ ok: true, poolReleased: true, remainingFen: 250n });
    expect([await reserved(POOL), await reserved(DISTRICT_POOL)]).toEqual([900n, 250n]);
    const rows = await ledger.all();
    for (const code of [POOL, DISTRICT_POOL]) expect(poolHeld(rows, `${SHENZHEN}:${code}:2027`)).toBe(await reserved(code));
  });

  it('keeps the stored pool balances equal to the ledger, and every ceiling kept, after a random sequence of operations', async () => {
    await setPool(2027, 5_000n);
    await setPool(2027, 1_200n, DISTRICT_POOL);
    const cap: CumulativeLimit = {
      key: `m10|org:${randomUUID()}`,
      scope: 'applicant',
      capFen: '2500',
      label: { zh: '单家企业累计资助上限', en: 'cap per enterprise' },
    };
    const op = fc.oneof(
      fc.record({
        t: fc.constant('reserve' as const),
        fen: fc.bigInt({ min: 1n, max: 1_500n }),
        limited: fc.boolean(),
        cofunded: fc.boolean(),
        // The district's share from its own pool, the city's from the city pool.
        districtPool: fc.boolean(),
      }),
      fc.record({ t: fc.constant('pay' as const), pick: fc.nat(), order: fc.nat(), cancel: fc.boolean() }),
      fc.record({ t: fc.constant('recover' as const), pick: fc.nat(), fen: fc.bigInt({ min: 1n, max: 800n }), yearOpen: fc.boolean(), district: fc.boolean() }),
    );
    const cases: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 25 }), async (ops) => {
        for (const o of ops) {
          if (o.t === 'reserve') {
            const id = await newCase({ receivedAt: '2027-03-01T01:00:00Z' });
            const r = await ledger.reserveAward({
              caseId: id,
              packId: SHENZHEN,
              poolCode: POOL,
              year: 2027,
              award: award(o.fen),
              limits: o.limited ? [cap] : [],
              projectKey: null,
              coFunding: o.cofunded ? { districtBureau: NANSHAN, districtShareBp: 3333 } : null,
              districtPoolCode: o.cofunded && o.districtPool ? DISTRICT_POOL : null,
              actorId: 'officer-stic',
            });
            if (r.ok) {
              cases.push(id);
              for (const s of await ledger.shares(id)) await ledger.issueOrder(id, s.funder, randomUUID());
            }
            continue;
          }
          if (cases.length === 0) continue;
          const id = cases[o.pick % cases.length]!;
          if (o.t === 'pay') {
            const orders = await ledger.orders({ caseId: id });
            const order = orders[o.order % Math.max(orders.length, 1)];
            if (order) await ledger.settleOrder(order.id, o.cancel ? 'cancelled' : 'paid', 'finance-city', o.cancel ? 'wrong account' : null);
          } else if (o.t === 'recover') {
            await ledger.recordRecovery({
              caseId: id,
              recoveryId: randomUUID(),
              funder: o.district ? NANSHAN : 'city',
              amountFen: o.fen,
              reason: 'audit',
              actorId: 'admin',
              poolYearOpen: () => o.yearOpen,
            });
          }
        }
        const rows = await ledger.all();
        const pools = await pg.query<{ id: string; reserved_fen: string; total_fen: string }>(`SELECT id, reserved_fen, total_fen FROM budget_pools`);
        // Every pool a movement names agrees with its counter, the district pools too; every reservation holds its pool's part.
        expect(pools.rows.some((p) => p.id === `${SHENZHEN}:${DISTRICT_POOL}:2027`)).toBe(true);
        for (const p of pools.rows) {
          expect(BigInt(p.reserved_fen)).toBe(poolHeld(rows, p.id));
          expect(BigInt(p.reserved_fen) <= BigInt(p.total_fen)).toBe(true);
        }
        expect(BigInt(limitTotals(rows, [cap.key])[cap.key]!) <= 2_500n).toBe(true);
        for (const id of cases) {
          expect(caseAward(rows, id) >= 0n).toBe(true);
          // What a case holds is its shares, less what was cancelled or recovered, wherever the pools are.
          expect(caseAward(rows, id)).toBe(Object.values(funderShares(rows, id)).reduce((a, b) => a + b, 0n));
          expect(Object.values(funderShares(rows, id)).every((f) => f >= 0n)).toBe(true);
        }
      }),
      { numRuns: 6 },
    );
    expect(cases.length).toBeGreaterThan(0);
  });
});
