import { applyGrade, checkGrade, evaluationDate, initialLab, localMidnight, nextEvaluation, openCycle, type LabSettings, type LabState } from './lifecycle';
import type { Actor } from '../access';

const settings: LabSettings = {
  labId: 'lab-1',
  caseId: 'lab-1',
  packId: 'p',
  organisationId: 'org-szu',
  labName: 'Lab',
  approvedOn: '2028-02-29',
  timeZone: 'Asia/Shanghai',
  bureau: 'stic',
  everyMonths: 36,
  failsToEnd: 2,
  taskDueDays: 15,
  reminderDaysBeforeDue: 3,
  grades: [
    { value: 'excellent', rewarded: true },
    { value: 'good', rewarded: true },
    { value: 'pass', rewarded: false },
    { value: 'fail', rewarded: false },
  ],
  evaluationSubtype: 'm13-eval',
  measureCode: 'm13',
};
const officer: Actor = {
  userId: 'officer-stic',
  role: 'officer',
  bureauCode: 'stic',
  organisationId: null,
  jurisdictionId: 'shenzhen',
  conflictOrganisationIds: [],
};
const addDays = (ms: number, d: number): number => ms + d * 86_400_000;

function graded(s: LabState, ...grades: string[]): LabState {
  for (const g of grades) {
    const n = nextEvaluation(s)!;
    s = openCycle(s, n.cycle, n.dueOn, n.atMs, addDays);
    s = applyGrade(s, { cycle: n.cycle, grade: g, comment: null, actor: officer }, { kind: 'notRewarded' }, n.atMs + 1000);
  }
  return s;
}

describe('the key-lab lifecycle', () => {
  it('falls every 36 months from the approval date; a 29 February approval is evaluated on 28 February in common years', () => {
    expect([1, 2, 3, 4].map((n) => evaluationDate(settings, n))).toEqual(['2031-02-28', '2034-02-28', '2037-02-28', '2040-02-29']);
    expect(evaluationDate({ approvedOn: '2026-12-02', everyMonths: 36 }, 1)).toBe('2029-12-02');
  });

  it('opens at 00:00 Asia/Shanghai of that date', () => {
    expect(new Date(localMidnight('2031-02-28', 'Asia/Shanghai')).toISOString()).toBe('2031-02-27T16:00:00.000Z');
    expect(nextEvaluation(initialLab(settings))).toEqual({ cycle: 1, dueOn: '2031-02-28', atMs: Date.parse('2031-02-27T16:00:00Z') });
  });

  it('ends after two fails in a row, and only in a row', () => {
    const s = graded(initialLab(settings), 'fail', 'pass', 'fail');
    expect(s.status).toBe('active');
    const ended = graded(s, 'fail');
    expect(ended.status).toBe('ended');
    expect(ended.ended?.reason.en).toBe('the designation ended: 2 evaluations in a row failed (cycles 3, 4)');
    expect(nextEvaluation(ended)).toBeNull();
  });

  it('takes grades only from the evaluating bureau, for the open cycle, among the pack’s grades', () => {
    const n = nextEvaluation(initialLab(settings))!;
    const open = openCycle(initialLab(settings), n.cycle, n.dueOn, n.atMs, addDays);
    expect(open.evaluations[0]).toMatchObject({ taskId: 'lab-lab-1-evaluation-1', taskDueAt: new Date(n.atMs + 15 * 86_400_000).toISOString() });
    expect(checkGrade(open, { cycle: 1, grade: 'good', comment: null, actor: officer })).toBeNull();
    expect(checkGrade(open, { cycle: 1, grade: 'good', comment: null, actor: { ...officer, bureauCode: 'miit' } })?.type).toBe('NotEntitled');
    expect(checkGrade(open, { cycle: 1, grade: 'good', comment: null, actor: { ...officer, conflictOrganisationIds: ['org-szu'] } })?.type).toBe('Conflict');
    expect(checkGrade(open, { cycle: 2, grade: 'good', comment: null, actor: officer })?.type).toBe('NoSuchEvaluation');
    expect(checkGrade(open, { cycle: 1, grade: 'superb', comment: null, actor: officer })).toMatchObject({ type: 'InvalidGrade', field: 'grade' });
    expect(checkGrade(initialLab(settings), { cycle: 1, grade: 'good', comment: null, actor: officer })?.type).toBe('NoSuchEvaluation');
  });
});
