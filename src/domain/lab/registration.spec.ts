import { nextEvaluation, type LabSettings } from './lifecycle';
import { checkRegistration, registeredLab } from './registration';

const terms = {
  everyMonths: 36,
  failsToEnd: 2,
  grades: ['excellent', 'good', 'pass', 'fail'].map((value) => ({
    value,
    label: { zh: { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' }[value]!, en: value },
  })),
};
const settings: LabSettings = {
  labId: 'lab-r',
  caseId: null,
  packId: 'p',
  organisationId: 'org-szu',
  labName: 'Lab',
  approvedOn: '2018-03-01',
  timeZone: 'Asia/Shanghai',
  bureau: 'stic',
  everyMonths: 36,
  failsToEnd: 2,
  taskDueDays: 15,
  reminderDaysBeforeDue: 3,
  grades: terms.grades.map((g) => ({ value: g.value, rewarded: g.value === 'excellent' || g.value === 'good' })),
  evaluationSubtype: 'm13-eval',
  measureCode: 'm13',
};

describe('registering an existing key lab', () => {
  it('accepts earlier evaluations held on or after their cycle’s date, in order', () => {
    expect(
      checkRegistration(
        '2018-03-01',
        [
          { evaluatedOn: '2021-03-01', grade: 'fail' },
          { evaluatedOn: '2024-05-01', grade: 'pass' },
        ],
        terms,
        '2026-12-07',
      ),
    ).toEqual([]);
  });

  it('names the field of each problem', () => {
    const fields = (d: string, e: { evaluatedOn: string; grade: string }[], today = '2026-12-07') => checkRegistration(d, e, terms, today).map((i) => i.field);
    expect(fields('2026-12-08', [])).toEqual(['designatedOn']);
    expect(fields('2018-02-29', [])).toEqual(['designatedOn']);
    expect(fields('2018-03-01', [{ evaluatedOn: '2021-02-28', grade: 'good' }])).toEqual(['evaluations.0.evaluatedOn']);
    expect(fields('2018-03-01', [{ evaluatedOn: '2021-03-01', grade: 'great' }])).toEqual(['evaluations.0.grade']);
    expect(
      fields('2018-03-01', [
        { evaluatedOn: '2021-03-01', grade: 'good' },
        { evaluatedOn: '2026-12-08', grade: 'good' },
      ]),
    ).toEqual(['evaluations.1.evaluatedOn']);
    expect(
      fields('2018-03-01', [
        { evaluatedOn: '2021-03-01', grade: 'fail' },
        { evaluatedOn: '2024-03-01', grade: 'fail' },
      ]),
    ).toEqual(['evaluations']);
  });

  it('says in Chinese when the cycle fell, naming the grades by their words', () => {
    const [late] = checkRegistration('2024-02-29', [{ evaluatedOn: '2027-02-27', grade: 'good' }], terms, '2030-01-01');
    expect(late?.zh).toBe('第 1 次评估应于 2027-02-28 或之后进行(自认定日期起每 3 年一次)');
    const [grade] = checkRegistration('2018-03-01', [{ evaluatedOn: '2021-03-01', grade: 'great' }], terms, '2026-12-07');
    expect(grade?.zh).toBe('评估结果须为 优秀、良好、合格、不合格 之一');
  });

  it('picks up at the cycle after the last one held, graded on the day it was held', () => {
    const s = registeredLab(settings, [{ evaluatedOn: '2021-03-20', grade: 'fail' }]);
    expect(s.evaluations).toEqual([
      expect.objectContaining({ cycle: 1, dueOn: '2021-03-01', grade: 'fail', gradedAt: '2021-03-19T16:00:00.000Z', reward: null, gradedById: null }),
    ]);
    expect(nextEvaluation(s)).toEqual({ cycle: 2, dueOn: '2024-03-01', atMs: Date.parse('2024-02-29T16:00:00Z') });
  });
});
