// Whether a policy takes applications at an instant, and how that is said to people. Pure.
import type { LocalizedText } from './pack/schema';
import { durationText, localDateTime } from './words/time';

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

export { durationText, localDateTime } from './words/time';

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
