// The notices a key lab's lifecycle raises (measure 13): an evaluation falling due. Pure, in Chinese
// and English, dates as calendar dates in the pack's time zone; the lab's projection writes them in
// the transaction that records the evaluation.
import type { NewNotice } from '../database/notice.repository';
import type { LabEvaluation, LabState } from '../domain/lab/lifecycle';
import type { LocalizedText } from '../domain/pack/schema';
import { localDate } from '../domain/time';
import { NOTICE_SENTENCES } from '../domain/words/notices';

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
    ...NOTICE_SENTENCES.labEvaluationDue(labName, e.cycle, e.dueOn, due, timeZone, bureau),
    data: { labId, cycle: e.cycle, evaluationOn: e.dueOn, dueAt: e.taskDueAt, bureauCode: s.settings.bureau },
    createdAt: e.openedAt,
  };
}
