import { yuanTick } from './chart-scale';

describe('chart axis labels in yuan', () => {
  it('writes large sums in 亿元 and 万元 with up to two decimals, and small ones in 元', () => {
    expect(yuanTick(37_500_000_000n, 'zh')).toBe('3.75 亿元');
    expect(yuanTick(50_000_000_000n, 'zh')).toBe('5 亿元');
    expect(yuanTick(1_850_180_000n, 'zh')).toBe('1,850.18 万元');
    expect(yuanTick(18_518_25n, 'zh')).toBe('1.85 万元');
    expect(yuanTick(99_999n, 'zh')).toBe('999.99 元');
    expect(yuanTick(0n, 'zh')).toBe('0 元');
  });
  it('writes millions and thousands of CNY in English', () => {
    expect(yuanTick(37_500_000_000n, 'en')).toBe('CNY 375M');
    expect(yuanTick(18_518_25n, 'en')).toBe('CNY 18.51k');
    expect(yuanTick(5_000n, 'en')).toBe('CNY 50');
  });
});
