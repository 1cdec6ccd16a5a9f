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
