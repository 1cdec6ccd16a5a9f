import { loadPackFiles } from '../../seeds/seed';
import { assessApplication, packVersion } from '../domain';
import type { Actor } from '../domain/access';
import { apply, initialCase, type CaseCommand, type CaseState } from '../domain/case/machine';
import { caseNames } from '../domain/words/case-names';
import { m2Form } from '../../test/support/fixtures';
import { applicantActions, caseProgress, officerActions } from './case-view';

const rules = packVersion(
  loadPackFiles().find((p) => p.id === 'shenzhen-ai-pioneer-2024')!,
  1,
);
const RECEIVED = '2025-06-01T02:00:00.000Z';
const FORM = m2Form();
const lingxi: Actor = {
  userId: 'applicant-lingxi',
  role: 'applicant',
  bureauCode: null,
  organisationId: 'org-lingxi',
  jurisdictionId: 'shenzhen',
  conflictOrganisationIds: [],
};
const stic: Actor = {
  userId: 'officer-stic',
  role: 'officer',
  bureauCode: 'stic',
  organisationId: null,
  jurisdictionId: 'shenzhen',
  conflictOrganisationIds: [],
};
const names = caseNames(rules, 'm2', 'm2');

let n = 0;
function run(s: CaseState, at: string, cmd: CaseCommand): CaseState {
  return apply(s, cmd, { now: Date.parse(at), newId: () => `id-${++n}` }).state;
}

/** A measure-2 case assessed on receipt: stic's review is open. */
function inReview(): CaseState {
  const s = initialCase({ caseId: 'case-1', packId: rules.packId, packVersion: 1, organisationId: 'org-lingxi', receivedAt: RECEIVED });
  const assessment = assessApplication(rules, {
    measureCode: 'm2',
    subtypeCode: 'm2',
    form: FORM,
    applicant: { organisationId: 'org-lingxi', kind: 'enterprise', isStartup: true, district: 'nanshan', registeredOn: '2024-03-01' },
    receivedAt: RECEIVED,
  });
  const clock = { taskDueDays: 15, reminderDaysBeforeDue: 3, rfiAnswerDays: 30, timeZone: 'Asia/Shanghai', supervisors: {} };
  return run(s, RECEIVED, { type: 'assessed', assessment, clock });
}

describe('a case’s views are its state’s, asked of the machine’s check', () => {
  it('lets the applicant withdraw a case in review, and says why there is nothing to answer', () => {
    expect(applicantActions(inReview(), lingxi, names)).toEqual({
      allowedActions: [
        {
          action: 'withdraw',
          method: 'POST',
          path: '/cases/case-1/withdraw',
          until: null,
          zh: '在作出决定前撤回申请',
          en: 'Withdraw the application before it is decided',
        },
      ],
      unavailableActions: [{ action: 'answer', zh: '本案没有待补正的材料', en: 'no information was requested for this case' }],
    });
  });

  it('asks for the answer by its date in the pack’s zone while information is requested', () => {
    let s = inReview();
    const task = s.tasks[0]!.taskId;
    s = run(s, '2025-06-02T01:00:00.000Z', { type: 'claim', taskId: task, actor: stic });
    s = run(s, '2025-06-02T02:00:00.000Z', { type: 'decide', taskId: task, actor: stic, decision: { kind: 'return', questions: ['Send the contract'] } });
    const p = caseProgress(s, [], names, lingxi);
    expect(p.allowedActions.map((a) => [a.action, a.until, a.zh])).toEqual([
      ['answer', '2025-07-02T02:00:00.000Z', '答复补正要求(截止 2025-07-02)'],
      ['withdraw', null, '在作出决定前撤回申请'],
    ]);
    expect(p.pending).toEqual([
      expect.objectContaining({
        on: 'applicant',
        what: { zh: '答复市科技创新局的补正要求', en: 'answer the request for information from Municipal Science, Technology and Innovation Bureau' },
      }),
    ]);
  });

  it('closes every action of a withdrawn case with the validator’s own reason, and offers staff none', () => {
    const s = run(inReview(), '2025-06-03T01:00:00.000Z', { type: 'withdraw', actor: lingxi, reason: null });
    expect(applicantActions(s, lingxi, names).unavailableActions).toEqual([
      { action: 'answer', zh: '本案已结束(已撤回)', en: 'the case is already withdrawn' },
      { action: 'withdraw', zh: '本案已结束(已撤回)', en: 'the case is already withdrawn' },
    ]);
    expect(applicantActions(s, null, names)).toEqual({ allowedActions: [], unavailableActions: [] });
  });

  it('lets an officer of the bureau claim an open task, and not decide it before claiming', () => {
    const s = inReview();
    const task = s.tasks[0]!.taskId;
    expect(officerActions(s, task, stic).map((a) => [a.action, a.allowed, a.reason?.zh ?? null])).toEqual([
      ['claim', true, null],
      ['unclaim', false, '该任务未被认领'],
      ['decide', false, '请先认领该任务再作决定'],
    ]);
  });

  it('names stages, bureaus and treasuries by their words, never by their codes', () => {
    expect(names.stage('co-review')).toEqual({ zh: '会签', en: 'Joint review' });
    expect(names.stage('final')).toEqual({ zh: '审定', en: 'Final decision' });
    expect(names.stage('lab-evaluation-2')).toEqual({ zh: '实验室第 2 次评估', en: 'Lab evaluation 2' });
    expect(names.bureau('district:nanshan')).toEqual({ zh: '南山区人民政府', en: 'Nanshan District Government' });
    expect(names.treasury('district:longgang')).toEqual({ zh: '龙岗区财政', en: 'Longgang District treasury' });
    expect(names.subtype.zh).not.toBe('m2');
    expect(names.decision('excellent')).toEqual({ zh: '优秀', en: 'excellent' });
  });
});
