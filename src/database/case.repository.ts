import { Injectable } from '@nestjs/common';
import type { Assessment } from '../domain';
import type { ApplicantSnapshot } from '../domain/applicant';
import type { CaseEvent } from '../domain/case/events';
import { initialCase, type CaseState } from '../domain/case/machine';
import type { CaseChange, CaseStatus } from '../domain/case/records';
import { ApplicantSnapshotSchema, AssessmentSchema, CASE_STATE_VERSION, readCaseState, StoredFormSchema } from '../domain/case/state.schema';
import { Prisma } from '../generated/prisma/client';
import { isUniqueViolation } from './errors';
import { PrismaService } from './prisma.service';
import { auditOfEvents, writeAudit, type AuditEntry } from './audit.repository';
import { listedOnly, noticeIdFor, NOT_EMAILED, type NewNotice, type NoticeMailing, type NoticeRef } from './notice.repository';
import type { TaskRow } from './task.repository';
import type { CaseDocumentRow } from './document.repository';
import { CASE_VIEW_JSON, fromCaseViewJson, type CaseViewJson } from './case-read';

export interface CaseSummary {
  id: string;
  reference: string;
  organisationId: string;
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
}

/** One application_events row. `data` is the event's JSON as stored; readers parse it by type and version. */
export interface EventRow {
  eventKey: string;
  type: string;
  version: number;
  actorId: string | null;
  data: unknown;
  at: Date;
}

/** A case row with its timeline and tasks, oldest first: what every case read needs. */
export interface CaseRecord {
  id: string;
  reference: string;
  status: CaseStatus;
  packId: string;
  packVersion: number;
  /** The pack's jurisdiction: every bureau and treasury the case names is this city's. */
  jurisdictionId: string;
  measureCode: string;
  subtypeCode: string;
  organisationId: string;
  submittedById: string;
  workflowId: string;
  form: Record<string, unknown>;
  /** The ApplicantSnapshot taken at receipt; null for cases received before snapshots were kept. */
  applicant: ApplicantSnapshot | null;
  assessment: Assessment | null;
  /** The case machine's state after its latest projected transition (its initial state before the first). */
  state: CaseState;
  computedAwardFen: bigint | null;
  approvedAwardFen: bigint | null;
  decisionReason: string | null;
  doubleBenefit: boolean;
  submittedAt: Date;
  decidedAt: Date | null;
  budgetYear: number | null;
  events: EventRow[];
  tasks: TaskRow[];
  /** The award's payment orders, one per funder. */
  paymentOrders: { id: string; funder: string; amountFen: bigint; status: 'issued' | 'paid' | 'cancelled'; createdAt: Date; settledAt: Date | null }[];
  /** Recoveries (追回) recorded on the ledger. */
  ledger: { funder: string; amountFen: bigint; reason: string | null; at: Date }[];
}

export interface SameKindCase {
  caseId: string;
  reference: string;
  status: CaseStatus;
  amountFen: string;
}

export interface ProjectAward {
  caseId: string;
  reference: string;
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
  amountFen: string;
  decidedAt: string | null;
}

export interface NewCase {
  id: string;
  reference: string;
  packId: string;
  packVersion: number;
  jurisdictionId: string;
  measureCode: string;
  subtypeCode: string;
  organisationId: string;
  submittedById: string;
  idempotencyKey: string | null;
  requestHash: string;
  form: Record<string, unknown>;
  applicant: ApplicantSnapshot;
  workflowId: string;
  submittedAt: Date;
  /** The form's document fields and the documents (of the case's organisation) they name. */
  documents: { field: string; documentId: string }[];
  budgetYear: number;
}

/** What a repeated Idempotency-Key finds: enough to compare the request and restart its workflow. */
export interface KeyedCase {
  id: string;
  reference: string;
  requestHash: string;
  packId: string;
  packVersion: number;
  submittedAt: Date;
  organisationId: string;
}

/** Which cases a list may return: the query form of the access policy's canReadCase. */
export type CaseScopeFilter =
  { kind: 'all' } | { kind: 'organisation'; organisationId: string } | { kind: 'bureau'; jurisdictionId: string; bureauCode: string } | { kind: 'none' };

/** Columns a list may be ordered by; the id breaks ties so pages never overlap. */
export type CaseSortKey = 'submittedAt' | 'updatedAt' | 'decidedAt' | 'reference';

export interface CaseListFilter {
  scope: CaseScopeFilter;
  status?: CaseStatus;
  measureCode?: string;
  budgetYear?: number;
  sort?: { by: CaseSortKey; direction: 'asc' | 'desc' };
  limit: number;
  offset: number;
}

/** What a view of a case reads beside its row: the timeline (a listing), its payment orders and recoveries. */
export type CaseViewRecord = Omit<CaseRecord, 'tasks'>;

export const CASE_INCLUDE = {
  events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
  tasks: { orderBy: { createdAt: 'asc' } },
  paymentOrders: { orderBy: { funder: 'asc' }, select: { id: true, funder: true, amountFen: true, status: true, createdAt: true, settledAt: true } },
  ledger: { where: { kind: 'claw_back' }, orderBy: { id: 'asc' }, select: { funder: true, amountFen: true, reason: true, at: true } },
} satisfies Prisma.CaseInclude;

/** A column that does not parse is a bug or a hand-edited row, never user input: it fails loudly. */
function parsed<T>(
  what: string,
  caseId: string,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: Error } },
  v: unknown,
): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new Error(`the stored ${what} of case ${caseId} does not parse: ${r.error.message}`);
  return r.data;
}

type RawCase = {
  id: string;
  packId: string;
  packVersion: number;
  organisationId: string;
  submittedAt: Date;
  form: unknown;
  applicant: unknown;
  assessment: unknown;
  state: unknown;
  stateVersion: number | null;
};

/** A case row with its JSON columns parsed, and its state (a row never projected has its initial state). */
export function typedCase<R extends RawCase>(
  row: R,
): Omit<R, 'form' | 'applicant' | 'assessment' | 'state' | 'stateVersion'> & Pick<CaseRecord, 'form' | 'applicant' | 'assessment' | 'state'> {
  const { form, applicant, assessment, state, stateVersion, ...rest } = row;
  return {
    ...rest,
    form: parsed('form', row.id, StoredFormSchema, form),
    applicant: applicant === null ? null : parsed('applicant', row.id, ApplicantSnapshotSchema, applicant),
    assessment: assessment === null ? null : parsed('assessment', row.id, AssessmentSchema, assessment),
    state:
      state === null || stateVersion === null
        ? initialCase({
            caseId: row.id,
            packId: row.packId,
            packVersion: row.packVersion,
            organisationId: row.organisationId,
            receivedAt: row.submittedAt.toISOString(),
          })
        : readCaseState(row.id, stateVersion, state),
  };
}

/**
 * Appends a case's events in one statement (a WITH's): they are keyed per case, so a write retried by
 * Temporal records each one once.
 */
const insertEventsSql = (caseId: string, events: CaseEvent[]): Prisma.Sql => Prisma.sql`
  INSERT INTO application_events (application_id, event_key, type, version, actor_id, data, at)
  SELECT ${caseId}, e."eventKey", e.type, e.v, e."actorId", e.data, e.at::timestamp(3)
  FROM jsonb_to_recordset(${JSON.stringify(events.map((e) => ({ eventKey: e.eventKey, type: e.type, v: e.v, actorId: e.actorId, data: e.data, at: e.at })))}::jsonb)
    AS e("eventKey" text, type text, v int, "actorId" text, data jsonb, at text)
  ON CONFLICT DO NOTHING`;

/**
 * Appends audit entries in one statement (a WITH's or a statement's own): a retried write finds their
 * source keys taken and adds nothing; entries without a source key never conflict.
 */
const insertAuditSql = (entries: AuditEntry[]): Prisma.Sql => Prisma.sql`
  INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, case_id, payload, source_key)
  SELECT a.at::timestamp(3), a."actorId", a.action, a."subjectType", a."subjectId", a."caseId", a.payload, a."sourceKey"
  FROM jsonb_to_recordset(${JSON.stringify(entries.map((a) => ({ ...a, sourceKey: a.sourceKey ?? null })))}::jsonb)
    AS a(at text, "actorId" text, action text, "subjectType" text, "subjectId" text, "caseId" text, payload jsonb, "sourceKey" text)
  ON CONFLICT DO NOTHING`;

/** The case aggregate: the applications row, its timeline (application_events) and the projection writes. */
@Injectable()
export class CaseRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores a new case with its `case.submitted` event, its form's document links and its audit entry,
   * in one statement (data-modifying WITHs: all or nothing, and one round trip rather than a
   * transaction's six); its view as stored, built from what was written (no read-back), or null when
   * the organisation already used its Idempotency-Key (the unique index lets exactly one of two
   * concurrent requests through).
   */
  async create({ documents, ...c }: NewCase, submitted: CaseEvent): Promise<CaseViewRecord | null> {
    const state = initialCase({
      caseId: c.id,
      packId: c.packId,
      packVersion: c.packVersion,
      organisationId: c.organisationId,
      receivedAt: c.submittedAt.toISOString(),
    });
    try {
      await this.prisma.$executeRaw`
        WITH c AS (
          INSERT INTO applications (id, reference, pack_id, pack_version, jurisdiction_id, measure_code, subtype_code, organisation_id,
            submitted_by_id, idempotency_key, request_hash, form, applicant, workflow_id, submitted_at, updated_at, budget_year, state, state_version)
          VALUES (${c.id}, ${c.reference}, ${c.packId}, ${c.packVersion}, ${c.jurisdictionId}, ${c.measureCode}, ${c.subtypeCode},
            ${c.organisationId}, ${c.submittedById}, ${c.idempotencyKey}, ${c.requestHash}, ${JSON.stringify(c.form)}::jsonb,
            ${JSON.stringify(c.applicant)}::jsonb, ${c.workflowId}, ${c.submittedAt.toISOString()}::timestamp(3), ${new Date().toISOString()}::timestamp(3), ${c.budgetYear},
            ${JSON.stringify(state)}::jsonb, ${CASE_STATE_VERSION})
          RETURNING id
        ), e AS (${insertEventsSql(c.id, [submitted])}
        ), d AS (
          INSERT INTO case_documents (application_id, field, organisation_id, document_id)
          SELECT c.id, x.field, ${c.organisationId}, x.document_id
          FROM c, unnest(${documents.map((d) => d.field)}::text[], ${documents.map((d) => d.documentId)}::text[]) AS x(field, document_id)
        )
        ${insertAuditSql(auditOfEvents(c.id, [submitted]))}`;
    } catch (err) {
      if (c.idempotencyKey !== null && isUniqueViolation(err)) return null;
      throw err;
    }
    const { idempotencyKey: _key, requestHash: _hash, ...row } = c;
    return {
      ...row,
      status: 'submitted',
      assessment: null,
      state,
      computedAwardFen: null,
      approvedAwardFen: null,
      decisionReason: null,
      doubleBenefit: false,
      decidedAt: null,
      events: [
        {
          eventKey: submitted.eventKey,
          type: submitted.type,
          version: submitted.v,
          actorId: submitted.actorId,
          data: submitted.data,
          at: new Date(submitted.at),
        },
      ],
      paymentOrders: [],
      ledger: [],
    };
  }

  /** Removes a case that never got its workflow, its events and its document links. */
  async remove(id: string, why: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.caseDocument.deleteMany({ where: { caseId: id } });
      await tx.caseEventRow.deleteMany({ where: { caseId: id } });
      await tx.case.delete({ where: { id } });
      // The trail is append-only: its submission entry stays, and this says why the case is gone.
      await writeAudit(tx, [
        { at: new Date().toISOString(), actorId: 'system', action: 'case.discard', subjectType: 'case', subjectId: id, caseId: id, payload: { why } },
      ]);
    });
  }

  async byIdempotencyKey(organisationId: string, key: string): Promise<KeyedCase | null> {
    return this.prisma.case.findUnique({
      where: { organisationId_idempotencyKey: { organisationId, idempotencyKey: key } },
      select: { id: true, reference: true, requestHash: true, packId: true, packVersion: true, submittedAt: true, organisationId: true },
    });
  }

  /**
   * A case with its tasks and timeline as of one instant. Prisma reads an include with separate
   * queries, so they run in one repeatable-read transaction: a transition written in between (say the
   * status and the first tasks) is seen whole or not at all.
   */
  async find(id: string): Promise<CaseRecord | null> {
    const row = await this.prisma.$transaction((tx) => tx.case.findUnique({ where: { id }, include: CASE_INCLUDE }), { isolationLevel: 'RepeatableRead' });
    return row && typedCase(row);
  }

  /** What assessing a case reads: the filing on its row, none of its timeline, tasks or payments. */
  async filing(
    id: string,
  ): Promise<Pick<
    CaseRecord,
    'id' | 'organisationId' | 'applicant' | 'packId' | 'packVersion' | 'measureCode' | 'subtypeCode' | 'form' | 'submittedAt'
  > | null> {
    const r = await this.prisma.case.findUnique({
      where: { id },
      select: {
        id: true,
        organisationId: true,
        applicant: true,
        packId: true,
        packVersion: true,
        measureCode: true,
        subtypeCode: true,
        form: true,
        submittedAt: true,
      },
    });
    if (!r) return null;
    return {
      ...r,
      form: parsed('form', r.id, StoredFormSchema, r.form),
      applicant: r.applicant === null ? null : parsed('applicant', r.id, ApplicantSnapshotSchema, r.applicant),
    };
  }

  /**
   * What a view of the case reads: the row with its state, the timeline to list, the payment orders,
   * recoveries and the documents its form names, in one statement (src/database/case-read.ts). No task
   * rows: the view's tasks are the state's.
   */
  async view(id: string): Promise<(CaseViewRecord & { documents: CaseDocumentRow[] }) | null> {
    const [row] = await this.prisma.$queryRaw<{ c: CaseViewJson }[]>`SELECT ${CASE_VIEW_JSON} AS c FROM applications a WHERE a.id = ${id}`;
    return row ? typedCase(fromCaseViewJson(row.c)) : null;
  }

  /** When a case was received (its budget year), or null for no such case. */
  async receivedAt(id: string): Promise<Date | null> {
    return (await this.prisma.case.findUnique({ where: { id }, select: { submittedAt: true } }))?.submittedAt ?? null;
  }

  /** A page of cases as their views read them (src/database/case-read.ts), and the count: two statements. */
  async list(f: CaseListFilter): Promise<{ rows: CaseViewRecord[]; total: number }> {
    const scope = ((): Prisma.Sql | null => {
      switch (f.scope.kind) {
        case 'all':
          return Prisma.sql`TRUE`;
        case 'organisation':
          return Prisma.sql`a.organisation_id = ${f.scope.organisationId}`;
        case 'bureau':
          return Prisma.sql`a.jurisdiction_id = ${f.scope.jurisdictionId}
            AND EXISTS (SELECT 1 FROM review_tasks t WHERE t.application_id = a.id AND t.bureau_code = ${f.scope.bureauCode})`;
        case 'none':
          return null;
      }
    })();
    if (scope === null) return { rows: [], total: 0 };
    const where = Prisma.join(
      [
        scope,
        ...(f.status ? [Prisma.sql`a.status = ${f.status}::"ApplicationStatus"`] : []),
        ...(f.measureCode ? [Prisma.sql`a.measure_code = ${f.measureCode}`] : []),
        ...(f.budgetYear !== undefined ? [Prisma.sql`a.budget_year = ${f.budgetYear}`] : []),
      ],
      ' AND ',
    );
    const sort = f.sort ?? { by: 'submittedAt', direction: 'desc' };
    const direction = sort.direction === 'desc' ? Prisma.sql`DESC` : Prisma.sql`ASC`;
    // Undecided cases sort after decided ones either way, so "latest decision first" starts with decisions.
    const column = {
      submittedAt: Prisma.sql`a.submitted_at`,
      updatedAt: Prisma.sql`a.updated_at`,
      decidedAt: Prisma.sql`a.decided_at`,
      reference: Prisma.sql`a.reference`,
    }[sort.by];
    const nulls = sort.by === 'decidedAt' ? Prisma.sql`NULLS LAST` : Prisma.empty;
    const [rows, [count]] = await Promise.all([
      this.prisma.$queryRaw<{ c: CaseViewJson }[]>`
        SELECT ${CASE_VIEW_JSON} AS c FROM applications a WHERE ${where}
        ORDER BY ${column} ${direction} ${nulls}, a.id ${direction} LIMIT ${f.limit} OFFSET ${f.offset}`,
      this.prisma.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total FROM applications a WHERE ${where}`,
    ]);
    return { rows: rows.map((r) => typedCase(fromCaseViewJson(r.c))), total: Number(count?.total ?? 0n) };
  }

  /** Earlier approved awards to the same project of the same applicant (any kind), oldest first. */
  async projectAwards(q: { caseId: string; projectKey: string }): Promise<ProjectAward[]> {
    const rows = await this.prisma.case.findMany({
      where: { id: { not: q.caseId }, status: 'approved', assessment: { path: ['projectKey'], equals: q.projectKey } },
      orderBy: { decidedAt: 'asc' },
      select: { id: true, reference: true, packId: true, packVersion: true, measureCode: true, subtypeCode: true, approvedAwardFen: true, decidedAt: true },
    });
    return rows.map((r) => ({
      caseId: r.id,
      reference: r.reference,
      packId: r.packId,
      packVersion: r.packVersion,
      measureCode: r.measureCode,
      subtypeCode: r.subtypeCode,
      amountFen: (r.approvedAwardFen ?? 0n).toString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
    }));
  }

  /**
   * The applicant's other cases for the same project in the same same-kind group that are pending or
   * awarded (a possible double benefit), oldest first.
   */
  async sameKindCases(q: { caseId: string; organisationId: string; projectKey: string; sameKindGroup: string }): Promise<SameKindCase[]> {
    const rows = await this.prisma.case.findMany({
      where: {
        id: { not: q.caseId },
        organisationId: q.organisationId,
        status: { in: ['submitted', 'in_review', 'awaiting_information', 'approved'] },
        AND: [{ assessment: { path: ['projectKey'], equals: q.projectKey } }, { assessment: { path: ['sameKindGroup'], equals: q.sameKindGroup } }],
      },
      orderBy: { submittedAt: 'asc' },
      select: { id: true, reference: true, status: true, approvedAwardFen: true, computedAwardFen: true },
    });
    return rows.map((r) => ({
      caseId: r.id,
      reference: r.reference,
      status: r.status,
      amountFen: (r.approvedAwardFen ?? r.computedAwardFen ?? 0n).toString(),
    }));
  }

  /** Stores the assessment and its `case.assessed` event in one transaction: neither without the other. */
  async saveAssessment(caseId: string, assessment: Assessment, event: CaseEvent, doubleBenefit = false): Promise<void> {
    // One statement: the row's update and the event (keyed, so a retried assessment adds it once).
    const [row] = await this.prisma.$queryRaw<{ updated: number }[]>`
      WITH u AS (
        UPDATE applications SET assessment = ${JSON.stringify(assessment)}::jsonb, computed_award_fen = ${assessment.award.amountFen}::bigint,
          double_benefit = ${doubleBenefit}, updated_at = ${new Date().toISOString()}::timestamp(3)
        WHERE id = ${caseId}
        RETURNING id
      ), e AS (${insertEventsSql(caseId, [event])}
      )
      SELECT count(*)::int AS updated FROM u`;
    if (!row?.updated) throw new Error(`case ${caseId} not found`);
  }

  /** What a case's notices name: its organisation, reference and rule version. */
  async summary(id: string): Promise<CaseSummary | null> {
    return this.prisma.case.findUnique({
      where: { id },
      select: { id: true, reference: true, organisationId: true, packId: true, packVersion: true, measureCode: true, subtypeCode: true },
    });
  }

  /**
   * Writes one state change of a case to the projection the API reads (its tasks, events, audit entries,
   * the machine's state after it and the row's status columns) with the notices it raises, in ONE
   * statement of data-modifying CTEs: atomic without BEGIN/COMMIT (no notice without its event, no event
   * without its notice), and one round trip on an approval's critical path. A retry finds every key
   * taken (events, audit entries and notices are keyed; tasks are upserted) and changes nothing more.
   * Returns the ids of the notices to deliver (on a retry too, so their delivery can be started again):
   * all but those `mailing` says nothing will email, written `skipped`.
   */
  async applyChange(
    change: CaseChange,
    notices: NewNotice[] = [],
    mailing: NoticeMailing = { messageDomain: 'localhost', emails: true },
  ): Promise<NoticeRef[]> {
    const caseId = change.caseId;
    const tasks = change.tasks.map((t) => ({ ...t, questions: t.questions ?? null }));
    const audit = auditOfEvents(caseId, change.events);
    const noticeRows = notices.map((n) => {
      const id = noticeIdFor(n.sourceKey);
      const skipped = listedOnly(n, mailing);
      return {
        ...n,
        id,
        notBefore: n.notBefore ?? null,
        messageId: `<notice-${id}@${mailing.messageDomain}>`,
        delivery: skipped ? 'skipped' : 'pending',
        lastError: skipped ? NOT_EMAILED : null,
        skipped,
      };
    });
    // The row's status and outcome columns (filters, sorting) and the state the views read. A numbered
    // change takes them from its state: the row may skip an earlier change that set them (written late).
    const whole = change.rev !== undefined ? change.state : undefined;
    const o = change.outcome ?? whole?.outcome ?? undefined;
    const status = change.status ?? whole?.status;
    const sets: Prisma.Sql[] = [
      ...(change.state ? [Prisma.sql`state = ${JSON.stringify(change.state)}::jsonb, state_version = ${CASE_STATE_VERSION}`] : []),
      ...(o
        ? [
            Prisma.sql`status = ${o.status}::"ApplicationStatus", approved_award_fen = ${o.approvedAwardFen}::bigint,
              decision_reason = ${o.reason}, decided_at = ${o.decidedAt}::timestamp(3)`,
          ]
        : status
          ? [Prisma.sql`status = ${status}::"ApplicationStatus"`]
          : []),
    ];
    // Timestamps travel as ISO strings in UTC; a cast to timestamp(3) keeps the UTC wall time, as Prisma stores it.
    // A numbered change writes a task row or the case's row only over an older one (or one from before
    // numbering): a claim's change written late by the API must not undo a decision the workflow wrote.
    // Events, audit entries and notices are keyed, so a late change still adds what it alone has.
    const rev = change.rev ?? null;
    // The statement counts the case's row, not the rows updated: a late change updates none of an existing case.
    const updated =
      sets.length === 0
        ? Prisma.empty
        : Prisma.sql`, app AS (
            UPDATE applications SET ${Prisma.join(sets)}, updated_at = ${new Date().toISOString()}::timestamp(3)
            WHERE id = ${caseId} AND (${rev}::int IS NULL OR COALESCE((state->>'rev')::int, 0) < ${rev}::int)
          )`;
    const count = await this.prisma.$executeRaw`
      WITH tasks AS (
        INSERT INTO review_tasks (id, application_id, bureau_code, stage, status, assignee_id, claimed_at, priority, created_at, due_at,
          reminded_at, escalated_at, decision, comment, amount_fen, override_reason, questions, completed_by_id, completed_at, rev)
        SELECT t."taskId", ${caseId}, t."bureauCode", t.stage, t.status::"TaskStatus", t."assigneeId", t."claimedAt"::timestamp(3), t.priority,
          t."createdAt"::timestamp(3), t."dueAt"::timestamp(3), t."remindedAt"::timestamp(3), t."escalatedAt"::timestamp(3), t.decision,
          t.comment, t."amountFen"::bigint, t."overrideReason", t.questions, t."completedById", t."completedAt"::timestamp(3), ${rev}::int
        FROM jsonb_to_recordset(${JSON.stringify(tasks)}::jsonb) AS t("taskId" text, "bureauCode" text, stage text, status text, "assigneeId" text,
          "claimedAt" text, priority int, "createdAt" text, "dueAt" text, "remindedAt" text, "escalatedAt" text, decision text, comment text,
          "amountFen" text, "overrideReason" text, questions jsonb, "completedById" text, "completedAt" text)
        ON CONFLICT (id) DO UPDATE SET bureau_code = EXCLUDED.bureau_code, stage = EXCLUDED.stage, status = EXCLUDED.status,
          assignee_id = EXCLUDED.assignee_id, claimed_at = EXCLUDED.claimed_at, priority = EXCLUDED.priority, created_at = EXCLUDED.created_at,
          due_at = EXCLUDED.due_at, reminded_at = EXCLUDED.reminded_at, escalated_at = EXCLUDED.escalated_at, decision = EXCLUDED.decision,
          comment = EXCLUDED.comment, amount_fen = EXCLUDED.amount_fen, override_reason = EXCLUDED.override_reason,
          questions = EXCLUDED.questions, completed_by_id = EXCLUDED.completed_by_id, completed_at = EXCLUDED.completed_at, rev = EXCLUDED.rev
        WHERE EXCLUDED.rev IS NULL OR review_tasks.rev IS NULL OR review_tasks.rev < EXCLUDED.rev
      ), events AS (${insertEventsSql(caseId, change.events)}
      ), audit AS (${insertAuditSql(audit)}
      ), notices AS (
        INSERT INTO notices (id, source_key, organisation_id, application_id, kind, subject, body, data, created_at, not_before, message_id,
          delivery, last_error)
        SELECT n.id, n."sourceKey", n."organisationId", n."caseId", n.kind, n.subject, n.body, n.data, n."createdAt"::timestamp(3),
          n."notBefore"::timestamp(3), n."messageId", n.delivery::"NoticeDelivery", n."lastError"
        FROM jsonb_to_recordset(${JSON.stringify(noticeRows)}::jsonb) AS n(id text, "sourceKey" text, "organisationId" text, "caseId" text,
          kind text, subject jsonb, body jsonb, data jsonb, "createdAt" text, "notBefore" text, "messageId" text, delivery text, "lastError" text)
        ON CONFLICT DO NOTHING
      )${updated}
      SELECT 1 FROM applications WHERE id = ${caseId}`;
    if (sets.length > 0 && count === 0) throw new Error(`case ${caseId} not found`);
    return noticeRows.filter((n) => !n.skipped).map((n) => ({ id: n.id, notBefore: n.notBefore, organisationId: n.organisationId, caseId: n.caseId }));
  }
}
