import { resolveBp, resolveFen, type LocalizedText, type PackRules, type Subtype } from '../domain';
import { AWARD_SUMMARY_SENTENCES as W } from '../domain/words/award-summary';
import type { AwardSummary } from './catalog.dto';

function labelOf(subtype: Subtype, field: string): LocalizedText {
  return subtype.form.find((f) => f.name === field)?.label ?? { zh: field, en: field };
}

function optionLabel(subtype: Subtype, field: string, value: string): LocalizedText {
  const spec = subtype.form.find((f) => f.name === field);
  const option = spec?.type === 'enum' ? spec.options.find((o) => o.value === value) : undefined;
  return option?.label ?? { zh: value, en: value };
}

function blank(kind: AwardSummary['kind'], text: LocalizedText): AwardSummary {
  return {
    kind,
    text,
    baseField: null,
    baseLabel: null,
    rateBp: null,
    rateOverrides: [],
    ratio: null,
    capFen: null,
    amountFen: null,
    tiers: null,
    grades: null,
    officerSet: false,
    requestedField: null,
  };
}

/**
 * A sub-type's award rule for the catalog: every rate and cap resolved from the version's parameters,
 * and one sentence in each language an applicant can read before applying.
 */
export function summariseAward(rules: PackRules, subtype: Subtype): AwardSummary {
  const rule = subtype.award;
  switch (rule.kind) {
    case 'rateOfBase': {
      const rateBp = resolveBp(rules, rule.rateBp);
      const cap = rule.capFen === null ? null : resolveFen(rules, rule.capFen);
      const base = labelOf(subtype, rule.baseField);
      const overrides = rule.rateOverrides.map((o) => ({ rateBp: resolveBp(rules, o.rateBp), label: o.label }));
      return {
        ...blank(rule.kind, W.rateOfBase(base, rateBp, overrides, cap)),
        baseField: rule.baseField,
        baseLabel: base,
        rateBp,
        rateOverrides: overrides,
        capFen: cap === null ? null : cap.toString(),
      };
    }
    case 'matching': {
      const cap = rule.capFen === null ? null : resolveFen(rules, rule.capFen);
      const base = labelOf(subtype, rule.baseField);
      const { num, den } = rule.ratio;
      return {
        ...blank(rule.kind, W.matching(base, num, den, cap)),
        baseField: rule.baseField,
        baseLabel: base,
        ratio: { num, den },
        capFen: cap === null ? null : cap.toString(),
      };
    }
    case 'fixed': {
      const amount = resolveFen(rules, rule.amountFen);
      return {
        ...blank(rule.kind, W.fixed(amount)),
        amountFen: amount.toString(),
      };
    }
    case 'fixedTiers': {
      const tiers = rule.tiers.map((t) => ({
        value: t.value,
        label: optionLabel(subtype, rule.tierField, t.value),
        amountFen: resolveFen(rules, t.amountFen),
      }));
      const field = labelOf(subtype, rule.tierField);
      return {
        ...blank(rule.kind, W.fixedTiers(field, tiers)),
        tiers: tiers.map((t) => ({ ...t, amountFen: t.amountFen.toString() })),
      };
    }
    case 'officerSet':
    case 'perUnitPerYear': {
      const cap = resolveFen(rules, rule.capFen);
      const perYear = rule.kind === 'perUnitPerYear';
      return {
        ...blank(rule.kind, W.officerSet(cap, perYear)),
        capFen: cap.toString(),
        officerSet: true,
        requestedField: rule.requestedField,
      };
    }
    case 'graded': {
      const cap = resolveFen(rules, rule.capFen);
      const grades = rule.grades.map((g) => ({
        value: g.value,
        label: optionLabel(subtype, rule.gradeField, g.value),
        rewarded: g.rewarded,
        defaultFen: resolveFen(rules, g.defaultFen),
      }));
      return {
        ...blank(
          rule.kind,
          W.graded(
            cap,
            grades.filter((g) => g.rewarded),
          ),
        ),
        capFen: cap.toString(),
        grades: grades.map((g) => ({ ...g, defaultFen: g.defaultFen.toString() })),
        officerSet: true,
      };
    }
    case 'none':
      return blank(rule.kind, W.none());
  }
}
