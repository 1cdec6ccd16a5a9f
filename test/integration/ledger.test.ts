import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import fc from 'fast-check';
import { Client } from 'pg';
import { CaseActivitiesImpl } from '../../src/cases/case.activities';
import { zeroAward, type CumulativeLimit } from '../../src/domain';
import { caseAward, funderShares, limitTotals, poolHeld } from '../../src/domain/ledger/ledger';
import { LedgerRepository } from '../../src/database/ledger.repository';
import { WorkerModule } from '../../src/worker/worker.module';
import { seedAll } from '../../seeds/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { m2Form, SHENZHEN } from '../support/fixtures';
import { testPacks } from '../support/packs';

const POOL = 'm2-training-voucher';

/** The ledger on real PostgreSQL: append-only, balances that always agree with it, no overspending under concurrency. */
describe('the money ledger', () => {
  let db: TestDatabase;
  let pg: Client;
  let worker: INestApplicationContext;
  let ledger: LedgerRepository;
  let activities: CaseActivitiesImpl;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedAll(db.url, testPacks());
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

  async function setPool(year: number, totalFen: bigint): Promise<void> {
    // Test set-up only: a small pool to compete for.
    await pg.query(`UPDATE budget_pools SET total_fen = $3 WHERE pack_id = $1 AND code = $2 AND year = $4`, [SHENZHEN, POOL, totalFen.toString(), year]);
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

  it('holds an award once in the pool of the year the case was received, however often the activity runs', async () => {
    const id = await newCase({ receivedAt: '2025-06-02T01:00:00Z' });
    const before = await pg.query<{ reserved_fen: string }>(`SELECT reserved_fen FROM budget_pools WHERE pack_id = $1 AND code = $2 AND year = 2025`, [
      SHENZHEN,
      POOL,
    ]);
    const reserve = { caseId: id, packId: SHENZHEN, poolCode: POOL, amountFen: '74074073' };
    await pg.query(`UPDATE applications SET assessment = $2 WHERE id = $1`, [
      id,
      JSON.stringify({ award: award(74_074_073n), limits: [], projectKey: null, coFunding: null }),
    ]);
    const first = await activities.reserveFunds(reserve);
    const retried = await activities.reserveFunds(reserve);
    expect(first).toEqual({ ok: true, reservationId: `${id}:reserve`, year: 2025 });
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

  it('keeps the stored pool balances equal to the ledger, and every ceiling kept, after a random sequence of operations', async () => {
    await setPool(2027, 5_000n);
    const cap: CumulativeLimit = {
      key: `m10|org:${randomUUID()}`,
      scope: 'applicant',
      capFen: '2500',
      label: { zh: '单家企业累计资助上限', en: 'cap per enterprise' },
    };
    const op = fc.oneof(
      fc.record({ t: fc.constant('reserve' as const), fen: fc.bigInt({ min: 1n, max: 1_500n }), limited: fc.boolean(), cofunded: fc.boolean() }),
      fc.record({ t: fc.constant('pay' as const), pick: fc.nat(), cancel: fc.boolean() }),
      fc.record({ t: fc.constant('recover' as const), pick: fc.nat(), fen: fc.bigInt({ min: 1n, max: 800n }), yearOpen: fc.boolean() }),
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
              coFunding: o.cofunded ? { districtBureau: 'district:nanshan', districtShareBp: 3333 } : null,
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
            const [order] = await ledger.orders({ caseId: id });
            if (order) await ledger.settleOrder(order.id, o.cancel ? 'cancelled' : 'paid', 'finance-city', o.cancel ? 'wrong account' : null);
          } else if (o.t === 'recover') {
            await ledger.recordRecovery({
              caseId: id,
              recoveryId: randomUUID(),
              funder: 'city',
              amountFen: o.fen,
              reason: 'audit',
              actorId: 'admin',
              poolYearOpen: () => o.yearOpen,
            });
          }
        }
        const rows = await ledger.all();
        const pools = await pg.query<{ id: string; reserved_fen: string; total_fen: string }>(`SELECT id, reserved_fen, total_fen FROM budget_pools`);
        for (const p of pools.rows) {
          expect(BigInt(p.reserved_fen)).toBe(poolHeld(rows, p.id));
          expect(BigInt(p.reserved_fen) <= BigInt(p.total_fen)).toBe(true);
        }
        expect(BigInt(limitTotals(rows, [cap.key])[cap.key]!) <= 2_500n).toBe(true);
        for (const id of cases) {
          expect(caseAward(rows, id) >= 0n).toBe(true);
          expect(Object.values(funderShares(rows, id)).every((f) => f >= 0n)).toBe(true);
        }
      }),
      { numRuns: 6 },
    );
    expect(cases.length).toBeGreaterThan(0);
  });
});
