import { fenToYuanInput, formatFen, yuanToFen } from './money';

describe('amounts in yuan and fen', () => {
  it('turns typed yuan into fen strings without floating point', () => {
    expect(yuanToFen('1234.56')).toBe('123456');
    expect(yuanToFen('1,234,567.89')).toBe('123456789');
    expect(yuanToFen('0.29')).toBe('29');
    expect(yuanToFen('0.1')).toBe('10');
    expect(yuanToFen('12')).toBe('1200');
    expect(yuanToFen('0')).toBe('0');
    expect(yuanToFen('007.5')).toBe('750');
    // 16 digits of yuan: beyond 2^53, where a float would already be wrong.
    expect(yuanToFen('9007199254740993.07')).toBe('900719925474099307');
  });

  it('refuses what is not an amount in yuan', () => {
    for (const bad of ['', '1.234', '-5', '1e3', 'abc', '1.2.3', '.5']) expect(yuanToFen(bad)).toBeNull();
  });

  it('shows fen as yuan with separators in either language', () => {
    expect(formatFen('123456', 'zh')).toBe('1,234.56 元');
    expect(formatFen('123456', 'en')).toBe('CNY 1,234.56');
    expect(formatFen('74074073', 'zh')).toBe('740,740.73 元');
    expect(formatFen('5', 'en')).toBe('CNY 0.05');
    expect(formatFen(null, 'zh')).toBe('—');
  });

  it('gives an editable yuan value back for a fen string', () => {
    expect(fenToYuanInput('123456')).toBe('1234.56');
    expect(fenToYuanInput('1200')).toBe('12');
    expect(fenToYuanInput('7')).toBe('0.07');
    expect(yuanToFen(fenToYuanInput('900719925474099307'))).toBe('900719925474099307');
  });
});
