import { coFundingFor, type Assessment } from '../domain';
import type { Principal } from '../auth/principal';
import type { CaseRecord, EventRow } from '../database/case.repository';
import type { CaseDto } from './application.dto';
import { applicantReason, applicantTimeline } from './applicant-view';

/** A case row as the caller may read it: applicants see what a citizen is told (see ./applicant-view). */
export function toCaseDto(user: Principal, row: CaseRecord): CaseDto {
  const a = row.assessment as Assessment | null;
  const applicant = user.role === 'applicant';
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
    decisionReason: applicant ? applicantReason(row.decisionReason, row.tasks) : row.decisionReason,
    // Once approved, the explanation of what is paid (with any cut and its reason); before, the computed one.
    award: approvedExplanation(row.events) ?? a?.award ?? null,
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
    informationRequest: row.status === 'awaiting_information' ? pendingRequest(row.events) : null,
    timeline: applicant ? applicantTimeline(row.events, row.tasks) : row.events.map((e) => ({ at: e.at.toISOString(), type: e.type, actorId: e.actorId, data: e.data })),
  };
}

function approvedExplanation(events: EventRow[]): Assessment['award'] | null {
  const approved = events.find((e) => e.type === 'case.approved');
  const award = (approved?.data as { award?: Assessment['award'] | null } | undefined)?.award;
  return award ?? null;
}

/** Re-split for the approved amount when the officer approved one, so the two shares always add up to what is paid. */
function coFundingShown(a: Assessment, approvedFen: bigint | null): Assessment['coFunding'] {
  if (!a.coFunding) return null;
  return approvedFen === null ? a.coFunding : coFundingFor(a, approvedFen);
}

/** The latest request notice on the timeline (events come oldest first). */
function pendingRequest(events: EventRow[]): CaseDto['informationRequest'] {
  const notice = [...events].reverse().find((e) => e.type === 'notice.information_requested');
  if (!notice) return null;
  const d = notice.data as { bureauCode: string; questions: string[]; answerDueAt: string };
  return { bureauCode: d.bureauCode, questions: d.questions, requestedAt: notice.at.toISOString(), answerDueAt: d.answerDueAt };
}
