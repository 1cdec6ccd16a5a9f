import { integerParameter, keyLabTerms, resolveInt, type PackRules } from '../domain';
import type { LabSettings } from '../domain/lab/lifecycle';

/** Who the lab is and where its calendar starts; the rest comes from its terms. */
export type LabIdentity = Pick<LabSettings, 'labId' | 'caseId' | 'packId' | 'organisationId' | 'labName' | 'approvedOn'>;

/**
 * A lab's settings under the designating sub-type of a rule version (its interval, grades, evaluating
 * bureau, task clock), or null when that sub-type designates no key lab.
 */
export function labSettingsOf(rules: PackRules, measureCode: string, subtypeCode: string, who: LabIdentity): LabSettings | null {
  const terms = keyLabTerms(rules, measureCode, subtypeCode);
  if (!terms) return null;
  const { lifecycle: lc, award } = terms;
  return {
    ...who,
    timeZone: rules.timezone,
    bureau: lc.bureau,
    everyMonths: resolveInt(rules, lc.everyMonths),
    failsToEnd: resolveInt(rules, lc.failsToEnd),
    taskDueDays: integerParameter(rules, 'review.taskDueDays'),
    reminderDaysBeforeDue: integerParameter(rules, 'review.reminderDaysBeforeDue'),
    grades: award.grades.map((g) => ({ value: g.value, rewarded: g.rewarded })),
    evaluationSubtype: lc.evaluationSubtype,
    measureCode,
  };
}
