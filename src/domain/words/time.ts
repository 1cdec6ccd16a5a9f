// Instants and durations as people read them. Plain TypeScript (the intake clock and workflows use it).
import type { LocalizedText } from '../pack/schema';
import { zoneOffsetMs } from '../time';

/**
 * An instant as people in the policy's zone read it: "北京时间 2026-12-18 00:00" for a Chinese reader
 * (China keeps one zone), "2026-12-18 00:00 (Asia/Shanghai)" for an English one.
 */
export function localDateTime(atMs: number, timeZone: string): LocalizedText {
  const wall = new Date(atMs + zoneOffsetMs(atMs, timeZone)).toISOString();
  const at = `${wall.slice(0, 10)} ${wall.slice(11, 16)}`;
  return { zh: timeZone === 'Asia/Shanghai' ? `北京时间 ${at}` : `${at}(${timeZone})`, en: `${at} (${timeZone})` };
}

/** "3 days 4 hours" / "3 天 4 小时", to the minute. */
export function durationText(ms: number): LocalizedText {
  const min = Math.max(0, Math.floor(ms / 60_000));
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  const zh = [d ? `${d} 天` : '', h ? `${h} 小时` : '', !d && m ? `${m} 分钟` : ''].filter(Boolean).join(' ') || '不到 1 分钟';
  const unit = (n: number, w: string): string => (n ? `${n} ${w}${n === 1 ? '' : 's'}` : '');
  const en = [unit(d, 'day'), unit(h, 'hour'), d ? '' : unit(m, 'minute')].filter(Boolean).join(' ') || 'less than a minute';
  return { zh, en };
}

/** A lapse for want of an answer. */
export const LAPSE_SENTENCES = {
  /**
   * What the case workflow records in its history (the instant as stored): kept word for word, since a
   * running workflow's history must not change. Readers get `lapsed` instead.
   */
  recorded: (answerDueAt: string): LocalizedText => ({
    zh: `未在 ${answerDueAt} 前补充材料,申请已失效`,
    en: `No answer to the request for information arrived by ${answerDueAt}, so the application has lapsed`,
  }),
  /** The lapse as its reader reads it: the deadline in the policy's zone (北京时间). */
  lapsed: (answerDueAt: string, timeZone: string): LocalizedText => {
    const due = localDateTime(Date.parse(answerDueAt), timeZone);
    return {
      zh: `未在${due.zh}前补充材料,申请已失效`,
      en: `No answer to the request for information arrived by ${due.en}, so the application has lapsed`,
    };
  },
} as const;

/** A policy as the intake messages name it: its title, and for the English text's API clients its id. */
interface Policy {
  id: string;
  title: LocalizedText;
}
const zhName = (p: Policy): string => `“${p.title.zh}”`;
const enName = (p: Policy): string => `"${p.title.en}" (${p.id})`;

/** Whether a policy takes applications now, until when, and where to apply once it is closed. */
export const INTAKE_SENTENCES = {
  open: (p: Policy, end: LocalizedText, left: LocalizedText): LocalizedText => ({
    zh: `${zhName(p)}正在受理申请,截止于${end.zh},剩余 ${left.zh}`,
    en: `${enName(p)} accepts applications until ${end.en}: ${left.en} left`,
  }),
  notYetOpen: (p: Policy, start: LocalizedText): LocalizedText => ({
    zh: `${zhName(p)}尚未开始受理,将于${start.zh}开始`,
    en: `${enName(p)} is not open yet: it opens at ${start.en}`,
  }),
  closed: (p: Policy, end: LocalizedText, successors: readonly Policy[]): LocalizedText => {
    const next = successors.map(zhName).join('、');
    const nextEn = successors.map(enName).join(', ');
    return {
      zh: `${zhName(p)}已于${end.zh}停止受理${next ? `,请向继任政策${next}申请` : ''}`,
      en: `${enName(p)} closed for applications at ${end.en}${nextEn ? `; apply under its successor ${nextEn}` : ''}`,
    };
  },
} as const;
