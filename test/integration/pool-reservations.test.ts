import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { CaseActivitiesImpl } from '../../src/cases/case.activities';
import { WorkerModule } from '../../src/worker/worker.module';
import { seedAll } from '../../seeds/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { m2Form, SHENZHEN } from '../support/fixtures';
import { testPacks } from '../support/packs';

/** A reservation is what an approved award holds in its pool; nothing releases one yet. */
describe('pool reservations', () => {
  let db: TestDatabase;
  let pg: Client;
  let worker: INestApplicationContext;
  let activities: CaseActivitiesImpl;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedAll(db.url, testPacks());
    Object.assign(process.env, { DATABASE_URL: db.url, JWT_SECRET: 'test-secret-test-secret-test-secret-0123', NODE_ENV: 'test' });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    activities = worker.get(CaseActivitiesImpl);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await worker?.close();
    await db?.drop();
  });

  it('holds an award once in the pool of the year the case was received, however often the activity runs', async () => {
    const id = randomUUID();
    await pg.query(
      `INSERT INTO applications (id, reference, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, request_hash, form, workflow_id, submitted_at, updated_at)
       VALUES ($1, $2, $3, 1, 'm2', 'm2', 'org-lingxi', 'applicant-lingxi', $1, $4, $5, '2025-06-02T01:00:00Z', now())`,
      [id, `AP-TEST-${id.slice(0, 8)}`, SHENZHEN, JSON.stringify(m2Form()), `case:${id}`],
    );
    const reserve = { caseId: id, packId: SHENZHEN, poolCode: 'm2-training-voucher', amountFen: '74074073', at: '2026-01-05T02:00:00Z' };
    const first = await activities.reserveFunds(reserve);
    const retried = await activities.reserveFunds(reserve);
    expect(first).toEqual({ ok: true, reservationId: `${id}:m2-training-voucher`, year: 2025 });
    expect(retried).toEqual(first);
    const pool = await pg.query<{ reserved_fen: string }>(
      `SELECT reserved_fen FROM budget_pools WHERE pack_id = $1 AND code = 'm2-training-voucher' AND year = 2025`,
      [SHENZHEN],
    );
    expect(pool.rows[0]!.reserved_fen).toBe('74074073');
    // The row says what is held, and nothing about a release that no code performs.
    const row = await pg.query(`SELECT * FROM pool_reservations WHERE application_id = $1`, [id]);
    expect(row.rows).toHaveLength(1);
    expect(Object.keys(row.rows[0] as object).sort()).toEqual(['amount_fen', 'application_id', 'created_at', 'id', 'pool_id']);
  });
});
