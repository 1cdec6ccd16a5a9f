// What a person reads to follow their case without help: the status in words, what is pending and on
// whom (a bureau by name, never an officer), until when, and what they may do now. Built from the
// projection's row, tasks and typed events; dates are shown as calendar dates in the pack's time zone.
import { findSubtype, type PackRules } from '../domain';
import { DEFAULT_STAGES } from '../domain/case/plan';
import { formatYuan, formatYuanEn } from '../domain/fen';
import type { LocalizedText } from '../domain/pack/schema';
import type { CaseEvent } from '../domain/case/events';
import { STATUS_ZH } from '../domain/case/machine';
import type { CaseStatus } from '../domain/case/records';
import { localDate } from '../domain/time';
import { treasuryName } from '../notices/payment-notices';

/** What the pack says about names: bureaus and review stages, and the zone dates are read in. */
export interface CaseVocabulary {
  timeZone: string;
  bureauName(code: string): LocalizedText;
  stageTitle(code: string): LocalizedText;
  /** A treasury (a payment order's funder) by name: the city's or a district's. */
  treasuryName(funder: string): LocalizedText;
  /** The sub-type designates a key lab on approval (its lab's id is then the case's id). */
  designatesLab: boolean;
}

/** The names a case is told in: its rule version's bureaus and its sub-type's review stages. */
export function caseVocabulary(rules: PackRules, measureCode: string, subtypeCode: string): CaseVocabulary {
  const subtype = findSubtype(rules, measureCode, subtypeCode);
  const defaults = [...DEFAULT_STAGES.single, ...DEFAULT_STAGES.joint];
  return {
    timeZone: rules.timezone,
    bureauName: (code) => rules.bureaus.find((b) => b.code === code)?.name ?? { zh: code, en: code },
    stageTitle: (code) =>
      subtype?.review?.stages.find((st) => st.code === code)?.title ?? defaults.find((st) => st.code === code)?.title ?? { zh: '审核', en: `Review (${code})` },
    treasuryName: (funder) => treasuryName(rules, funder),
    designatesLab: subtype?.lifecycle?.kind === 'keyLab',
  };
}

export interface ProgressInput {
  id: string;
  status: CaseStatus;
  approvedAwardFen: bigint | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  submittedAt: Date;
  tasks: { bureauCode: string; stage: string; status: string; createdAt: Date; dueAt: Date | null }[];
  paymentOrders: { funder: string; amountFen: bigint; status: 'issued' | 'paid' | 'cancelled'; createdAt: Date }[];
  events: CaseEvent[];
}

export interface PendingItem {
  on: 'bureau' | 'applicant' | 'treasury';
  bureauCode: string | null;
  name: LocalizedText;
  what: LocalizedText;
  since: string;
  until: string | null;
}

export type ApplicantAction = 'answer' | 'withdraw';

export interface CaseProgress {
  status: { code: CaseStatus } & LocalizedText;
  summary: LocalizedText;
  pending: PendingItem[];
  allowedActions: ({ action: ApplicantAction; method: 'POST'; path: string; until: string | null } & LocalizedText)[];
  unavailableActions: ({ action: ApplicantAction } & LocalizedText)[];
}

const STATUS_EN: Record<CaseStatus, string> = {
  submitted: 'Received',
  in_review: 'Under review',
  awaiting_information: 'Waiting for your answer',
  approved: 'Approved',
  rejected: 'Not approved',
  withdrawn: 'Withdrawn',
  lapsed: 'Lapsed',
  refused: 'Not accepted',
};

const YOU: LocalizedText = { zh: '申请单位(您)', en: 'you, the applicant' };

function latest<T extends CaseEvent['type']>(events: CaseEvent[], type: T): Extract<CaseEvent, { type: T }> | null {
  for (let i = events.length - 1; i >= 0; i--) if (events[i]!.type === type) return events[i] as Extract<CaseEvent, { type: T }>;
  return null;
}

export function caseProgress(c: ProgressInput, v: CaseVocabulary, forApplicant: boolean): CaseProgress {
  const day = (iso: string | Date): string => localDate(typeof iso === 'string' ? new Date(iso) : iso, v.timeZone);
  const live = c.tasks.filter((t) => t.status === 'open' || t.status === 'claimed');
  const pending: PendingItem[] = [];
  let summary: LocalizedText;
  const rfi = c.status === 'awaiting_information' ? latest(c.events, 'notice.information_requested') : null;

  switch (c.status) {
    case 'submitted':
      summary = {
        zh: '申请已收到,系统正在进行资格审查并确定审核部门。',
        en: 'Your application was received; eligibility is being checked and the reviewing bureaus assigned.',
      };
      break;
    case 'in_review': {
      for (const t of live) {
        const stage = v.stageTitle(t.stage);
        pending.push({
          on: 'bureau',
          bureauCode: t.bureauCode,
          name: v.bureauName(t.bureauCode),
          what: { zh: `${stage.zh}`, en: stage.en },
          since: t.createdAt.toISOString(),
          until: t.dueAt?.toISOString() ?? null,
        });
      }
      const who = pending.map((p) => p.name);
      const until = pending.map((p) => p.until).filter((u): u is string => u !== null);
      const last = until.length > 0 ? day(until.sort().at(-1)!) : null;
      summary = {
        zh: `正在由${who.map((n) => n.zh).join('、') || '审核部门'}审核${last ? `,预计于 ${last} 前办结` : ''}。`,
        en: `Under review by ${who.map((n) => n.en).join(', ') || 'the reviewing bureaus'}${last ? `, due by ${last}` : ''}.`,
      };
      break;
    }
    case 'awaiting_information': {
      const bureau = rfi ? v.bureauName(rfi.data.bureauCode) : { zh: '审核部门', en: 'the reviewing bureau' };
      const due = rfi ? day(rfi.data.answerDueAt) : null;
      pending.push({
        on: 'applicant',
        bureauCode: null,
        name: YOU,
        what: { zh: `答复${bureau.zh}的补正要求`, en: `answer the request for information from ${bureau.en}` },
        since: rfi?.at ?? c.submittedAt.toISOString(),
        until: rfi?.data.answerDueAt ?? null,
      });
      summary = {
        zh: `${bureau.zh}要求补充材料,审核时限暂停;请于 ${due ?? '期限'} 前答复,逾期申请将失效。`,
        en: `${bureau.en} asked for more information and the review clock is paused; answer by ${due ?? 'the deadline'} or the application lapses.`,
      };
      break;
    }
    case 'approved': {
      const amount = c.approvedAwardFen ?? 0n;
      const pay = paymentStatus(c.paymentOrders, amount);
      for (const o of c.paymentOrders.filter((x) => x.status === 'issued')) {
        pending.push({
          on: 'treasury',
          bureauCode: o.funder,
          name: v.treasuryName(o.funder),
          what: { zh: `支付 ${formatYuan(o.amountFen)}`, en: `pay ${formatYuanEn(o.amountFen)}` },
          since: o.createdAt.toISOString(),
          until: null,
        });
      }
      summary = {
        zh: `已于 ${c.decidedAt ? day(c.decidedAt) : ''} 批准,核定资助 ${formatYuan(amount)}${pay ? `;${pay.zh}` : ''}。`,
        en: `Approved on ${c.decidedAt ? day(c.decidedAt) : ''}: an award of ${formatYuanEn(amount)}${pay ? `; ${pay.en}` : ''}.`,
      };
      break;
    }
    case 'rejected':
      summary = {
        zh: `已于 ${c.decidedAt ? day(c.decidedAt) : ''} 作出不予通过的决定${c.decisionReason ? `,理由:${c.decisionReason}` : ''}。`,
        en: `Not approved on ${c.decidedAt ? day(c.decidedAt) : ''}${c.decisionReason ? `; reason: ${c.decisionReason}` : ''}.`,
      };
      break;
    case 'withdrawn':
      summary = { zh: '申请已撤回,审核已终止。', en: 'The application was withdrawn; its review has ended.' };
      break;
    case 'lapsed':
      summary = { zh: '未在期限内答复补正要求,申请已失效。', en: 'No answer to the request for information arrived in time, so the application lapsed.' };
      break;
    case 'refused': {
      const reasons = latest(c.events, 'case.refused')?.data.reasons ?? [];
      summary = {
        zh: `不符合申报条件,不予受理${reasons.length ? `:${reasons.map((r) => r.zh).join(';')}` : ''}。`,
        en: `Not accepted: the application does not meet the conditions${reasons.length ? ` (${reasons.map((r) => r.en).join('; ')})` : ''}.`,
      };
      break;
    }
  }

  const allowedActions: CaseProgress['allowedActions'] = [];
  const unavailableActions: CaseProgress['unavailableActions'] = [];
  if (forApplicant) {
    const closed = ['approved', 'rejected', 'withdrawn', 'lapsed', 'refused'].includes(c.status);
    const closedText = { zh: `本案已结束(${STATUS_ZH[c.status]})`, en: `the case is already ${c.status}` };
    if (c.status === 'awaiting_information') {
      const due = rfi ? day(rfi.data.answerDueAt) : '';
      allowedActions.push({
        action: 'answer',
        method: 'POST',
        path: `/cases/${c.id}/information`,
        until: rfi?.data.answerDueAt ?? null,
        zh: `答复补正要求(截止 ${due})`,
        en: `Answer the request for information (by ${due})`,
      });
    } else {
      unavailableActions.push({
        action: 'answer',
        ...(closed ? closedText : { zh: '本案没有待补正的材料', en: 'no information was requested for this case' }),
      });
    }
    if (closed) unavailableActions.push({ action: 'withdraw', ...closedText });
    else
      allowedActions.push({
        action: 'withdraw',
        method: 'POST',
        path: `/cases/${c.id}/withdraw`,
        until: null,
        zh: '在作出决定前撤回申请',
        en: 'Withdraw the application before it is decided',
      });
  }

  return { status: { code: c.status, zh: STATUS_ZH[c.status], en: STATUS_EN[c.status] }, summary, pending, allowedActions, unavailableActions };
}

/**
 * Where the award's money is, in words: paid, waiting for a treasury, or cancelled. Null when there is
 * nothing to say: no award to pay, or no order issued.
 */
function paymentStatus(orders: ProgressInput['paymentOrders'], awardFen: bigint): LocalizedText | null {
  if (awardFen <= 0n) return null;
  // None yet (the payment workflow issues them a moment after the approval), or an award from before orders existed.
  if (orders.length === 0) return null;
  const sum = (status: 'issued' | 'paid' | 'cancelled'): bigint => orders.filter((o) => o.status === status).reduce((t, o) => t + o.amountFen, 0n);
  const [paid, issued, cancelled] = [sum('paid'), sum('issued'), sum('cancelled')];
  if (issued === 0n && cancelled === 0n) return { zh: `已全额支付 ${formatYuan(paid)}`, en: `all ${formatYuanEn(paid)} has been paid` };
  const parts: LocalizedText[] = [
    ...(paid > 0n ? [{ zh: `已支付 ${formatYuan(paid)}`, en: `${formatYuanEn(paid)} paid` }] : []),
    ...(issued > 0n ? [{ zh: `${formatYuan(issued)} 待财政支付`, en: `${formatYuanEn(issued)} waiting for the treasury to pay` }] : []),
    ...(cancelled > 0n ? [{ zh: `${formatYuan(cancelled)} 的支付指令已取消`, en: `an order of ${formatYuanEn(cancelled)} was cancelled` }] : []),
  ];
  return { zh: parts.map((p) => p.zh).join(','), en: parts.map((p) => p.en).join(', ') };
}

/** One line a person reads for a timeline event, or null for events no line is written for. */
export function describeEvent(e: CaseEvent, v: CaseVocabulary): LocalizedText | null {
  const day = (iso: string): string => localDate(new Date(iso), v.timeZone);
  switch (e.type) {
    case 'case.submitted':
      return { zh: '提交申请', en: 'Application submitted' };
    case 'case.assessed':
      return e.data.eligible
        ? {
            zh: `资格审查通过,测算资助 ${formatYuan(BigInt(e.data.computedAwardFen))}`,
            en: `Eligibility checked: computed award ${formatYuanEn(BigInt(e.data.computedAwardFen))}`,
          }
        : { zh: '资格审查未通过', en: 'Eligibility check failed' };
    case 'case.refused':
      return { zh: `不予受理:${e.data.reasons.map((r) => r.zh).join(';')}`, en: `Not accepted: ${e.data.reasons.map((r) => r.en).join('; ')}` };
    case 'task.opened': {
      const b = v.bureauName(e.data.bureauCode);
      const s = v.stageTitle(e.data.stage);
      return { zh: `${b.zh}开始${s.zh},办理时限 ${day(e.data.dueAt)}`, en: `${b.en} started: ${s.en}, due by ${day(e.data.dueAt)}` };
    }
    case 'task.decided': {
      const b = v.bureauName(e.data.bureauCode);
      const s = v.stageTitle(e.data.stage);
      const d = {
        approve: { zh: '同意', en: 'agreed' },
        reject: { zh: '不同意', en: 'disagreed' },
        return: { zh: '要求补正', en: 'asked for more information' },
      }[e.data.decision];
      return { zh: `${b.zh}(${s.zh}):${d.zh}`, en: `${b.en} (${s.en}): ${d.en}` };
    }
    case 'task.cancelled': {
      const b = v.bureauName(e.data.bureauCode);
      return { zh: `${b.zh}的审核因本案结束而终止`, en: `${b.en}'s review ended with the case` };
    }
    case 'notice.information_requested': {
      const b = v.bureauName(e.data.bureauCode);
      return {
        zh: `${b.zh}要求补充材料,请于 ${day(e.data.answerDueAt)} 前答复`,
        en: `${b.en} asked for more information; answer by ${day(e.data.answerDueAt)}`,
      };
    }
    case 'case.information_received':
      return { zh: '已提交补正材料,审核恢复', en: 'Your answer was received; the review resumed' };
    case 'case.approved': {
      const rf = e.data.rentFree;
      return {
        zh: `批准,核定资助 ${formatYuan(BigInt(e.data.approvedAwardFen))}${rf ? `;核定免租期 ${rf.months} 个月(申请 ${rf.requestedMonths} 个月)` : ''}`,
        en: `Approved: an award of ${formatYuanEn(BigInt(e.data.approvedAwardFen))}${rf ? `; a rent-free period of ${rf.months} months granted (${rf.requestedMonths} asked)` : ''}`,
      };
    }
    case 'case.rejected':
      return { zh: `不予通过:${e.data.reason}`, en: `Not approved: ${e.data.reason}` };
    case 'case.withdrawn':
      return { zh: '申请已撤回', en: 'Application withdrawn' };
    case 'notice.lapsed':
      return { zh: e.data.zh, en: e.data.en };
    case 'case.lapsed':
      return { zh: '申请已失效', en: 'Application lapsed' };
    case 'rentfree.started':
      return { zh: `免租期开始:${e.data.months} 个月,至 ${e.data.endsOn}`, en: `Rent-free period began: ${e.data.months} months, to ${e.data.endsOn}` };
    case 'notice.rentfree_ending':
      return { zh: e.data.zh, en: e.data.en };
    case 'rentfree.ended':
      return { zh: `免租期已于 ${e.data.endsOn} 结束`, en: `Rent-free period ended on ${e.data.endsOn}` };
    case 'task.claimed':
    case 'task.unclaimed':
    case 'task.reassigned':
    case 'task.reminder':
    case 'task.escalated':
    case 'clock.resumed':
      return null;
  }
}
