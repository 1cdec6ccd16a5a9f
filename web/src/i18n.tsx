import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Lang } from './money';
import type { Localized } from './api/types';

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The Chinese or the English text, side by side where they are written. */
  t(zh: string, en: string): string;
  /** A bilingual text from the API. */
  l(text: Localized | null | undefined): string;
}

const Ctx = createContext<I18n | null>(null);
const KEY = 'lang';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh'));
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang(next) {
        localStorage.setItem(KEY, next);
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
        setLangState(next);
      },
      t: (zh, en) => (lang === 'zh' ? zh : en),
      l: (text) => (text ? (lang === 'zh' ? text.zh : text.en) : ''),
    }),
    [lang],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

const STATUS: Record<string, Localized> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  in_review: { zh: '审核中', en: 'In review' },
  awaiting_information: { zh: '待补充材料', en: 'Awaiting information' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未通过', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  lapsed: { zh: '已失效', en: 'Lapsed' },
  refused: { zh: '不予受理', en: 'Not admissible' },
  open: { zh: '待认领', en: 'Open' },
  claimed: { zh: '已认领', en: 'Claimed' },
  completed: { zh: '已完成', en: 'Completed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
export const statusText = (status: string): Localized => STATUS[status] ?? { zh: status, en: status };

const STAGE: Record<string, Localized> = {
  review: { zh: '审核', en: 'Review' },
  intake: { zh: '受理初审', en: 'Intake review' },
  'co-review': { zh: '会审', en: 'Co-review' },
  final: { zh: '终审', en: 'Final decision' },
};
/** A key lab's n-th evaluation task has the stage lab-evaluation-<n>. */
export const labCycleOf = (stage: string): number | null => {
  const m = /^lab-evaluation-([1-9][0-9]*)$/.exec(stage);
  return m ? Number(m[1]) : null;
};
export const stageText = (stage: string): Localized => {
  const cycle = labCycleOf(stage);
  if (cycle !== null) return { zh: `实验室第 ${cycle} 次评估`, en: `Lab evaluation ${cycle}` };
  return STAGE[stage] ?? { zh: stage, en: stage };
};

const DECISION: Record<string, Localized> = {
  approve: { zh: '同意', en: 'Approved' },
  reject: { zh: '不同意', en: 'Rejected' },
  return: { zh: '退回补充材料', en: 'Returned for information' },
};
export const decisionText = (d: string): Localized => DECISION[d] ?? { zh: d, en: d };

const EVENT: Record<string, Localized> = {
  'case.submitted': { zh: '提交申请', en: 'Application submitted' },
  'case.assessed': { zh: '完成资助核算', en: 'Award computed' },
  'case.approved': { zh: '批准资助', en: 'Award approved' },
  'case.rejected': { zh: '申请未通过', en: 'Application rejected' },
  'case.refused': { zh: '不予受理', en: 'Not admissible' },
  'case.withdrawn': { zh: '申请已撤回', en: 'Application withdrawn' },
  'case.lapsed': { zh: '逾期未补充,申请失效', en: 'Lapsed: no answer in time' },
  'notice.information_requested': { zh: '通知:请补充材料', en: 'Notice: information requested' },
  'notice.lapsed': { zh: '通知:申请失效', en: 'Notice: application lapsed' },
  'clock.paused': { zh: '审核计时暂停', en: 'Review clock paused' },
  'clock.resumed': { zh: '审核计时恢复', en: 'Review clock resumed' },
  'case.information_received': { zh: '已补充材料', en: 'Information provided' },
  'task.opened': { zh: '审核任务开启', en: 'Review task opened' },
  'task.claimed': { zh: '任务被认领', en: 'Task claimed' },
  'task.unclaimed': { zh: '任务被释放', en: 'Task released' },
  'task.reassigned': { zh: '任务被转派', en: 'Task reassigned' },
  'task.decided': { zh: '审核意见', en: 'Review decision' },
  'task.cancelled': { zh: '任务取消', en: 'Task cancelled' },
  'task.reminder': { zh: '到期提醒', en: 'Due-date reminder' },
  'task.escalated': { zh: '逾期上报', en: 'Escalated' },
};
export const eventText = (type: string): Localized => EVENT[type] ?? { zh: type, en: type };
export const hasEventText = (type: string): boolean => type in EVENT;

const ORDER_STATUS: Record<string, Localized> = {
  issued: { zh: '已下达待支付', en: 'Issued, not yet paid' },
  paid: { zh: '已支付', en: 'Paid' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};
export const orderStatusText = (status: string): Localized => ORDER_STATUS[status] ?? { zh: status, en: status };

/** Who pays: the city treasury, or a district's (named by its bureau). */
export const funderText = (funder: string, bureauName: (code: string) => string): Localized =>
  funder === 'city' ? { zh: '市财政', en: 'City treasury' } : { zh: `${bureauName(funder)} 财政`, en: `Treasury of ${bureauName(funder)}` };

const NOTICE_KIND: Record<string, Localized> = {
  information_requested: { zh: '补充材料', en: 'Information requested' },
  lapse_warning: { zh: '失效提醒', en: 'Lapse warning' },
  lapsed: { zh: '申请失效', en: 'Lapsed' },
  decision: { zh: '审核结果', en: 'Decision' },
  award: { zh: '资助', en: 'Award' },
  payment: { zh: '拨付', en: 'Payment' },
  rent_free_end: { zh: '免租期结束', en: 'Rent-free period ends' },
  lab_evaluation_due: { zh: '实验室评估', en: 'Lab evaluation' },
};
export const noticeKindText = (kind: string): Localized => NOTICE_KIND[kind] ?? { zh: kind, en: kind };

const AUDIT_ACTION: Record<string, Localized> = {
  'case.submit': { zh: '提交申请', en: 'Submitted a case' },
  'case.answer': { zh: '补充材料', en: 'Answered a request' },
  'case.withdraw': { zh: '撤回申请', en: 'Withdrew a case' },
  'case.discard': { zh: '丢弃申请', en: 'Discarded a case' },
  'task.claim': { zh: '认领任务', en: 'Claimed a task' },
  'task.release': { zh: '释放任务', en: 'Released a task' },
  'task.reassign': { zh: '转派任务', en: 'Reassigned a task' },
  'task.decide': { zh: '提交审核意见', en: 'Decided a task' },
  'task.override': { zh: '否决会审意见', en: 'Overrode a co-review' },
  'payment.settle': { zh: '办理拨付', en: 'Settled a payment order' },
  'award.recover': { zh: '追回资金', en: 'Recorded a recovery' },
  'pack.publish': { zh: '发布政策', en: 'Published a pack' },
  'admin.export': { zh: '导出工作流历史', en: 'Exported a workflow history' },
  'admin.replay': { zh: '回放工作流', en: 'Started a replay' },
  'conflict.declared': { zh: '申报回避', en: 'Declared a conflict' },
  'conflict.withdrawn': { zh: '撤回回避', en: 'Withdrew a conflict' },
  'organisation.created': { zh: '创建单位', en: 'Created an organisation' },
  'organisation.updated': { zh: '修改单位', en: 'Updated an organisation' },
  'user.created': { zh: '创建用户', en: 'Created a user' },
  'user.updated': { zh: '修改用户', en: 'Updated a user' },
};
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION);
export const auditActionText = (action: string): Localized => AUDIT_ACTION[action] ?? { zh: action, en: action };

/** A grade as the lab's policy labels it (GET /labs/:labId lists them); an unknown one as it is. */
export const gradeText = (grades: readonly { value: string; label: Localized }[], grade: string): Localized =>
  grades.find((g) => g.value === grade)?.label ?? { zh: grade, en: grade };
