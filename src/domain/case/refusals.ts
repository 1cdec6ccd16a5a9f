import { CASE_STATUS_WORDS } from '../words';
import { formatYuan, formatYuanEn } from '../fen';
import type { LocalizedText } from '../pack/schema';
import type { CaseStatus } from './records';
import type { Reason } from '../award';
import type { ReservationRefused } from './effects';
import { LIMIT_SENTENCES } from '../words/limits';
// Why a command on a case was refused. The case machine returns one; the workflow's validator turns it
// into an ApplicationFailure of its type, and the API maps the type (never the message) to an HTTP status.

export const Refusal = {
  /** The caller may never do this (wrong bureau, wrong organisation, not the claimant). 403 */
  Forbidden: 'Forbidden',
  /** The officer is from the applicant organisation or declared a conflict with it. 403 */
  ConflictOfInterest: 'ConflictOfInterest',
  /** The task is not claimed, or claimed by someone else. 409 */
  NotClaimed: 'NotClaimed',
  /** Another officer holds the task. 409 */
  AlreadyClaimed: 'AlreadyClaimed',
  /** The task is already completed or cancelled. 409 */
  AlreadyDecided: 'AlreadyDecided',
  /** The case reached its end (decided, withdrawn, lapsed). 409 */
  CaseClosed: 'CaseClosed',
  /** The case waits for the applicant's answer; no review decision meanwhile. 409 */
  AwaitingInformation: 'AwaitingInformation',
  /** Nothing was asked of the applicant. 409 */
  NotAwaitingInformation: 'NotAwaitingInformation',
  /** The input breaks a rule (amount above the computed award, missing reason, …); details name the field. 422 */
  Invalid: 'Invalid',
  /** No such task in this case. 404 */
  NotFound: 'NotFound',
  /** The budget pool cannot cover the approved amount. 422 */
  PoolExhausted: 'PoolExhausted',
  /** A cumulative limit (per applicant, per year, per project) has nothing left. 422 */
  LimitReached: 'LimitReached',
} as const;
export type RefusalType = (typeof Refusal)[keyof typeof Refusal];

export interface CaseRefusal {
  type: RefusalType;
  /** Which text this is (a key of REFUSAL_TEXTS): what a catalogue of words looks the sentence up by. */
  code: RefusalCode;
  /** The input field the refusal concerns, if any. */
  field: string | null;
  en: string;
  zh: string;
  /** Facts a client may act on (for a short pool: its code, year and what is left). */
  details?: Record<string, unknown>;
}

interface Text {
  en: string;
  zh: string;
}
type NoParams = Record<string, never>;
const list = (xs: string[], zh = false): string => xs.join(zh ? '、' : ', ');

/**
 * Every sentence a refusal can say, in Chinese and English, keyed by code: one table, so the bilingual
 * catalogue can take it over whole. Amounts are yuan as people write them.
 */
export const REFUSAL_TEXTS = {
  // No refusal names a task, a user or a bureau by its code: the reader is looking at the task, and the
  // page names the people on it.
  'task.notFound': (_: { taskId: string }): Text => ({ en: 'there is no such task in this case', zh: '本申请中没有该任务' }),
  'task.otherBureau': (_: { taskId: string }): Text => ({ en: 'this task is not a task of your bureau', zh: '该任务不属于您所在的部门' }),
  'task.finished': (p: { taskId: string; status: 'completed' | 'cancelled' }): Text => ({
    en: `this task is already ${p.status === 'completed' ? 'done' : 'cancelled'}`,
    zh: `该任务已${p.status === 'completed' ? '办结' : '取消'}`,
  }),
  'task.beingDecided': (_: { taskId: string }): Text => ({ en: 'a decision on this task is being recorded', zh: '该任务的决定正在记录中' }),
  'task.claimedByOther': (_: { taskId: string; by: string }): Text => ({
    en: 'another officer has already claimed this task',
    zh: '该任务已由其他人员认领',
  }),
  'task.notClaimed': (_: { taskId: string }): Text => ({ en: 'this task is not claimed', zh: '该任务未被认领' }),
  'task.releaseNotAllowed': (_: { taskId: string; by: string }): Text => ({
    en: 'another officer holds this task; only they or a supervisor of the bureau may release it',
    zh: '该任务由其他人员办理,只有本人或部门负责人可以释放',
  }),
  'task.reassignNotAllowed': (_: { taskId: string }): Text => ({
    en: 'only the officer holding this task or a supervisor of the bureau may reassign it',
    zh: '只有办理该任务的人员或部门负责人可以转办',
  }),
  'reassign.notOfBureau': (_: { userId: string; bureau: string }): Text => ({
    en: 'the person chosen is not an officer of this bureau',
    zh: '所选人员不是本部门的工作人员',
  }),
  'reassign.alreadyHolds': (_: { userId: string; taskId: string }): Text => ({
    en: 'the person chosen already holds this task',
    zh: '所选人员已在办理该任务',
  }),
  'reassign.conflict': (_: { userId: string }): Text => ({
    en: 'the person chosen has a conflict of interest with the applicant organisation',
    zh: '所选人员与申请单位存在利益冲突',
  }),
  'decide.claimFirst': (_: { taskId: string }): Text => ({ en: 'claim this task before deciding it', zh: '请先认领该任务再作决定' }),
  'decide.claimedByOther': (_: { taskId: string; by: string }): Text => ({
    en: 'another officer has claimed this task, not you',
    zh: '该任务由其他人员认领,不是您',
  }),
  'decide.awaitingInformation': (_: { answerDueAt: string }): Text => ({
    en: "the case waits for the applicant's answer; no decision until it comes or its deadline passes",
    zh: '本案正在等待申请人补正材料,答复或答复期限届满前不能作出决定',
  }),
  'case.closed': (p: { status: CaseStatus }): Text => ({ en: `the case is already ${p.status}`, zh: `本案已结束(${CASE_STATUS_WORDS[p.status].zh})` }),
  'case.notAssessed': (_: NoParams): Text => ({ en: 'the case has not been assessed yet', zh: '本案尚未完成评估' }),
  'case.decisionBeingRecorded': (_: NoParams): Text => ({
    en: 'a decision on the case is being recorded; try again in a moment',
    zh: '本案的决定正在记录中,请稍后再试',
  }),
  'conflict.ownOrganisation': (_: NoParams): Text => ({ en: 'you may not act on an application from your own organisation', zh: '您不能办理本单位提交的申请' }),
  'conflict.declared': (_: NoParams): Text => ({
    en: 'you declared a conflict of interest with the applicant organisation',
    zh: '您已申报与申请单位存在利益冲突',
  }),
  'applicant.only': (_: NoParams): Text => ({ en: 'only the applicant organisation may do this', zh: '只有申请单位可以办理此事项' }),
  'rfi.none': (_: NoParams): Text => ({ en: 'no information was requested for this case', zh: '本案没有待补正的材料' }),
  'rfi.answersRequired': (_: NoParams): Text => ({ en: 'answers are required', zh: '请填写补正答复' }),
  'amount.notFen': (_: NoParams): Text => ({ en: 'the approved amount must be a whole number of fen', zh: '核定金额须为以分为单位的整数' }),
  'amount.aboveComputed': (p: { amountFen: bigint; computedFen: bigint }): Text => ({
    en: `the amount ${formatYuanEn(p.amountFen)} is above the computed award ${formatYuanEn(p.computedFen)}`,
    zh: `核定金额 ${formatYuan(p.amountFen)} 高于测算金额 ${formatYuan(p.computedFen)}`,
  }),
  'amount.cutNeedsComment': (_: NoParams): Text => ({
    en: 'approving less than the computed award needs a comment saying why',
    zh: '核定金额低于测算金额时须说明理由',
  }),
  'approve.priorBenefit': (p: { others: { reference: string; amountFen: string }[] }): Text => ({
    en: `the applicant already has a same-kind benefit for this project (${list(p.others.map((o) => `${o.reference} (${formatYuanEn(BigInt(o.amountFen))})`))}); approving it needs a stated reason`,
    zh: `申请单位已就同一项目享受或申请同类资助(${list(
      p.others.map((o) => `${o.reference}(${formatYuan(BigInt(o.amountFen))})`),
      true,
    )}),不得重复享受;批准须说明理由`,
  }),
  'approve.overRejection': (_: { bureaus: string[] }): Text => ({
    en: 'a co-reviewing bureau rejected this case; approving over that needs a stated reason',
    zh: '会签部门已提出不同意意见,批准须说明理由',
  }),
  'reject.needsReason': (_: NoParams): Text => ({ en: 'a rejection needs a reason', zh: '不予通过须说明理由' }),
  'return.needsQuestion': (_: NoParams): Text => ({ en: 'a return for information needs at least one question', zh: '退回补正须至少列出一个问题' }),
  'rentFree.none': (_: NoParams): Text => ({ en: 'this sub-type grants no rent-free period', zh: '本项目不涉及免租期,不得核定免租期' }),
  'rentFree.finalOnly': (_: NoParams): Text => ({
    en: 'only the final approval sets the rent-free period',
    zh: '免租期由审定环节批准时核定,本环节不得核定免租期',
  }),
  'rentFree.outOfBounds': (p: { minMonths: number; maxMonths: number; months: number }): Text => ({
    en: `the rent-free period must be a whole number of months from ${p.minMonths} to ${p.maxMonths} (the policy's bounds); ${p.months} is not`,
    zh: `免租期须为 ${p.minMonths} 至 ${p.maxMonths} 个月之间的整月数(政策规定),${p.months} 不符合`,
  }),
  'text.unstorable': (p: { field: string; en: string; zh: string }): Text => ({ en: `${p.field} ${p.en}`, zh: p.zh }),
  'pool.short': (p: { pool: { name: LocalizedText; year: number }; leftFen: bigint; askedFen: bigint; mostFen: bigint; share: boolean }): Text => {
    const hintEn = p.mostFen > 0n ? `approve at most ${formatYuanEn(p.mostFen)} or reject` : 'nothing is left this year: reject, or wait until funds are added';
    const hintZh = p.mostFen > 0n ? `可核定不超过 ${formatYuan(p.mostFen)},或不予通过` : '本年度已无余额:可不予通过,或待追加预算后再批';
    const needEn = p.share ? `its share of the award, ${formatYuanEn(p.askedFen)}` : formatYuanEn(p.askedFen);
    const needZh = p.share ? `其应承担的 ${formatYuan(p.askedFen)}` : `核定的 ${formatYuan(p.askedFen)}`;
    return {
      en: `budget pool "${p.pool.name.en}" for ${p.pool.year}: ${formatYuanEn(p.leftFen)} left, less than ${needEn}; ${hintEn}`,
      zh: `${p.pool.year} 年度「${p.pool.name.zh}」预算剩余 ${formatYuan(p.leftFen)},不足${needZh};${hintZh}`,
    };
  },
  'approval.blocked': (p: { parts: LocalizedText[] }): Text => LIMIT_SENTENCES.approvalBlocked(p.parts),
  'limit.reached': (p: { label: LocalizedText; capFen: bigint; priorFen: bigint }): Text => ({
    en: `${p.label.en}: cap ${formatYuanEn(p.capFen)}, ${formatYuanEn(p.priorFen)} already awarded, nothing is left; reject the application`,
    zh: `${p.label.zh}:上限 ${formatYuan(p.capFen)},此前已获 ${formatYuan(p.priorFen)},已无余额;可不予通过`,
  }),
} as const;
export type RefusalCode = keyof typeof REFUSAL_TEXTS;

/** A refusal of `type` saying the text `code` with its parameters. */
export function refusal<C extends RefusalCode>(
  type: RefusalType,
  field: string | null,
  code: C,
  params: Parameters<(typeof REFUSAL_TEXTS)[C]>[0],
  details?: Record<string, unknown>,
): CaseRefusal {
  const text = (REFUSAL_TEXTS[code] as (p: typeof params) => Text)(params);
  return details === undefined ? { type, code, field, ...text } : { type, code, field, ...text, details };
}

/**
 * The refusal an approval gets when its pool cannot cover it: the pool by name and what is left, in yuan.
 * With `atMostFen` the pool was asked for its treasury's share only (a district pool holds the district's),
 * and the award that would fit both pools is suggested instead of the pool's remainder.
 */
export function poolShortRefusal(
  pool: { code: string; name: LocalizedText; year: number; availableFen: string },
  amountFen: string,
  atMostFen?: string,
): CaseRefusal {
  const left = BigInt(pool.availableFen);
  return refusal(
    Refusal.PoolExhausted,
    'amountFen',
    'pool.short',
    { pool, leftFen: left, askedFen: BigInt(amountFen), mostFen: atMostFen === undefined ? left : BigInt(atMostFen), share: atMostFen !== undefined },
    { poolCode: pool.code, year: pool.year, availableFen: pool.availableFen, ...(atMostFen === undefined ? {} : { atMostFen }) },
  );
}

/** The refusal an approval gets when a cumulative limit has nothing left: nothing lower is suggested. */
export function limitReachedRefusal(limit: { key: string; scope: string; capFen: string; label: LocalizedText }, priorFen: string): CaseRefusal {
  return refusal(
    Refusal.LimitReached,
    'amountFen',
    'limit.reached',
    { label: limit.label, capFen: BigInt(limit.capFen), priorFen: BigInt(priorFen) },
    { limitKey: limit.key, scope: limit.scope, capFen: limit.capFen, priorFen },
  );
}

/**
 * The one refusal a final approval gets when the ledger reserved nothing: every limit with nothing
 * left, a short pool, and what the approval itself lacks, all at once. One obstacle alone is said as
 * it always was; several are numbered in one sentence. `poolName` names a pool by its code.
 */
export function reservationRefusal(r: ReservationRefused, poolName: (code: string) => LocalizedText): CaseRefusal {
  const unmet: Reason[] = r.unmet ?? [];
  const parts: LocalizedText[] = [];
  const details: Record<string, unknown> = {};
  let first: CaseRefusal | null = null;
  if (r.short === 'limit') {
    const exhausted = r.exhausted ?? [{ limit: r.limit, priorFen: r.priorFen }];
    first = limitReachedRefusal(r.limit, r.priorFen);
    for (const x of exhausted) parts.push(LIMIT_SENTENCES.reachedNow(x.limit.label, BigInt(x.limit.capFen), BigInt(x.priorFen)));
    Object.assign(details, first.details, {
      limits: exhausted.map((x) => ({ limitKey: x.limit.key, scope: x.limit.scope, capFen: x.limit.capFen, priorFen: x.priorFen })),
    });
  } else if (r.short === 'pool') {
    first = poolShortRefusal({ code: r.poolCode, name: poolName(r.poolCode), year: r.year, availableFen: r.availableFen }, r.askedFen, r.atMostFen);
    parts.push({ zh: first.zh, en: first.en });
    Object.assign(details, first.details);
  }
  if (first !== null && unmet.length === 0 && parts.length === 1) return first;
  if (first === null && unmet.length === 1) {
    const only = unmet[0]!;
    return { type: Refusal.Invalid, code: only.code as RefusalCode, field: 'overrideReason', zh: only.zh, en: only.en, details: { unmet: [only.code] } };
  }
  for (const u of unmet) parts.push({ zh: u.zh, en: u.en });
  if (unmet.length > 0) details.unmet = unmet.map((u) => u.code);
  const type = first?.type ?? Refusal.Invalid;
  // The field the officer can change: the reason when one is missing, else the amount.
  return refusal(type, unmet.length > 0 ? 'overrideReason' : 'amountFen', 'approval.blocked', { parts }, details);
}
