// Amounts travel as strings of integer fen. Converting between what a person types in yuan and
// fen is done on the digits, never through floating point (0.29 * 100 is 28.999999999999996).

const YUAN_INPUT = /^(\d{1,16})(?:\.(\d{0,2}))?$/;

/** "1,234.56" or "1234.5" yuan → "123456" / "123450" fen; null when it is not an amount in yuan. */
export function yuanToFen(input: string): string | null {
  const m = YUAN_INPUT.exec(input.replace(/[,\s，]/g, ''));
  if (!m) return null;
  const digits = `${m[1]}${(m[2] ?? '').padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  return digits;
}

function split(fen: string): { yuan: string; cents: string } {
  const padded = fen.padStart(3, '0');
  return { yuan: padded.slice(0, -2).replace(/^0+(?=\d)/, ''), cents: padded.slice(-2) };
}

/** "123456" → "1234.56": the value an amount field shows for editing. */
export function fenToYuanInput(fen: string): string {
  const { yuan, cents } = split(fen);
  return cents === '00' ? yuan : `${yuan}.${cents}`;
}

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export type Lang = 'zh' | 'en';

/** "123456" → "1,234.56 元" (zh) or "CNY 1,234.56" (en). */
export function formatFen(fen: string | null | undefined, lang: Lang): string {
  if (fen === null || fen === undefined || !/^\d+$/.test(fen)) return '—';
  const { yuan, cents } = split(fen);
  const text = `${group(yuan)}.${cents}`;
  return lang === 'zh' ? `${text} 元` : `CNY ${text}`;
}
