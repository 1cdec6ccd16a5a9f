import { CITY_FUNDER, DISTRICT_PLACEHOLDER, type AwardRule, type Condition, type FieldSpec, type FieldType, type Measure, type Subtype } from './schema';
import { resolveVersions, type PackBody, type PackRules } from './rules';
import { assertNever } from '../assert';
import { REVIEWER_ROLES } from '../case/plan';

export interface PackIssue {
  path: (string | number)[];
  message: string;
}

type Path = (string | number)[];

/** Checks what a schema cannot: that codes, fields and parameters referred to exist and fit. */
export function crossCheckPack(body: PackBody): PackIssue[] {
  const issues: PackIssue[] = [];
  const add = (path: Path, message: string): void => {
    issues.push({ path, message });
  };

  const from = Date.parse(body.validity.from);
  const to = Date.parse(body.validity.to);
  if (!(from < to)) add(['validity', 'to'], 'the validity window must end after it starts');
  if (body.succeeds === body.id) add(['succeeds'], 'a pack cannot succeed itself; a new version of the same pack extends its window instead');

  dupes(body.bureaus.map((b) => b.code)).forEach((c) => add(['bureaus'], `bureau ${c} is listed twice`));
  // `city` names the jurisdiction's own treasury (a funder code beside the district governments' bureau codes).
  body.bureaus.forEach((b, i) => {
    if (b.code === CITY_FUNDER) add(['bureaus', i, 'code'], `"${CITY_FUNDER}" is the city treasury's code; a bureau needs another`);
  });
  const bureauByCode = new Map(body.bureaus.map((b) => [b.code, b]));
  dupes(body.districts.map((d) => d.code)).forEach((c) => add(['districts'], `district ${c} is listed twice`));
  body.districts.forEach((d, i) => {
    const b = bureauByCode.get(d.bureau);
    if (!b) add(['districts', i, 'bureau'], `district ${d.code} names bureau ${d.bureau}, which is not in bureaus`);
    else if (b.kind !== 'district') add(['districts', i, 'bureau'], `bureau ${d.bureau} of district ${d.code} must be of kind "district"`);
  });

  let prevEffective = -Infinity;
  body.versions.forEach((v, i) => {
    if (v.version !== i + 1) add(['versions', i, 'version'], `versions must be numbered 1, 2, 3… in order; expected ${i + 1}`);
    const at = Date.parse(v.effectiveFrom);
    if (i === 0 && at !== from) add(['versions', 0, 'effectiveFrom'], 'version 1 must take effect when the validity window opens');
    if (at <= prevEffective) add(['versions', i, 'effectiveFrom'], 'each version must take effect after the previous one');
    if (at >= to) add(['versions', i, 'effectiveFrom'], 'a version must take effect before the validity window closes');
    prevEffective = at;
  });
  if (body.versions[0] && body.versions[0].measures.length === 0) add(['versions', 0, 'measures'], 'version 1 must list the measures');

  resolveVersions(body).forEach((rv, vi) => checkRules(rv.rules, rv.measurePaths, ['versions', vi], add));
  return dedupe(issues);
}

function checkRules(rules: PackRules, measurePaths: Map<string, Path>, versionPath: Path, add: (path: Path, message: string) => void): void {
  const bureaus = new Set(rules.bureaus.map((b) => b.code));
  const pools = new Map(rules.pools.map((p) => [p.code, p]));
  const params = rules.parameters;
  const at = `in version ${rules.version}`;

  dupes(rules.measures.map((m) => String(m.number))).forEach((n) => add([...versionPath, 'measures'], `measure number ${n} is used twice ${at}`));
  const subtypeOwner = new Map<string, string>();
  const drawsOn = new Map<string, string>();

  for (const m of rules.measures) {
    const mp = measurePaths.get(m.code) ?? [...versionPath, 'measures'];
    m.bureaus.forEach((b, i) => {
      if (b !== DISTRICT_PLACEHOLDER && !bureaus.has(b)) add([...mp, 'bureaus', i], `bureau ${b} is not in the pack's bureaus`);
    });
    if (m.bureaus[0] === DISTRICT_PLACEHOLDER) add([...mp, 'bureaus', 0], 'the lead bureau must be a named bureau, not "district"');
    if (!m.acceptsApplications && m.refusal === null) add([...mp, 'refusal'], 'a measure without applications needs a refusal message');
    if (!m.acceptsApplications && m.subtypes.length > 0) add([...mp, 'subtypes'], 'a measure without applications has no sub-types');
    if (m.acceptsApplications && m.subtypes.length === 0) add([...mp, 'subtypes'], 'a measure that accepts applications needs a sub-type');

    m.subtypes.forEach((s, si) => {
      const sp = [...mp, 'subtypes', si];
      const owner = subtypeOwner.get(s.code);
      if (owner !== undefined) add([...sp, 'code'], `sub-type code ${s.code} is also used in ${owner}`);
      subtypeOwner.set(s.code, m.code);
      if (s.poolCode !== null) {
        drawsOn.set(s.code, s.poolCode);
        const pool = pools.get(s.poolCode);
        if (!pool) add([...sp, 'poolCode'], `pool ${s.poolCode} is not in the pack's pools`);
        else if (pool.funder !== undefined && pool.funder !== CITY_FUNDER)
          add([...sp, 'poolCode'], `pool ${s.poolCode} is ${pool.funder}'s: a sub-type's poolCode names a city pool`);
        else if (!pool.subtypes.includes(s.code)) add([...sp, 'poolCode'], `pool ${s.poolCode} does not list sub-type ${s.code}`);
      }
      checkSubtype(m, s, sp, { bureaus, params, districts: new Set(rules.districts.map((d) => d.code)) }, add);
      if (s.lifecycle?.kind === 'rentFree') {
        const lc = s.lifecycle;
        if (!s.form.some((f) => f.name === lc.monthsField && f.type === 'integer'))
          add([...sp, 'lifecycle', 'monthsField'], `field ${lc.monthsField} must be an integer field of ${s.code}`);
        for (const k of ['minMonths', 'maxMonths', 'noticeDaysBeforeEnd'] as const) {
          const ref = lc[k];
          if (typeof ref === 'object' && params[ref.param]?.type !== 'integer')
            add([...sp, 'lifecycle', k], `parameter ${ref.param} must be an integer parameter`);
        }
      }
      if (s.lifecycle?.kind === 'keyLab') {
        const lc = s.lifecycle;
        const ev = m.subtypes.find((x) => x.code === lc.evaluationSubtype);
        if (!ev) add([...sp, 'lifecycle', 'evaluationSubtype'], `sub-type ${lc.evaluationSubtype} is not in measure ${m.code}`);
        else if (ev.award.kind !== 'graded') add([...sp, 'lifecycle', 'evaluationSubtype'], `sub-type ${ev.code} must have a graded award`);
        if (!bureaus.has(lc.bureau)) add([...sp, 'lifecycle', 'bureau'], `bureau ${lc.bureau} is not in the pack's bureaus`);
        for (const k of ['everyMonths', 'failsToEnd'] as const) {
          const ref = lc[k];
          if (typeof ref === 'object' && params[ref.param]?.type !== 'integer')
            add([...sp, 'lifecycle', k], `parameter ${ref.param} must be an integer parameter`);
        }
      }
    });
  }
  const districtBureaus = new Set(rules.districts.map((d) => d.bureau));
  const subtypeByCode = new Map(rules.measures.flatMap((m) => m.subtypes.map((s) => [s.code, s] as const)));
  const districtPoolOf = new Map<string, string>();
  for (const p of rules.pools) {
    if (p.funder !== undefined && p.funder !== CITY_FUNDER) {
      // A district treasury's pool: that district's share of co-funded sub-types, one pool per district and sub-type.
      if (!districtBureaus.has(p.funder)) add(['pools'], `pool ${p.code} names funder ${p.funder}, which is no district's bureau ${at}`);
      p.subtypes.forEach((code) => {
        const s = subtypeByCode.get(code);
        if (!s) add(['pools'], `pool ${p.code} lists sub-type ${code}, which does not exist ${at}`);
        else if (s.coFunding === null) add(['pools'], `district pool ${p.code} lists sub-type ${code}, which is not co-funded ${at}`);
        const other = districtPoolOf.get(`${p.funder}|${code}`);
        if (other !== undefined) add(['pools'], `pools ${other} and ${p.code} both hold ${p.funder}'s share of sub-type ${code} ${at}`);
        districtPoolOf.set(`${p.funder}|${code}`, p.code);
      });
      continue;
    }
    p.subtypes.forEach((code) => {
      if (drawsOn.get(code) !== p.code) {
        add(
          ['pools'],
          `pool ${p.code} lists sub-type ${code}, which ${subtypeOwner.has(code) ? `draws on ${drawsOn.get(code) ?? 'no pool'}` : 'does not exist'} ${at}`,
        );
      }
    });
  }
}

interface Ctx {
  bureaus: Set<string>;
  districts: Set<string>;
  params: PackRules['parameters'];
}

function checkSubtype(m: Measure, s: Subtype, sp: Path, ctx: Ctx, add: (path: Path, message: string) => void): void {
  const fields = new Map<string, FieldSpec>();
  s.form.forEach((f, i) => {
    if (fields.has(f.name)) add([...sp, 'form', i, 'name'], `field ${f.name} is defined twice`);
    fields.set(f.name, f);
    checkFieldSpec(f, [...sp, 'form', i], add);
  });

  const needField = (path: Path, name: string, types: FieldType[]): void => {
    const f = fields.get(name);
    if (!f) add(path, `field ${name} is not in the form of ${s.code}`);
    else if (!types.includes(f.type)) add(path, `field ${name} is of type ${f.type}; expected ${types.join(' or ')}`);
  };
  const needParam = (path: Path, ref: unknown, types: ('fen' | 'bp' | 'integer')[]): void => {
    if (typeof ref !== 'object' || ref === null || !('param' in ref)) return;
    const name = String((ref as { param: unknown }).param);
    const p = ctx.params[name];
    if (!p) add(path, `parameter ${name} is not defined`);
    else if (!types.includes(p.type as 'fen')) add(path, `parameter ${name} is of type ${p.type}; expected ${types.join(' or ')}`);
  };

  const checkCondition = (c: Condition, path: Path): void => {
    switch (c.op) {
      case 'equals':
      case 'oneOf': {
        const f = fields.get(c.field);
        if (!f) add([...path, 'field'], `field ${c.field} is not in the form of ${s.code}`);
        const values = c.op === 'equals' ? [c.value] : c.values;
        if (f && f.type === 'enum') {
          values.forEach((v) => {
            if (!f.options.some((o) => o.value === v)) add(path, `${JSON.stringify(v)} is not an option of ${c.field}`);
          });
        }
        if (f && f.type === 'boolean') values.forEach((v) => typeof v !== 'boolean' && add(path, `${c.field} is a boolean`));
        return;
      }
      case 'present':
        if (!fields.has(c.field)) add([...path, 'field'], `field ${c.field} is not in the form of ${s.code}`);
        return;
      case 'atLeast':
      case 'atMost': {
        needField([...path, 'field'], c.field, ['fen', 'integer']);
        const f = fields.get(c.field);
        if (typeof c.value === 'object') needParam([...path, 'value'], c.value, f?.type === 'fen' ? ['fen'] : ['integer']);
        else if (f?.type === 'fen' && typeof c.value !== 'string') add([...path, 'value'], `compare fen field ${c.field} with a fen string`);
        else if (f?.type === 'integer' && typeof c.value !== 'number') add([...path, 'value'], `compare integer field ${c.field} with a number`);
        return;
      }
      case 'atMostField': {
        needField([...path, 'field'], c.field, ['fen', 'integer']);
        needField([...path, 'other'], c.other, ['fen', 'integer']);
        const a = fields.get(c.field);
        const b = fields.get(c.other);
        if (a && b && a.type !== b.type) add(path, `${c.field} and ${c.other} must be of the same type`);
        return;
      }
      case 'applicantDistrictIn':
        c.districts.forEach((d, i) => !ctx.districts.has(d) && add([...path, 'districts', i], `district ${d} is not in the pack's districts`));
        return;
      case 'applicantKind':
      case 'applicantIsStartup':
      case 'applicantHasDistrict':
        return;
      case 'monthsBetween':
        for (const [k, src] of [
          ['from', c.from],
          ['to', c.to],
        ] as const) {
          if (typeof src === 'object' && 'field' in src) needField([...path, k, 'field'], src.field, ['date']);
        }
        needParam([...path, 'min'], c.min, ['integer']);
        needParam([...path, 'max'], c.max, ['integer']);
        if (c.min === undefined && c.max === undefined) add(path, 'monthsBetween needs min or max');
        return;
      case 'all':
      case 'any':
        c.of.forEach((x, i) => checkCondition(x, [...path, 'of', i]));
        return;
      case 'not':
        checkCondition(c.of, [...path, 'of']);
        return;
      default:
        return assertNever(c);
    }
  };

  s.eligibility.forEach((r, i) => checkCondition(r.require, [...sp, 'eligibility', i, 'require']));
  s.formRules.forEach((r, i) => {
    const rp = [...sp, 'formRules', i];
    switch (r.kind) {
      case 'notAfterReceipt':
        needField([...rp, 'field'], r.field, ['date', 'yearMonth']);
        return;
      case 'atMostField': {
        const f = fields.get(r.field);
        needField([...rp, 'field'], r.field, ['fen', 'integer', 'date', 'yearMonth']);
        // Compared as values of one kind: amounts with amounts, dates with dates.
        if (f) needField([...rp, 'other'], r.other, [f.type]);
        if (r.field === r.other) add([...rp, 'other'], 'a field cannot be compared with itself');
        return;
      }
      default:
        return assertNever(r);
    }
  });
  checkAward(s.award, [...sp, 'award'], { needField, needParam, checkCondition, fields, add });

  const bureausOfMeasure = new Set(m.bureaus);
  const r = s.routing;
  if (!ctx.bureaus.has(r.lead)) add([...sp, 'routing', 'lead'], `bureau ${r.lead} is not in the pack's bureaus`);
  else if (!bureausOfMeasure.has(r.lead)) add([...sp, 'routing', 'lead'], `bureau ${r.lead} is not listed for measure ${m.code}`);
  // The lead may be listed among the co-reviewers: where a sub-type is jointly managed (measure 9's
  // 科技重大专项, by stic, miit and drc), the lead gives its substantive opinion in the parallel round
  // alongside the others, between its own intake review and its final decision.
  r.coReviewers.forEach((b, i) => {
    if (!ctx.bureaus.has(b)) add([...sp, 'routing', 'coReviewers', i], `bureau ${b} is not in the pack's bureaus`);
    else if (!bureausOfMeasure.has(b)) add([...sp, 'routing', 'coReviewers', i], `bureau ${b} is not listed for measure ${m.code}`);
  });
  dupes(r.coReviewers).forEach((b) => add([...sp, 'routing', 'coReviewers'], `bureau ${b} is listed twice among the co-reviewers`));
  if (r.districtReview && !bureausOfMeasure.has(DISTRICT_PLACEHOLDER)) {
    add([...sp, 'routing', 'districtReview'], `measure ${m.code} does not list "district" among its bureaus`);
  }
  if (s.review) {
    const stages = s.review.stages;
    const rp = [...sp, 'review', 'stages'];
    dupes(stages.map((st) => st.code)).forEach((c) => add(rp, `stage ${c} is listed twice`));
    stages.forEach((st, i) => {
      st.reviewers.forEach((b, j) => {
        if ((REVIEWER_ROLES as readonly string[]).includes(b)) return;
        if (!ctx.bureaus.has(b)) add([...rp, i, 'reviewers', j], `reviewer ${b} is neither a bureau of the pack nor one of ${REVIEWER_ROLES.join(', ')}`);
        else if (!bureausOfMeasure.has(b)) add([...rp, i, 'reviewers', j], `bureau ${b} is not listed for measure ${m.code}`);
      });
      const last = i === stages.length - 1;
      if (st.decides !== last) add([...rp, i, 'decides'], last ? 'the last stage decides the case' : 'only the last stage decides the case');
      // One bureau takes the decision, and it must always be there: not a list, not a district that may be absent.
      if (st.decides && (st.reviewers.length !== 1 || st.reviewers[0] === 'coReviewers' || st.reviewers[0] === 'district')) {
        add([...rp, i, 'reviewers'], 'the deciding stage has exactly one reviewer: "lead" or a named bureau');
      }
    });
  }
  if (s.coFunding !== null) {
    needParam([...sp, 'coFunding', 'districtShareBp'], s.coFunding.districtShareBp, ['bp']);
    if (!r.districtReview) add([...sp, 'coFunding'], 'a co-funded sub-type needs districtReview: the district confirms its share');
  }
  if (s.projectField !== null) needField([...sp, 'projectField'], s.projectField, ['text', 'document']);
  if (s.sameKindGroup !== null && s.projectField === null) add([...sp, 'projectField'], 'a sameKindGroup needs a projectField to compare projects');
  s.limits.forEach((l, i) => {
    needParam([...sp, 'limits', i, 'capFen'], l.capFen, ['fen']);
    if (l.yearField !== null) needField([...sp, 'limits', i, 'yearField'], l.yearField, ['integer', 'date', 'yearMonth']);
    if (l.scope === 'applicant' && l.yearField !== null) add([...sp, 'limits', i, 'yearField'], 'only an applicantYear limit has a year');
  });
  if (s.cumulativeCap !== null) {
    needField([...sp, 'cumulativeCap', 'fundedField'], s.cumulativeCap.fundedField, ['boolean']);
    needField([...sp, 'cumulativeCap', 'auditedInvestmentField'], s.cumulativeCap.auditedInvestmentField, ['fen']);
    if (s.projectField === null) add([...sp, 'cumulativeCap'], 'the cumulative cap needs a projectField');
  }
}

interface AwardCtx {
  needField: (path: Path, name: string, types: FieldType[]) => void;
  needParam: (path: Path, ref: unknown, types: ('fen' | 'bp' | 'integer')[]) => void;
  checkCondition: (c: Condition, path: Path) => void;
  fields: Map<string, FieldSpec>;
  add: (path: Path, message: string) => void;
}

function checkAward(a: AwardRule, path: Path, ctx: AwardCtx): void {
  // The figure an award is computed from must always be on the form.
  const driver =
    a.kind === 'rateOfBase' || a.kind === 'matching' ? a.baseField : a.kind === 'fixedTiers' ? a.tierField : a.kind === 'graded' ? a.gradeField : null;
  if (driver !== null && ctx.fields.get(driver)?.required === false) ctx.add(path, `field ${driver} drives the award, so it must be required`);
  switch (a.kind) {
    case 'rateOfBase':
      ctx.needField([...path, 'baseField'], a.baseField, ['fen']);
      ctx.needParam([...path, 'rateBp'], a.rateBp, ['bp']);
      ctx.needParam([...path, 'capFen'], a.capFen, ['fen']);
      a.rateOverrides.forEach((o, i) => {
        ctx.checkCondition(o.when, [...path, 'rateOverrides', i, 'when']);
        ctx.needParam([...path, 'rateOverrides', i, 'rateBp'], o.rateBp, ['bp']);
      });
      return;
    case 'fixed':
      ctx.needParam([...path, 'amountFen'], a.amountFen, ['fen']);
      return;
    case 'fixedTiers':
    case 'graded': {
      const field = a.kind === 'fixedTiers' ? a.tierField : a.gradeField;
      const values = a.kind === 'fixedTiers' ? a.tiers.map((t) => t.value) : a.grades.map((g) => g.value);
      ctx.needField([...path, a.kind === 'fixedTiers' ? 'tierField' : 'gradeField'], field, ['enum']);
      const f = ctx.fields.get(field);
      if (f?.type === 'enum') {
        values.forEach((v) => !f.options.some((o) => o.value === v) && ctx.add(path, `${v} is not an option of ${field}`));
        f.options.forEach((o) => !values.includes(o.value) && ctx.add(path, `option ${o.value} of ${field} is not given an amount`));
      }
      dupes(values).forEach((v) => ctx.add(path, `${v} is listed twice`));
      if (a.kind === 'fixedTiers') a.tiers.forEach((t, i) => ctx.needParam([...path, 'tiers', i, 'amountFen'], t.amountFen, ['fen']));
      else {
        ctx.needParam([...path, 'capFen'], a.capFen, ['fen']);
        a.grades.forEach((g, i) => ctx.needParam([...path, 'grades', i, 'defaultFen'], g.defaultFen, ['fen']));
      }
      return;
    }
    case 'officerSet':
    case 'perUnitPerYear':
      ctx.needParam([...path, 'capFen'], a.capFen, ['fen']);
      if (a.requestedField !== null) ctx.needField([...path, 'requestedField'], a.requestedField, ['fen']);
      if (a.kind === 'perUnitPerYear' && a.yearField !== null) {
        ctx.needField([...path, 'yearField'], a.yearField, ['integer', 'date', 'yearMonth']);
      }
      return;
    case 'matching':
      ctx.needField([...path, 'baseField'], a.baseField, ['fen']);
      ctx.needParam([...path, 'capFen'], a.capFen, ['fen']);
      return;
    case 'none':
      return;
    default:
      return assertNever(a);
  }
}

function checkFieldSpec(f: FieldSpec, path: Path, add: (path: Path, message: string) => void): void {
  switch (f.type) {
    case 'fen':
      if (f.min !== undefined && f.max !== undefined && BigInt(f.min) > BigInt(f.max)) add(path, `min of ${f.name} is above its max`);
      return;
    case 'integer':
      if (f.min !== undefined && f.max !== undefined && f.min > f.max) add(path, `min of ${f.name} is above its max`);
      return;
    case 'text':
      if (f.minLength !== undefined && f.maxLength !== undefined && f.minLength > f.maxLength) add(path, `minLength of ${f.name} is above its maxLength`);
      return;
    case 'enum':
      dupes(f.options.map((o) => o.value)).forEach((v) => add(path, `option ${v} of ${f.name} is listed twice`));
      return;
    case 'date':
    case 'yearMonth':
    case 'boolean':
    case 'document':
      return;
    default:
      return assertNever(f);
  }
}

function dupes(xs: string[]): string[] {
  const seen = new Set<string>();
  const out = new Set<string>();
  xs.forEach((x) => (seen.has(x) ? out.add(x) : seen.add(x)));
  return [...out];
}

function dedupe(issues: PackIssue[]): PackIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path.join('.')}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
