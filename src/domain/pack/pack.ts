import { z } from 'zod';
import { PackBodySchema, type Parameter } from './schema';
import { resolveVersions, type PackRules } from './rules';
import { crossCheckPack } from './validate';

/** A policy pack: the schema plus the cross-reference checks, so a parsed pack is internally consistent. */
export const PolicyPackSchema = PackBodySchema.superRefine((body, ctx) => {
  for (const issue of crossCheckPack(body)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
export type PolicyPack = z.infer<typeof PolicyPackSchema>;

export class PolicyPackError extends Error {
  override readonly name = 'PolicyPackError';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(`invalid policy pack (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` + issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n'));
  }
}

/** Raised when no rule version is in force at the instant asked about. */
export class NoRuleVersionError extends Error {
  override readonly name = 'NoRuleVersionError';
  constructor(
    readonly packId: string,
    readonly at: string,
    readonly why: 'before' | 'after',
  ) {
    super(
      why === 'before'
        ? `policy pack ${packId} has no rules in force at ${at}: it is before the first version takes effect`
        : `policy pack ${packId} has no rules in force at ${at}: its validity window has closed`,
    );
  }
}

export function parsePolicyPack(json: unknown): PolicyPack {
  const r = PolicyPackSchema.safeParse(json);
  if (!r.success) {
    throw new PolicyPackError(r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(pack)', message: i.message })));
  }
  return r.data;
}

// Resolving folds every version, so cache by pack object: packs are immutable once parsed.
const resolvedCache = new WeakMap<PolicyPack, PackRules[]>();

export function allVersions(pack: PolicyPack): PackRules[] {
  let rs = resolvedCache.get(pack);
  if (!rs) {
    rs = resolveVersions(pack).map((v) => v.rules);
    resolvedCache.set(pack, rs);
  }
  return rs;
}

/** The rule version in force at `at`: the latest whose effectiveFrom ≤ at, within the validity window. */
export function packVersionAt(pack: PolicyPack, at: Date): PackRules {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('packVersionAt needs a valid date');
  if (t >= Date.parse(pack.validity.to)) throw new NoRuleVersionError(pack.id, at.toISOString(), 'after');
  let found: PackRules | undefined;
  for (const v of allVersions(pack)) if (Date.parse(v.effectiveFrom) <= t) found = v;
  if (!found) throw new NoRuleVersionError(pack.id, at.toISOString(), 'before');
  return found;
}

/** The version in force at `at`; outside the window, the first (before it) or the last (after it): what a page shows of a policy. */
export function packVersionNearest(pack: PolicyPack, at: Date): PackRules {
  try {
    return packVersionAt(pack, at);
  } catch (err) {
    if (!(err instanceof NoRuleVersionError)) throw err;
    const all = allVersions(pack);
    const pick = err.why === 'before' ? all[0] : all[all.length - 1];
    if (!pick) throw err;
    return pick;
  }
}

/** A specific version by number, for cases that recorded the version they started under. */
export function packVersion(pack: PolicyPack, version: number): PackRules {
  const v = allVersions(pack).find((r) => r.version === version);
  if (!v) throw new RangeError(`policy pack ${pack.id} has no version ${version}`);
  return v;
}

/** Intake opens when the policy takes effect and closes (exclusive) when its validity ends. */
export function intakeWindow(pack: PolicyPack): { opensAt: Date; closesAt: Date } {
  return { opensAt: new Date(Date.parse(pack.validity.from)), closesAt: new Date(Date.parse(pack.validity.to)) };
}

function param(rules: PackRules, name: string): Parameter {
  const p = rules.parameters[name];
  if (!p) throw new RangeError(`policy pack ${rules.packId} v${rules.version} has no parameter ${name}`);
  return p;
}

/** An integer parameter, e.g. rfi.answerDeadlineDays. */
export function integerParameter(rules: PackRules, name: string): number {
  const p = param(rules, name);
  if (p.type !== 'integer') throw new TypeError(`parameter ${name} is ${p.type}, not integer`);
  return p.value;
}

export function findMeasure(rules: PackRules, measureCode: string) {
  return rules.measures.find((m) => m.code === measureCode) ?? null;
}

export function findSubtype(rules: PackRules, measureCode: string, subtypeCode: string) {
  return findMeasure(rules, measureCode)?.subtypes.find((s) => s.code === subtypeCode) ?? null;
}

/**
 * A designating sub-type's key-lab lifecycle with its evaluation sub-type and that sub-type's graded
 * award; null when the sub-type starts no key lab (or the pack pairs it with no graded evaluation).
 */
export function keyLabTerms(rules: PackRules, measureCode: string, subtypeCode: string) {
  const lifecycle = findSubtype(rules, measureCode, subtypeCode)?.lifecycle;
  if (lifecycle?.kind !== 'keyLab') return null;
  const evaluation = findSubtype(rules, measureCode, lifecycle.evaluationSubtype);
  const award = evaluation?.award;
  return evaluation && award?.kind === 'graded' ? { lifecycle, evaluation, award } : null;
}

/** JSON Schema of the pack format itself (structure only; cross-references are checked by parsePolicyPack). */
export function policyPackJsonSchema(): object {
  return z.toJSONSchema(PackBodySchema, { io: 'input', unrepresentable: 'any' });
}
