import { budgetYear, budgetYearsOf } from './time';

describe('budget years', () => {
  it('are calendar years in the policy time zone, not in UTC', () => {
    // 2024-12-31T16:00Z is already New Year's Day in Shanghai.
    expect(budgetYear(new Date('2024-12-31T15:59:59.999Z'), 'Asia/Shanghai')).toBe(2024);
    expect(budgetYear(new Date('2024-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe(2025);
    expect(budgetYear(new Date('2024-12-31T16:00:00Z'), 'UTC')).toBe(2024);
  });
  it('lists every year a window touches, its end excluded', () => {
    // The Shenzhen window: 2024-12-18 to 2026-12-18, Shanghai midnight to midnight.
    expect(budgetYearsOf(new Date('2024-12-17T16:00:00Z'), new Date('2026-12-17T16:00:00Z'), 'Asia/Shanghai')).toEqual([2024, 2025, 2026]);
    // A window ending exactly at a Shanghai New Year does not touch the new year.
    expect(budgetYearsOf(new Date('2025-03-01T00:00:00Z'), new Date('2025-12-31T16:00:00Z'), 'Asia/Shanghai')).toEqual([2025]);
    expect(budgetYearsOf(new Date('2025-03-01T00:00:00Z'), new Date('2025-12-31T16:00:01Z'), 'Asia/Shanghai')).toEqual([2025, 2026]);
  });
  it('are none for an empty or reversed window', () => {
    const at = new Date('2025-06-01T00:00:00Z');
    expect(budgetYearsOf(at, at, 'Asia/Shanghai')).toEqual([]);
    expect(budgetYearsOf(at, new Date('2025-01-01T00:00:00Z'), 'Asia/Shanghai')).toEqual([]);
  });
});
