// What a request's own schema says of a field it refuses (DTOs under src/**/*.dto.ts). The schema
// library keeps one message per issue, so these read "English / 中文" in one string (`both`).
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

/** One message in both languages, as a DTO schema's issue carries it. */
export const both = (w: L): string => `${w.en} / ${w.zh}`;

export const REQUEST_SENTENCES = {
  startupEvidence: (): L => ({
    zh: '初创企业须提供认定依据',
    en: 'a startup needs its evidence (startupEvidence: the certificate or register entry it rests on)',
  }),
  cycle: (): L => ({ zh: '评估周期须为正整数', en: 'cycle is the evaluation number, 1, 2, 3…' }),
  grade: (): L => ({ zh: '须填写评估结果', en: 'grade is required: excellent, good, pass or fail' }),
  dateRequired: (field: string): L => ({ zh: '须填写日期', en: `${field} is required: a date YYYY-MM-DD` }),
  dateShape: (field: string): L => ({ zh: '日期格式须为 年-月-日', en: `${field} must be a date YYYY-MM-DD` }),
} as const;
