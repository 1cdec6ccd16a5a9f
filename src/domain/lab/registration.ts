// Registering a key lab designated before this system ran: its designation date and the evaluations it
// has had, checked against the policy's calendar, become the lifecycle's state as if the system had run
// them, so the lab picks up at its next cycle. Pure.
import type { LocalizedText } from '../pack/schema';
import { isCalendarDate } from '../time';
import { evaluationOn } from './calendar';
import { labEvaluationTaskId, localMidnight, type LabEvaluation, type LabSettings, type LabState } from './lifecycle';
import { LAB_REGISTRATION_CHECK_SENTENCES } from '../words/lab';

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
  if (!isCalendarDate(designatedOn)) return [{ field: 'designatedOn', ...LAB_REGISTRATION_CHECK_SENTENCES.designationNotADate() }];
  if (designatedOn > today) issues.push({ field: 'designatedOn', ...LAB_REGISTRATION_CHECK_SENTENCES.designationInFuture() });
  evaluations.forEach((e, i) => {
    const cycle = i + 1;
    const at = `evaluations.${i}`;
    if (!terms.grades.some((g) => g.value === e.grade))
      issues.push({ field: `${at}.grade`, ...LAB_REGISTRATION_CHECK_SENTENCES.gradeOneOf(terms.grades.map((g) => g.label)) });
    if (!isCalendarDate(e.evaluatedOn)) {
      issues.push({ field: `${at}.evaluatedOn`, ...LAB_REGISTRATION_CHECK_SENTENCES.evaluationNotADate() });
      return;
    }
    const due = isCalendarDate(designatedOn) ? evaluationOn(designatedOn, terms.everyMonths, cycle) : null;
    if (e.evaluatedOn > today) issues.push({ field: `${at}.evaluatedOn`, ...LAB_REGISTRATION_CHECK_SENTENCES.evaluationInFuture() });
    else if (due && e.evaluatedOn < due)
      issues.push({ field: `${at}.evaluatedOn`, ...LAB_REGISTRATION_CHECK_SENTENCES.evaluationTooEarly(cycle, due, terms.everyMonths / 12) });
    const before = evaluations[i - 1];
    if (before && isCalendarDate(before.evaluatedOn) && e.evaluatedOn < before.evaluatedOn)
      issues.push({ field: `${at}.evaluatedOn`, ...LAB_REGISTRATION_CHECK_SENTENCES.outOfOrder() });
  });
  let fails = 0;
  for (let i = evaluations.length - 1; i >= 0 && evaluations[i]!.grade === 'fail'; i--) fails++;
  if (fails >= terms.failsToEnd) issues.push({ field: 'evaluations', ...LAB_REGISTRATION_CHECK_SENTENCES.alreadyEnded(fails) });
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
