// What a key lab's lifecycle says in words beyond its grades (which its policy names).
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

export const LAB_SENTENCES = {
  /** A lab that is not there and one the reader may not grade answer alike. */
  noLab: (): L => ({ zh: '没有该实验室', en: 'no such lab' }),
  /** A grade the policy does not give, with the grades it does by name. */
  gradeOneOf: (grades: readonly L[]): L => ({
    zh: `评估结果须为 ${grades.map((g) => g.zh).join('、')} 之一`,
    en: `grade must be one of ${grades.map((g) => g.en).join(', ')}`,
  }),
  /** A measure the lab's rules no longer list. */
  theMeasure: (): L => ({ zh: '该措施', en: 'the measure' }),
  /** No policy in force on the evaluation day covers the reward: the policy and measure by name, the day as written. */
  noPolicy: (dueOn: string, measure: L, policy: L): L => ({
    zh: `评估日 ${dueOn} 没有有效政策涵盖“${measure.zh}”的评估奖励(“${policy.zh}”及其继任政策均已失效),已记录评估结果,不予奖励`,
    en: `no policy in force on ${dueOn} covers the evaluation reward of “${measure.en}” (“${policy.en}” and its successors have expired): the grade is recorded and no reward can be paid`,
  }),
} as const;

/** Why an existing lab's registration cannot stand, field by field (src/domain/lab/registration.ts). */
export const LAB_REGISTRATION_CHECK_SENTENCES = {
  designationNotADate: (): L => ({ zh: '认定日期须为有效日期', en: 'designatedOn must be a calendar date' }),
  designationInFuture: (): L => ({ zh: '认定日期不能晚于今天', en: 'designatedOn cannot be in the future' }),
  gradeOneOf: (grades: readonly L[]): L => ({
    zh: `评估结果须为 ${grades.map((g) => g.zh).join('、')} 之一`,
    en: `the grade must be one of ${grades.map((g) => g.en).join(', ')}`,
  }),
  evaluationNotADate: (): L => ({ zh: '评估日期须为有效日期', en: 'the evaluation date must be a calendar date' }),
  evaluationInFuture: (): L => ({ zh: '评估日期不能晚于今天', en: 'the evaluation date cannot be in the future' }),
  evaluationTooEarly: (cycle: number, due: string, everyYears: number): L => ({
    zh: `第 ${cycle} 次评估应于 ${due} 或之后进行(自认定日期起每 ${everyYears} 年一次)`,
    en: `evaluation ${cycle} falls on ${due} or later (every ${everyYears} years from the designation)`,
  }),
  outOfOrder: (): L => ({ zh: '评估须按时间先后排列', en: 'evaluations are listed in the order they were held' }),
  alreadyEnded: (fails: number): L => ({
    zh: `连续 ${fails} 次评估不合格,认定已终止,无需登记`,
    en: `${fails} evaluations in a row failed: the designation has ended and is not registered`,
  }),
} as const;

/**
 * What the lab lifecycle workflow says when it refuses a grade, and why a designation ended. The words
 * are recorded in running workflows' histories, so they stay as they were (the bureau and grades by code:
 * the API checks both first and names them by their names, src/labs/lab.service.ts).
 */
export const LAB_LIFECYCLE_SENTENCES = {
  notStaff: (bureau: string): L => ({ zh: `仅 ${bureau} 的工作人员可以评估`, en: `only staff of ${bureau} grade this lab's evaluations` }),
  conflict: (): L => ({ zh: '您与该实验室的依托单位存在利益冲突', en: 'you have a conflict of interest with the lab’s host organisation' }),
  notOpen: (open: number | null): L => ({
    zh: open !== null ? `当前待评估的是第 ${open} 次评估` : '当前没有待评估的周期',
    en: open !== null ? `the evaluation open now is cycle ${open}` : 'no evaluation is open now',
  }),
  gradeOneOf: (values: readonly string[]): L => ({ zh: `评估结果须为 ${values.join('、')} 之一`, en: `grade must be one of ${values.join(', ')}` }),
  ended: (fails: number, cycles: readonly string[]): L => ({
    zh: `连续 ${fails} 次评估不合格(第 ${cycles.join('、')} 次),重点实验室认定终止`,
    en: `the designation ended: ${fails} evaluations in a row failed (cycles ${cycles.join(', ')})`,
  }),
} as const;
