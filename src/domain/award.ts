import { applyRateBp, applyRatio, minFen, type Fen } from './fen';
import { evaluate, resolveBp, resolveFen, type EvalContext } from './conditions';
import type { LocalizedText, Subtype } from './pack/schema';
import { assertNever } from './assert';
import { AWARD_LINES as A } from './words/award-lines';

export interface Reason {
  code: string;
  zh: string;
  en: string;
}

export interface Line {
  zh: string;
  en: string;
}

export interface AwardCut {
  fromFen: string;
  toFen: string;
  reason: Reason;
}

/**
 * How an amount was reached, for the applicant and the officer. For officer-set kinds `amountFen` is
 * the ceiling the officer may approve up to; `suggestedFen` carries a pack default where there is one.
 */
export interface AwardExplanation {
  kind: string;
  amountFen: string;
  capFen: string | null;
  baseFen: string | null;
  rateBp: number | null;
  rawFen: string | null;
  capped: boolean;
  officerSet: boolean;
  lines: Line[];
  ratio: { num: number; den: number } | null;
  suggestedFen: string | null;
  cuts: AwardCut[];
}

function blank(kind: string): AwardExplanation {
  return {
    kind,
    amountFen: '0',
    capFen: null,
    baseFen: null,
    rateBp: null,
    rawFen: null,
    capped: false,
    officerSet: false,
    lines: [],
    ratio: null,
    suggestedFen: null,
    cuts: [],
  };
}

function labelOf(subtype: Subtype, field: string): LocalizedText {
  return subtype.form.find((f) => f.name === field)?.label ?? { zh: field, en: field };
}

function fenField(ctx: EvalContext, field: string): Fen | null {
  const v = ctx.form[field];
  return typeof v === 'string' && /^(0|[1-9][0-9]*)$/.test(v) ? BigInt(v) : null;
}

function capLines(raw: Fen, cap: Fen | null): { amount: Fen; capped: boolean; lines: Line[] } {
  if (cap === null) return { amount: raw, capped: false, lines: [A.noCap()] };
  if (raw > cap) {
    return {
      amount: cap,
      capped: true,
      lines: [A.aboveCap(cap)],
    };
  }
  return { amount: raw, capped: false, lines: [A.withinCap(cap)] };
}

function officerLines(cap: Fen, requested: Fen | null, label: LocalizedText | null): { amount: Fen; capped: boolean; lines: Line[] } {
  const lines: Line[] = [];
  let amount = cap;
  let capped = false;
  if (requested !== null && label !== null) {
    lines.push(A.amount(label, requested));
    if (requested > cap) {
      capped = true;
      lines.push(A.requestAboveCap(cap));
    } else amount = requested;
  }
  lines.push(A.bureauSets(amount));
  return { amount, capped, lines };
}

/** Applies a sub-type's award rule to a valid form. */
export function computeAward(subtype: Subtype, ctx: EvalContext): AwardExplanation {
  const rule = subtype.award;
  const rules = ctx.rules;
  const out = blank(rule.kind);
  switch (rule.kind) {
    case 'rateOfBase': {
      const base = fenField(ctx, rule.baseField) ?? 0n;
      const override = rule.rateOverrides.find((o) => evaluate(o.when, ctx));
      const rateBp = resolveBp(rules, override ? override.rateBp : rule.rateBp);
      const cap = rule.capFen === null ? null : resolveFen(rules, rule.capFen);
      const raw = applyRateBp(base, rateBp);
      const label = labelOf(subtype, rule.baseField);
      out.baseFen = base.toString();
      out.rateBp = rateBp;
      out.rawFen = raw.toString();
      out.capFen = cap === null ? null : cap.toString();
      out.lines.push(A.amount(label, base));
      out.lines.push(A.rate(rateBp, override ? override.label : null));
      const floored = (base * BigInt(rateBp)) % 10_000n !== 0n;
      out.lines.push(A.product(base, rateBp, raw, floored));
      const c = capLines(raw, cap);
      out.amountFen = c.amount.toString();
      out.capped = c.capped;
      out.lines.push(...c.lines);
      break;
    }
    case 'matching': {
      const base = fenField(ctx, rule.baseField) ?? 0n;
      const cap = rule.capFen === null ? null : resolveFen(rules, rule.capFen);
      const raw = applyRatio(base, rule.ratio);
      const label = labelOf(subtype, rule.baseField);
      out.baseFen = base.toString();
      out.ratio = rule.ratio;
      out.rawFen = raw.toString();
      out.capFen = cap === null ? null : cap.toString();
      out.lines.push(A.amount(label, base));
      out.lines.push(A.matched(rule.ratio.num, rule.ratio.den, raw));
      const c = capLines(raw, cap);
      out.amountFen = c.amount.toString();
      out.capped = c.capped;
      out.lines.push(...c.lines);
      break;
    }
    case 'fixed': {
      const amount = resolveFen(rules, rule.amountFen);
      out.amountFen = amount.toString();
      out.lines.push(A.fixed(amount));
      break;
    }
    case 'fixedTiers': {
      const value = ctx.form[rule.tierField];
      const tier = rule.tiers.find((t) => t.value === value);
      const field = subtype.form.find((f) => f.name === rule.tierField);
      const option = field?.type === 'enum' ? field.options.find((o) => o.value === value) : undefined;
      const amount = tier ? resolveFen(rules, tier.amountFen) : 0n;
      out.amountFen = amount.toString();
      out.lines.push(A.tier({ zh: option?.label.zh ?? String(value), en: option?.label.en ?? String(value) }, amount));
      break;
    }
    case 'officerSet':
    case 'perUnitPerYear': {
      const cap = resolveFen(rules, rule.capFen);
      const requested = rule.requestedField === null ? null : fenField(ctx, rule.requestedField);
      out.capFen = cap.toString();
      out.officerSet = true;
      if (rule.kind === 'perUnitPerYear') {
        out.lines.push(A.perYearCap(cap));
      } else {
        out.lines.push(A.cap(cap));
      }
      const o = officerLines(cap, requested, rule.requestedField === null ? null : labelOf(subtype, rule.requestedField));
      if (requested !== null) out.baseFen = requested.toString();
      out.amountFen = o.amount.toString();
      out.capped = o.capped;
      out.lines.push(...o.lines);
      break;
    }
    case 'graded': {
      const cap = resolveFen(rules, rule.capFen);
      const value = ctx.form[rule.gradeField];
      const grade = rule.grades.find((g) => g.value === value);
      const field = subtype.form.find((f) => f.name === rule.gradeField);
      const option = field?.type === 'enum' ? field.options.find((o) => o.value === value) : undefined;
      const gradeLabel = { zh: option?.label.zh ?? String(value), en: option?.label.en ?? String(value) };
      out.capFen = cap.toString();
      out.officerSet = true;
      if (!grade || !grade.rewarded) {
        out.lines.push(A.gradeUnrewarded(gradeLabel));
        break;
      }
      const suggested = minFen(resolveFen(rules, grade.defaultFen), cap);
      out.amountFen = cap.toString();
      out.suggestedFen = suggested.toString();
      out.lines.push(A.gradeRewarded(gradeLabel, suggested, cap));
      break;
    }
    case 'none':
      out.lines.push(A.none());
      break;
    default:
      return assertNever(rule);
  }
  out.lines.push(A.total(BigInt(out.amountFen)));
  return out;
}

/** Lowers an award (officer's decision, pool or cumulative cap, ineligibility) and records why. Never raises. */
export function applyCut(award: AwardExplanation, newAmountFen: Fen, reason: Reason): AwardExplanation {
  const current = BigInt(award.amountFen);
  if (newAmountFen < 0n) throw new RangeError('an award cannot be cut below zero');
  if (newAmountFen > current) {
    throw new RangeError(`a cut never raises an award: ${newAmountFen.toString()} fen is above ${current.toString()} fen`);
  }
  if (newAmountFen === current) return award;
  return {
    ...award,
    amountFen: newAmountFen.toString(),
    cuts: [...award.cuts, { fromFen: current.toString(), toFen: newAmountFen.toString(), reason }],
    lines: [...award.lines, A.cut(current, newAmountFen, reason)],
  };
}

export function zeroAward(kind: string, why: Line): AwardExplanation {
  const a = blank(kind);
  a.lines.push(why);
  return a;
}
