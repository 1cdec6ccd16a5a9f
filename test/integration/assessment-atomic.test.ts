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

/**
 * The assessment activity stores the assessment and its `case.assessed` event together: when the
 * event cannot be written, no assessment may be left behind either (the workflow retries the whole
 * activity, and a case must never look assessed without the event on its timeline).
 */
describe('the assessment and its case.assessed event, in one transaction', () => {
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

  async function receivedCase(): Promise<string> {
    const id = randomUUID();
    await pg.query(
      `INSERT INTO applications (id, reference, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, request_hash, form, workflow_id, submitted_at, updated_at)
       VALUES ($1, $2, $3, 1, 'm2', 'm2', 'org-lingxi', 'applicant-lingxi', $1, $4, $5, '2025-06-02T01:00:00Z', now())`,
      [id, `AP-TEST-${id.slice(0, 8)}`, SHENZHEN, JSON.stringify(m2Form({ contractNumber: `ATOMIC-${id.slice(0, 8)}` })), `case:${id}`],
    );
    return id;
  }
  const stored = async (id: string): Promise<{ assessment: unknown; computed: string | null; events: string[] }> => {
    const app = await pg.query<{ assessment: unknown; computed_award_fen: string | null }>(
      'SELECT assessment, computed_award_fen FROM applications WHERE id = $1',
      [id],
    );
    const ev = await pg.query<{ type: string }>('SELECT type FROM application_events WHERE application_id = $1 ORDER BY id', [id]);
    return { assessment: app.rows[0]!.assessment, computed: app.rows[0]!.computed_award_fen, events: ev.rows.map((r) => r.type) };
  };

  it('stores both when both can be written', async () => {
    const id = await receivedCase();
    const a = await activities.assessCase(id);
    // 123,456,789 fen × 60% (Lingxi is a startup) = 74,074,073.4 → 74,074,073 fen.
    expect(a.assessment.award.amountFen).toBe('74074073');
    expect(await stored(id)).toEqual({ assessment: expect.objectContaining({ eligible: true }), computed: '74074073', events: ['case.assessed'] });
  });

  it('leaves no assessment behind when the event write fails', async () => {
    const id = await receivedCase();
    // A real failure of the second write, inside PostgreSQL: a trigger refusing this case's events.
    await pg.query(`CREATE FUNCTION refuse_event() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'event store unavailable'; END $$ LANGUAGE plpgsql`);
    await pg.query(
      `CREATE TRIGGER refuse_event BEFORE INSERT ON application_events FOR EACH ROW WHEN (NEW.application_id = '${id}') EXECUTE FUNCTION refuse_event()`,
    );
    try {
      await expect(activities.assessCase(id)).rejects.toThrow(/event store unavailable/);
      expect(await stored(id)).toEqual({ assessment: null, computed: null, events: [] });
    } finally {
      await pg.query('DROP TRIGGER refuse_event ON application_events');
      await pg.query('DROP FUNCTION refuse_event()');
    }
    // Retried once the store is back, as Temporal would, the activity records both.
    await activities.assessCase(id);
    expect(await stored(id)).toMatchObject({ computed: '74074073', events: ['case.assessed'] });
  });
});
