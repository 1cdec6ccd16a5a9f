import type { Lang } from './money';

// Axis labels of the charts, in yuan as people write large sums: computed on BigInt fen, never floats.

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** `fen` in a unit of `unitFen`, with up to two decimals (cut, not rounded) and no trailing zeros. */
function inUnit(fen: bigint, unitFen: bigint): string {
  const hundredths = (fen * 100n) / unitFen;
  const whole = group(String(hundredths / 100n));
  const cents = String(hundredths % 100n)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return cents ? `${whole}.${cents}` : whole;
}

/** An axis label in yuan: 万元 / 亿元 in Chinese, thousands or millions of CNY in English. */
export function yuanTick(fen: bigint, lang: Lang): string {
  if (lang === 'zh') {
    if (fen >= 10_000_000_000n) return `${inUnit(fen, 10_000_000_000n)} 亿元`;
    if (fen >= 1_000_000n) return `${inUnit(fen, 1_000_000n)} 万元`;
    return `${inUnit(fen, 100n)} 元`;
  }
  if (fen >= 100_000_000n) return `CNY ${inUnit(fen, 100_000_000n)}M`;
  if (fen >= 100_000n) return `CNY ${inUnit(fen, 100_000n)}k`;
  return `CNY ${inUnit(fen, 100n)}`;
}
