// The lines of an award's explanation (src/domain/award.ts): how the amount was reached, step by step,
// amounts in yuan. Recorded in case histories, so a line's words change only with a new rule version.
import { formatBp, formatYuan, formatYuanEn, type Fen } from '../fen';
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

const y = (f: Fen): L => ({ zh: formatYuan(f), en: formatYuanEn(f) });

export const AWARD_LINES = {
  noCap: (): L => ({ zh: '本项无金额上限', en: 'No cap applies' }),
  aboveCap: (cap: Fen): L => ({
    zh: `超过上限 ${y(cap).zh},按上限核定为 ${y(cap).zh}`,
    en: `Above the cap of ${y(cap).en}, so the award is the cap: ${y(cap).en}`,
  }),
  withinCap: (cap: Fen): L => ({ zh: `未超过上限 ${y(cap).zh}`, en: `Within the cap of ${y(cap).en}` }),
  /** A form field's amount: "label: ¥…". */
  amount: (label: L, fen: Fen): L => ({ zh: `${label.zh}:${y(fen).zh}`, en: `${label.en}: ${y(fen).en}` }),
  requestAboveCap: (cap: Fen): L => ({
    zh: `申请金额超过上限 ${y(cap).zh},以上限为准`,
    en: `The request is above the cap of ${y(cap).en}, so the cap applies`,
  }),
  bureauSets: (upTo: Fen): L => ({ zh: `由审核部门在 ${y(upTo).zh} 以内核定具体金额`, en: `The reviewing bureau sets the amount, up to ${y(upTo).en}` }),
  rate: (rateBp: number, override: L | null): L =>
    override
      ? { zh: `资助比例 ${formatBp(rateBp)}(${override.zh})`, en: `Rate ${formatBp(rateBp)} (${override.en})` }
      : { zh: `资助比例 ${formatBp(rateBp)}`, en: `Rate ${formatBp(rateBp)}` },
  product: (base: Fen, rateBp: number, raw: Fen, floored: boolean): L => ({
    zh: `${y(base).zh} × ${formatBp(rateBp)} = ${y(raw).zh}${floored ? '(不足一分的部分舍去)' : ''}`,
    en: `${y(base).en} × ${formatBp(rateBp)} = ${y(raw).en}${floored ? ' (fractions of a fen dropped)' : ''}`,
  }),
  matched: (num: number, den: number, raw: Fen): L => ({ zh: `按 ${num}:${den} 配套:${y(raw).zh}`, en: `Matched ${num}:${den}: ${y(raw).en}` }),
  fixed: (amount: Fen): L => ({ zh: `定额奖励 ${y(amount).zh}`, en: `Fixed award of ${y(amount).en}` }),
  tier: (option: L, amount: Fen): L => ({ zh: `${option.zh}:一次性资助 ${y(amount).zh}`, en: `${option.en}: one-off award of ${y(amount).en}` }),
  perYearCap: (cap: Fen): L => ({ zh: `每个单位每年最高 ${y(cap).zh}`, en: `At most ${y(cap).en} per applicant per year` }),
  cap: (cap: Fen): L => ({ zh: `最高 ${y(cap).zh}`, en: `At most ${y(cap).en}` }),
  gradeUnrewarded: (grade: L): L => ({ zh: `评估结果为${grade.zh},不予奖励`, en: `Grade "${grade.en}" earns no reward` }),
  gradeRewarded: (grade: L, suggested: Fen, cap: Fen): L => ({
    zh: `评估结果为${grade.zh}:默认奖励 ${y(suggested).zh},审核部门可在 ${y(cap).zh} 以内核定`,
    en: `Grade "${grade.en}": default reward ${y(suggested).en}; the reviewing bureau may set up to ${y(cap).en}`,
  }),
  none: (): L => ({ zh: '本项不涉及资金资助', en: 'No money is awarded under this sub-type' }),
  total: (amount: Fen): L => ({ zh: `核定金额:${y(amount).zh}`, en: `Award: ${y(amount).en}` }),
  cut: (from: Fen, to: Fen, reason: L): L => ({
    zh: `由 ${y(from).zh} 核减为 ${y(to).zh}:${reason.zh}`,
    en: `Reduced from ${y(from).en} to ${y(to).en}: ${reason.en}`,
  }),
} as const;
