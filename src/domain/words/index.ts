// The one catalogue of words a person reads, keyed by code, in Chinese and English. Packs name what
// they define (measures, sub-types, bureaus, districts, pools, form options); this holds the rest.
// The API returns these beside codes and the pages show them; nothing else keeps a label map.
// Plain TypeScript (no zod): the workflows may use it too.
import type { LocalizedText } from '../pack/schema';
import type { ReviewDecision } from '../case/events';
import type { CaseStatus, TaskStatus } from '../case/records';

export type { LocalizedText };

/** A code with its words: what the API returns wherever a person reads a code. */
export interface Labelled<C extends string = string> {
  code: C;
  zh: string;
  en: string;
}

export const labelled = <C extends string>(code: C, words: LocalizedText): Labelled<C> => ({ code, zh: words.zh, en: words.en });

export const CASE_STATUS_WORDS: Record<CaseStatus, LocalizedText> = {
  submitted: { zh: '已提交', en: 'Submitted' },
  in_review: { zh: '审核中', en: 'Under review' },
  awaiting_information: { zh: '待补正', en: 'Awaiting information' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未通过', en: 'Not approved' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  lapsed: { zh: '已失效', en: 'Lapsed' },
  refused: { zh: '不予受理', en: 'Not accepted' },
};

/** `deciding` is how the workflow holds a task whose approval waits for its funds. */
export const TASK_STATUS_WORDS: Record<TaskStatus, LocalizedText> = {
  open: { zh: '待认领', en: 'Open' },
  claimed: { zh: '已认领', en: 'Claimed' },
  deciding: { zh: '决定记录中', en: 'Decision being recorded' },
  completed: { zh: '已完成', en: 'Completed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const DECISION_WORDS: Record<ReviewDecision, LocalizedText> = {
  approve: { zh: '同意', en: 'Agreed' },
  reject: { zh: '不同意', en: 'Disagreed' },
  return: { zh: '退回补正', en: 'Returned for information' },
};

export type OrderStatus = 'issued' | 'paid' | 'cancelled';
export const ORDER_STATUS_WORDS: Record<OrderStatus, LocalizedText> = {
  issued: { zh: '已下达待支付', en: 'Issued, not yet paid' },
  paid: { zh: '已支付', en: 'Paid' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const ORDER_SENTENCES = {
  alreadySettled: (from: OrderStatus, to: 'paid' | 'cancelled'): LocalizedText => ({
    zh: `该支付指令${ORDER_STATUS_WORDS[from].zh},不能再${to === 'paid' ? '支付' : '取消'}`,
    en: `the order is already ${from}: a ${from} order cannot be ${to}`,
  }),
} as const;

/** The review stages every sub-type without its own plan is reviewed in (src/domain/case/plan.ts). One word per stage. */
export const STAGE_WORDS = {
  review: { zh: '审核', en: 'Review' },
  intake: { zh: '受理审查', en: 'Intake review' },
  'co-review': { zh: '会签', en: 'Joint review' },
  final: { zh: '审定', en: 'Final decision' },
} as const satisfies Record<string, LocalizedText>;

/** A key lab's n-th evaluation task has the stage lab-evaluation-<n>. */
const LAB_EVALUATION = /^lab-evaluation-([1-9][0-9]*)$/;

/** A stage's name: the pack's title where it gives one, else the catalogue's; a stage of no known name is "a review step". */
export function stageWords(code: string, packTitle?: LocalizedText | null): LocalizedText {
  if (packTitle) return packTitle;
  if (code in STAGE_WORDS) return STAGE_WORDS[code as keyof typeof STAGE_WORDS];
  const lab = LAB_EVALUATION.exec(code);
  if (lab) return { zh: `实验室第 ${lab[1]} 次评估`, en: `Lab evaluation ${lab[1]}` };
  return { zh: '审核环节', en: 'Review step' };
}

export const NOTICE_KIND_WORDS: Record<string, LocalizedText> = {
  information_requested: { zh: '补正材料', en: 'Information requested' },
  lapse_warning: { zh: '失效提醒', en: 'Lapse warning' },
  lapsed: { zh: '申请失效', en: 'Lapsed' },
  decision: { zh: '审核结果', en: 'Decision' },
  award: { zh: '资助', en: 'Award' },
  payment: { zh: '拨付', en: 'Payment' },
  rent_free_end: { zh: '免租期结束', en: 'Rent-free period ends' },
  lab_evaluation_due: { zh: '实验室评估', en: 'Lab evaluation' },
};

export const AUDIT_ACTION_WORDS: Record<string, LocalizedText> = {
  'case.submit': { zh: '提交申请', en: 'Submitted a case' },
  'case.answer': { zh: '补正材料', en: 'Answered a request' },
  'case.withdraw': { zh: '撤回申请', en: 'Withdrew a case' },
  'case.discard': { zh: '丢弃申请', en: 'Discarded a case' },
  'task.claim': { zh: '认领任务', en: 'Claimed a task' },
  'task.release': { zh: '释放任务', en: 'Released a task' },
  'task.reassign': { zh: '转办任务', en: 'Reassigned a task' },
  'task.decide': { zh: '提交审核意见', en: 'Decided a task' },
  'task.override': { zh: '否决会签意见', en: 'Overrode a joint review' },
  'payment.settle': { zh: '办理拨付', en: 'Settled a payment order' },
  'award.recover': { zh: '追回资金', en: 'Recorded a recovery' },
  'pack.publish': { zh: '发布政策', en: 'Published a pack' },
  'admin.export': { zh: '导出工作流历史', en: 'Exported a workflow history' },
  'admin.replay': { zh: '回放工作流', en: 'Started a replay' },
  'lab.register': { zh: '登记既有重点实验室', en: 'Registered an existing key lab' },
  'lab.discard': { zh: '撤销实验室登记', en: 'Discarded a lab registration' },
  'conflict.declared': { zh: '申报回避', en: 'Declared a conflict' },
  'conflict.withdrawn': { zh: '撤回回避', en: 'Withdrew a conflict' },
  'organisation.created': { zh: '创建单位', en: 'Created an organisation' },
  'organisation.updated': { zh: '修改单位', en: 'Updated an organisation' },
  'user.created': { zh: '创建用户', en: 'Created a user' },
  'user.updated': { zh: '修改用户', en: 'Updated a user' },
};

export const ROLE_WORDS: Record<string, LocalizedText> = {
  applicant: { zh: '申请单位', en: 'Applicant' },
  officer: { zh: '审核员', en: 'Officer' },
  supervisor: { zh: '主管', en: 'Supervisor' },
  finance: { zh: '财政', en: 'Finance' },
  admin: { zh: '管理员', en: 'Admin' },
};

/** Why an activity's write could not be recorded (an incident for admins). */
export const INCIDENT_KIND_WORDS: Record<string, LocalizedText> = {
  PermanentDatabaseError: { zh: '数据库永久错误', en: 'Permanent database error' },
  BadInput: { zh: '输入错误', en: 'Bad input' },
  RetriesExhausted: { zh: '重试用尽', en: 'Retries exhausted' },
};

export const REPLAY_JOB_STATUS_WORDS: Record<string, LocalizedText> = {
  running: { zh: '进行中', en: 'Running' },
  completed: { zh: '已完成', en: 'Completed' },
  failed: { zh: '失败', en: 'Failed' },
};

/** A workflow type (Temporal's name for it, as the replay report and incidents list it) in words. */
export const WORKFLOW_TYPE_WORDS: Record<string, LocalizedText> = {
  caseWorkflow: { zh: '申请办理流程', en: 'Case' },
  intakeWindowWorkflow: { zh: '受理期时钟', en: 'Intake window clock' },
  noticeWorkflow: { zh: '通知发送', en: 'Notice delivery' },
  labLifecycleWorkflow: { zh: '重点实验室周期', en: 'Key lab lifecycle' },
  rentFreeWorkflow: { zh: '免租期', en: 'Rent-free period' },
  awardWorkflow: { zh: '资助拨付', en: 'Award payments' },
  replayJobWorkflow: { zh: '工作流回放任务', en: 'Replay job' },
};

/** A replayed workflow history's outcome. */
export const REPLAY_OUTCOME_WORDS: Record<string, LocalizedText> = {
  ok: { zh: '通过', en: 'Replayed' },
  diverged: { zh: '不确定性错误', en: 'Non-determinism' },
  failed: { zh: '无法回放', en: 'Could not replay' },
};

/** What a timeline event is, in a word, for entries the API writes no sentence for. */
export const EVENT_WORDS: Record<string, LocalizedText> = {
  'case.submitted': { zh: '提交申请', en: 'Application submitted' },
  'case.assessed': { zh: '完成资助测算', en: 'Award computed' },
  'case.approved': { zh: '批准资助', en: 'Award approved' },
  'case.rejected': { zh: '申请未通过', en: 'Application not approved' },
  'case.refused': { zh: '不予受理', en: 'Not accepted' },
  'case.withdrawn': { zh: '申请已撤回', en: 'Application withdrawn' },
  'case.lapsed': { zh: '逾期未补正,申请失效', en: 'Lapsed: no answer in time' },
  'notice.information_requested': { zh: '通知:请补正材料', en: 'Notice: information requested' },
  'notice.lapsed': { zh: '通知:申请失效', en: 'Notice: application lapsed' },
  'notice.rentfree_ending': { zh: '通知:免租期即将结束', en: 'Notice: rent-free period ending' },
  'clock.resumed': { zh: '审核计时恢复', en: 'Review clock resumed' },
  'case.information_received': { zh: '已补正材料', en: 'Information provided' },
  'task.opened': { zh: '审核任务开启', en: 'Review task opened' },
  'task.claimed': { zh: '任务被认领', en: 'Task claimed' },
  'task.unclaimed': { zh: '任务被释放', en: 'Task released' },
  'task.reassigned': { zh: '任务被转办', en: 'Task reassigned' },
  'task.decided': { zh: '审核意见', en: 'Review decision' },
  'task.cancelled': { zh: '任务取消', en: 'Task cancelled' },
  'task.reminder': { zh: '到期提醒', en: 'Due-date reminder' },
  'task.escalated': { zh: '逾期上报', en: 'Escalated' },
  'rentfree.started': { zh: '免租期开始', en: 'Rent-free period began' },
  'rentfree.ended': { zh: '免租期结束', en: 'Rent-free period ended' },
};

/** An entry's word, or a neutral one for a type the catalogue does not know (never the code itself). */
export const eventWords = (type: string): LocalizedText => EVENT_WORDS[type] ?? AUDIT_ACTION_WORDS[type.replace(/^audit\./, '')] ?? { zh: '记录', en: 'Entry' };

/** A time zone as its readers name it: China keeps one zone, which a Chinese reader calls 北京时间. */
export const zoneWords = (timeZone: string): LocalizedText => ({ zh: timeZone === 'Asia/Shanghai' ? '北京时间' : timeZone, en: timeZone });

/** The funder code of the city treasury (the pack schema's CITY_FUNDER; this module stays free of the schema library). */
const CITY = 'city';

/** What a pack names: its jurisdiction, bureaus and districts. */
export interface NamedPack {
  jurisdiction: { name: LocalizedText };
  bureaus: readonly { code: string; name: LocalizedText }[];
  districts: readonly { code: string; name: LocalizedText; bureau: string }[];
}

/** The placeholder a sub-type's review stages use for the applicant's district government. */
export const APPLICANTS_DISTRICT: LocalizedText = { zh: '申请单位注册地所在区政府', en: 'the government of the applicant’s registered district' };

/** A bureau by the name its pack gives it; "district" is the applicant's district government. */
export function bureauWords(pack: NamedPack, code: string): LocalizedText {
  if (code === 'district') return APPLICANTS_DISTRICT;
  return pack.bureaus.find((b) => b.code === code)?.name ?? { zh: '未列明的部门', en: 'a bureau the policy does not list' };
}

/** A district (an applicant's registered district code) by the name its pack gives it. */
export function districtWords(pack: NamedPack, code: string): LocalizedText {
  return pack.districts.find((d) => d.code === code)?.name ?? { zh: '未列明的区', en: 'a district the policy does not list' };
}

/** A treasury as people name it: the city's (after the pack's jurisdiction) or a district's. */
export function treasuryWords(pack: Pick<NamedPack, 'jurisdiction' | 'districts'>, funder: string): LocalizedText {
  if (funder === CITY) return { zh: `${pack.jurisdiction.name.zh}财政`, en: `${pack.jurisdiction.name.en} city treasury` };
  const d = pack.districts.find((x) => x.bureau === funder);
  return d ? { zh: `${d.name.zh}财政`, en: `${d.name.en} treasury` } : { zh: '未列明的区财政', en: 'a district treasury the policy does not list' };
}
