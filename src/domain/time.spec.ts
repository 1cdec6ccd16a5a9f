import { addCalendarDays, addMonths, isCalendarDate, localDate, wholeMonthsBetween, zoneOffsetMs } from './time';

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

describe('calendar days in a time zone', () => {
  const at = (s: string): number => Date.parse(s);
  it('is 24 hours a day in Asia/Shanghai, which keeps no daylight saving', () => {
    expect(new Date(addCalendarDays(at('2025-03-01T10:00:00+08:00'), 30, 'Asia/Shanghai')).toISOString()).toBe('2025-03-31T02:00:00.000Z');
    expect(zoneOffsetMs(at('2025-07-01T00:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3_600_000);
  });
  it('keeps the local time across a daylight-saving change', () => {
    // Europe/Berlin moves to summer time on 2025-03-30: ten calendar days from 9:00 is 9:00 again, 239 hours later.
    const from = at('2025-03-25T09:00:00+01:00');
    const to = addCalendarDays(from, 10, 'Europe/Berlin');
    expect(new Date(to).toISOString()).toBe('2025-04-04T07:00:00.000Z');
    expect((to - from) / 3_600_000).toBe(239);
  });
  it('counts backwards as well', () => {
    expect(new Date(addCalendarDays(at('2025-04-04T09:00:00+02:00'), -10, 'Europe/Berlin')).toISOString()).toBe('2025-03-25T08:00:00.000Z');
  });
});
