import { Injectable } from '@nestjs/common';
import type { Assessment } from '../domain';
import type { ApplicantSnapshot } from '../domain/applicant';
import type { CaseEvent } from '../domain/case/events';
import { initialCase, type CaseState } from '../domain/case/machine';
import type { CaseChange, CaseStatus, StoredTask } from '../domain/case/records';
import { ApplicantSnapshotSchema, AssessmentSchema, CASE_STATE_VERSION, readCaseState, StoredFormSchema } from '../domain/case/state.schema';
import { Prisma } from '../generated/prisma/client';
import { isUniqueViolation } from './errors';
import { PrismaService } from './prisma.service';
import { auditOfEvents, writeAudit } from './audit.repository';
import { writeNotices, type NewNotice, type NoticeRef } from './notice.repository';
import type { TaskRow } from './task.repository';

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
export type CaseScopeFilter = { kind: 'all' } | { kind: 'organisation'; organisationId: string } | { kind: 'bureau'; bureauCode: string } | { kind: 'none' };

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

const at = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

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

const json = (v: unknown): Prisma.InputJsonValue => v as Prisma.InputJsonValue;

function taskColumns(t: StoredTask) {
  return {
    bureauCode: t.bureauCode,
    stage: t.stage,
    status: t.status,
    assigneeId: t.assigneeId,
    claimedAt: at(t.claimedAt),
    priority: t.priority,
    createdAt: new Date(t.createdAt),
    dueAt: new Date(t.dueAt),
    remindedAt: at(t.remindedAt),
    escalatedAt: at(t.escalatedAt),
    decision: t.decision,
    comment: t.comment,
    amountFen: t.amountFen === null ? null : BigInt(t.amountFen),
    overrideReason: t.overrideReason,
    questions: t.questions === null ? Prisma.DbNull : t.questions,
    completedById: t.completedById,
    completedAt: at(t.completedAt),
  };
}

const eventColumns = (caseId: string, e: CaseEvent) => ({
  caseId: caseId,
  eventKey: e.eventKey,
  type: e.type,
  version: e.v,
  actorId: e.actorId,
  data: e.data as unknown as Prisma.InputJsonValue,
  at: new Date(e.at),
});

type Tx = Prisma.TransactionClient;

/**
 * Events are keyed per case, so a write retried by Temporal records each one once. One
 * INSERT … ON CONFLICT DO NOTHING for them all: an upsert per event cost Prisma three statements each.
 */
async function recordEvents(tx: Tx, caseId: string, events: CaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.caseEventRow.createMany({ data: events.map((e) => eventColumns(caseId, e)), skipDuplicates: true });
}

/** The case aggregate: the applications row, its timeline (application_events) and the projection writes. */
@Injectable()
export class CaseRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores a received case with its `case.submitted` event. False when the organisation already used
   * the idempotency key (two concurrent requests: the unique index lets exactly one through).
   */
  async create({ documents, ...c }: NewCase, submitted: CaseEvent): Promise<boolean> {
    try {
      await this.prisma.$transaction(async (tx) => {
        const state = initialCase({
          caseId: c.id,
          packId: c.packId,
          packVersion: c.packVersion,
          organisationId: c.organisationId,
          receivedAt: c.submittedAt.toISOString(),
        });
        await tx.case.create({ data: { ...c, form: json(c.form), applicant: json(c.applicant), state: json(state), stateVersion: CASE_STATE_VERSION } });
        await tx.caseEventRow.create({ data: eventColumns(c.id, submitted) });
        await tx.caseDocument.createMany({
          data: documents.map((d) => ({ caseId: c.id, field: d.field, organisationId: c.organisationId, documentId: d.documentId })),
        });
        await writeAudit(tx, auditOfEvents(c.id, [submitted]));
      });
      return true;
    } catch (err) {
      if (c.idempotencyKey !== null && isUniqueViolation(err)) return false;
      throw err;
    }
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

  /**
   * What a view of the case reads: the row with its state, the timeline to list, the payment orders
   * and recoveries. No task rows: the view's tasks are the state's.
   */
  async view(id: string): Promise<CaseViewRecord | null> {
    const { tasks: _tasks, ...include } = CASE_INCLUDE;
    const row = await this.prisma.$transaction((tx) => tx.case.findUnique({ where: { id }, include }), { isolationLevel: 'RepeatableRead' });
    return row && typedCase(row);
  }

  /** When a case was received (its budget year), or null for no such case. */
  async receivedAt(id: string): Promise<Date | null> {
    return (await this.prisma.case.findUnique({ where: { id }, select: { submittedAt: true } }))?.submittedAt ?? null;
  }

  async list(f: CaseListFilter): Promise<{ rows: CaseViewRecord[]; total: number }> {
    const where: Prisma.CaseWhereInput = {
      ...(f.status ? { status: f.status } : {}),
      ...(f.measureCode ? { measureCode: f.measureCode } : {}),
      ...(f.budgetYear !== undefined ? { budgetYear: f.budgetYear } : {}),
    };
    const sort = f.sort ?? { by: 'submittedAt', direction: 'desc' };
    // Undecided cases sort after decided ones either way, so "latest decision first" starts with decisions.
    const orderBy: Prisma.CaseOrderByWithRelationInput[] = [
      sort.by === 'decidedAt' ? { decidedAt: { sort: sort.direction, nulls: 'last' } } : { [sort.by]: sort.direction },
      { id: sort.direction },
    ];
    switch (f.scope.kind) {
      case 'all':
        break;
      case 'organisation':
        where.organisationId = f.scope.organisationId;
        break;
      case 'bureau':
        where.tasks = { some: { bureauCode: f.scope.bureauCode } };
        break;
      case 'none':
        return { rows: [], total: 0 };
    }
    return this.prisma.$transaction(
      async (tx) => {
        const { tasks: _tasks, ...include } = CASE_INCLUDE;
        const rows = await tx.case.findMany({ where, orderBy, take: f.limit, skip: f.offset, include });
        return { rows: rows.map(typedCase), total: await tx.case.count({ where }) };
      },
      { isolationLevel: 'RepeatableRead' },
    );
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
    await this.prisma.$transaction(async (tx) => {
      await tx.case.update({
        where: { id: caseId },
        data: { assessment: json(assessment), computedAwardFen: BigInt(assessment.award.amountFen), doubleBenefit },
      });
      await recordEvents(tx, caseId, [event]);
    });
  }

  /** What a case's notices name: its organisation, reference and rule version. */
  async summary(id: string): Promise<CaseSummary | null> {
    return this.prisma.case.findUnique({
      where: { id },
      select: { id: true, reference: true, organisationId: true, packId: true, packVersion: true, measureCode: true, subtypeCode: true },
    });
  }

  /**
   * Writes one state change of a case to the projection the API reads (its tasks, events and the
   * machine's state after it), with the notices it raises, in one transaction: no notice without its event, no event without its notice. Returns the notices' ids
   * (on a retry too, so their delivery can be started again).
   */
  async applyChange(change: CaseChange, notices: NewNotice[] = [], messageDomain = 'localhost'): Promise<NoticeRef[]> {
    return this.prisma.$transaction(async (tx) => {
      for (const t of change.tasks) {
        const data = taskColumns(t);
        await tx.reviewTask.upsert({ where: { id: t.taskId }, create: { id: t.taskId, caseId: change.caseId, ...data }, update: data });
      }
      await recordEvents(tx, change.caseId, change.events);
      await writeAudit(tx, auditOfEvents(change.caseId, change.events));
      // The row's status and outcome columns (filters, sorting) and the state the views read, in one statement.
      const o = change.outcome;
      const data: Prisma.CaseUpdateInput = {
        ...(change.state ? { state: json(change.state), stateVersion: CASE_STATE_VERSION } : {}),
        ...(o
          ? {
              status: o.status,
              approvedAwardFen: o.approvedAwardFen === null ? null : BigInt(o.approvedAwardFen),
              decisionReason: o.reason,
              decidedAt: new Date(o.decidedAt),
            }
          : change.status
            ? { status: change.status }
            : {}),
      };
      if (Object.keys(data).length > 0) await tx.case.update({ where: { id: change.caseId }, data });
      return writeNotices(tx, notices, messageDomain);
    });
  }
}
