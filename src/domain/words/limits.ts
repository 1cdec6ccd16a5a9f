// The sentences about cumulative limits and what stands in the way of a final approval: the line an
// assessment adds when a limit cuts or leaves nothing, the note on a possible double benefit, and the
// one refusal that lists every obstacle at once. Amounts arrive as integer fen; no field names.
import { formatYuan, formatYuanEn } from '../fen';
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

export const LIMIT_SENTENCES = {
  /** An assessment's reason for refusing a case no limit leaves anything for. */
  nothingLeft: (label: L, capFen: bigint, priorFen: bigint): L => ({
    zh: `${label.zh}:上限 ${formatYuan(capFen)},此前已获 ${formatYuan(priorFen)},已无余额,本次申请不能获得资助`,
    en: `${label.en}: cap ${formatYuanEn(capFen)}, ${formatYuanEn(priorFen)} already awarded, nothing is left, so this application can receive nothing`,
  }),
  /** A final approval's obstacle: a limit that has nothing left now (it may have moved since the assessment). */
  reachedNow: (label: L, capFen: bigint, priorFen: bigint): L => ({
    zh: `${label.zh}:上限 ${formatYuan(capFen)},现已获 ${formatYuan(priorFen)},已无余额,不能再予资助`,
    en: `${label.en}: cap ${formatYuanEn(capFen)}, ${formatYuanEn(priorFen)} now awarded, nothing is left`,
  }),
  /** A limit refusal's line when nothing at all is left under it: the officer may reject. */
  nothingLeftReject: (label: L, capFen: bigint, priorFen: bigint): L => ({
    zh: `${label.zh}:上限 ${formatYuan(capFen)},此前已获 ${formatYuan(priorFen)},已无余额,不能再予资助;可不予通过`,
    en: `${label.en}: cap ${formatYuanEn(capFen)}, ${formatYuanEn(priorFen)} already awarded, nothing is left; reject the application`,
  }),
  /** The line an assessment adds to the award when the applicant has other cases for the same project and kind. */
  possibleDoubleBenefit: (references: string[]): L => ({
    zh: `同一项目已有同类资助申请或资助(${references.join('、')}),可能构成重复享受:审定时须说明批准理由`,
    en: `the same project already has a same-kind application or award (${references.join(', ')}): a possible double benefit, so a final approval must state its reason`,
  }),
  /** Every obstacle to a final approval in one refusal; one obstacle is said as it is. */
  approvalBlocked: (parts: L[]): L =>
    parts.length === 1
      ? parts[0]!
      : {
          zh: `不能批准,须先解决以下 ${parts.length} 个问题:${parts.map((p, i) => `(${i + 1})${p.zh}`).join(';')}`,
          en: `The approval cannot go through until all of these are resolved: ${parts.map((p, i) => `(${i + 1}) ${p.en}`).join('; ')}`,
        },
} as const;
