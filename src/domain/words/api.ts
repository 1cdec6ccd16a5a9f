// What the API says when it refuses a request it can answer itself, before any workflow is asked.
// No refusal names an id: the reader knows what they asked for, and ids are no one's words.
import { formatYuan, formatYuanEn } from '../fen';
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

export const API_SENTENCES = {
  noApplication: (): L => ({ zh: '找不到该申请', en: 'There is no such application.' }),
  onlyApplicant: (): L => ({ zh: '只有申请单位可以办理此事项', en: 'only the applicant organisation may do this' }),
  noTaskOfBureau: (): L => ({ zh: '本部门没有该任务', en: 'There is no such task in your bureau.' }),
  thisBureau: (): L => ({ zh: '本部门', en: 'this bureau' }),
  gradedOnTheLab: (): L => ({
    zh: '这是重点实验室评估任务,请在实验室页面提交评估结果,无需认领或审批',
    en: 'This is a key lab evaluation: it is graded on the lab, not claimed or decided.',
  }),
  otherJurisdiction: (pack: L, city: L): L => ({
    zh: `《${pack.zh}》属于${city.zh}，贵单位登记在其他城市，不能按此政策申请`,
    en: `“${pack.en}” is ${city.en}'s policy; your organisation is registered in another city and cannot apply under it`,
  }),
  /** Who the user is stays unsaid: someone of another bureau answers as no one at all. */
  notStaffOf: (bureau: L): L => ({
    zh: `所填用户不是${bureau.zh}的工作人员`,
    en: `The user named is not an officer of ${bureau.en}.`,
  }),
} as const;

/** Refusals of a submission the service can judge before the case's workflow starts. */
export const SUBMISSION_SENTENCES = {
  filedByLifecycle: (subtype: L): L => ({
    zh: `“${subtype.zh}”不接受申请:此类案件由生命周期流程(如重点实验室周期评估)发起`,
    en: `“${subtype.en}” is not applied for: its cases are filed by the lifecycle (e.g. a key lab's evaluations)`,
  }),
  notYourDocument: (field: L): L => ({
    zh: `${field.zh}所选的文件不是贵单位上传的文件,请先上传`,
    en: `${field.en}: no such document uploaded by your organisation; upload the file first (POST /documents)`,
  }),
  answerDocumentNotYours: (): L => ({
    zh: '所附文件不是贵单位上传的文件,请先上传',
    en: 'no such document uploaded by your organisation; upload the file first (POST /documents)',
  }),
  notStored: (): L => ({
    zh: '工作流服务暂时不可用，申请未保存，请重试。',
    en: 'the workflow service is unavailable; nothing was stored, please retry',
  }),
  organisationNotRegistered: (): L => ({ zh: '贵单位尚未登记', en: 'your organisation is not registered' }),
  keyBeingStored: (): L => ({
    zh: '使用同一幂等键的另一请求正在保存,请稍后重试',
    en: 'a concurrent request with this Idempotency-Key is being stored; please retry',
  }),
  keyReused: (): L => ({
    zh: '该幂等键已用于另一份申请',
    en: 'this Idempotency-Key was already used for a different application',
  }),
} as const;

/** Refusals of a recovery (追回) a treasury records. */
export const RECOVERY_SENTENCES = {
  nameTheTreasury: (treasuries: readonly L[]): L => ({
    zh: `本项资助由${treasuries.map((t) => t.zh).join('、')}支付,请选择追回的财政`,
    en: `this award is paid by ${treasuries.map((t) => t.en).join(' and ')}: name the treasury recovering (funder)`,
  }),
  moreThanPaid: (treasury: L, paidFen: bigint): L => ({
    zh: `${treasury.zh}在本案已支付且未追回的金额为 ${formatYuan(paidFen)},追回金额不能超过该数`,
    en: `${treasury.en} has ${formatYuanEn(paidFen)} paid and not yet recovered on this case; a recovery cannot exceed it`,
  }),
} as const;
