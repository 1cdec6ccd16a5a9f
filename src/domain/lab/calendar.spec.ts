import { cyclesDueBy, evaluationOn, nextEvaluationOn } from './calendar';

describe('the lab calendar', () => {
  it('evaluates a lab designated on 2024-06-15 first on 2027-06-15, then every three years', () => {
    expect([1, 2, 3].map((c) => evaluationOn('2024-06-15', 36, c))).toEqual(['2027-06-15', '2030-06-15', '2033-06-15']);
  });

  it('evaluates a 29 February designation on 28 February in common years and on 29 February in leap years', () => {
    expect([1, 2, 3, 4].map((c) => evaluationOn('2024-02-29', 36, c))).toEqual(['2027-02-28', '2030-02-28', '2033-02-28', '2036-02-29']);
  });

  it('names the next cycle after those done, and says whether it is due on the given day', () => {
    expect(nextEvaluationOn('2024-06-15', 36, 0, '2026-12-07')).toEqual({ cycle: 1, on: '2027-06-15', due: false });
    expect(nextEvaluationOn('2024-06-15', 36, 0, '2027-06-15')).toEqual({ cycle: 1, on: '2027-06-15', due: true });
    expect(nextEvaluationOn('2018-03-01', 36, 1, '2026-12-07')).toEqual({ cycle: 2, on: '2024-03-01', due: true });
  });

  it('counts the cycles due by a day, that day included', () => {
    expect(cyclesDueBy('2018-03-01', 36, '2024-02-29')).toBe(1);
    expect(cyclesDueBy('2018-03-01', 36, '2024-03-01')).toBe(2);
    expect(cyclesDueBy('2026-01-01', 36, '2026-12-07')).toBe(0);
  });

  it('refuses a cycle that is not 1, 2, 3…', () => {
    expect(() => evaluationOn('2024-06-15', 36, 0)).toThrow(RangeError);
  });
});
