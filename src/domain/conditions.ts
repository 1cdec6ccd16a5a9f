import { applicantMatches, resolveDistrict, type ApplicantProfile } from './applicant';
import type { PackRules } from './pack/rules';
import type { Condition, DateSource, FenRef, BpRef, IntRef, ParamRef } from './pack/schema';
import { ageInMonthsWithin } from './time';
import { assertNever } from './assert';

export interface EvalContext {
  rules: PackRules;
  form: Record<string, unknown>;
  applicant: ApplicantProfile;
  /** The receipt date in the pack's time zone, YYYY-MM-DD. */
  receivedOn: string;
}

function paramValue(rules: PackRules, ref: ParamRef): { type: string; value: string | number } {
  const p = rules.parameters[ref.param];
  if (!p) throw new RangeError(`parameter ${ref.param} is not defined in ${rules.packId} v${rules.version}`);
  return p;
}

export function resolveFen(rules: PackRules, ref: FenRef): bigint {
  if (typeof ref === 'string') return BigInt(ref);
  const p = paramValue(rules, ref);
  if (p.type !== 'fen') throw new TypeError(`parameter ${ref.param} is not a fen amount`);
  return BigInt(p.value);
}

export function resolveBp(rules: PackRules, ref: BpRef): number {
  if (typeof ref === 'number') return ref;
  const p = paramValue(rules, ref);
  if (p.type !== 'bp') throw new TypeError(`parameter ${ref.param} is not a rate in basis points`);
  return Number(p.value);
}

export function resolveInt(rules: PackRules, ref: IntRef): number {
  if (typeof ref === 'number') return ref;
  const p = paramValue(rules, ref);
  if (p.type !== 'integer') throw new TypeError(`parameter ${ref.param} is not an integer`);
  return Number(p.value);
}

/** Integer and fen fields compare as bigint; a fen string or a parameter supplies the bound. */
function comparable(rules: PackRules, v: number | string | ParamRef): bigint {
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'string') return BigInt(v);
  const p = paramValue(rules, v);
  return BigInt(p.value);
}

function fieldAsBigint(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^(0|[1-9][0-9]*)$/.test(v)) return BigInt(v);
  return null;
}

function dateOf(src: DateSource, ctx: EvalContext): string | null {
  if (src === 'receivedAt') return ctx.receivedOn;
  if ('applicant' in src) return ctx.applicant.registeredOn;
  const v = ctx.form[src.field];
  return typeof v === 'string' ? v : null;
}

export function evaluate(c: Condition, ctx: EvalContext): boolean {
  switch (c.op) {
    case 'equals':
      return ctx.form[c.field] === c.value;
    case 'present': {
      const v = ctx.form[c.field];
      return v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
    }
    case 'oneOf':
      return c.values.some((x) => x === ctx.form[c.field]);
    case 'atLeast':
    case 'atMost': {
      const v = fieldAsBigint(ctx.form[c.field]);
      if (v === null) return false;
      const bound = comparable(ctx.rules, c.value);
      return c.op === 'atLeast' ? v >= bound : v <= bound;
    }
    case 'atMostField': {
      const a = fieldAsBigint(ctx.form[c.field]);
      const b = fieldAsBigint(ctx.form[c.other]);
      return a !== null && b !== null && a <= b;
    }
    case 'applicantKind':
      return c.kinds.some((k) => applicantMatches(k, ctx.applicant));
    case 'applicantIsStartup':
      return ctx.applicant.kind === 'enterprise' && ctx.applicant.isStartup;
    case 'applicantHasDistrict':
      return resolveDistrict(ctx.rules.districts, ctx.applicant.district) !== null;
    case 'applicantDistrictIn': {
      const d = resolveDistrict(ctx.rules.districts, ctx.applicant.district);
      return d !== null && c.districts.includes(d.code);
    }
    case 'monthsBetween': {
      // Day-precise: `to` must fall on or after from+min months and on or before from+max months.
      const from = dateOf(c.from, ctx);
      const to = dateOf(c.to, ctx);
      if (from === null || to === null) return false;
      const min = c.min === undefined ? undefined : resolveInt(ctx.rules, c.min);
      const max = c.max === undefined ? undefined : resolveInt(ctx.rules, c.max);
      return ageInMonthsWithin(from, to, min, max);
    }
    case 'all':
      return c.of.every((x) => evaluate(x, ctx));
    case 'any':
      return c.of.some((x) => evaluate(x, ctx));
    case 'not':
      return !evaluate(c.of, ctx);
    default:
      return assertNever(c);
  }
}
