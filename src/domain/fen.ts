// Integer-fen arithmetic and formatting. Plain TypeScript with no schema library, so the case machine
// and the workflow bundle can carry it; the zod wire format lives in ./money.

/** Money is integer fen (分). Never a JS number: 2^53 fen is only ~90 trillion yuan, and floats round. */
export type Fen = bigint;

export const FEN_PATTERN = /^(0|[1-9][0-9]{0,17})$/;
/** 18 digits: far above any budget, far below what a signed 64-bit database column holds. */
export const MAX_FEN = 999_999_999_999_999_999n;

/** Why a value is not a wire-format amount, in words an applicant can act on. */
export function explainBadFen(input: unknown): string {
  if (input === undefined) return 'amount is required (a string of integer fen, e.g. "150000" for 1,500.00 yuan)';
  if (typeof input === 'number' || typeof input === 'bigint') {
    const hint = describeNumber(input);
    return hint === null
      ? 'amount must be a string of whole fen, not a JSON number (1 yuan = 100 fen; "12.34" yuan is sent as "1234")'
      : `amount must be a string of integer fen, not a JSON number: send "${hint}"`;
  }
  if (typeof input !== 'string') return `amount must be a string of integer fen, got ${input === null ? 'null' : typeof input}`;
  const s = input;
  if (s.trim() === '') return 'amount must not be empty';
  if (s !== s.trim()) return 'amount must not contain spaces';
  if (s.startsWith('-')) return 'amount must not be negative';
  if (s.startsWith('+')) return 'amount must be plain digits, without a sign';
  if (/[eE]/.test(s)) return 'amount must be plain digits: exponent notation (e.g. "1e6") is not accepted';
  if (s.includes('.')) return 'amount must be whole fen with no decimal point (1 yuan = 100 fen; "12.34" yuan is "1234")';
  if (s.includes(',') || s.includes('_')) return 'amount must be plain digits, without thousands separators';
  if (/^0[0-9]/.test(s)) return 'amount must not have leading zeros';
  if (/^[0-9]+$/.test(s)) return 'amount is too large (at most 18 digits of fen)';
  return 'amount must be a string of integer fen (digits only)';
}

function describeNumber(n: number | bigint): string | null {
  if (typeof n === 'bigint') return n >= 0n ? n.toString() : null;
  return Number.isSafeInteger(n) && n >= 0 ? String(n) : null;
}

/** Parses a wire-format amount; throws RangeError with the same message a form would show. */
export function fen(s: string): Fen {
  if (typeof s !== 'string' || !FEN_PATTERN.test(s)) throw new RangeError(explainBadFen(s));
  return BigInt(s);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "12,345.67 元": integer maths only. */
export function formatYuan(f: Fen): string {
  const neg = f < 0n;
  const abs = neg ? -f : f;
  const yuan = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${groupThousands(yuan.toString())}.${cents} 元`;
}

/** English rendering of the same amount: "CNY 12,345.67". */
export function formatYuanEn(f: Fen): string {
  const neg = f < 0n;
  const abs = neg ? -f : f;
  return `${neg ? '-' : ''}CNY ${groupThousands((abs / 100n).toString())}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export const BP_DENOMINATOR = 10_000n;

/** floor(base × bp / 10000); base and bp are non-negative, so BigInt division is the floor. */
export function applyRateBp(base: Fen, rateBp: number): Fen {
  if (base < 0n) throw new RangeError('base must not be negative');
  if (!Number.isInteger(rateBp) || rateBp < 0) throw new RangeError('rate must be a non-negative integer of basis points');
  return (base * BigInt(rateBp)) / BP_DENOMINATOR;
}

export interface Ratio {
  num: number;
  den: number;
}

/** floor(base × num / den). */
export function applyRatio(base: Fen, ratio: Ratio): Fen {
  if (base < 0n) throw new RangeError('base must not be negative');
  if (!Number.isInteger(ratio.num) || !Number.isInteger(ratio.den) || ratio.num < 0 || ratio.den <= 0) {
    throw new RangeError('ratio must be non-negative integers over a positive denominator');
  }
  return (base * BigInt(ratio.num)) / BigInt(ratio.den);
}

/** "50%", "33.33%": basis points shown exactly. */
export function formatBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}

export const minFen = (a: Fen, b: Fen): Fen => (a < b ? a : b);
export const maxFen = (a: Fen, b: Fen): Fen => (a > b ? a : b);

/**
 * Splits an award between city and district treasuries. The district gets floor(total × share);
 * the city gets the rest, so the shares add up exactly and an odd fen goes to the city.
 */
export function splitCoFunding(totalFen: Fen, districtShareBp: number): { cityFen: Fen; districtFen: Fen } {
  if (totalFen < 0n) throw new RangeError('a co-funded total must not be negative');
  if (!Number.isInteger(districtShareBp) || districtShareBp < 0 || districtShareBp > 10_000) {
    throw new RangeError('district share must be an integer number of basis points in 0..10000');
  }
  const districtFen = applyRateBp(totalFen, districtShareBp);
  return { cityFen: totalFen - districtFen, districtFen };
}
