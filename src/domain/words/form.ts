// What a pack form's field refusal says, in both languages, from the field's own label. The schema
// library keeps one message per issue, so the form's schema carries the English and the validator
// finds the Chinese beside it (src/domain/pack/forms.ts).
import { formatYuan, formatYuanEn } from '../fen';
import type { LocalizedText } from '../pack/schema';
import type { TextProblem } from '../text';

type L = LocalizedText;

export const FIELD_SENTENCES = {
  atLeastYuan: (f: L, fen: bigint): L => ({ zh: `${f.zh}不得少于 ${formatYuan(fen)}`, en: `${f.en} must be at least ${formatYuanEn(fen)}` }),
  atMostYuan: (f: L, fen: bigint): L => ({ zh: `${f.zh}不得超过 ${formatYuan(fen)}`, en: `${f.en} must be at most ${formatYuanEn(fen)}` }),
  wholeNumber: (f: L): L => ({ zh: `${f.zh}须为整数`, en: `${f.en} must be a whole number` }),
  atLeast: (f: L, n: number): L => ({ zh: `${f.zh}不得小于 ${n}`, en: `${f.en} must be at least ${n}` }),
  atMost: (f: L, n: number): L => ({ zh: `${f.zh}不得大于 ${n}`, en: `${f.en} must be at most ${n}` }),
  text: (f: L): L => ({ zh: `${f.zh}须为文字`, en: `${f.en} must be text` }),
  notEmpty: (f: L): L => ({ zh: `${f.zh}不能为空`, en: `${f.en} must not be empty` }),
  notBlank: (f: L): L => ({ zh: `${f.zh}不能只有空白`, en: `${f.en} must not be blank` }),
  tooLong: (f: L, max: number): L => ({ zh: `${f.zh}过长(最多 ${max} 个字)`, en: `${f.en} is too long (at most ${max} characters)` }),
  unstorable: (f: L, p: TextProblem): L => ({ zh: `${f.zh}${p.zh}`, en: `${f.en} ${p.en}` }),
  dateShape: (f: L): L => ({ zh: `${f.zh}须为日期,格式为 年-月-日`, en: `${f.en} must be a date written YYYY-MM-DD` }),
  notACalendarDate: (f: L): L => ({ zh: `${f.zh}不是有效的日期`, en: `${f.en} is not a real calendar date` }),
  dateRange: (f: L, from: number, to: number): L => ({ zh: `${f.zh}须在 ${from} 年至 ${to} 年之间`, en: `${f.en} must be a date between ${from} and ${to}` }),
  monthShape: (f: L): L => ({ zh: `${f.zh}须为月份,格式为 年-月`, en: `${f.en} must be a month written YYYY-MM` }),
  monthRange: (f: L, from: number, to: number): L => ({ zh: `${f.zh}须在 ${from} 年至 ${to} 年之间`, en: `${f.en} must be a month between ${from} and ${to}` }),
  yesOrNo: (f: L): L => ({ zh: `${f.zh}须选择“是”或“否”`, en: `${f.en} must be true or false` }),
  /** Only a client other than the pages (which offer the options) can send another value: the English names the codes it may send. */
  oneOf: (f: L, options: readonly { value: string; label: L }[]): L => ({
    zh: `${f.zh}须为以下之一:${options.map((o) => o.label.zh).join('、')}`,
    en: `${f.en} must be one of: ${options.map((o) => o.value).join(', ')}`,
  }),
  document: (f: L): L => ({ zh: `${f.zh}须为已上传的文件`, en: `${f.en} must be a document reference (the id of an uploaded file)` }),
  documentTooLong: (f: L): L => ({ zh: `${f.zh}不是已上传的文件`, en: `${f.en} is not a document reference (too long)` }),
} as const;

/** What a pack's cross-field form rule says; `receivedOn` is the placeholder the validator fills with the day of receipt. */
export const FORM_RULE_SENTENCES = {
  notAfterReceipt: (f: L, receivedOn: string): L => ({
    zh: `${f.zh}不得晚于申请受理日期（${receivedOn}）`,
    en: `“${f.en}” cannot be later than the day the application is received (${receivedOn})`,
  }),
  notLaterThan: (f: L, o: L): L => ({ zh: `${f.zh}不得晚于${o.zh}`, en: `“${f.en}” cannot be later than “${o.en}”` }),
  notMoreThan: (f: L, o: L): L => ({ zh: `${f.zh}不得大于${o.zh}`, en: `“${f.en}” cannot exceed “${o.en}”` }),
} as const;
