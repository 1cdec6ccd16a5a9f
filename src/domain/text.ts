// What text the service accepts anywhere: a string PostgreSQL (text and jsonb), JSON and a log line
// can all hold unchanged. Pure and zod-free, so the case machine (inside workflows) checks the same
// rule as the API's schemas (src/common/text.ts) before anything reaches a workflow's history.
import { TEXT_SENTENCES } from './words/checks';

export interface TextProblem {
  en: string;
  zh: string;
}

/**
 * Why `s` cannot be stored as it is, or null. Refused: NUL (PostgreSQL text and jsonb cannot hold it),
 * unpaired UTF-16 surrogates (no UTF-8 encoding; they would be silently replaced), and the other C0/C1
 * control characters and DEL, except tab, line feed and carriage return where `multiline` allows them.
 */
export function textProblem(s: string, multiline = false): TextProblem | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return TEXT_SENTENCES.nul();
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return TEXT_SENTENCES.unpairedSurrogate(c);
    }
    if (c >= 0xdc00 && c <= 0xdfff) return TEXT_SENTENCES.unpairedSurrogate(c);
    const control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
    if (control && !(multiline && (c === 0x09 || c === 0x0a || c === 0x0d))) {
      return TEXT_SENTENCES.control(c);
    }
  }
  return null;
}

export const isStorableText = (s: string, multiline = false): boolean => textProblem(s, multiline) === null;
