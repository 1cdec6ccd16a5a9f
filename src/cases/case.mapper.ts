import { coFundingFor, type Assessment } from '../domain';
import type { Principal } from '../auth/principal';
import type { CaseRecord, EventRow } from '../database/case.repository';
import type { CaseEvent } from '../domain/case/events';
import type { CaseDto } from './case.dto';
import { applicantTimeline, type TimelineEntry } from './applicant-view';
import { readCaseEvent } from './case-events.schema';
import { caseProgress, describeEvent, type CaseVocabulary } from './case-progress';

type Typed = { row: EventRow; event: CaseEvent | null };
const typed = (rows: EventRow[]): Typed[] => rows.map((row) => ({ row, event: readCaseEvent(row) }));
const readable = (events: Typed[]): CaseEvent[] => events.flatMap((e) => (e.event ? [e.event] : []));

/**
 * The full timeline staff read. An event matching no version this code reads (none should exist) is
 * shown to them as stored; the applicant's timeline leaves it out, as it leaves out anything unknown.
 */
export function staffTimeline(rows: EventRow[], vocabulary?: CaseVocabulary): TimelineEntry[] {
  return typed(rows).map(({ row, event }) =>
    event
      ? { at: event.at, type: event.type, actorId: event.actorId, data: event.data, ...(vocabulary ? { text: describeEvent(event, vocabulary) } : {}) }
      : { at: row.at.toISOString(), type: row.type, actorId: row.actorId, data: row.data },
  );
}

/** A case row as the caller may read it: applicants see what a citizen is told (see ./applicant-view). */
export function toCaseDto(user: Principal, row: CaseRecord, vocabulary: CaseVocabulary): CaseDto {
  const a = row.assessment as Assessment | null;
  const applicant = user.role === 'applicant';
  const events = readable(typed(row.events));
  const approved = events.find((e) => e.type === 'case.approved');
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    packId: row.packId,
    packVersion: row.packVersion,
    measureCode: row.measureCode,
    subtypeCode: row.subtypeCode,
    organisationId: row.organisationId,
    form: row.form,
    submittedAt: row.submittedAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    computedAwardFen: row.computedAwardFen?.toString() ?? null,
    approvedAwardFen: row.approvedAwardFen?.toString() ?? null,
    // The row holds only the public reason; staff also read the internal one (an override) when there is no public one.
    decisionReason: applicant ? row.decisionReason : (row.decisionReason ?? approved?.data.internalReason ?? null),
    // Once approved, the explanation of what is paid (with any cut and its reason); before, the computed one.
    award: approved?.data.award ?? a?.award ?? null,
    ineligibility: a?.ineligibility ?? [],
    routing: a?.routing ?? null,
    coFunding: a ? coFundingShown(a, row.approvedAwardFen) : null,
    tasks: row.tasks.map((t) => ({
      id: t.id,
      bureauCode: t.bureauCode,
      stage: t.stage,
      status: t.status,
      createdAt: t.createdAt.toISOString(),
      dueAt: t.dueAt?.toISOString() ?? null,
      completedAt: t.completedAt?.toISOString() ?? null,
      decision: t.decision,
    })),
    informationRequest: row.status === 'awaiting_information' ? pendingRequest(events) : null,
    timeline: applicant ? applicantTimeline(events, row.tasks, vocabulary) : staffTimeline(row.events, vocabulary),
    budgetYear: row.budgetYear,
    labId: vocabulary.designatesLab && row.status === 'approved' ? row.id : null,
    progress: caseProgress({ ...row, events }, vocabulary, applicant),
    doubleBenefit: row.doubleBenefit,
    payments: {
      orders: row.paymentOrders.map((o) => ({
        orderId: o.id,
        funder: o.funder,
        amountFen: o.amountFen.toString(),
        status: o.status,
        issuedAt: o.createdAt.toISOString(),
        settledAt: o.settledAt?.toISOString() ?? null,
      })),
      recoveredFen: row.ledger.reduce((sum, r) => sum + r.amountFen, 0n).toString(),
      recoveries: row.ledger.map((r) => ({ funder: r.funder, amountFen: r.amountFen.toString(), reason: r.reason ?? '', at: r.at.toISOString() })),
    },
  };
}

/** Re-split for the approved amount when the officer approved one, so the two shares always add up to what is paid. */
function coFundingShown(a: Assessment, approvedFen: bigint | null): Assessment['coFunding'] {
  if (!a.coFunding) return null;
  return approvedFen === null ? a.coFunding : coFundingFor(a, approvedFen);
}

/** The latest request notice on the timeline (events come oldest first). */
function pendingRequest(events: CaseEvent[]): CaseDto['informationRequest'] {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'notice.information_requested')
      return { bureauCode: e.data.bureauCode, questions: e.data.questions, requestedAt: e.at, answerDueAt: e.data.answerDueAt };
  }
  return null;
}
