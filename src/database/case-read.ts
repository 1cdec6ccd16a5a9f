// A case as its views read it, in one SQL statement. Prisma reads an `include` with a statement per
// relation, so a consistent view needed a repeatable-read transaction around them (BEGIN, SET, COMMIT and
// six selects); one statement sees one snapshot by itself. Nested rows come back as JSON, where PostgreSQL
// writes timestamps as text (with no zone: the columns hold UTC) and where a bigint would lose digits,
// so amounts are cast to text; both are turned back here.
import { Prisma } from '../generated/prisma/client';
import type { CaseViewRecord } from './case.repository';
import type { CaseDocumentRow } from './document.repository';

/**
 * The JSON object of the case row aliased `a`: its columns (as CaseRecord names them), its timeline
 * (`at`, then insertion order), payment orders (by funder), recoveries (claw-backs, in order) and the
 * documents its form names (by field).
 */
export const CASE_VIEW_JSON = Prisma.sql`json_build_object(
  'id', a.id, 'reference', a.reference, 'status', a.status, 'packId', a.pack_id, 'packVersion', a.pack_version,
  'jurisdictionId', a.jurisdiction_id, 'measureCode', a.measure_code, 'subtypeCode', a.subtype_code,
  'organisationId', a.organisation_id, 'submittedById', a.submitted_by_id, 'workflowId', a.workflow_id,
  'form', a.form, 'applicant', a.applicant, 'assessment', a.assessment, 'state', a.state, 'stateVersion', a.state_version,
  'computedAwardFen', a.computed_award_fen::text, 'approvedAwardFen', a.approved_award_fen::text,
  'decisionReason', a.decision_reason, 'doubleBenefit', a.double_benefit, 'submittedAt', a.submitted_at,
  'decidedAt', a.decided_at, 'budgetYear', a.budget_year,
  'events', COALESCE((
    SELECT json_agg(json_build_object('eventKey', e.event_key, 'type', e.type, 'version', e.version, 'actorId', e.actor_id,
      'data', e.data, 'at', e.at) ORDER BY e.at, e.id)
    FROM application_events e WHERE e.application_id = a.id), '[]'::json),
  'paymentOrders', COALESCE((
    SELECT json_agg(json_build_object('id', p.id, 'funder', p.funder, 'amountFen', p.amount_fen::text, 'status', p.status,
      'createdAt', p.created_at, 'settledAt', p.settled_at) ORDER BY p.funder)
    FROM payment_orders p WHERE p.application_id = a.id), '[]'::json),
  'ledger', COALESCE((
    SELECT json_agg(json_build_object('funder', l.funder, 'amountFen', l.amount_fen::text, 'reason', l.reason, 'at', l.at) ORDER BY l.id)
    FROM ledger_entries l WHERE l.application_id = a.id AND l.kind = 'claw_back'), '[]'::json),
  'documents', COALESCE((
    SELECT json_agg(json_build_object('field', cd.field, 'organisationId', d.organisation_id, 'id', d.id,
      'uploadedById', d.uploaded_by_id, 'name', d.name, 'contentType', d.content_type, 'sizeBytes', d.size_bytes,
      'sha256', d.sha256, 'createdAt', d.created_at) ORDER BY cd.field COLLATE "C")
    FROM case_documents cd JOIN documents d ON d.organisation_id = cd.organisation_id AND d.id = cd.document_id
    WHERE cd.application_id = a.id), '[]'::json)
)`;

/** A record as JSON carries it from PostgreSQL here: timestamps and amounts as text. */
type AsSent<T> = T extends Date | bigint ? string : T extends (infer U)[] ? AsSent<U>[] : T extends object ? { [K in keyof T]: AsSent<T[K]> } : T;

/** The JSON columns, which typedCase parses. */
type JsonColumns = 'form' | 'applicant' | 'assessment' | 'state';

/** CASE_VIEW_JSON as PostgreSQL sends it: the view's record with its JSON columns as they are stored. */
export type CaseViewJson = AsSent<Omit<CaseViewRecord, JsonColumns>> & { [K in JsonColumns]: unknown } & {
  stateVersion: number | null;
  documents: AsSent<CaseDocumentRow>[];
};

/** The raw row typedCase parses: the JSON columns left as they are, everything else typed. */
export type CaseViewRaw = Omit<CaseViewRecord, JsonColumns> & { [K in JsonColumns]: unknown } & {
  stateVersion: number | null;
  documents: CaseDocumentRow[];
};

/**
 * A timestamp as JSON text. The columns are `timestamp` holding UTC, as Prisma writes and reads them, so
 * PostgreSQL writes them with no zone, which JavaScript would read as the process's local time.
 */
const date = (s: string): Date => new Date(/(?:Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`);
const dateOrNull = (s: string | null): Date | null => (s === null ? null : date(s));
const fenOrNull = (s: string | null): bigint | null => (s === null ? null : BigInt(s));

export function fromCaseViewJson(j: CaseViewJson): CaseViewRaw {
  return {
    ...j,
    computedAwardFen: fenOrNull(j.computedAwardFen),
    approvedAwardFen: fenOrNull(j.approvedAwardFen),
    submittedAt: date(j.submittedAt),
    decidedAt: dateOrNull(j.decidedAt),
    events: j.events.map((e) => ({ ...e, at: date(e.at) })),
    paymentOrders: j.paymentOrders.map((p) => ({ ...p, amountFen: BigInt(p.amountFen), createdAt: date(p.createdAt), settledAt: dateOrNull(p.settledAt) })),
    ledger: j.ledger.map((l) => ({ ...l, amountFen: BigInt(l.amountFen), at: date(l.at) })),
    documents: j.documents.map((d) => ({ ...d, createdAt: date(d.createdAt) })),
  };
}
