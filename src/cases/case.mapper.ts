// A case as the caller may read it, from the case's state and its pack's names: applicants see what a
// citizen is told (see ./applicant-view). The timeline lists the stored events; every other field is
// the state's.
import { coFundingFor, type Assessment } from '../domain';
import type { Actor } from '../domain/access';
import type { CaseState } from '../domain/case/machine';
import type { TaskRecord } from '../domain/case/records';
import type { Routing } from '../domain/case/plan';
import { CASE_STATUS_WORDS, DECISION_WORDS, eventWords, ORDER_STATUS_WORDS, TASK_STATUS_WORDS } from '../domain/words';
import { DECISION_REASON_SENTENCES, eventSentence } from '../domain/words/case';
import type { CaseViewRecord, EventRow } from '../database/case.repository';
import type { CaseDto, TimelineEntryDto } from './case.dto';
import { applicantTimeline } from './applicant-view';
import { readCaseEvent } from './case-events.schema';
import type { CaseNames } from '../domain/words/case-names';
import { caseProgress } from './case-view';

/**
 * The full timeline staff read. An event matching no version this code reads (none should exist) is
 * listed as stored; the applicant's timeline leaves it out, as it leaves out anything unknown.
 */
export function staffTimeline(rows: EventRow[], names: CaseNames): TimelineEntryDto[] {
  return rows.map((row) => {
    const event = readCaseEvent(row);
    return event
      ? { at: event.at, type: event.type, typeLabel: eventWords(event.type), actorId: event.actorId, data: event.data, text: eventSentence(event, names) }
      : { at: row.at.toISOString(), type: row.type, typeLabel: eventWords(row.type), actorId: row.actorId, data: row.data, text: null };
  });
}

/** A task of the state as lists show it: a task being decided is still claimed to everyone else. */
export function caseTask(t: TaskRecord, names: CaseNames): CaseDto['tasks'][number] {
  const status = t.status === 'deciding' ? 'claimed' : t.status;
  return {
    id: t.taskId,
    bureauCode: t.bureauCode,
    bureauCodeLabel: names.bureau(t.bureauCode),
    stage: t.stage,
    stageLabel: names.stage(t.stage),
    status,
    statusLabel: TASK_STATUS_WORDS[status],
    createdAt: t.createdAt,
    dueAt: t.dueAt,
    completedAt: t.completedAt,
    decision: t.decision,
    decisionLabel: t.decision === null ? null : DECISION_WORDS[t.decision],
  };
}

export function routingShown(r: Routing, names: CaseNames): NonNullable<CaseDto['routing']> {
  return {
    lead: r.lead,
    leadLabel: names.bureau(r.lead),
    coReviewers: r.coReviewers,
    coReviewersLabels: r.coReviewers.map((b) => names.bureau(b)),
    district: r.district,
    districtLabel: r.district === null ? null : names.bureau(r.district),
  };
}

/** The ids of the files the applicant sent with its answers, for their names. */
export const answerDocumentIds = (s: CaseState): string[] => [...new Set(s.answeredRequests.flatMap((r) => r.documentIds))];

/**
 * Every request for information, from the state's returned tasks, with the applicant's answer and the
 * files sent with it (by name; `files` holds the names of `answerDocumentIds`; a view without them lists none).
 */
export function informationRounds(s: CaseState, names: CaseNames, files: ReadonlyMap<string, string> = new Map()): CaseDto['informationRounds'] {
  return s.tasks
    .filter((t) => t.decision === 'return')
    .map((t) => {
      const answer = s.answeredRequests.find((r) => r.taskId === t.taskId);
      return {
        taskId: t.taskId,
        bureauCode: t.bureauCode,
        bureauCodeLabel: names.bureau(t.bureauCode),
        questions: t.questions ?? [],
        requestedAt: t.completedAt ?? t.createdAt,
        answerDueAt: answer?.answerDueAt ?? (s.rfi?.taskId === t.taskId ? s.rfi.answerDueAt : null),
        answeredAt: answer?.answeredAt ?? null,
        answers: answer?.answers ?? null,
        documents: (answer?.documentIds ?? []).flatMap((id) => {
          const name = files.get(id);
          return name === undefined ? [] : [{ id, name }];
        }),
      };
    });
}

/** The co-funded split of what is paid: re-split for the approved amount, so the two shares always add up. */
export function coFundingShown(a: Assessment, approvedFen: string | null, names: CaseNames): CaseDto['coFunding'] {
  if (!a.coFunding) return null;
  const split = approvedFen === null ? a.coFunding : coFundingFor(a, BigInt(approvedFen));
  return split && { ...split, districtBureauLabel: names.bureau(split.districtBureau) };
}

/** The internal reason staff also read: the deciding approval's override reason. */
function internalReason(s: CaseState): string | null {
  const decides = new Set((s.assessment?.reviewPlan ?? []).filter((st) => st.decides).map((st) => st.code));
  return s.tasks.find((t) => t.decision === 'approve' && decides.has(t.stage))?.overrideReason ?? null;
}

/** A refusal's reason is the conditions not met, in both languages; any other is what an officer wrote. */
function reasonWords(s: CaseState, written: string | null): Pick<CaseDto, 'decisionReasonWords' | 'decisionReasonWritten'> {
  const unmet = s.status === 'refused' ? (s.assessment?.ineligibility ?? []) : [];
  if (unmet.length > 0) return { decisionReasonWords: DECISION_REASON_SENTENCES.refused(unmet), decisionReasonWritten: false };
  return { decisionReasonWords: written === null ? null : { zh: written, en: written }, decisionReasonWritten: written !== null };
}

/** `applicant` is the caller when it is the applicant organisation (its actions are then worked out); null for staff. */
export function toCaseDto(row: CaseViewRecord, names: CaseNames, applicant: Actor | null, files?: ReadonlyMap<string, string>): CaseDto {
  const s = row.state;
  const a = s.assessment;
  const approvedFen = s.outcome?.approvedAwardFen ?? null;
  const publicReason = s.outcome?.reason ?? null;
  return {
    id: row.id,
    reference: row.reference,
    status: s.status,
    statusLabel: CASE_STATUS_WORDS[s.status],
    packId: row.packId,
    packVersion: row.packVersion,
    measureCode: row.measureCode,
    measureCodeLabel: names.measure,
    subtypeCode: row.subtypeCode,
    subtypeCodeLabel: names.subtype,
    organisationId: row.organisationId,
    organisationName: row.applicant?.name ?? null,
    form: row.form,
    submittedAt: row.submittedAt.toISOString(),
    decidedAt: s.outcome?.decidedAt ?? null,
    computedAwardFen: a?.award.amountFen ?? null,
    approvedAwardFen: approvedFen,
    // The public reason; staff also read the internal one (an override) when there is no public one.
    decisionReason: applicant ? publicReason : (publicReason ?? internalReason(s)),
    ...reasonWords(s, applicant ? publicReason : (publicReason ?? internalReason(s))),
    // Once approved, the explanation of what is paid (with any cut and its reason); before, the computed one.
    award: s.approved?.award ?? a?.award ?? null,
    ineligibility: a?.ineligibility ?? [],
    routing: a ? routingShown(a.routing, names) : null,
    coFunding: a ? coFundingShown(a, approvedFen, names) : null,
    tasks: s.tasks.map((t) => caseTask(t, names)),
    informationRequest: s.rfi && {
      bureauCode: s.rfi.bureauCode,
      bureauCodeLabel: names.bureau(s.rfi.bureauCode),
      questions: s.rfi.questions,
      requestedAt: s.rfi.requestedAt,
      answerDueAt: s.rfi.answerDueAt,
    },
    informationRounds: informationRounds(s, names, files),
    timeline: applicant ? applicantTimeline(row.events, s.tasks, names) : staffTimeline(row.events, names),
    budgetYear: row.budgetYear,
    labId: names.designatesLab && s.status === 'approved' ? row.id : null,
    progress: caseProgress(s, row.paymentOrders, names, applicant),
    doubleBenefit: row.doubleBenefit,
    payments: {
      orders: row.paymentOrders.map((o) => ({
        orderId: o.id,
        funder: o.funder,
        funderLabel: names.treasury(o.funder),
        amountFen: o.amountFen.toString(),
        status: o.status,
        statusLabel: ORDER_STATUS_WORDS[o.status],
        issuedAt: o.createdAt.toISOString(),
        settledAt: o.settledAt?.toISOString() ?? null,
      })),
      recoveredFen: row.ledger.reduce((sum, r) => sum + r.amountFen, 0n).toString(),
      recoveries: row.ledger.map((r) => ({
        funder: r.funder,
        funderLabel: names.treasury(r.funder),
        amountFen: r.amountFen.toString(),
        reason: r.reason ?? '',
        at: r.at.toISOString(),
      })),
    },
  };
}
