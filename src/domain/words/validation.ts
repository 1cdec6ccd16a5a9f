// What a refusal of a request's fields says in Chinese, beside the schema's English: one sentence per
// kind of issue the schema library reports (its issue codes), read from the issue's own facts (the
// limit, the allowed values, the unknown keys). A check of the project's own (a custom issue) brings its
// Chinese at the source as `params.zh` (see `bilingualIssue`). The sentences do not name the field: the
// page shows them under the field, and the English beside them names it for other clients.
// Plain TypeScript (no zod): the issue is described by its shape only.
import type { LocalizedText } from '../pack/schema';
import { DECISION_WORDS } from './index';

/** The facts of a schema issue that its words draw on (zod's issue, structurally). */
export interface IssueFacts {
  code: string;
  message?: string;
  /** The value refused, where the parse kept it (parseOrThrow asks for it). */
  input?: unknown;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  exact?: boolean;
  format?: string;
  divisor?: number | bigint;
  values?: readonly unknown[];
  keys?: readonly string[];
  params?: Record<string, unknown>;
}

const n = (v: number | bigint | undefined): string => String(v ?? '').replace(/\B(?=(\d{3})+$)/g, ',');

const KIND_ZH: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '“是”或“否”',
  array: '列表',
  object: '对象',
  date: '日期',
  null: '空值',
};

/** A length or size limit in Chinese, by what is measured. */
function limitZh(origin: string | undefined, bound: string, side: 'min' | 'max', inclusive: boolean, exact: boolean | undefined): string {
  const unit = origin === 'string' ? ' 个字符' : origin === 'array' || origin === 'set' ? ' 项' : origin === 'file' ? ' 字节' : '';
  if (origin === 'string' && side === 'min' && bound === '1' && inclusive) return '不能为空';
  if (origin === 'array' && side === 'min' && bound === '1' && inclusive) return '至少须有 1 项';
  if (exact) return origin === 'string' || origin === 'array' || origin === 'set' ? `须恰好为 ${bound}${unit}` : `须等于 ${bound}`;
  if (origin === 'string' || origin === 'array' || origin === 'set' || origin === 'file') {
    return side === 'min' ? (inclusive ? `至少须有 ${bound}${unit}` : `须多于 ${bound}${unit}`) : inclusive ? `最多 ${bound}${unit}` : `须少于 ${bound}${unit}`;
  }
  if (origin === 'date') return side === 'min' ? `不得早于 ${bound}` : `不得晚于 ${bound}`;
  return side === 'min' ? (inclusive ? `不得小于 ${bound}` : `须大于 ${bound}`) : inclusive ? `不得大于 ${bound}` : `须小于 ${bound}`;
}

const FORMAT_ZH: Record<string, string> = {
  uuid: '须为有效的编号(UUID)',
  guid: '须为有效的编号(UUID)',
  email: '须为有效的电子邮箱地址',
  url: '须为有效的网址',
  datetime: '须为带时区的日期时间,例如 2026-12-01T00:00:00+08:00',
  date: '须为日期,格式为 年-月-日',
  time: '须为时间,格式为 时:分',
  regex: '格式不正确',
  starts_with: '格式不正确',
  ends_with: '格式不正确',
  includes: '格式不正确',
};

const show = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

/**
 * The Chinese of checks that can carry one message only (zod's .regex, .min, a type's error): the
 * schema says `bilingual(words)`, which gives the English and keeps the Chinese here, found by it.
 */
const CHINESE_OF = new Map<string, string>();
export const bilingual = (words: LocalizedText): string => {
  CHINESE_OF.set(words.en, words.zh);
  return words.en;
};

/** The Chinese of one schema issue: the source's own where it gave one, else by the issue's code. */
export function issueZh(issue: IssueFacts): string {
  const own = issue.params?.zh ?? (issue.message === undefined ? undefined : CHINESE_OF.get(issue.message));
  if (typeof own === 'string' && own !== '') return own;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '此项必填';
      return `须为${KIND_ZH[issue.expected ?? ''] ?? '正确类型的值'}`;
    case 'too_small':
      return limitZh(issue.origin, n(issue.minimum), 'min', issue.inclusive !== false, issue.exact);
    case 'too_big':
      return limitZh(issue.origin, n(issue.maximum), 'max', issue.inclusive !== false, issue.exact);
    case 'invalid_value': {
      const values = issue.values ?? [];
      return values.length === 1 ? `须为 ${show(values[0])}` : `须为以下之一:${values.map(show).join('、')}`;
    }
    case 'invalid_format':
      return FORMAT_ZH[issue.format ?? ''] ?? '格式不正确';
    case 'not_multiple_of':
      return `须为 ${n(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return `不认识的字段:${(issue.keys ?? []).join('、')}(请删去)`;
    case 'invalid_key':
      return '含有不允许的键';
    case 'invalid_element':
      return '含有不允许的值';
    case 'invalid_union':
      return '不符合任何一种允许的写法';
    default:
      // A custom check that brought no Chinese: still a sentence the reader can act on.
      return '填写的内容不符合要求';
  }
}

/** A custom issue in both languages: `ctx.addIssue(bilingualIssue(words, path?))`. */
export const bilingualIssue = (words: LocalizedText, path?: (string | number)[]) =>
  ({ code: 'custom', message: words.en, params: { zh: words.zh }, ...(path ? { path } : {}) }) as const;

/** The request fields a person fills in or picks, by name: how a whole refusal names them. */
export const REQUEST_FIELD_NAMES: Record<string, string> = {
  decision: '决定',
  reason: '理由',
  comment: '意见',
  overrideReason: '不采纳否决意见的理由',
  questions: '补正问题',
  answers: '补正答复',
  documentIds: '附件',
  amountFen: '金额',
  rentFreeMonths: '免租月数',
  name: '名称',
  creditCode: '统一社会信用代码',
  kind: '主体类型',
  isStartup: '是否初创企业',
  startupEvidence: '初创企业认定依据',
  district: '所在区',
  registeredOn: '注册日期',
  role: '角色',
  assigneeId: '指派对象',
  status: '状态',
  dueFrom: '截止时间(起)',
  dueTo: '截止时间(止)',
  priority: '优先级',
  year: '年份',
  from: '开始时间',
  to: '结束时间',
  grade: '评估等级',
};

/**
 * The whole refusal in Chinese, for where it is shown once above a form: each issue's sentence after
 * its field's name where the field has one (a pack form's sentences name their field already).
 */
export function refusalZh(issues: readonly { path: string; zh?: string }[]): string | undefined {
  if (issues.length === 0 || !issues.every((i) => i.zh)) return undefined;
  return issues
    .map((i) => {
      const field = i.path.startsWith('form.')
        ? undefined
        : i.path
            .split('.')
            .filter((p) => p !== 'query' && !/^\d+$/.test(p))
            .at(-1);
      const name = field !== undefined && Object.hasOwn(REQUEST_FIELD_NAMES, field) ? REQUEST_FIELD_NAMES[field] : undefined;
      return name ? `${name}:${i.zh}` : i.zh;
    })
    .join(';');
}

/**
 * The project's own request checks, in both languages. The English names the field (other clients
 * read it alone); the Chinese does not (the page shows it under the field).
 */
export const REQUEST_SENTENCES = {
  bodyRequired: (): LocalizedText => ({ en: 'a JSON body is required', zh: '请求须带 JSON 正文' }),
  unstorable: (field: string, p: { en: string; zh: string }): LocalizedText => ({ en: `${field} ${p.en} / ${p.zh}`, zh: p.zh }),
  dateShape: (field: string): LocalizedText => ({ en: `${field} must be a date written YYYY-MM-DD`, zh: '须为日期,格式为 年-月-日' }),
  notACalendarDate: (field: string): LocalizedText => ({ en: `${field} is not a real calendar date`, zh: '不是有效的日期' }),
  dateRange: (field: string, from: number, to: number): LocalizedText => ({
    en: `${field} must be a date between ${from} and ${to}`,
    zh: `须在 ${from} 年至 ${to} 年之间`,
  }),
  instantShape: (field: string): LocalizedText => ({
    en: `${field} must be an ISO 8601 instant (an ISO date-time with its offset), e.g. 2026-12-01T00:00:00+08:00`,
    zh: '须为带时区的日期时间,例如 2026-12-01T00:00:00+08:00',
  }),
  notARealInstant: (field: string): LocalizedText => ({ en: `${field} is not a real date and time`, zh: '不是有效的日期时间' }),
  instantRange: (field: string, from: number, to: number): LocalizedText => ({
    en: `${field} must be a date-time between ${from} and ${to}`,
    zh: `须在 ${from} 年至 ${to} 年之间`,
  }),
  wholeNumberDigits: (field: string, min: number, max: number): LocalizedText => ({
    en: `${field} must be a whole number from ${min} to ${max}, written in digits`,
    zh: `须为 ${min} 至 ${max} 之间的整数,用数字书写`,
  }),
  taskId: { en: 'taskId must be a task id (a UUID, or a key lab evaluation’s lab-<lab id>-evaluation-<n>)', zh: '不是有效的任务编号' },
  rejectionNeedsReason: { en: 'a rejection needs a reason', zh: '不予通过须说明理由' },
  returnNeedsQuestions: { en: 'a return for information needs the questions for the applicant', zh: '退回补正须列出向申请人提出的问题' },
  notPartOfDecision: (field: string, decision: string): LocalizedText => ({
    en: `${field} is not part of a "${decision}" decision`,
    zh: `此项不属于“${decision in DECISION_WORDS ? DECISION_WORDS[decision as keyof typeof DECISION_WORDS].zh : decision}”决定,请删去`,
  }),
  dueToBeforeDueFrom: { en: 'dueTo is before dueFrom', zh: '截止时间的终点早于起点' },
  cancellingNeedsReason: { en: 'cancelling an order needs a reason', zh: '取消支付指令须说明理由' },
  recoveryMoreThanZero: { en: 'amountFen must be more than 0: a recovery of nothing is not recorded', zh: '追回金额须大于 0' },
  queryOrWorkflowIds: { en: 'give either query or workflowIds, not both', zh: '查询条件与工作流编号只能二选一' },
  toAfterFrom: { en: 'to must be after from', zh: '结束时间须晚于开始时间' },
  ruleVersion: { en: 'version must be a rule-version number (a whole number from 1), e.g. ?version=2', zh: '须为规则版本号(从 1 起的整数)' },
  year: { en: 'year must be a calendar year written YYYY, e.g. ?year=2025', zh: '须为四位数的年份,例如 2025' },
  organisationId: {
    en: 'an organisation id is 1–63 lowercase letters, digits and hyphens, e.g. org-lingxi',
    zh: '单位编号须由 1–63 个小写字母、数字和连字符组成,例如 org-lingxi',
  },
  userId: { en: "a user id is 1–128 letters, digits and . _ @ : - (the identity provider's subject)", zh: '用户编号须由 1–128 个字母、数字及 . _ @ : - 组成' },
  jurisdictionId: { en: 'a jurisdiction is its code, e.g. shenzhen or nantong', zh: '须为城市代码,例如 shenzhen 或 nantong' },
  district: { en: "a district is the pack's district code, e.g. nanshan", zh: '须为政策包中的区代码,例如 nanshan' },
  bureauCode: {
    en: "a bureau code is the pack's, e.g. stic or district:nanshan; a treasury's is city or a district's bureau code",
    zh: '须为政策包中的部门代码,例如 stic 或 district:nanshan',
  },
  noControl: (field: string): LocalizedText => ({ en: `${field} may not contain control characters`, zh: '不得包含控制字符' }),
  atLeastOneChange: { en: 'name at least one field to change', zh: '请至少修改一项' },
  startupEvidence: {
    en: 'a startup needs its evidence (startupEvidence: the certificate or register entry it rests on) / 初创企业须提供认定依据',
    zh: '初创企业须提供认定依据',
  },
  subjectType: { en: 'subjectType is a lower-case word, e.g. organisation', zh: '须为小写英文单词,例如 organisation' },
  action: { en: 'action is dotted lower-case words, e.g. task.decide', zh: '须为以点分隔的小写英文单词,例如 task.decide' },
  idempotencyKey: { en: 'Idempotency-Key must be 1-128 characters of letters, digits, _ - : .', zh: 'Idempotency-Key 须为 1–128 个字母、数字或 _ - : .' },
  documentIdInList: { en: 'a document id is 1-200 letters, digits, _ - : .', zh: '不是有效的文件编号' },
  documentId: { en: 'id must be a document id (letters, digits, - and _; at most 200)', zh: '不是有效的文件编号' },
  labCycle: { en: 'cycle is the evaluation number, 1, 2, 3… / 评估周期须为正整数', zh: '评估周期须为正整数' },
  noQueryParameter: (name: string): LocalizedText => ({ en: `this route takes no query parameter "${name}"`, zh: `此处不接受查询参数“${name}”` }),
  budgetYears: (first: number, last: number, got: number): LocalizedText => ({
    en: `this policy has budgets for ${first}–${last} only; got ${got}`,
    zh: `该政策只有 ${first}–${last} 年的预算,没有 ${got} 年的`,
  }),
  startupEvidenceOnChange: { en: 'a startup needs its evidence (startupEvidence) / 初创企业须提供认定依据', zh: '初创企业须提供认定依据' },
  emptyUpload: { en: 'the body is empty: send the file itself (请求体为空:请发送文件本身)', zh: '请求体为空:请发送文件本身' },
  packMalformed: (en: string): LocalizedText => ({ en: `${en} / 政策包格式有误`, zh: `政策包格式有误:${en}` }),
  labDay: (field: string): LocalizedText => ({ en: `${field} must be a date YYYY-MM-DD / 日期格式须为 YYYY-MM-DD`, zh: '须为日期,格式为 年-月-日' }),
} as const;

/** What the body parser says of a body it will not read (src/common/json-body.ts). */
export const BODY_SENTENCES = {
  tooDeep: (max: number): LocalizedText => ({ en: `the body is nested deeper than ${max} levels`, zh: `请求内容的嵌套超过 ${max} 层` }),
  keyTwice: (key: string): LocalizedText => ({ en: `the key "${key}" appears more than once`, zh: `字段“${key}”出现了不止一次` }),
  forbiddenKey: (key: string): LocalizedText => ({ en: `"${key}" is not an accepted field name`, zh: `“${key}”不能用作字段名` }),
  unstorableKey: (p: { en: string; zh: string }): LocalizedText => ({ en: `a field name ${p.en} / ${p.zh}`, zh: `字段名${p.zh}` }),
  unstorable: (field: string, p: { en: string; zh: string }): LocalizedText => REQUEST_SENTENCES.unstorable(field, p),
  notJsonType: {
    en: 'the body must be JSON, sent with Content-Type: application/json (UTF-8)',
    zh: '请求内容须为 JSON,并以 Content-Type: application/json(UTF-8)发送',
  },
  tooLarge: (bytes: number): LocalizedText => ({ en: `the body is larger than ${bytes} bytes`, zh: `请求内容超过 ${n(bytes)} 字节` }),
  tooSlow: (ms: number): LocalizedText => ({ en: `the body did not arrive within ${ms} ms`, zh: `请求内容未能在 ${n(ms)} 毫秒内送达` }),
  notUtf8: { en: 'the body is not valid UTF-8', zh: '请求内容不是有效的 UTF-8 编码' },
  notJson: (at: string | undefined): LocalizedText =>
    at === undefined
      ? { en: 'the body is not valid JSON', zh: '请求内容不是有效的 JSON' }
      : { en: `the body is not valid JSON (at character ${at})`, zh: `请求内容不是有效的 JSON(第 ${at} 个字符处)` },
} as const;
