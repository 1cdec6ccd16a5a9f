// What the shape checks say of a value they refuse: a unified social credit code, a string no store can
// hold unchanged. Plain TypeScript: the case machine (inside workflows) uses the text check too.
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

/** U+0000 … U+FFFF as Unicode writes a code unit. */
const hex = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

export const CREDIT_CODE_SENTENCES = {
  length: { en: 'a unified social credit code has 18 characters', zh: '统一社会信用代码应为 18 位' },
  charset: {
    en: 'a unified social credit code has only digits and capital letters other than I, O, Z, S and V',
    zh: '统一社会信用代码只含数字和除 I、O、Z、S、V 以外的大写字母',
  },
  division: {
    en: 'characters 3 to 8 of a unified social credit code are the administrative division, 6 digits',
    zh: '统一社会信用代码第 3 至 8 位为行政区划代码（6 位数字）',
  },
  checkCharacter: { en: 'the check character (the 18th) does not match: the code is mistyped', zh: '校验码（第 18 位）不符，代码有误' },
} as const satisfies Record<string, L>;

export const TEXT_SENTENCES = {
  nul: (): L => ({ en: 'must not contain the NUL character (U+0000)', zh: '不得包含空字符(U+0000)' }),
  unpairedSurrogate: (c: number): L => ({ en: `must not contain an unpaired surrogate (${hex(c)})`, zh: `不得包含不成对的代理码元(${hex(c)})` }),
  control: (c: number): L => ({ en: `must not contain the control character ${hex(c)}`, zh: `不得包含控制字符 ${hex(c)}` }),
} as const;
