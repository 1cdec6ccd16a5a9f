// What the notices to an applicant say: a request for information and its deadline, a lapse, a
// decision, an award, a payment, a key lab's evaluation. Amounts arrive as integer fen; days as the
// calendar dates of the pack's time zone, which a Chinese reader calls 北京时间 (zoneWords).
import { formatYuan, formatYuanEn } from '../fen';
import type { LocalizedText } from '../pack/schema';
import { zoneWords } from './index';
import { LAPSE_SENTENCES } from './time';

type L = LocalizedText;

/** A notice's subject and body. */
export interface NoticeWords {
  subject: L;
  body: L;
}

export const NOTICE_SENTENCES = {
  lapseWarning: (ref: string, day: string, bureau: L): NoticeWords => ({
    subject: { zh: `提醒:申请 ${ref} 须于 ${day} 前答复补正要求`, en: `Reminder: answer the request for information on ${ref} by ${day}` },
    body: {
      zh: `${bureau.zh}就您的申请 ${ref} 提出的补正要求尚未答复。请于 ${day} 前答复,否则申请将失效。`,
      en: `The request for information from ${bureau.en} on your application ${ref} has no answer yet. Please answer by ${day}, or the application lapses.`,
    },
  }),
  informationRequested: (ref: string, due: string, timeZone: string, bureau: L, questions: readonly string[]): NoticeWords => {
    const qs = questions.map((q, i) => `${i + 1}. ${q}`).join('\n');
    return {
      subject: { zh: `补正通知:申请 ${ref} 请于 ${due} 前答复`, en: `Request for information on ${ref}: answer by ${due}` },
      body: {
        zh: `${bureau.zh}审核您的申请 ${ref} 时需要补充以下材料,审核时限暂停:\n${qs}\n请于 ${due}(${zoneWords(timeZone).zh})前在申报系统中答复;逾期未答复,申请将失效。`,
        en: `${bureau.en} needs more information to review your application ${ref}; the review clock is paused:\n${qs}\nPlease answer in the portal by ${due} (${zoneWords(timeZone).en}); without an answer by then the application lapses.`,
      },
    };
  },
  lapsed: (ref: string, answerDueAt: string, timeZone: string): NoticeWords => {
    const why = LAPSE_SENTENCES.lapsed(answerDueAt, timeZone);
    return { subject: { zh: `申请 ${ref} 已失效`, en: `Application ${ref} has lapsed` }, body: { zh: `${why.zh}。`, en: `${why.en}.` } };
  },
  approved: (ref: string, amountFen: bigint, lines: readonly L[], reason: string | null | undefined): NoticeWords => ({
    subject: { zh: `申请 ${ref} 已批准:资助 ${formatYuan(amountFen)}`, en: `Application ${ref} approved: an award of ${formatYuanEn(amountFen)}` },
    body: {
      zh: `您的申请 ${ref} 已批准,核定资助 ${formatYuan(amountFen)}。\n计算依据:\n${lines.map((l) => `- ${l.zh}`).join('\n')}${reason ? `\n说明:${reason}` : ''}`,
      en: `Your application ${ref} was approved with an award of ${formatYuanEn(amountFen)}.\nHow it was reached:\n${lines.map((l) => `- ${l.en}`).join('\n')}${reason ? `\nNote: ${reason}` : ''}`,
    },
  }),
  rejected: (ref: string, reason: string): NoticeWords => ({
    subject: { zh: `申请 ${ref} 未通过审核`, en: `Application ${ref} was not approved` },
    body: { zh: `您的申请 ${ref} 未通过审核。理由:${reason}`, en: `Your application ${ref} was not approved. Reason: ${reason}` },
  }),
  refused: (ref: string, reasons: readonly L[]): NoticeWords => ({
    subject: { zh: `申请 ${ref} 不予受理`, en: `Application ${ref} was not accepted` },
    body: {
      zh: `您的申请 ${ref} 不符合申报条件,不予受理:${reasons.map((r) => r.zh).join(';')}`,
      en: `Your application ${ref} does not meet the conditions and was not accepted: ${reasons.map((r) => r.en).join('; ')}`,
    },
  }),
  /** The workflow's own sentence is the body. */
  rentFreeEnding: (ref: string, endsOn: string, body: L): NoticeWords => ({
    subject: { zh: `免租期即将结束:${ref}(${endsOn})`, en: `Rent-free period ending: ${ref} (${endsOn})` },
    body,
  }),
  rentFreeEnded: (ref: string, endsOn: string): NoticeWords => ({
    subject: { zh: `免租期已结束:${ref}`, en: `Rent-free period ended: ${ref}` },
    body: {
      zh: `您的申请 ${ref} 获批的免租期已于 ${endsOn} 结束。`,
      en: `The rent-free period granted on your application ${ref} ended on ${endsOn}.`,
    },
  }),
  paymentCancelled: (ref: string, treasury: L, amountFen: bigint, why: string): NoticeWords => ({
    subject: {
      zh: `申请 ${ref}:${treasury.zh}取消了 ${formatYuan(amountFen)}的支付指令`,
      en: `Application ${ref}: ${treasury.en} cancelled a payment of ${formatYuanEn(amountFen)}`,
    },
    body: {
      zh: `${treasury.zh}已取消您的申请 ${ref} 一笔 ${formatYuan(amountFen)} 的资助款支付指令,该款项不再支付。理由:${why}`,
      en: `${treasury.en} cancelled the payment order of ${formatYuanEn(amountFen)} of the award on your application ${ref}; it will not be paid. Reason: ${why}`,
    },
  }),
  paid: (ref: string, treasury: L, amountFen: bigint): NoticeWords => ({
    subject: {
      zh: `申请 ${ref}:${treasury.zh}已支付资助款 ${formatYuan(amountFen)}`,
      en: `Application ${ref}: ${treasury.en} paid ${formatYuanEn(amountFen)}`,
    },
    body: {
      zh: `${treasury.zh}已向贵单位支付申请 ${ref} 的资助款 ${formatYuan(amountFen)}。`,
      en: `${treasury.en} has paid your organisation ${formatYuanEn(amountFen)} of the award on your application ${ref}.`,
    },
  }),
  labEvaluationDue: (labName: string, cycle: number, opensOn: string, due: string, timeZone: string, bureau: L): NoticeWords => ({
    subject: {
      zh: `重点实验室评估:${labName} 第 ${cycle} 次评估,截止 ${due}`,
      en: `Key lab evaluation due: ${labName}, evaluation ${cycle}, by ${due}`,
    },
    body: {
      zh: `${labName} 的第 ${cycle} 次评估已于 ${opensOn} 开始,由${bureau.zh}评估,须于 ${due}(${zoneWords(timeZone).zh})前完成。请按${bureau.zh}的要求配合评估。`,
      en: `Evaluation ${cycle} of ${labName} opened on ${opensOn}. ${bureau.en} evaluates it by ${due} (${zoneWords(timeZone).en}); please provide what it asks for.`,
    },
  }),
  onlyApplicants: (): L => ({ zh: '通知仅面向申请单位', en: 'notices are for applicant organisations' }),
  noNotice: (): L => ({ zh: '没有该通知', en: 'There is no such notice.' }),
} as const;
