// An audit entry in words for the admin's trail: what was acted on, and the facts of the action by
// name (no field names, codes or ids). What a person wrote (a reason, questions) is kept as written.
import type { ReviewDecision } from '../case/events';
import { formatYuan, formatYuanEn } from '../fen';
import type { LocalizedText } from '../pack/schema';
import { DECISION_WORDS, ORDER_STATUS_WORDS, stageWords, type OrderStatus } from './index';

type L = LocalizedText;

export interface AuditDetail {
  label: L;
  value: L;
  /** The value is what a person wrote, in whatever language they wrote it. */
  written: boolean;
}

export const AUDIT_SUBJECT_WORDS: Record<string, L> = {
  case: { zh: '申请', en: 'Case' },
  task: { zh: '审核任务', en: 'Review task' },
  payment_order: { zh: '支付指令', en: 'Payment order' },
  pack: { zh: '政策包', en: 'Policy pack' },
  workflow: { zh: '工作流', en: 'Workflow' },
  organisation: { zh: '单位', en: 'Organisation' },
  user: { zh: '用户', en: 'User' },
  conflict: { zh: '回避声明', en: 'Conflict declaration' },
  replay_job: { zh: '回放任务', en: 'Replay job' },
};

export const auditSubjectWords = (type: string): L => AUDIT_SUBJECT_WORDS[type] ?? { zh: '其他', en: 'Other' };

const LABELS = {
  decision: { zh: '审核意见', en: 'Decision' },
  amount: { zh: '金额', en: 'Amount' },
  stage: { zh: '环节', en: 'Stage' },
  bureau: { zh: '部门', en: 'Bureau' },
  reason: { zh: '理由', en: 'Reason' },
  comment: { zh: '意见', en: 'Comment' },
  overrideReason: { zh: '否决理由', en: 'Override reason' },
  questions: { zh: '补正事项', en: 'Questions' },
  answers: { zh: '答复', en: 'Answer' },
  status: { zh: '状态', en: 'Status' },
  treasury: { zh: '财政', en: 'Treasury' },
} as const satisfies Record<string, L>;

const WRITTEN: Record<string, keyof typeof LABELS> = {
  reason: 'reason',
  why: 'reason',
  cancelReason: 'reason',
  comment: 'comment',
  overrideReason: 'overrideReason',
  answers: 'answers',
};

const same = (s: string): L => ({ zh: s, en: s });

/**
 * The facts of an audit entry's payload a person reads, in the payload's order. `bureau` and
 * `treasury` name a bureau's or treasury's code; a fact of no known name (an id, a technical key)
 * is left out rather than shown as its field name.
 */
export function auditDetails(payload: Record<string, unknown>, bureau: (code: string) => L, treasury: (funder: string) => L): AuditDetail[] {
  const out: AuditDetail[] = [];
  for (const [key, v] of Object.entries(payload)) {
    if (v === null || v === undefined || v === '') continue;
    if (key in WRITTEN && typeof v === 'string') out.push({ label: LABELS[WRITTEN[key]!], value: same(v), written: true });
    else if (key === 'questions' && Array.isArray(v)) out.push({ label: LABELS.questions, value: same(v.map(String).join(' / ')), written: true });
    else if (/Fen$/.test(key) && typeof v === 'string' && /^\d+$/.test(v))
      out.push({ label: LABELS.amount, value: { zh: formatYuan(BigInt(v)), en: formatYuanEn(BigInt(v)) }, written: false });
    else if (key === 'decision' && typeof v === 'string' && v in DECISION_WORDS)
      out.push({ label: LABELS.decision, value: DECISION_WORDS[v as ReviewDecision], written: false });
    else if (key === 'stage' && typeof v === 'string') out.push({ label: LABELS.stage, value: stageWords(v), written: false });
    else if (key === 'bureauCode' && typeof v === 'string') out.push({ label: LABELS.bureau, value: bureau(v), written: false });
    else if (key === 'funder' && typeof v === 'string') out.push({ label: LABELS.treasury, value: treasury(v), written: false });
    else if (key === 'status' && typeof v === 'string' && v in ORDER_STATUS_WORDS)
      out.push({ label: LABELS.status, value: ORDER_STATUS_WORDS[v as OrderStatus], written: false });
  }
  return out;
}
