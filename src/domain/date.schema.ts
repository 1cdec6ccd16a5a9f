import { z } from 'zod';
import { isCalendarDate } from './time';
import { bilingualIssue, REQUEST_SENTENCES as S } from './words/validation';

// Every date or instant that comes in (bodies, queries, pack forms, token claims) is read by these,
// so "2024-13-01" or year 0000 is a 400 naming the field, never a 500 from Date or PostgreSQL.

/** The years a date in this service can fall in: company registrations from 1900, plans to 2199. */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2199;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

const inRange = (year: number): boolean => year >= EARLIEST_YEAR && year <= LATEST_YEAR;

/** Why a YYYY-MM-DD date is refused, or null: not written so, not on the calendar, or out of range. */
export function dateProblem(s: string): 'shape' | 'calendar' | 'range' | null {
  const m = DATE.exec(s);
  if (!m) return 'shape';
  if (!isCalendarDate(s)) return 'calendar';
  return inRange(Number(m[1])) ? null : 'range';
}

/** Why an ISO 8601 instant with its offset is refused, or null. */
export function instantProblem(s: string): 'shape' | 'calendar' | 'range' | null {
  const m = INSTANT.exec(s);
  if (!m) return 'shape';
  const day = dateProblem(m[1]!);
  if (day !== null) return day;
  return Number.isNaN(Date.parse(s)) ? 'calendar' : null;
}

/** Whether seconds since the epoch (a token's exp, iat, nbf) fall within the years above. */
export function isSaneEpochSeconds(n: unknown): boolean {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= Date.UTC(EARLIEST_YEAR, 0, 1) / 1000 && n < Date.UTC(LATEST_YEAR + 1, 0, 1) / 1000;
}

/** A calendar date written YYYY-MM-DD, the field named in every refusal. */
export const calendarDate = (field: string): z.ZodType<string, string> =>
  z.string({ error: `${field} must be a date written YYYY-MM-DD` }).superRefine((v, ctx) => {
    const p = dateProblem(v);
    if (p === 'shape') ctx.addIssue(bilingualIssue(S.dateShape(field)));
    else if (p === 'calendar') ctx.addIssue(bilingualIssue(S.notACalendarDate(field)));
    else if (p === 'range') ctx.addIssue(bilingualIssue(S.dateRange(field, EARLIEST_YEAR, LATEST_YEAR)));
  });

/** An ISO 8601 instant with its offset (e.g. 2026-12-01T00:00:00+08:00), as written. */
export const instantText = (field: string): z.ZodType<string, string> =>
  z.string({ error: `${field} must be an ISO date-time, e.g. 2026-12-01T00:00:00+08:00` }).superRefine((v, ctx) => {
    const p = instantProblem(v);
    if (p === 'shape') ctx.addIssue(bilingualIssue(S.instantShape(field)));
    else if (p === 'calendar') ctx.addIssue(bilingualIssue(S.notARealInstant(field)));
    else if (p === 'range') ctx.addIssue(bilingualIssue(S.instantRange(field, EARLIEST_YEAR, LATEST_YEAR)));
  });

/** The same, read as a Date. */
export const instant = (field: string) => instantText(field).transform((s) => new Date(s));
