import { APPLICANT_SPEC_LABELS, applicantMatches, resolveDistrict, type ApplicantProfile } from './applicant';
import { applyCut, computeAward, zeroAward, type AwardExplanation, type Reason } from './award';
import { evaluate, resolveBp, resolveFen, resolveInt, type EvalContext } from './conditions';
import { minFen, splitCoFunding, type Fen } from './money';
import { lookupSubtype, validateForm } from './pack/forms';
import type { PackRules } from './pack/rules';
import type { LocalizedText, Subtype } from './pack/schema';
import { localDate, parseInstant } from './time';
import { LIMIT_SENTENCES } from './words/limits';
import { reviewPlanOf, type ReviewStage, type Routing } from './case/plan';
import { ASSESSMENT_SENTENCES } from './words/assessment';

/** A ceiling on the sum of awards sharing `key`, enforced by the case service with the prior awards under that key. */
export interface CumulativeLimit {
  key: string;
  scope: 'applicant' | 'applicantYear' | 'project';
  capFen: string;
  label: LocalizedText;
}

export interface Assessment {
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
  eligible: boolean;
  ineligibility: Reason[];
  award: AwardExplanation;
  routing: Routing;
  /** The stages this case is reviewed in, resolved from the sub-type's review shape and the routing. */
  reviewPlan: ReviewStage[];
  poolCode: string | null;
  sameKindGroup: string | null;
  projectKey: string | null;
  coFunding: null | { districtBureau: string; cityFen: string; districtFen: string; districtShareBp: number };
  /** The receipt date in the policy's time zone (YYYY-MM-DD); budget years and month windows use it. */
  receivedOn: string;
  limits: CumulativeLimit[];
  /**
   * A sub-type with a rent-free period (measure 14): the months the applicant asked for and the pack's
   * bounds the officer's grant must keep within. Absent for other sub-types and for cases assessed before it.
   */
  rentFree?: RentFreeTerms;
  /**
   * The cumulative limits as the ledger stood at assessment (a read, nothing held): `award` is then
   * already cut to what they left. Absent for cases assessed before limits were read early.
   */
  limitCheck?: LimitCheck;
}

/** What the cumulative limits left an award at assessment. The final approval checks again under the ledger's lock. */
export interface LimitCheck {
  /** The award before the limits. */
  beforeFen: string;
  /** The award after them: what the officers may approve at most. */
  afterFen: string;
  limits: { key: string; label: LocalizedText; capFen: string; priorFen: string; leftFen: string }[];
}

export interface RentFreeTerms {
  requestedMonths: number;
  minMonths: number;
  maxMonths: number;
}

export interface AssessmentInput {
  measureCode: string;
  subtypeCode: string;
  form: Record<string, unknown>;
  applicant: ApplicantProfile;
  /** ISO instant */
  receivedAt: string;
}

const listZh = (xs: string[]): string => xs.join('、');
const listEn = (xs: string[]): string => xs.join(', ');

/** Normalised so that trivially different spellings of one project id still meet. */
export function projectKeyOf(organisationId: string, value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return `${organisationId}|${value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()}`;
}

function yearOf(value: unknown, fallback: string): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d{4}/.test(value)) return value.slice(0, 4);
  return fallback.slice(0, 4);
}

export function assessApplication(rules: PackRules, input: AssessmentInput): Assessment {
  const received = parseInstant(input.receivedAt, 'receivedAt');
  const receivedOn = localDate(received, rules.timezone);
  const reasons: Reason[] = [];
  const base = {
    packId: rules.packId,
    packVersion: rules.version,
    measureCode: input.measureCode,
    subtypeCode: input.subtypeCode,
    receivedOn,
  };

  const t = received.getTime();
  if (t < Date.parse(rules.validity.from) || t >= Date.parse(rules.validity.to)) {
    const first = localDate(new Date(Date.parse(rules.validity.from)), rules.timezone);
    const last = localDate(new Date(Date.parse(rules.validity.to) - 1), rules.timezone);
    reasons.push({
      code: 'intake.outsideValidity',
      ...ASSESSMENT_SENTENCES.outsideValidity(receivedOn, first, last),
    });
  }

  const found = lookupSubtype(rules, input.measureCode, input.subtypeCode);
  if (!found.ok) {
    const measure = rules.measures.find((m) => m.code === input.measureCode);
    for (const i of found.issues) {
      const code = i.path === 'measureCode' ? (measure ? 'measure.noApplications' : 'measure.unknown') : 'subtype.unknown';
      const zh = measure && !measure.acceptsApplications && measure.refusal ? measure.refusal.zh : ASSESSMENT_SENTENCES.unknownSubtype(i.message).zh;
      reasons.push({ code, zh, en: i.message });
    }
    return {
      ...base,
      eligible: false,
      ineligibility: reasons,
      award: zeroAward('none', ASSESSMENT_SENTENCES.notAdmissible()),
      routing: { lead: measure?.bureaus[0] ?? '', coReviewers: [], district: null },
      reviewPlan: [],
      poolCode: null,
      sameKindGroup: null,
      projectKey: null,
      coFunding: null,
      limits: [],
    };
  }
  const subtype = found.subtype;

  const district = resolveDistrict(rules.districts, input.applicant.district);
  const routing = {
    lead: subtype.routing.lead,
    coReviewers: [...subtype.routing.coReviewers],
    district: subtype.routing.districtReview && district ? district.bureau : null,
  };
  const common = {
    ...base,
    routing,
    reviewPlan: reviewPlanOf(subtype.review?.stages, routing),
    poolCode: subtype.poolCode,
    sameKindGroup: subtype.sameKindGroup,
  };

  if (!subtype.applicants.some((s) => applicantMatches(s, input.applicant))) {
    const labels = subtype.applicants.map((s) => APPLICANT_SPEC_LABELS[s]);
    reasons.push({
      code: 'applicant.kind',
      ...ASSESSMENT_SENTENCES.applicantKinds(listZh(labels.map((l) => l.zh)), listEn(labels.map((l) => l.en))),
    });
  }
  if ((subtype.routing.districtReview || subtype.coFunding !== null) && !district) {
    reasons.push(
      input.applicant.district === null || input.applicant.district.trim() === ''
        ? {
            code: 'applicant.district',
            ...ASSESSMENT_SENTENCES.noDistrict(),
          }
        : {
            code: 'applicant.district',
            ...ASSESSMENT_SENTENCES.districtNotCovered(input.applicant.district),
          },
    );
  }

  const checked = validateForm(subtype, input.form);
  if (!checked.ok) {
    reasons.push({
      code: 'form.invalid',
      ...ASSESSMENT_SENTENCES.invalidForm(checked.issues),
    });
    return {
      ...common,
      eligible: false,
      ineligibility: reasons,
      award: zeroAward(subtype.award.kind, ASSESSMENT_SENTENCES.formInvalidNoAward()),
      projectKey: null,
      coFunding: null,
      limits: [],
    };
  }

  const ctx: EvalContext = { rules, form: checked.form, applicant: input.applicant, receivedOn };
  for (const rule of subtype.eligibility) if (!evaluate(rule.require, ctx)) reasons.push(rule.reason);

  let award = computeAward(subtype, ctx);
  const eligible = reasons.length === 0;
  if (!eligible) {
    award = applyCut(award, 0n, { code: 'ineligible', ...ASSESSMENT_SENTENCES.ineligible() });
  }

  const projectKey = subtype.projectField === null ? null : projectKeyOf(input.applicant.organisationId, checked.form[subtype.projectField]);
  const limits = limitsOf(subtype, ctx, projectKey);

  let coFunding: Assessment['coFunding'] = null;
  if (subtype.coFunding !== null && district) {
    const shareBp = district.coFundingShareBp ?? resolveBp(rules, subtype.coFunding.districtShareBp);
    const split = splitCoFunding(BigInt(award.amountFen), shareBp);
    coFunding = { districtBureau: district.bureau, cityFen: split.cityFen.toString(), districtFen: split.districtFen.toString(), districtShareBp: shareBp };
  }

  const rentFree = rentFreeTermsOf(rules, subtype, checked.form);
  return { ...common, eligible, ineligibility: reasons, award, projectKey, coFunding, limits, ...(rentFree ? { rentFree } : {}) };
}

function rentFreeTermsOf(rules: PackRules, subtype: Subtype, form: Record<string, unknown>): RentFreeTerms | null {
  const lc = subtype.lifecycle;
  if (lc?.kind !== 'rentFree') return null;
  const asked = form[lc.monthsField];
  if (typeof asked !== 'number' || !Number.isInteger(asked)) return null;
  return { requestedMonths: asked, minMonths: resolveInt(rules, lc.minMonths), maxMonths: resolveInt(rules, lc.maxMonths) };
}

function limitsOf(subtype: Subtype, ctx: EvalContext, projectKey: string | null): CumulativeLimit[] {
  const org = ctx.applicant.organisationId;
  const out: CumulativeLimit[] = [];
  for (const l of subtype.limits) {
    const cap = resolveFen(ctx.rules, l.capFen).toString();
    if (l.scope === 'applicant') out.push({ key: `${l.group}|org:${org}`, scope: 'applicant', capFen: cap, label: l.label });
    else {
      const year = yearOf(l.yearField === null ? undefined : ctx.form[l.yearField], ctx.receivedOn);
      out.push({ key: `${l.group}|org:${org}|year:${year}`, scope: 'applicantYear', capFen: cap, label: l.label });
    }
  }
  const a = subtype.award;
  if (a.kind === 'perUnitPerYear') {
    const year = yearOf(a.yearField === null ? undefined : ctx.form[a.yearField], ctx.receivedOn);
    out.push({
      key: `${subtype.code}|org:${org}|year:${year}`,
      scope: 'applicantYear',
      capFen: resolveFen(ctx.rules, a.capFen).toString(),
      label: ASSESSMENT_SENTENCES.yearlyCap(year),
    });
  }
  const cc = subtype.cumulativeCap;
  if (cc !== null && projectKey !== null && ctx.form[cc.fundedField] === true) {
    const audited = ctx.form[cc.auditedInvestmentField];
    if (typeof audited === 'string') {
      out.push({
        key: `project|${projectKey}`,
        scope: 'project',
        capFen: audited,
        label: ASSESSMENT_SENTENCES.auditedInvestmentCap(),
      });
    }
  }
  return out;
}

/**
 * Cuts an award to fit every cumulative limit, given what earlier awards under each key already hold
 * (approved or reserved). Keys absent from `priorFenByKey` count as nothing awarded yet.
 */
export function applyCumulativeLimits(award: AwardExplanation, limits: CumulativeLimit[], priorFenByKey: Record<string, string>): AwardExplanation {
  let out = award;
  for (const l of limits) {
    const prior: Fen = BigInt(priorFenByKey[l.key] ?? '0');
    const cap = BigInt(l.capFen);
    const room = cap > prior ? cap - prior : 0n;
    const amount = BigInt(out.amountFen);
    if (amount > room) {
      out = applyCut(out, minFen(amount, room), {
        code: `limit.${l.scope}`,
        ...ASSESSMENT_SENTENCES.limitCut(l.label, cap, prior, room),
      });
    }
  }
  return out;
}

/**
 * The assessment as the cumulative limits leave it, given what earlier awards hold under each key
 * (read from the ledger, nothing held): the award cut to what is left, each cut a line of its
 * explanation, the co-funding re-split; when a limit leaves nothing at all the case is not eligible,
 * each such limit a reason. An ineligible or zero award is only annotated.
 */
export function limitAtAssessment(a: Assessment, priorFenByKey: Record<string, string>): Assessment {
  if (a.limits.length === 0) return a;
  const before = BigInt(a.award.amountFen);
  const standing = a.limits.map((l) => {
    const prior = BigInt(priorFenByKey[l.key] ?? '0');
    const cap = BigInt(l.capFen);
    return { key: l.key, label: l.label, capFen: l.capFen, priorFen: prior.toString(), leftFen: (cap > prior ? cap - prior : 0n).toString() };
  });
  if (!a.eligible || before === 0n) return { ...a, limitCheck: { beforeFen: before.toString(), afterFen: before.toString(), limits: standing } };
  let award = applyCumulativeLimits(a.award, a.limits, priorFenByKey);
  const after = BigInt(award.amountFen);
  if (award.suggestedFen !== null && BigInt(award.suggestedFen) > after) award = { ...award, suggestedFen: after.toString() };
  const limitCheck: LimitCheck = { beforeFen: before.toString(), afterFen: after.toString(), limits: standing };
  if (after > 0n) return { ...a, award, coFunding: coFundingFor(a, after), limitCheck };
  const exhausted = standing.filter((l) => l.leftFen === '0');
  const reasons = exhausted.map((l) => ({ code: 'limit.exhausted', ...LIMIT_SENTENCES.nothingLeft(l.label, BigInt(l.capFen), BigInt(l.priorFen)) }));
  return { ...a, eligible: false, ineligibility: [...a.ineligibility, ...reasons], award, coFunding: coFundingFor(a, 0n), limitCheck };
}

/** Re-splits a co-funded award after the officer approves a different amount. */
export function coFundingFor(assessment: Assessment, approvedFen: Fen): Assessment['coFunding'] {
  if (assessment.coFunding === null) return null;
  const s = splitCoFunding(approvedFen, assessment.coFunding.districtShareBp);
  return { ...assessment.coFunding, cityFen: s.cityFen.toString(), districtFen: s.districtFen.toString() };
}
