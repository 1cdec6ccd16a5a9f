// What the service says of itself: an outage, a busy moment, a change not yet confirmed, a caller
// asking too often. No codes: the reader is told what happened and what to do.
import type { LocalizedText } from '../pack/schema';

type L = LocalizedText;

/** 60000 → "1 min", 86400000 → "24 h": a window as a person reads it. */
const window = (ms: number): L =>
  ms % 3_600_000 === 0
    ? { zh: `${ms / 3_600_000} 小时`, en: `${ms / 3_600_000} h` }
    : ms % 60_000 === 0
      ? { zh: `${ms / 60_000} 分钟`, en: `${ms / 60_000} min` }
      : { zh: `${Math.ceil(ms / 1000)} 秒`, en: `${Math.ceil(ms / 1000)} s` };

export const SERVICE_SENTENCES = {
  unconfirmed: (): L => ({
    zh: '变更已提交但未能及时确认，可能仍会生效：请刷新后再决定是否重试。',
    en: 'The change was sent but not confirmed in time; it may still be applied: reload before trying again.',
  }),
  workflowsUnavailable: (): L => ({
    zh: '工作流服务暂时不可用，请稍后重试。',
    en: 'The workflow service is unavailable for a moment; please try again shortly.',
  }),
  databaseUnavailable: (): L => ({ zh: '数据库暂时不可用，请稍后重试。', en: 'The database is unavailable for a moment; please try again shortly.' }),
  busy: (): L => ({ zh: '服务繁忙，请稍后重试。', en: 'The service is busy; please try again in a moment.' }),
  recordFailed: (): L => ({
    zh: '变更已受理但未能记录,已通知管理员',
    en: 'the change was accepted but could not be recorded; an administrator has been told',
  }),
  identityProviderDown: (): L => ({ zh: '身份认证服务暂不可用，请稍后重试', en: 'the identity provider does not answer; please retry' }),
  tooMany: (upload: boolean, limit: number, windowMs: number, seconds: number): L => {
    const w = window(windowMs);
    return upload
      ? {
          zh: `上传过于频繁:每 ${w.zh}最多 ${limit} 次贵单位上传文件,请 ${seconds} 秒后再试`,
          en: `too many uploads from your organisation: at most ${limit} in ${w.en}; try again in ${seconds} s`,
        }
      : {
          zh: `请求过于频繁:每 ${w.zh}最多 ${limit} 次请求,请 ${seconds} 秒后再试`,
          en: `too many requests: at most ${limit} in ${w.en}; try again in ${seconds} s`,
        };
  },
} as const;
