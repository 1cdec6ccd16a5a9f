import { addMonths, isCalendarDate, localDate, wholeMonthsBetween } from './time';

describe('calendar arithmetic', () => {
  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonths('2024-12-18', 6)).toBe('2025-06-18');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2021-06-01', 48)).toBe('2025-06-01');
    expect(addMonths('2025-03-15', -3)).toBe('2024-12-15');
  });
  it('counts whole months', () => {
    expect(wholeMonthsBetween('2024-12-01', '2025-06-01')).toBe(6);
    expect(wholeMonthsBetween('2024-12-02', '2025-06-01')).toBe(5);
    expect(wholeMonthsBetween('2024-01-31', '2024-02-29')).toBe(1);
    expect(wholeMonthsBetween('2025-06-01', '2025-06-01')).toBe(0);
  });
  it('knows real dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
  });
  it('takes the local date in the policy time zone', () => {
    expect(localDate(new Date('2024-12-17T15:59:59Z'), 'Asia/Shanghai')).toBe('2024-12-17');
    expect(localDate(new Date('2024-12-17T16:00:00Z'), 'Asia/Shanghai')).toBe('2024-12-18');
  });
});
