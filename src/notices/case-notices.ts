// The notices a case's transition raises: what the applicant must know of it (a request for
// information with its deadline, a lapse, a decision, an award), in Chinese and English, amounts in
// yuan, dates as calendar dates in the pack's time zone. Pure: the projection activity writes them in
// the transaction that records the events.
import type { NewNotice } from '../database/notice.repository';
import type { CaseEvent } from '../domain/case/events';
import type { CaseChange } from '../domain/case/records';
import { addCalendarDays, localDate } from '../domain/time';
import { NOTICE_SENTENCES as W } from '../domain/words/notices';
import type { CaseVocabulary } from '../domain/words/case-names';

export interface CaseNoticeContext {
  organisationId: string;
  reference: string;
  vocabulary: CaseVocabulary;
  /** The pack's `rfi.lapseWarningDaysBefore`: how many calendar days before an answer is due to warn; null for none. */
  lapseWarningDays: number | null;
}

export const caseNoticeKey = (caseId: string, eventKey: string): string => `case:${caseId}:${eventKey}`;

export function caseNotices(change: CaseChange, ctx: CaseNoticeContext): NewNotice[] {
  return change.events.flatMap((e) => {
    const common = { organisationId: ctx.organisationId, caseId: change.caseId, createdAt: e.at };
    const n = noticeOf(e, ctx);
    const out: NewNotice[] = n ? [{ ...n, ...common, sourceKey: caseNoticeKey(change.caseId, e.eventKey) }] : [];
    const warning = e.type === 'notice.information_requested' ? lapseWarning(e, ctx) : null;
    if (warning) out.push({ ...warning, ...common, sourceKey: `${caseNoticeKey(change.caseId, e.eventKey)}:lapse-warning` });
    return out;
  });
}

/** Scheduled with the request: shown and sent the pack's days before the answer is due, unless answered by then. */
function lapseWarning(e: Extract<CaseEvent, { type: 'notice.information_requested' }>, ctx: CaseNoticeContext): (Drafted & { notBefore: string }) | null {
  if (ctx.lapseWarningDays === null) return null;
  const due = Date.parse(e.data.answerDueAt);
  const at = addCalendarDays(due, -ctx.lapseWarningDays, ctx.vocabulary.timeZone);
  if (at <= Date.parse(e.at)) return null;
  const ref = ctx.reference;
  const day = localDate(new Date(due), ctx.vocabulary.timeZone);
  const b = ctx.vocabulary.bureauName(e.data.bureauCode);
  return {
    kind: 'lapse_warning',
    notBefore: new Date(at).toISOString(),
    ...W.lapseWarning(ref, day, b),
    data: { answerDueAt: e.data.answerDueAt, requestEventKey: e.eventKey },
  };
}

type Drafted = Pick<NewNotice, 'kind' | 'subject' | 'body' | 'data'>;

function noticeOf(e: CaseEvent, ctx: CaseNoticeContext): Drafted | null {
  const ref = ctx.reference;
  const v = ctx.vocabulary;
  const day = (iso: string): string => localDate(new Date(iso), v.timeZone);
  switch (e.type) {
    case 'notice.information_requested': {
      const b = v.bureauName(e.data.bureauCode);
      const due = day(e.data.answerDueAt);
      return {
        kind: 'information_requested',
        ...W.informationRequested(ref, due, v.timeZone, b, e.data.questions),
        data: { bureauCode: e.data.bureauCode, questions: e.data.questions, answerDueAt: e.data.answerDueAt },
      };
    }
    case 'notice.lapsed':
      return {
        kind: 'lapsed',
        ...W.lapsed(ref, e.data.answerDueAt, v.timeZone),
        data: { answerDueAt: e.data.answerDueAt },
      };
    case 'case.approved': {
      return {
        kind: 'award',
        ...W.approved(ref, BigInt(e.data.approvedAwardFen), e.data.award.lines, e.data.reason),
        data: { approvedAwardFen: e.data.approvedAwardFen },
      };
    }
    case 'case.rejected':
      return {
        kind: 'decision',
        ...W.rejected(ref, e.data.reason),
        data: { decision: 'rejected', reason: e.data.reason },
      };
    case 'case.refused':
      return {
        kind: 'decision',
        ...W.refused(ref, e.data.reasons),
        data: { decision: 'refused', reasons: e.data.reasons },
      };
    case 'notice.rentfree_ending':
      return {
        kind: 'rentfree_ending',
        ...W.rentFreeEnding(ref, e.data.endsOn, { zh: e.data.zh, en: e.data.en }),
        data: { endsOn: e.data.endsOn, daysBeforeEnd: e.data.daysBeforeEnd },
      };
    case 'rentfree.ended':
      return {
        kind: 'rentfree_ended',
        ...W.rentFreeEnded(ref, e.data.endsOn),
        data: { endsOn: e.data.endsOn },
      };
    // The applicant's own acts, and the bureaus' work, which the case detail shows instead.
    case 'case.submitted':
    case 'case.assessed':
    case 'case.information_received':
    case 'rentfree.started':
    case 'case.withdrawn':
    case 'case.lapsed':
    case 'clock.resumed':
    case 'task.opened':
    case 'task.claimed':
    case 'task.unclaimed':
    case 'task.reassigned':
    case 'task.decided':
    case 'task.reminder':
    case 'task.escalated':
    case 'task.cancelled':
      return null;
  }
}
