// What the catalogue says of a sub-type's award before anyone applies: one sentence per rule kind,
// rates as percentages, amounts as integer fen shown in yuan.
import { formatBp, formatYuan, formatYuanEn } from '../fen';
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

const capZh = (cap: bigint | null): string => (cap === null ? '不设金额上限' : `最高 ${formatYuan(cap)}`);
const capEn = (cap: bigint | null): string => (cap === null ? 'no cap' : `at most ${formatYuanEn(cap)}`);

export const AWARD_SUMMARY_SENTENCES = {
  rateOfBase: (base: L, rateBp: number, overrides: readonly { label: L; rateBp: number }[], cap: bigint | null): L => ({
    zh: `按“${base.zh}”的 ${formatBp(rateBp)} 资助${overrides.map((o) => `;${o.label.zh}按 ${formatBp(o.rateBp)}`).join('')},${capZh(cap)}`,
    en: `${formatBp(rateBp)} of “${base.en}”${overrides.map((o) => `; ${o.label.en}: ${formatBp(o.rateBp)}`).join('')}; ${capEn(cap)}`,
  }),
  matching: (base: L, num: number, den: number, cap: bigint | null): L => ({
    zh: `按“${base.zh}” ${num}:${den} 配套,${capZh(cap)}`,
    en: `Matched ${num}:${den} on “${base.en}”; ${capEn(cap)}`,
  }),
  fixed: (amount: bigint): L => ({ zh: `定额奖励 ${formatYuan(amount)}`, en: `A fixed award of ${formatYuanEn(amount)}` }),
  fixedTiers: (field: L, tiers: readonly { label: L; amountFen: bigint }[]): L => ({
    zh: `按${field.zh}一次性资助:${tiers.map((t) => `${t.label.zh} ${formatYuan(t.amountFen)}`).join(',')}`,
    en: `A one-off award by ${field.en}: ${tiers.map((t) => `${t.label.en} ${formatYuanEn(t.amountFen)}`).join(', ')}`,
  }),
  officerSet: (cap: bigint, perYear: boolean): L => ({
    zh: `由审核部门核定金额,${perYear ? '每个单位每年' : ''}最高 ${formatYuan(cap)}`,
    en: `The reviewing bureau sets the amount, at most ${formatYuanEn(cap)}${perYear ? ' per applicant per year' : ''}`,
  }),
  graded: (cap: bigint, rewarded: readonly { label: L; defaultFen: bigint }[]): L => ({
    zh: `按评估等级奖励,最高 ${formatYuan(cap)}:${rewarded.map((g) => `${g.label.zh}默认 ${formatYuan(g.defaultFen)}`).join(',')};其他等级不予奖励`,
    en: `A reward by evaluation grade, at most ${formatYuanEn(cap)}: ${rewarded.map((g) => `${g.label.en} ${formatYuanEn(g.defaultFen)} by default`).join(', ')}; other grades earn nothing`,
  }),
  none: (): L => ({ zh: '本项不涉及资金资助', en: 'No money is awarded under this sub-type' }),
  /** A measure whose sub-types are all filed by a lifecycle (e.g. a key lab's evaluations). */
  noApplications: (): L => ({ zh: '本措施不受理申请', en: 'This measure takes no applications' }),
} as const;
