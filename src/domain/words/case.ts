// The sentences a person reads about a case: its progress, what it waits for, what they may do, and
// one line per timeline event. Codes are named before they get here (bureaus, stages); dates arrive
// as calendar days in the pack's zone and amounts as integer fen.
import type { Reason } from '../award';
import type { CaseEvent } from '../case/events';
import { formatYuan, formatYuanEn } from '../fen';
import type { LocalizedText } from '../pack/schema';
import { localDate } from '../time';
import { DECISION_WORDS } from './index';
import { LAPSE_SENTENCES } from './time';

type L = LocalizedText;
const join = (xs: L[], zhSep = '、', enSep = ', '): L => ({ zh: xs.map((x) => x.zh).join(zhSep), en: xs.map((x) => x.en).join(enSep) });

/** The applicant, as the applicant's own pages name it. */
export const YOU: L = { zh: '申请单位(您)', en: 'you, the applicant' };

export const CASE_SENTENCES = {
  received: (): L => ({
    zh: '申请已收到,系统正在进行资格审查并确定审核部门。',
    en: 'Your application was received; eligibility is being checked and the reviewing bureaus assigned.',
  }),
  underReview: (who: L[], dueDay: string | null): L => {
    const names = who.length > 0 ? join(who) : { zh: '审核部门', en: 'the reviewing bureaus' };
    return {
      zh: `正在由${names.zh}审核${dueDay ? `,预计于 ${dueDay} 前办结` : ''}。`,
      en: `Under review by ${names.en}${dueDay ? `, due by ${dueDay}` : ''}.`,
    };
  },
  awaitingAnswer: (bureau: L, dueDay: string): L => ({
    zh: `${bureau.zh}要求补正材料,审核时限暂停;请于 ${dueDay} 前答复,逾期申请将失效。`,
    en: `${bureau.en} asked for more information and the review clock is paused; answer by ${dueDay} or the application lapses.`,
  }),
  approved: (day: string, amountFen: bigint, payment: L | null): L => ({
    zh: `已于 ${day} 批准,核定资助 ${formatYuan(amountFen)}${payment ? `;${payment.zh}` : ''}。`,
    en: `Approved on ${day}: an award of ${formatYuanEn(amountFen)}${payment ? `; ${payment.en}` : ''}.`,
  }),
  rejected: (day: string, reason: string | null): L => ({
    zh: `已于 ${day} 作出不予通过的决定${reason ? `,理由:${reason}` : ''}。`,
    en: `Not approved on ${day}${reason ? `; reason: ${reason}` : ''}.`,
  }),
  withdrawn: (): L => ({ zh: '申请已撤回,审核已终止。', en: 'The application was withdrawn; its review has ended.' }),
  lapsed: (): L => ({ zh: '未在期限内答复补正要求,申请已失效。', en: 'No answer to the request for information arrived in time, so the application lapsed.' }),
  refused: (reasons: Reason[]): L => ({
    zh: `不符合申报条件,不予受理${reasons.length ? `:${reasons.map((r) => r.zh).join(';')}` : ''}。`,
    en: `Not accepted: the application does not meet the conditions${reasons.length ? ` (${reasons.map((r) => r.en).join('; ')})` : ''}.`,
  }),
  pendingAnswer: (bureau: L): L => ({ zh: `答复${bureau.zh}的补正要求`, en: `answer the request for information from ${bureau.en}` }),
  pendingPayment: (amountFen: bigint): L => ({ zh: `支付 ${formatYuan(amountFen)}`, en: `pay ${formatYuanEn(amountFen)}` }),
  answerAction: (dueDay: string): L => ({ zh: `答复补正要求(截止 ${dueDay})`, en: `Answer the request for information (by ${dueDay})` }),
  withdrawAction: (): L => ({ zh: '在作出决定前撤回申请', en: 'Withdraw the application before it is decided' }),
  claimAction: (): L => ({ zh: '认领本任务', en: 'Claim this task' }),
  unclaimAction: (): L => ({ zh: '释放本任务', en: 'Release this task' }),
  decideAction: (): L => ({ zh: '提交审核意见', en: 'Decide this task' }),
} as const;

/** A decision's reason, as the case page gives it. */
export const DECISION_REASON_SENTENCES = {
  /** An approved amount cut to the grade's default (a key lab's reward). */
  gradeDefault: (): L => ({ zh: '按评估等级的默认金额核定', en: 'set at the default amount for the grade' }),
  refused: (reasons: readonly Reason[]): L => ({ zh: reasons.map((r) => r.zh).join(';'), en: reasons.map((r) => r.en).join('; ') }),
} as const;

/** Where an award's money is: paid, waiting for a treasury, or cancelled. */
export const PAYMENT_SENTENCES = {
  allPaid: (paid: bigint): L => ({ zh: `已全额支付 ${formatYuan(paid)}`, en: `all ${formatYuanEn(paid)} has been paid` }),
  parts: (paid: bigint, issued: bigint, cancelled: bigint): L =>
    join(
      [
        ...(paid > 0n ? [{ zh: `已支付 ${formatYuan(paid)}`, en: `${formatYuanEn(paid)} paid` }] : []),
        ...(issued > 0n ? [{ zh: `${formatYuan(issued)} 待财政支付`, en: `${formatYuanEn(issued)} waiting for the treasury to pay` }] : []),
        ...(cancelled > 0n ? [{ zh: `${formatYuan(cancelled)} 的支付指令已取消`, en: `an order of ${formatYuanEn(cancelled)} was cancelled` }] : []),
      ],
      ',',
      ', ',
    ),
} as const;

/** What a timeline line needs named: bureaus and stages, and the zone its days are read in. */
export interface TimelineNames {
  timeZone: string;
  bureau(code: string): L;
  stage(code: string): L;
}

/** One line a person reads for a timeline event, or null for events no line is written for. */
export function eventSentence(e: CaseEvent, n: TimelineNames): L | null {
  const day = (iso: string): string => localDate(new Date(iso), n.timeZone);
  switch (e.type) {
    case 'case.submitted':
      return { zh: '提交申请', en: 'Application submitted' };
    case 'case.assessed':
      return e.data.eligible
        ? {
            zh: `资格审查通过,测算资助 ${formatYuan(BigInt(e.data.computedAwardFen))}`,
            en: `Eligibility checked: computed award ${formatYuanEn(BigInt(e.data.computedAwardFen))}`,
          }
        : { zh: '资格审查未通过', en: 'Eligibility check failed' };
    case 'case.refused':
      return { zh: `不予受理:${e.data.reasons.map((r) => r.zh).join(';')}`, en: `Not accepted: ${e.data.reasons.map((r) => r.en).join('; ')}` };
    case 'task.opened': {
      const b = n.bureau(e.data.bureauCode);
      const s = n.stage(e.data.stage);
      return { zh: `${b.zh}开始${s.zh},办理时限 ${day(e.data.dueAt)}`, en: `${b.en} started: ${s.en}, due by ${day(e.data.dueAt)}` };
    }
    case 'task.decided': {
      const b = n.bureau(e.data.bureauCode);
      const s = n.stage(e.data.stage);
      const d = DECISION_WORDS[e.data.decision];
      // Mid-sentence, the English word is not capitalised.
      return { zh: `${b.zh}(${s.zh}):${d.zh}`, en: `${b.en} (${s.en}): ${d.en.toLowerCase()}` };
    }
    case 'task.cancelled': {
      const b = n.bureau(e.data.bureauCode);
      return { zh: `${b.zh}的审核因本案结束而终止`, en: `${b.en}'s review ended with the case` };
    }
    case 'notice.information_requested': {
      const b = n.bureau(e.data.bureauCode);
      return {
        zh: `${b.zh}要求补正材料,请于 ${day(e.data.answerDueAt)} 前答复`,
        en: `${b.en} asked for more information; answer by ${day(e.data.answerDueAt)}`,
      };
    }
    case 'case.information_received':
      return { zh: '已提交补正材料,审核恢复', en: 'Your answer was received; the review resumed' };
    case 'case.approved': {
      const rf = e.data.rentFree;
      return {
        zh: `批准,核定资助 ${formatYuan(BigInt(e.data.approvedAwardFen))}${rf ? `;核定免租期 ${rf.months} 个月(申请 ${rf.requestedMonths} 个月)` : ''}`,
        en: `Approved: an award of ${formatYuanEn(BigInt(e.data.approvedAwardFen))}${rf ? `; a rent-free period of ${rf.months} months granted (${rf.requestedMonths} asked)` : ''}`,
      };
    }
    case 'case.rejected':
      return { zh: `不予通过:${e.data.reason}`, en: `Not approved: ${e.data.reason}` };
    case 'case.withdrawn':
      return { zh: '申请已撤回', en: 'Application withdrawn' };
    case 'notice.lapsed':
      return LAPSE_SENTENCES.lapsed(e.data.answerDueAt, n.timeZone);
    case 'case.lapsed':
      return { zh: '申请已失效', en: 'Application lapsed' };
    case 'rentfree.started':
      return { zh: `免租期开始:${e.data.months} 个月,至 ${e.data.endsOn}`, en: `Rent-free period began: ${e.data.months} months, to ${e.data.endsOn}` };
    case 'notice.rentfree_ending':
      return { zh: e.data.zh, en: e.data.en };
    case 'rentfree.ended':
      return { zh: `免租期已于 ${e.data.endsOn} 结束`, en: `Rent-free period ended on ${e.data.endsOn}` };
    case 'task.claimed':
    case 'task.unclaimed':
    case 'task.reassigned':
    case 'task.reminder':
    case 'task.escalated':
    case 'clock.resumed':
      return null;
  }
}
