// What the API says when it refuses a request it can answer itself, before any workflow is asked.
import type { LocalizedText } from '../pack/schema';

export const API_SENTENCES = {
  noApplication: (id: string): LocalizedText => ({ zh: `没有申请 ${id}`, en: `no application ${id}` }),
  onlyApplicant: (): LocalizedText => ({ zh: '只有申请单位可以办理此事项', en: 'only the applicant organisation may do this' }),
  noTaskOfBureau: (taskId: string): LocalizedText => ({ zh: `本部门没有任务 ${taskId}`, en: `no task ${taskId} in your bureau` }),
  gradedOnTheLab: (taskId: string): LocalizedText => ({
    zh: `任务 ${taskId} 是重点实验室评估,请在实验室页面提交评估结果,无需认领或审批`,
    en: `task ${taskId} is a key lab evaluation: it is graded on the lab, not claimed or decided`,
  }),
  thisBureau: (): LocalizedText => ({ zh: '本部门', en: 'this bureau' }),
  otherJurisdiction: (pack: LocalizedText, city: LocalizedText): LocalizedText => ({
    zh: `《${pack.zh}》属于${city.zh}，贵单位登记在其他城市，不能按此政策申请`,
    en: `“${pack.en}” is ${city.en}'s policy; your organisation is registered in another city and cannot apply under it`,
  }),
  notStaffOf: (userId: string, bureau: LocalizedText): LocalizedText => ({
    zh: `${userId} 不是${bureau.zh}的工作人员`,
    en: `${userId} is not an officer of ${bureau.en}`,
  }),
} as const;
