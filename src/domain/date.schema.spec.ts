import { calendarDate, dateProblem, instant, instantProblem, isSaneEpochSeconds } from './date.schema';

describe('the shared date schemas', () => {
  it.each([
    ['2024-02-29', null],
    ['2023-02-29', 'calendar'],
    ['2024-13-01', 'calendar'],
    ['2024-00-10', 'calendar'],
    ['0000-01-01', 'range'],
    ['1899-12-31', 'range'],
    ['1900-01-01', null],
    ['2199-12-31', null],
    ['2200-01-01', 'range'],
    ['2024-1-01', 'shape'],
    ['+02024-01-01', 'shape'],
  ])('date %s: %s', (s, problem) => expect(dateProblem(s)).toBe(problem));

  it.each([
    ['2026-12-01T00:00:00+08:00', null],
    ['2026-12-01T00:00Z', null],
    ['2026-12-01T00:00:00.123456Z', null],
    ['2026-12-01T00:00:00', 'shape'],
    ['2026-12-01T24:00:00Z', 'shape'],
    ['2026-02-30T00:00:00Z', 'calendar'],
    ['0000-01-01T00:00:00Z', 'range'],
    ['9999-01-01T00:00:00Z', 'range'],
  ])('instant %s: %s', (s, problem) => expect(instantProblem(s)).toBe(problem));

  it('names the field in each refusal, once', () => {
    const r = calendarDate('registeredOn').safeParse('0000-01-01');
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual(['registeredOn must be a date between 1900 and 2199']);
    const i = instant('from').safeParse('yesterday');
    expect(i.success ? [] : i.error.issues.map((x) => x.message)).toEqual([expect.stringMatching(/^from must be an ISO 8601 instant/)]);
    expect(instant('from').parse('2026-01-01T08:00:00+08:00').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('takes only whole epoch seconds within the same years as token times', () => {
    expect([1_700_000_000, -62167219200, 1e20, 1.5, '1700000000', Number.NaN].map(isSaneEpochSeconds)).toEqual([true, false, false, false, false, false]);
  });
});
