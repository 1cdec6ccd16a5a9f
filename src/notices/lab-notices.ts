// The notices a key lab's lifecycle raises (measure 13): an evaluation falling due. Pure, in Chinese
// and English, dates as calendar dates in the pack's time zone; the lab's projection writes them in
// the transaction that records the evaluation.
import type { NewNotice } from '../database/notice.repository';
import type { LabEvaluation, LabState } from '../domain/lab/lifecycle';
import type { LocalizedText } from '../domain/pack/schema';
import { localDate } from '../domain/time';

export const labEvaluationDueKey = (labId: string, cycle: number): string => `lab:${labId}:evaluation-${cycle}:due`;

/** Tells the lab's organisation that evaluation `e` opened: the lab, the cycle, who evaluates and by when. */
export function labEvaluationDueNotice(s: LabState, e: LabEvaluation, bureau: LocalizedText): NewNotice {
  const { labId, labName, caseId, organisationId, timeZone } = s.settings;
  const due = localDate(new Date(e.taskDueAt), timeZone);
  return {
    sourceKey: labEvaluationDueKey(labId, e.cycle),
    organisationId,
    // The designating case: the lab's id, so the notice lists with the lab's case.
    caseId,
    kind: 'lab_evaluation_due',
    subject: {
      zh: `重点实验室评估:${labName} 第 ${e.cycle} 次评估,截止 ${due}`,
      en: `Key lab evaluation due: ${labName}, evaluation ${e.cycle}, by ${due}`,
    },
    body: {
      zh: `${labName} 的第 ${e.cycle} 次评估已于 ${e.dueOn} 开始,由${bureau.zh}评估,须于 ${due}(${timeZone})前完成。请按${bureau.zh}的要求配合评估。`,
      en: `Evaluation ${e.cycle} of ${labName} opened on ${e.dueOn}. ${bureau.en} evaluates it by ${due} (${timeZone}); please provide what it asks for.`,
    },
    data: { labId, cycle: e.cycle, evaluationOn: e.dueOn, dueAt: e.taskDueAt, bureauCode: s.settings.bureau },
    createdAt: e.openedAt,
  };
}
