// Whether a policy takes applications at an instant, and how that is said to people. Pure.
import type { LocalizedText } from './pack/schema';
import { durationText, INTAKE_SENTENCES, localDateTime } from './words/time';

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
  const end = localDateTime(closes, pack.timezone);
  const base = { opensAt: pack.validity.from, closesAt: pack.validity.to };
  if (intakeOpen && opens <= nowMs && nowMs < closes) {
    const left = durationText(closes - nowMs);
    return {
      ...base,
      state: 'open',
      msLeft: closes - nowMs,
      message: INTAKE_SENTENCES.open(pack, end, left),
    };
  }
  if (nowMs < opens) {
    const start = localDateTime(opens, pack.timezone);
    return {
      ...base,
      state: 'notYetOpen',
      msLeft: opens - nowMs,
      message: INTAKE_SENTENCES.notYetOpen(pack, start),
    };
  }
  return {
    ...base,
    state: 'closed',
    msLeft: null,
    message: INTAKE_SENTENCES.closed(pack, end, successors),
  };
}
