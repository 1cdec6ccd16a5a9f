import { formatBp, formatYuan, formatYuanEn, resolveBp, resolveFen, type LocalizedText, type PackRules, type Subtype } from '../domain';
import type { AwardSummary } from './catalog.dto';

const zhYuan = (f: bigint): string => formatYuan(f);
const enYuan = (f: bigint): string => formatYuanEn(f);

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
      const zhOverrides = overrides.map((o) => `;${o.label.zh}按 ${formatBp(o.rateBp)}`).join('');
      const enOverrides = overrides.map((o) => `; ${o.label.en}: ${formatBp(o.rateBp)}`).join('');
      return {
        ...blank(rule.kind, {
          zh: `按“${base.zh}”的 ${formatBp(rateBp)} 资助${zhOverrides},${cap === null ? '不设金额上限' : `最高 ${zhYuan(cap)}`}`,
          en: `${formatBp(rateBp)} of “${base.en}”${enOverrides}; ${cap === null ? 'no cap' : `at most ${enYuan(cap)}`}`,
        }),
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
        ...blank(rule.kind, {
          zh: `按“${base.zh}” ${num}:${den} 配套,${cap === null ? '不设金额上限' : `最高 ${zhYuan(cap)}`}`,
          en: `Matched ${num}:${den} on “${base.en}”; ${cap === null ? 'no cap' : `at most ${enYuan(cap)}`}`,
        }),
        baseField: rule.baseField,
        baseLabel: base,
        ratio: { num, den },
        capFen: cap === null ? null : cap.toString(),
      };
    }
    case 'fixed': {
      const amount = resolveFen(rules, rule.amountFen);
      return {
        ...blank(rule.kind, { zh: `定额奖励 ${zhYuan(amount)}`, en: `A fixed award of ${enYuan(amount)}` }),
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
        ...blank(rule.kind, {
          zh: `按${field.zh}一次性资助:${tiers.map((t) => `${t.label.zh} ${zhYuan(t.amountFen)}`).join(',')}`,
          en: `A one-off award by ${field.en}: ${tiers.map((t) => `${t.label.en} ${enYuan(t.amountFen)}`).join(', ')}`,
        }),
        tiers: tiers.map((t) => ({ ...t, amountFen: t.amountFen.toString() })),
      };
    }
    case 'officerSet':
    case 'perUnitPerYear': {
      const cap = resolveFen(rules, rule.capFen);
      const perYear = rule.kind === 'perUnitPerYear';
      return {
        ...blank(rule.kind, {
          zh: `由审核部门核定金额,${perYear ? '每个单位每年' : ''}最高 ${zhYuan(cap)}`,
          en: `The reviewing bureau sets the amount, at most ${enYuan(cap)}${perYear ? ' per applicant per year' : ''}`,
        }),
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
      const rewarded = grades.filter((g) => g.rewarded);
      return {
        ...blank(rule.kind, {
          zh: `按评估等级奖励,最高 ${zhYuan(cap)}:${rewarded.map((g) => `${g.label.zh}默认 ${zhYuan(g.defaultFen)}`).join(',')};其他等级不予奖励`,
          en: `A reward by evaluation grade, at most ${enYuan(cap)}: ${rewarded.map((g) => `${g.label.en} ${enYuan(g.defaultFen)} by default`).join(', ')}; other grades earn nothing`,
        }),
        capFen: cap.toString(),
        grades: grades.map((g) => ({ ...g, defaultFen: g.defaultFen.toString() })),
        officerSet: true,
      };
    }
    case 'none':
      return blank(rule.kind, { zh: '本项不涉及资金资助', en: 'No money is awarded under this sub-type' });
  }
}
