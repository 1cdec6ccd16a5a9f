// The names one case is told in, from its pack's rules and the catalogue: pure, so the views, the
// notices and the activities all name a case's measure, bureaus and stages the same way.
import { findMeasure, findSubtype } from '../pack/pack';
import type { PackRules } from '../pack/rules';
import type { ReviewDecision } from '../case/events';
import { bureauWords, DECISION_WORDS, districtWords, stageWords, treasuryWords, type LocalizedText } from './index';
import type { TimelineNames } from './case';

/** The names one case is told in: its rule version's bureaus, districts and treasuries, its measure, sub-type and stages. */
export interface CaseNames extends TimelineNames {
  measure: LocalizedText;
  subtype: LocalizedText;
  treasury(funder: string): LocalizedText;
  district(code: string): LocalizedText;
  /** A task's decision: a review decision, or a key lab's evaluation grade as its policy names it. */
  decision(code: string): LocalizedText;
  /** The sub-type designates a key lab on approval (its lab's id is then the case's id). */
  designatesLab: boolean;
}

export function caseNames(rules: PackRules, measureCode: string, subtypeCode: string): CaseNames {
  const measure = findMeasure(rules, measureCode);
  const subtype = findSubtype(rules, measureCode, subtypeCode);
  return {
    timeZone: rules.timezone,
    measure: measure?.title ?? { zh: '未列明的措施', en: 'a measure the policy does not list' },
    subtype: subtype?.title ?? measure?.title ?? { zh: '未列明的类别', en: 'a sub-type the policy does not list' },
    bureau: (code) => bureauWords(rules, code),
    stage: (code) => stageWords(code, subtype?.review?.stages.find((s) => s.code === code)?.title),
    treasury: (funder) => treasuryWords(rules, funder),
    district: (code) => districtWords(rules, code),
    decision: (code) => (code in DECISION_WORDS ? DECISION_WORDS[code as ReviewDecision] : gradeWords(rules, code)),
    designatesLab: subtype?.lifecycle?.kind === 'keyLab',
  };
}

/** A grade of a graded evaluation, by the label its form's option gives it. */
function gradeWords(rules: PackRules, grade: string): LocalizedText {
  for (const m of rules.measures)
    for (const st of m.subtypes) {
      const award = st.award;
      if (award.kind !== 'graded') continue;
      const field = st.form.find((f) => f.name === award.gradeField);
      const option = field?.type === 'enum' ? field.options.find((o) => o.value === grade) : undefined;
      if (option) return option.label;
    }
  return { zh: '已评定', en: 'Graded' };
}

/** The names the notices and activities read a case in (their older shape of CaseNames). */
export interface CaseVocabulary {
  timeZone: string;
  bureauName(code: string): LocalizedText;
  stageTitle(code: string): LocalizedText;
  treasuryName(funder: string): LocalizedText;
  designatesLab: boolean;
}

export function caseVocabulary(rules: PackRules, measureCode: string, subtypeCode: string): CaseVocabulary {
  const n = caseNames(rules, measureCode, subtypeCode);
  return { timeZone: n.timeZone, bureauName: n.bureau, stageTitle: n.stage, treasuryName: n.treasury, designatesLab: n.designatesLab };
}
