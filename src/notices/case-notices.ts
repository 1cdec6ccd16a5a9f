// The notices a case's transition raises: what the applicant must know of it (a request for
// information with its deadline, a lapse, a decision, an award), in Chinese and English, amounts in
// yuan, dates as calendar dates in the pack's time zone. Pure: the projection activity writes them in
// the transaction that records the events.
import type { NewNotice } from '../database/notice.repository';
import type { CaseEvent } from '../domain/case/events';
import type { CaseChange } from '../domain/case/records';
import { formatYuan, formatYuanEn } from '../domain/fen';
import { addCalendarDays, localDate } from '../domain/time';
import { zoneWords } from '../domain/words';
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
    subject: { zh: `提醒:申请 ${ref} 须于 ${day} 前答复补正要求`, en: `Reminder: answer the request for information on ${ref} by ${day}` },
    body: {
      zh: `${b.zh}就您的申请 ${ref} 提出的补正要求尚未答复。请于 ${day} 前答复,否则申请将失效。`,
      en: `The request for information from ${b.en} on your application ${ref} has no answer yet. Please answer by ${day}, or the application lapses.`,
    },
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
      const qs = e.data.questions.map((q, i) => `${i + 1}. ${q}`).join('\n');
      return {
        kind: 'information_requested',
        subject: { zh: `补正通知:申请 ${ref} 请于 ${due} 前答复`, en: `Request for information on ${ref}: answer by ${due}` },
        body: {
          zh: `${b.zh}审核您的申请 ${ref} 时需要补充以下材料,审核时限暂停:\n${qs}\n请于 ${due}(${zoneWords(v.timeZone).zh})前在申报系统中答复;逾期未答复,申请将失效。`,
          en: `${b.en} needs more information to review your application ${ref}; the review clock is paused:\n${qs}\nPlease answer in the portal by ${due} (${v.timeZone}); without an answer by then the application lapses.`,
        },
        data: { bureauCode: e.data.bureauCode, questions: e.data.questions, answerDueAt: e.data.answerDueAt },
      };
    }
    case 'notice.lapsed':
      return {
        kind: 'lapsed',
        subject: { zh: `申请 ${ref} 已失效`, en: `Application ${ref} has lapsed` },
        body: { zh: `${e.data.zh}。`, en: `${e.data.en}.` },
        data: { answerDueAt: e.data.answerDueAt },
      };
    case 'case.approved': {
      const amount = BigInt(e.data.approvedAwardFen);
      const zhLines = e.data.award.lines.map((l) => `- ${l.zh}`).join('\n');
      const enLines = e.data.award.lines.map((l) => `- ${l.en}`).join('\n');
      return {
        kind: 'award',
        subject: { zh: `申请 ${ref} 已批准:资助 ${formatYuan(amount)}`, en: `Application ${ref} approved: an award of ${formatYuanEn(amount)}` },
        body: {
          zh: `您的申请 ${ref} 已批准,核定资助 ${formatYuan(amount)}。\n计算依据:\n${zhLines}${e.data.reason ? `\n说明:${e.data.reason}` : ''}`,
          en: `Your application ${ref} was approved with an award of ${formatYuanEn(amount)}.\nHow it was reached:\n${enLines}${e.data.reason ? `\nNote: ${e.data.reason}` : ''}`,
        },
        data: { approvedAwardFen: e.data.approvedAwardFen },
      };
    }
    case 'case.rejected':
      return {
        kind: 'decision',
        subject: { zh: `申请 ${ref} 未通过审核`, en: `Application ${ref} was not approved` },
        body: { zh: `您的申请 ${ref} 未通过审核。理由:${e.data.reason}`, en: `Your application ${ref} was not approved. Reason: ${e.data.reason}` },
        data: { decision: 'rejected', reason: e.data.reason },
      };
    case 'case.refused':
      return {
        kind: 'decision',
        subject: { zh: `申请 ${ref} 不予受理`, en: `Application ${ref} was not accepted` },
        body: {
          zh: `您的申请 ${ref} 不符合申报条件,不予受理:${e.data.reasons.map((r) => r.zh).join(';')}`,
          en: `Your application ${ref} does not meet the conditions and was not accepted: ${e.data.reasons.map((r) => r.en).join('; ')}`,
        },
        data: { decision: 'refused', reasons: e.data.reasons },
      };
    case 'notice.rentfree_ending':
      return {
        kind: 'rentfree_ending',
        subject: { zh: `免租期即将结束:${ref}(${e.data.endsOn})`, en: `Rent-free period ending: ${ref} (${e.data.endsOn})` },
        body: { zh: e.data.zh, en: e.data.en },
        data: { endsOn: e.data.endsOn, daysBeforeEnd: e.data.daysBeforeEnd },
      };
    case 'rentfree.ended':
      return {
        kind: 'rentfree_ended',
        subject: { zh: `免租期已结束:${ref}`, en: `Rent-free period ended: ${ref}` },
        body: {
          zh: `您的申请 ${ref} 获批的免租期已于 ${e.data.endsOn} 结束。`,
          en: `The rent-free period granted on your application ${ref} ended on ${e.data.endsOn}.`,
        },
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
