// Registering a key lab designated before this system ran: its designation date and the evaluations it
// has had, checked against the policy's calendar, become the lifecycle's state as if the system had run
// them, so the lab picks up at its next cycle. Pure.
import type { LocalizedText } from '../pack/schema';
import { isCalendarDate } from '../time';
import { evaluationOn } from './calendar';
import { labEvaluationTaskId, localMidnight, type LabEvaluation, type LabSettings, type LabState } from './lifecycle';

export interface EarlierEvaluation {
  /** The day the evaluation was held (policy time zone). */
  evaluatedOn: string;
  grade: string;
}

export interface RegistrationTerms {
  everyMonths: number;
  failsToEnd: number;
  grades: { value: string; label: LocalizedText }[];
}

export interface RegistrationIssue {
  field: string;
  zh: string;
  en: string;
}

/**
 * Why a registration cannot stand, field by field (empty when it can). The i-th evaluation given is
 * cycle i, held on or after its date and in order; the designation must not have ended already.
 */
export function checkRegistration(designatedOn: string, evaluations: EarlierEvaluation[], terms: RegistrationTerms, today: string): RegistrationIssue[] {
  const issues: RegistrationIssue[] = [];
  if (!isCalendarDate(designatedOn)) return [{ field: 'designatedOn', zh: '认定日期须为有效日期', en: 'designatedOn must be a calendar date' }];
  if (designatedOn > today) issues.push({ field: 'designatedOn', zh: '认定日期不能晚于今天', en: 'designatedOn cannot be in the future' });
  evaluations.forEach((e, i) => {
    const cycle = i + 1;
    const at = `evaluations.${i}`;
    if (!terms.grades.some((g) => g.value === e.grade))
      issues.push({
        field: `${at}.grade`,
        zh: `评估结果须为 ${terms.grades.map((g) => g.label.zh).join('、')} 之一`,
        en: `the grade must be one of ${terms.grades.map((g) => g.label.en).join(', ')}`,
      });
    if (!isCalendarDate(e.evaluatedOn)) {
      issues.push({ field: `${at}.evaluatedOn`, zh: '评估日期须为有效日期', en: 'the evaluation date must be a calendar date' });
      return;
    }
    const due = isCalendarDate(designatedOn) ? evaluationOn(designatedOn, terms.everyMonths, cycle) : null;
    if (e.evaluatedOn > today) issues.push({ field: `${at}.evaluatedOn`, zh: '评估日期不能晚于今天', en: 'the evaluation date cannot be in the future' });
    else if (due && e.evaluatedOn < due)
      issues.push({
        field: `${at}.evaluatedOn`,
        zh: `第 ${cycle} 次评估应于 ${due} 或之后进行(自认定日期起每 ${terms.everyMonths / 12} 年一次)`,
        en: `evaluation ${cycle} falls on ${due} or later (every ${terms.everyMonths / 12} years from the designation)`,
      });
    const before = evaluations[i - 1];
    if (before && isCalendarDate(before.evaluatedOn) && e.evaluatedOn < before.evaluatedOn)
      issues.push({ field: `${at}.evaluatedOn`, zh: '评估须按时间先后排列', en: 'evaluations are listed in the order they were held' });
  });
  let fails = 0;
  for (let i = evaluations.length - 1; i >= 0 && evaluations[i]!.grade === 'fail'; i--) fails++;
  if (fails >= terms.failsToEnd)
    issues.push({
      field: 'evaluations',
      zh: `连续 ${fails} 次评估不合格,认定已终止,无需登记`,
      en: `${fails} evaluations in a row failed: the designation has ended and is not registered`,
    });
  return issues;
}

/** The lifecycle state of a checked registration: its earlier evaluations graded on the days they were held. */
export function registeredLab(settings: LabSettings, evaluations: EarlierEvaluation[]): LabState {
  const done: LabEvaluation[] = evaluations.map((e, i) => {
    const held = new Date(localMidnight(e.evaluatedOn, settings.timeZone)).toISOString();
    return {
      cycle: i + 1,
      dueOn: evaluationOn(settings.approvedOn, settings.everyMonths, i + 1),
      taskId: labEvaluationTaskId(settings.labId, i + 1),
      openedAt: held,
      taskDueAt: held,
      grade: e.grade,
      gradedAt: held,
      gradedById: null,
      comment: null,
      // Graded before the system ran: whatever it earned was settled outside it.
      reward: null,
    };
  });
  return { settings, status: 'active', evaluations: done, ended: null };
}
