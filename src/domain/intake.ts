// Whether a policy takes applications at an instant, and how that is said to people. Pure.
import type { LocalizedText } from './pack/schema';
import { zoneOffsetMs } from './time';

export type IntakeState = 'open' | 'closed' | 'notYetOpen';

/** What the status endpoint and a refused submission need of a pack. */
export interface IntakeFacts {
  id: string;
  title: LocalizedText;
  timezone: string;
  validity: { from: string; to: string };
}

export interface IntakeStatus {
  state: IntakeState;
  opensAt: string;
  closesAt: string;
  /** Milliseconds until the close while open, until the opening before it; null once closed. */
  msLeft: number | null;
  message: LocalizedText;
}

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

/**
 * The state of a pack's intake. `intakeOpen` is the durable clock's flag; the dates decide between
 * "not yet open" and "closed" when it is down, so a clock that has not flipped yet is never reported
 * as open before its time.
 */
export function intakeStatus(pack: IntakeFacts, intakeOpen: boolean, nowMs: number, successors: readonly IntakeFacts[] = []): IntakeStatus {
  const opens = Date.parse(pack.validity.from);
  const closes = Date.parse(pack.validity.to);
  // A Chinese reader knows a policy by its title; the id is for the English text's API clients.
  const name = `“${pack.title.zh}”`;
  const nameEn = `"${pack.title.en}" (${pack.id})`;
  const end = localDateTime(closes, pack.timezone);
  const base = { opensAt: pack.validity.from, closesAt: pack.validity.to };
  if (intakeOpen && opens <= nowMs && nowMs < closes) {
    const left = durationText(closes - nowMs);
    return {
      ...base,
      state: 'open',
      msLeft: closes - nowMs,
      message: { zh: `${name}正在受理申请,截止于${end.zh},剩余 ${left.zh}`, en: `${nameEn} accepts applications until ${end.en}: ${left.en} left` },
    };
  }
  if (nowMs < opens) {
    const start = localDateTime(opens, pack.timezone);
    return {
      ...base,
      state: 'notYetOpen',
      msLeft: opens - nowMs,
      message: { zh: `${name}尚未开始受理,将于${start.zh}开始`, en: `${nameEn} is not open yet: it opens at ${start.en}` },
    };
  }
  const next = successors.map((s) => `“${s.title.zh}”`).join('、');
  const nextEn = successors.map((s) => `"${s.title.en}" (${s.id})`).join(', ');
  return {
    ...base,
    state: 'closed',
    msLeft: null,
    message: {
      zh: `${name}已于${end.zh}停止受理${next ? `,请向继任政策${next}申请` : ''}`,
      en: `${nameEn} closed for applications at ${end.en}${nextEn ? `; apply under its successor ${nextEn}` : ''}`,
    },
  };
}
