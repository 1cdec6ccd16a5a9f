import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { CaseRepository } from '../../src/database/case.repository';
import type { NewNotice } from '../../src/database/notice.repository';
import type { CaseChange } from '../../src/domain/case/records';
import { WorkerModule } from '../../src/worker/worker.module';
import { seedAll } from '../../seeds/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { m2Form, SHENZHEN } from '../support/fixtures';
import { testPacks } from '../support/packs';

/** applyChange writes a transition in one SQL statement: what it stores, and that a retry stores it once. */
describe('the projection of one transition', () => {
  let db: TestDatabase;
  let pg: Client;
  let worker: INestApplicationContext;
  let cases: CaseRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedAll(db.url, testPacks());
    Object.assign(process.env, { DATABASE_URL: db.url, JWT_SECRET: 'test-secret-test-secret-test-secret-0123', NODE_ENV: 'test' });
    worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
    cases = worker.get(CaseRepository);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await worker?.close();
    await db?.drop();
  });

  it('stores the task, event, audit entry, notice and outcome once, however often it is retried', async () => {
    const caseId = randomUUID();
    await pg.query(
      `INSERT INTO applications (id, reference, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, request_hash, form, workflow_id, submitted_at, updated_at)
       VALUES ($1, $2, $3, 1, 'm2', 'm2', 'org-lingxi', 'applicant-lingxi', $1, $4, $5, '2025-06-02T01:00:00Z', now())`,
      [caseId, `AP-PROJ-${caseId.slice(0, 8)}`, SHENZHEN, JSON.stringify(m2Form()), `case:${caseId}`],
    );
    const taskId = randomUUID();
    const change: CaseChange = {
      caseId,
      tasks: [
        {
          taskId,
          bureauCode: 'stic',
          stage: 'review',
          status: 'completed',
          assigneeId: 'officer-stic',
          claimedAt: '2025-06-03T02:00:00.000Z',
          priority: 0,
          createdAt: '2025-06-02T01:00:00.000Z',
          dueAt: '2025-06-16T01:00:00.000Z',
          remindedAt: null,
          escalatedAt: null,
          decision: 'approve',
          comment: 'complete',
          amountFen: '1234500',
          overrideReason: null,
          questions: null,
          completedById: 'officer-stic',
          completedAt: '2025-06-04T03:04:05.678Z',
        },
      ],
      events: [
        {
          eventKey: `claimed:${taskId}`,
          type: 'task.claimed',
          v: 1,
          actorId: 'officer-stic',
          at: '2025-06-03T02:00:00.000Z',
          data: { taskId, bureauCode: 'stic' },
        },
      ],
      outcome: { status: 'approved', approvedAwardFen: '1234500', reason: null, decidedAt: '2025-06-04T03:04:05.678Z' },
    };
    const notice: NewNotice = {
      sourceKey: `case:${caseId}:approved`,
      organisationId: 'org-lingxi',
      caseId,
      kind: 'case.approved',
      subject: { zh: '申请已批准', en: 'Application approved' },
      body: { zh: '已批准', en: 'Approved' },
      data: { amountFen: '1234500' },
      createdAt: '2025-06-04T03:04:05.678Z',
    };

    const first = await cases.applyChange(change, [notice], 'example.test');
    const again = await cases.applyChange(change, [notice], 'example.test');
    expect(again).toEqual(first);
    expect(first).toHaveLength(1);

    const count = async (sql: string) => Number((await pg.query<{ n: string }>(sql, [caseId])).rows[0]!.n);
    expect({
      tasks: await count(`SELECT count(*) AS n FROM review_tasks WHERE application_id = $1`),
      events: await count(`SELECT count(*) AS n FROM application_events WHERE application_id = $1`),
      audit: await count(`SELECT count(*) AS n FROM audit_log WHERE case_id = $1`),
      notices: await count(`SELECT count(*) AS n FROM notices WHERE application_id = $1`),
    }).toEqual({ tasks: 1, events: 1, audit: 1, notices: 1 });

    // Read back through Prisma, as the API does: instants are the ones written, amounts exact.
    const row = await cases.find(caseId);
    expect(row).toMatchObject({ status: 'approved', approvedAwardFen: 1234500n, decidedAt: new Date('2025-06-04T03:04:05.678Z') });
    expect(row!.tasks).toMatchObject([
      { id: taskId, status: 'completed', decision: 'approve', amountFen: 1234500n, completedAt: new Date('2025-06-04T03:04:05.678Z') },
    ]);
    expect(row!.events).toMatchObject([{ eventKey: `claimed:${taskId}`, type: 'task.claimed', at: new Date('2025-06-03T02:00:00.000Z') }]);
    const { rows: stored } = await pg.query(`SELECT id, message_id, delivery FROM notices WHERE application_id = $1`, [caseId]);
    expect(stored).toEqual([{ id: first[0]!.id, message_id: `<notice-${first[0]!.id}@example.test>`, delivery: 'pending' }]);
  });

  it('refuses a transition of a case that does not exist, storing nothing', async () => {
    const caseId = randomUUID();
    await expect(cases.applyChange({ caseId, tasks: [], events: [], status: 'in_review' })).rejects.toThrow(`case ${caseId} not found`);
  });
});
