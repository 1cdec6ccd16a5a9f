import { applyRateBp, applyRatio, fen, FenString, formatBp, formatYuan, formatYuanEn, splitCoFunding } from './money';

function messageFor(input: unknown): string {
  const r = FenString.safeParse(input);
  if (r.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return r.error.issues.map((i) => i.message).join('; ');
}

describe('FenString (wire format of money)', () => {
  it.each(['0', '1', '150000', '999999999999999999'])('accepts %s', (s) => {
    expect(FenString.parse(s)).toBe(s);
  });

  it.each<[unknown, RegExp]>([
    [1.5, /not a JSON number.*1 yuan = 100 fen/],
    [100, /not a JSON number: send "100"/],
    ['12.34', /no decimal point.*"1234"/],
    ['12.345', /no decimal point/],
    ['1e6', /exponent notation/],
    ['1E6', /exponent notation/],
    ['-1', /must not be negative/],
    ['+1', /without a sign/],
    ['007', /leading zeros/],
    [' 1', /spaces/],
    ['1,000', /thousands separators/],
    ['', /must not be empty/],
    ['1000000000000000000', /too large/],
    ['abc', /digits only/],
    [null, /got null/],
    [undefined, /required/],
  ])('refuses %p with a message that says why', (input, message) => {
    expect(messageFor(input)).toMatch(message);
  });

  it('fen() parses to bigint and throws the same readable message', () => {
    expect(fen('1000000000')).toBe(1_000_000_000n);
    expect(() => fen('1.50')).toThrow(/no decimal point/);
    expect(() => fen('-5')).toThrow(/negative/);
  });
});

describe('formatYuan', () => {
  it.each<[bigint, string, string]>([
    [0n, '0.00 元', 'CNY 0.00'],
    [5n, '0.05 元', 'CNY 0.05'],
    [1234567n, '12,345.67 元', 'CNY 12,345.67'],
    [1_000_000_000n, '10,000,000.00 元', 'CNY 10,000,000.00'],
    [999_999_999_999_999_999n, '9,999,999,999,999,999.99 元', 'CNY 9,999,999,999,999,999.99'],
    [-150n, '-1.50 元', '-CNY 1.50'],
  ])('%p fen is %s', (f, zh, en) => {
    expect(formatYuan(f)).toBe(zh);
    expect(formatYuanEn(f)).toBe(en);
  });
});

describe('rates', () => {
  it('floors to the fen', () => {
    expect(applyRateBp(3n, 5000)).toBe(1n);
    expect(applyRateBp(1n, 5000)).toBe(0n);
    expect(applyRateBp(333n, 3000)).toBe(99n); // 99.9 → 99
    expect(applyRatio(10n, { num: 1, den: 3 })).toBe(3n);
  });
  it('is exact far beyond 2^53', () => {
    expect(applyRateBp(999_999_999_999_999_999n, 6000)).toBe(599_999_999_999_999_999n);
  });
  it('refuses negative bases and fractional rates', () => {
    expect(() => applyRateBp(-1n, 5000)).toThrow(RangeError);
    expect(() => applyRateBp(1n, 50.5)).toThrow(RangeError);
  });
  it.each<[number, string]>([
    [5000, '50%'],
    [6000, '60%'],
    [3333, '33.33%'],
    [3330, '33.3%'],
    [5, '0.05%'],
  ])('shows %p bp as %s', (bp, s) => expect(formatBp(bp)).toBe(s));
});

describe('splitCoFunding', () => {
  it('halves an even award', () => {
    expect(splitCoFunding(3_000_000n, 5000)).toEqual({ cityFen: 1_500_000n, districtFen: 1_500_000n });
  });
  it('gives the odd fen to the city', () => {
    expect(splitCoFunding(1_000_001n, 5000)).toEqual({ cityFen: 500_001n, districtFen: 500_000n });
    expect(splitCoFunding(1n, 5000)).toEqual({ cityFen: 1n, districtFen: 0n });
  });
  it('follows a district share other than half, adding up exactly', () => {
    const s = splitCoFunding(1_000n, 3333);
    expect(s).toEqual({ cityFen: 667n, districtFen: 333n });
    expect(s.cityFen + s.districtFen).toBe(1_000n);
  });
  it('refuses shares outside 0..10000 bp', () => {
    expect(() => splitCoFunding(100n, 10_001)).toThrow(RangeError);
    expect(() => splitCoFunding(-1n, 5000)).toThrow(RangeError);
  });
});
