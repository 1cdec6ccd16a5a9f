import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { CaseRepository } from '../../src/database/case.repository';
import type { NewNotice } from '../../src/database/notice.repository';
import { PackRepository } from '../../src/database/pack.repository';
import { apply, initialCase, type CaseCommand, type CaseState } from '../../src/domain/case/machine';
import type { CaseChange } from '../../src/domain/case/records';
import { WorkerModule } from '../../src/worker/worker.module';
import { seedAll } from '../../seeds/seed';
import { assessed, liveTask, officer } from '../support/case-states';
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

    const mailing = { messageDomain: 'example.test', emails: true };
    const first = await cases.applyChange(change, [notice], mailing);
    const again = await cases.applyChange(change, [notice], mailing);
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

  // A claim's change is written by the API after the workflow replies, so it can arrive after the
  // workflow has already written a later transition of the same case.
  it('never lets a change that arrives late undo a later one, yet keeps what only it recorded', async () => {
    const caseId = randomUUID();
    const receivedAt = '2025-06-02T01:00:00.000Z';
    await pg.query(
      `INSERT INTO applications (id, reference, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, request_hash, form, workflow_id, submitted_at, updated_at)
       VALUES ($1, $2, $3, 1, 'm2', 'm2', 'org-lingxi', 'applicant-lingxi', $1, $4, $5, $6, now())`,
      [caseId, `AP-LATE-${caseId.slice(0, 8)}`, SHENZHEN, JSON.stringify(m2Form()), `case:${caseId}`, receivedAt],
    );
    const rules = await worker.get(PackRepository).rules(SHENZHEN, 1);
    let state: CaseState = initialCase({ caseId, packId: SHENZHEN, packVersion: 1, organisationId: 'org-lingxi', receivedAt });
    const run = (cmd: CaseCommand, at: string): CaseChange => {
      const t = apply(state, cmd, { now: Date.parse(at), newId: randomUUID });
      state = t.state;
      return t.effects.flatMap((e) => (e.kind === 'project' ? [e.change] : []))[0]!;
    };
    const applicant = { organisationId: 'org-lingxi', kind: 'enterprise' as const, isStartup: true, district: 'nanshan', registeredOn: '2024-03-01' };
    await cases.applyChange(run(assessed(rules, { measureCode: 'm2', subtypeCode: 'm2', form: m2Form(), applicant, receivedAt }), receivedAt));
    const taskId = liveTask(state, 'stic');
    const { rows: opened } = await pg.query(`SELECT status, rev FROM review_tasks WHERE id = $1`, [taskId]);
    expect(opened).toEqual([{ status: 'open', rev: 1 }]);
    const stic = officer('officer-stic', 'stic');
    const claim = run({ type: 'claim', taskId, actor: stic }, '2025-06-03T02:00:00.000Z');
    const returned = run(
      { type: 'decide', taskId, actor: stic, decision: { kind: 'return', questions: ['Send the signed contract'] } },
      '2025-06-03T03:00:00.000Z',
    );
    expect([claim.rev, returned.rev]).toEqual([2, 3]);
    // The claim changed no status; the return did.
    expect([claim.status, returned.status]).toEqual([undefined, 'awaiting_information']);

    // The workflow's write of the return lands first; the API's write of the claim after it.
    await cases.applyChange(returned);
    await cases.applyChange(claim);

    const { rows: app } = await pg.query(`SELECT status, (state->>'rev')::int AS rev, state->>'status' AS "stateStatus" FROM applications WHERE id = $1`, [
      caseId,
    ]);
    expect(app).toEqual([{ status: 'awaiting_information', rev: 3, stateStatus: 'awaiting_information' }]);
    const { rows: tasks } = await pg.query(`SELECT status, decision, rev FROM review_tasks WHERE id = $1`, [taskId]);
    expect(tasks).toEqual([{ status: 'completed', decision: 'return', rev: 3 }]);
    // The other way round, a late write carrying the status is skipped and the later one, which did
    // not change the status, still sets it from its state.
    const other = randomUUID();
    await pg.query(
      `INSERT INTO applications (id, reference, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, request_hash, form, workflow_id, submitted_at, updated_at, state, state_version)
       SELECT $1, $2, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, $1, form, $3, submitted_at, now(), state, state_version FROM applications WHERE id = $4`,
      [other, `AP-LATE-${other.slice(0, 8)}`, `case:${other}`, caseId],
    );
    await cases.applyChange({ ...claim, caseId: other, tasks: [], state: { ...returned.state!, rev: 4 }, rev: 4 });
    await cases.applyChange({ ...returned, caseId: other, tasks: [] });
    const { rows: otherRow } = await pg.query(`SELECT status, (state->>'rev')::int AS rev FROM applications WHERE id = $1`, [other]);
    expect(otherRow).toEqual([{ status: 'awaiting_information', rev: 4 }]);

    // The claim's event is on the timeline all the same, before the return.
    const { rows: events } = await pg.query(`SELECT type FROM application_events WHERE application_id = $1 ORDER BY at, type`, [caseId]);
    expect(events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['task.claimed', 'task.decided']));
  });

  it('writes a notice due now as listed only when nothing emails, and leaves a scheduled one to its workflow', async () => {
    const caseId = randomUUID();
    await pg.query(
      `INSERT INTO applications (id, reference, pack_id, pack_version, measure_code, subtype_code, organisation_id, submitted_by_id, request_hash, form, workflow_id, submitted_at, updated_at)
       VALUES ($1, $2, $3, 1, 'm2', 'm2', 'org-lingxi', 'applicant-lingxi', $1, $4, $5, '2025-06-02T01:00:00Z', now())`,
      [caseId, `AP-MAIL-${caseId.slice(0, 8)}`, SHENZHEN, JSON.stringify(m2Form()), `case:${caseId}`],
    );
    const base = { organisationId: 'org-lingxi', caseId, subject: { zh: '通知', en: 'Notice' }, body: { zh: '正文', en: 'Body' }, data: {} };
    const now: NewNotice = { ...base, sourceKey: `case:${caseId}:returned`, kind: 'information_requested', createdAt: '2025-06-03T01:00:00.000Z' };
    const later: NewNotice = {
      ...base,
      sourceKey: `case:${caseId}:lapse-warning`,
      kind: 'lapse_warning',
      createdAt: '2025-06-03T01:00:00.000Z',
      notBefore: '2025-06-20T16:00:00.000Z',
    };

    const refs = await cases.applyChange({ caseId, tasks: [], events: [] }, [now, later], { messageDomain: 'example.test', emails: false });
    const { rows } = await pg.query(`SELECT kind, delivery, last_error FROM notices WHERE application_id = $1 ORDER BY kind`, [caseId]);
    expect(rows).toEqual([
      { kind: 'information_requested', delivery: 'skipped', last_error: 'SMTP_URL is not set' },
      { kind: 'lapse_warning', delivery: 'pending', last_error: null },
    ]);
    // Only the scheduled one is handed back to have its delivery workflow started.
    expect(refs.map((r) => r.notBefore)).toEqual(['2025-06-20T16:00:00.000Z']);
  });

  it('refuses a transition of a case that does not exist, storing nothing', async () => {
    const caseId = randomUUID();
    await expect(cases.applyChange({ caseId, tasks: [], events: [], status: 'in_review' })).rejects.toThrow(`case ${caseId} not found`);
  });
});
