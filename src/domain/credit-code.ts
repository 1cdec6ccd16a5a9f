// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from 31 (digits
// and capitals without I, O, Z, S, V): registration authority, organisation type, the 6-digit
// administrative division, the 9-character organisation code (GB 11714), and a check character.
import { CREDIT_CODE_SENTENCES } from './words/checks';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// Weight of position i is 3^i mod 31.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters of a code, or null when one of them is not in the charset. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return CHARSET[(31 - (sum % 31)) % 31]!;
}

export type CreditCodeProblem = 'length' | 'charset' | 'division' | 'checkCharacter';

/** Why a code (already trimmed and upper-cased) is not a unified social credit code, or null when it is one. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!CHARSET.includes(ch)) return 'charset';
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return 'division';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'checkCharacter';
}

export const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, { en: string; zh: string }> = CREDIT_CODE_SENTENCES;
