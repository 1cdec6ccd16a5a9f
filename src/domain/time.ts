// Calendar arithmetic on plain YYYY-MM-DD dates. Pure: time is always passed in, and Intl (a
// language built-in, deterministic for a given instant) converts instants to the policy's local date.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function isYearMonth(s: string): boolean {
  const m = YEAR_MONTH.exec(s);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

function parts(date: string): [number, number, number] {
  const m = DATE.exec(date);
  if (!m || !isCalendarDate(date)) throw new RangeError(`not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Adds calendar months; the day is clamped to the end of a shorter month (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  return `${pad(ny, 4)}-${pad(nm)}-${pad(Math.min(d, daysInMonth(ny, nm)))}`;
}

/**
 * Whether something dated `since` (a company's registration) is between `min` and `max` months old
 * on the calendar day `on`, both ends included, to the day. A month is reached on the same day of the
 * month, or on the last day of a shorter month: registered 31 August, 6 months are reached on the
 * last day of February (28th, or 29th in a leap year).
 */
export function ageInMonthsWithin(since: string, on: string, min: number | undefined, max: number | undefined): boolean {
  if (min !== undefined && on < addMonths(since, min)) return false;
  if (max !== undefined && on > addMonths(since, max)) return false;
  return true;
}

/** Whole calendar months from `from` to `to` (negative if `to` is earlier). */
export function wholeMonthsBetween(from: string, to: string): number {
  const [fy, fm] = parts(from);
  const [ty, tm] = parts(to);
  let n = (ty - fy) * 12 + (tm - fm);
  if (n > 0 && addMonths(from, n) > to) n -= 1;
  else if (n < 0 && addMonths(from, n) < to) n += 1;
  else if (n === 0) return 0;
  return n;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone, e.g. 2024-12-17T16:00Z in Asia/Shanghai is 2024-12-18. */
export function localDate(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p['year'] ?? ''}-${p['month'] ?? ''}-${p['day'] ?? ''}`;
}

/** The budget year of an instant: its calendar year in the policy's time zone (pools are per budget year). */
export function budgetYear(at: Date, timeZone: string): number {
  return Number(localDate(at, timeZone).slice(0, 4));
}

/** Every budget year that the half-open window [from, to) touches, in order; empty if the window is. */
export function budgetYearsOf(from: Date, to: Date, timeZone: string): number[] {
  if (to.getTime() <= from.getTime()) return [];
  const last = budgetYear(new Date(to.getTime() - 1), timeZone);
  const years: number[] = [];
  for (let y = budgetYear(from, timeZone); y <= last; y++) years.push(y);
  return years;
}

export function parseInstant(iso: string, what = 'instant'): Date {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not an ISO date-time: ${iso}`);
  return new Date(ms);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the wall clock of `timeZone` is ahead of UTC at an instant (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(atMs: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    offsetFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(atMs)).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p['year'] ?? 0, (p['month'] ?? 1) - 1, p['day'] ?? 1, p['hour'] ?? 0, p['minute'] ?? 0, p['second'] ?? 0);
  return wall - (atMs - (((atMs % 1000) + 1000) % 1000));
}

/**
 * The same wall-clock time `days` calendar days later in `timeZone`. A day is 24 hours only where the
 * zone keeps no daylight saving; across a change the result keeps the local time, not the duration.
 */
export function addCalendarDays(atMs: number, days: number, timeZone: string): number {
  const wall = atMs + zoneOffsetMs(atMs, timeZone) + days * 86_400_000;
  // The wall time maps back through the offset in force there (tried twice, for the instant of a change).
  let guess = wall - zoneOffsetMs(wall, timeZone);
  guess = wall - zoneOffsetMs(guess, timeZone);
  return guess;
}
