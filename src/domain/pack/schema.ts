import { z } from 'zod';
import { FenString } from '../money';
import { dateProblem, EARLIEST_YEAR, instantProblem, LATEST_YEAR } from '../date.schema';

// The policy-pack format. Everything a city or year changes lives in this data; the engine only
// interprets it. Cross-references (bureaus, fields, parameters, pools) are checked in ./validate.

export const LocalizedTextSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

const CODE = /^[a-z0-9][a-z0-9_-]*$/;
export const CodeSchema = z.string().regex(CODE, { error: 'codes are lower-case letters, digits, "-" and "_"' });
export const BureauCodeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*(:[a-z0-9][a-z0-9_-]*)?$/, { error: 'bureau codes look like "miit" or "district:nanshan"' });
export const FieldNameSchema = z.string().regex(/^[a-z][A-Za-z0-9]*$/, { error: 'field names are lowerCamelCase' });

/** ISO-8601 instant with an explicit offset, e.g. 2024-12-18T00:00:00+08:00. */
const INSTANT_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
export const InstantSchema = z
  .string()
  .regex(INSTANT_SHAPE, { error: 'expected an ISO instant with an offset, e.g. 2024-12-18T00:00:00+08:00' })
  // zod runs refinements after a failed regex too: each refinement speaks only of a well-shaped value.
  .refine((s) => !INSTANT_SHAPE.test(s) || !['shape', 'calendar'].includes(instantProblem(s) ?? ''), { error: 'not a real date and time' })
  .refine((s) => instantProblem(s) !== 'range', { error: `must be between ${EARLIEST_YEAR} and ${LATEST_YEAR}` });

// ---- values that may come from a named parameter (set by implementing rules) ----
export const ParamRefSchema = z.object({ param: z.string().min(1) }).strict();
export type ParamRef = z.infer<typeof ParamRefSchema>;
export const FenRefSchema = z.union([FenString, ParamRefSchema]);
export type FenRef = z.infer<typeof FenRefSchema>;
export const BpRefSchema = z.union([z.number().int().min(0).max(10_000), ParamRefSchema]);
export type BpRef = z.infer<typeof BpRefSchema>;
export const IntRefSchema = z.union([z.number().int().min(0), ParamRefSchema]);
export type IntRef = z.infer<typeof IntRefSchema>;

export const ParameterSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fen'), value: FenString, description: LocalizedTextSchema }).strict(),
  z.object({ type: z.literal('bp'), value: z.number().int().min(0).max(10_000), description: LocalizedTextSchema }).strict(),
  z
    .object({
      type: z.literal('integer'),
      value: z.number().int().min(0),
      unit: z.enum(['days', 'months', 'years', 'units', 'count']),
      description: LocalizedTextSchema,
    })
    .strict(),
  z.object({ type: z.literal('text'), value: z.string(), description: LocalizedTextSchema }).strict(),
]);
export type Parameter = z.infer<typeof ParameterSchema>;
export const ParametersSchema = z.record(z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/), ParameterSchema);

// ---- applicants ----
export const APPLICANT_KINDS = ['enterprise', 'university', 'institute', 'data_source_unit', 'park_operator', 'lab', 'other'] as const;
/** "startup" is an enterprise with startup status, so a sub-type can admit startups without all enterprises. */
export const APPLICANT_SPECS = [...APPLICANT_KINDS, 'startup'] as const;
export const ApplicantSpecSchema = z.enum(APPLICANT_SPECS);
export type ApplicantSpec = z.infer<typeof ApplicantSpecSchema>;

// ---- the application form, as data ----
const fieldBase = {
  name: FieldNameSchema,
  label: LocalizedTextSchema,
  required: z.boolean(),
  help: LocalizedTextSchema.optional(),
};
export const FieldSpecSchema = z.discriminatedUnion('type', [
  z.object({ ...fieldBase, type: z.literal('fen'), min: FenString.optional(), max: FenString.optional() }).strict(),
  z.object({ ...fieldBase, type: z.literal('integer'), min: z.number().int().optional(), max: z.number().int().optional() }).strict(),
  z
    .object({
      ...fieldBase,
      type: z.literal('text'),
      minLength: z.number().int().min(0).optional(),
      maxLength: z.number().int().min(1).optional(),
    })
    .strict(),
  z.object({ ...fieldBase, type: z.literal('date') }).strict(),
  z.object({ ...fieldBase, type: z.literal('yearMonth') }).strict(),
  z.object({ ...fieldBase, type: z.literal('boolean') }).strict(),
  z
    .object({
      ...fieldBase,
      type: z.literal('enum'),
      options: z.array(z.object({ value: z.string().min(1), label: LocalizedTextSchema }).strict()).min(1),
    })
    .strict(),
  z.object({ ...fieldBase, type: z.literal('document') }).strict(),
]);
export type FieldSpec = z.infer<typeof FieldSpecSchema>;
export type FieldType = FieldSpec['type'];

// ---- conditions (eligibility rules and rate overrides) ----
export type Scalar = string | number | boolean;
export type DateSource = { field: string } | { applicant: 'registeredOn' } | 'receivedAt';
export type Condition =
  | { op: 'equals'; field: string; value: Scalar }
  | { op: 'present'; field: string }
  | { op: 'oneOf'; field: string; values: Scalar[] }
  | { op: 'atLeast'; field: string; value: number | string | ParamRef }
  | { op: 'atMost'; field: string; value: number | string | ParamRef }
  | { op: 'atMostField'; field: string; other: string }
  | { op: 'applicantKind'; kinds: ApplicantSpec[] }
  | { op: 'applicantIsStartup' }
  | { op: 'applicantHasDistrict' }
  | { op: 'applicantDistrictIn'; districts: string[] }
  | { op: 'monthsBetween'; from: DateSource; to: DateSource; min?: IntRef; max?: IntRef }
  | { op: 'all'; of: Condition[] }
  | { op: 'any'; of: Condition[] }
  | { op: 'not'; of: Condition };

const ScalarSchema = z.union([z.string(), z.number(), z.boolean()]);
const DateSourceSchema: z.ZodType<DateSource> = z.union([
  z.object({ field: FieldNameSchema }).strict(),
  z.object({ applicant: z.literal('registeredOn') }).strict(),
  z.literal('receivedAt'),
]);
const ComparableSchema = z.union([z.number().int(), FenString, ParamRefSchema]);

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.object({ op: z.literal('equals'), field: FieldNameSchema, value: ScalarSchema }).strict(),
    z.object({ op: z.literal('present'), field: FieldNameSchema }).strict(),
    z.object({ op: z.literal('oneOf'), field: FieldNameSchema, values: z.array(ScalarSchema).min(1) }).strict(),
    z.object({ op: z.literal('atLeast'), field: FieldNameSchema, value: ComparableSchema }).strict(),
    z.object({ op: z.literal('atMost'), field: FieldNameSchema, value: ComparableSchema }).strict(),
    z.object({ op: z.literal('atMostField'), field: FieldNameSchema, other: FieldNameSchema }).strict(),
    z.object({ op: z.literal('applicantKind'), kinds: z.array(ApplicantSpecSchema).min(1) }).strict(),
    z.object({ op: z.literal('applicantIsStartup') }).strict(),
    z.object({ op: z.literal('applicantHasDistrict') }).strict(),
    z.object({ op: z.literal('applicantDistrictIn'), districts: z.array(CodeSchema).min(1) }).strict(),
    z
      .object({
        op: z.literal('monthsBetween'),
        from: DateSourceSchema,
        to: DateSourceSchema,
        min: IntRefSchema.optional(),
        max: IntRefSchema.optional(),
      })
      .strict(),
    z.object({ op: z.literal('all'), of: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ op: z.literal('any'), of: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ op: z.literal('not'), of: ConditionSchema }).strict(),
  ]),
);

export const ReasonSchema = z.object({ code: z.string().min(1), zh: z.string().min(1), en: z.string().min(1) }).strict();

/** A rule the application must satisfy; when it does not, the applicant is shown `reason`. */
export const EligibilityRuleSchema = z.object({ require: ConditionSchema, reason: ReasonSchema }).strict();

// ---- award rules ----
export const AwardRuleSchema = z.discriminatedUnion('kind', [
  /** min(floor(base × rate), cap); the first matching override replaces the rate (e.g. startups). */
  z
    .object({
      kind: z.literal('rateOfBase'),
      baseField: FieldNameSchema,
      rateBp: BpRefSchema,
      capFen: FenRefSchema.nullable(),
      rateOverrides: z.array(z.object({ when: ConditionSchema, rateBp: BpRefSchema, label: LocalizedTextSchema }).strict()).default([]),
    })
    .strict(),
  z.object({ kind: z.literal('fixed'), amountFen: FenRefSchema }).strict(),
  z
    .object({
      kind: z.literal('fixedTiers'),
      tierField: FieldNameSchema,
      tiers: z.array(z.object({ value: z.string().min(1), amountFen: FenRefSchema }).strict()).min(1),
    })
    .strict(),
  /** The officer sets the amount within the cap; the applicant's request (if asked for) lowers the ceiling. */
  z.object({ kind: z.literal('officerSet'), capFen: FenRefSchema, requestedField: FieldNameSchema.nullable() }).strict(),
  /** Officer-set within a cap that holds per applicant per year (the year from `yearField`, else the receipt year). */
  z
    .object({
      kind: z.literal('perUnitPerYear'),
      capFen: FenRefSchema,
      requestedField: FieldNameSchema.nullable(),
      yearField: FieldNameSchema.nullable(),
    })
    .strict(),
  /** Officer-set within a cap, with a default amount per grade (measure 13's evaluations). */
  z
    .object({
      kind: z.literal('graded'),
      gradeField: FieldNameSchema,
      capFen: FenRefSchema,
      /** Every grade the evaluation can give; only `rewarded` grades earn money. */
      grades: z.array(z.object({ value: z.string().min(1), rewarded: z.boolean(), defaultFen: FenRefSchema }).strict()).min(1),
    })
    .strict(),
  /** Matching funds: min(floor(base × num / den), cap), e.g. 1:1 on national funding. */
  z
    .object({
      kind: z.literal('matching'),
      baseField: FieldNameSchema,
      ratio: z.object({ num: z.number().int().min(0), den: z.number().int().min(1) }).strict(),
      capFen: FenRefSchema.nullable(),
    })
    .strict(),
  z.object({ kind: z.literal('none') }).strict(),
]);
export type AwardRule = z.infer<typeof AwardRuleSchema>;

/** A ceiling on the sum of awards across applications, which the case service enforces with prior awards. */
export const LimitSchema = z
  .object({
    scope: z.enum(['applicant', 'applicantYear']),
    group: CodeSchema,
    capFen: FenRefSchema,
    yearField: FieldNameSchema.nullable().default(null),
    label: LocalizedTextSchema,
  })
  .strict();

/**
 * One stage of a sub-type's review. `reviewers` are bureau codes or the routing's roles: "lead",
 * "coReviewers", "district" (the applicant's district government, where the routing reviews it).
 * A stage whose reviewers resolve to nobody is skipped; the last stage decides the case.
 */
export const ReviewStageSpecSchema = z
  .object({
    code: CodeSchema,
    title: LocalizedTextSchema.optional(),
    reviewers: z.array(z.string().min(1)).min(1),
    /** Together (会签) or one after another, in the order listed. */
    parallel: z.boolean().default(true),
    /** Approving here approves the case (and reserves its funds). */
    decides: z.boolean().default(false),
    /** A rejection here ends the case; elsewhere it is an opinion the deciding stage must override. */
    rejectionEnds: z.boolean().default(false),
  })
  .strict();
export type ReviewStageSpec = z.infer<typeof ReviewStageSpecSchema>;

/** Measure 13: a designated key lab is evaluated every `everyMonths` from its approval, by `bureau`. */
export const KeyLabLifecycleSchema = z
  .object({
    kind: z.literal('keyLab'),
    /** The sub-type (of the same measure, with a graded award) of the evaluation reward cases. */
    evaluationSubtype: CodeSchema,
    bureau: BureauCodeSchema,
    everyMonths: IntRefSchema,
    /** Consecutive failed evaluations that end the designation. */
    failsToEnd: IntRefSchema,
  })
  .strict();
export type KeyLabLifecycle = z.infer<typeof KeyLabLifecycleSchema>;

/** Measure 14: a granted rent-free period runs as a durable clock from the approval, with a notice before it ends. */
export const RentFreeLifecycleSchema = z
  .object({
    kind: z.literal('rentFree'),
    /** The form's field with the period in months, checked within `minMonths`..`maxMonths`. */
    monthsField: FieldNameSchema,
    minMonths: IntRefSchema,
    maxMonths: IntRefSchema,
    noticeDaysBeforeEnd: IntRefSchema,
  })
  .strict();

export const LifecycleSchema = z.discriminatedUnion('kind', [KeyLabLifecycleSchema, RentFreeLifecycleSchema]);

/**
 * A rule of the form that the form alone decides, checked when a case is submitted (a field error,
 * nothing stored) and by the pages' form before that. What needs other data is eligibility.
 */
export const FormRuleSchema = z.discriminatedUnion('kind', [
  /** A date (or month) field not after the day the application is received, in the pack's time zone. */
  z.object({ kind: z.literal('notAfterReceipt'), field: FieldNameSchema }).strict(),
  /** `field` ≤ `other`: a part not larger than its whole (amounts, counts), or a date not after another. */
  z.object({ kind: z.literal('atMostField'), field: FieldNameSchema, other: FieldNameSchema }).strict(),
]);
export type FormRule = z.infer<typeof FormRuleSchema>;

export const SubtypeSchema = z
  .object({
    code: CodeSchema,
    title: LocalizedTextSchema,
    applicants: z.array(ApplicantSpecSchema).min(1),
    form: z.array(FieldSpecSchema).min(1),
    eligibility: z.array(EligibilityRuleSchema).default([]),
    formRules: z.array(FormRuleSchema).default([]),
    award: AwardRuleSchema,
    poolCode: CodeSchema.nullable(),
    routing: z.object({ lead: BureauCodeSchema, coReviewers: z.array(BureauCodeSchema).default([]), districtReview: z.boolean() }).strict(),
    /** The stages of review; absent, the routing gives them (see reviewPlanOf in ../case/plan). */
    review: z
      .object({ stages: z.array(ReviewStageSpecSchema).min(1) })
      .strict()
      .optional(),
    coFunding: z
      .object({ districtShareBp: BpRefSchema.default(5000) })
      .strict()
      .nullable(),
    sameKindGroup: z.string().min(1).nullable(),
    projectField: FieldNameSchema.nullable(),
    limits: z.array(LimitSchema).default([]),
    /** Projects with national/provincial funding: city + district awards together may not exceed audited investment. */
    cumulativeCap: z.object({ fundedField: FieldNameSchema, auditedInvestmentField: FieldNameSchema }).strict().nullable().default(null),
    /**
     * Who files a case of this sub-type: the applicant (absent), or only a lifecycle (measure 13's
     * evaluation rewards, filed by the key lab's lifecycle after a graded evaluation).
     */
    filedBy: z.enum(['applicant', 'lifecycle']).optional(),
    /** An approval of this sub-type starts a durable lifecycle (a key lab: evaluations every few years). */
    lifecycle: LifecycleSchema.optional(),
  })
  .strict();
export type Subtype = z.infer<typeof SubtypeSchema>;

/** In a measure's bureau list, "district" stands for the applicant's district government (相关区政府). */
export const DISTRICT_PLACEHOLDER = 'district';

export const MeasureSchema = z
  .object({
    number: z.number().int().min(1),
    code: CodeSchema,
    title: LocalizedTextSchema,
    bureaus: z.array(BureauCodeSchema).min(1),
    acceptsApplications: z.boolean(),
    refusal: LocalizedTextSchema.nullable().default(null),
    subtypes: z.array(SubtypeSchema).default([]),
  })
  .strict();
export type Measure = z.infer<typeof MeasureSchema>;

export const BureauSchema = z.object({ code: BureauCodeSchema, name: LocalizedTextSchema, kind: z.enum(['city', 'district']) }).strict();
export type Bureau = z.infer<typeof BureauSchema>;

export const DistrictSchema = z
  .object({
    code: CodeSchema,
    name: LocalizedTextSchema,
    bureau: BureauCodeSchema,
    /** This district's share of co-funded awards, when it differs from the sub-type's default. */
    coFundingShareBp: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export type District = z.infer<typeof DistrictSchema>;

/** The funder code of the city treasury, whose pools a sub-type's `poolCode` names. */
export const CITY_FUNDER = 'city';

/**
 * An annual budget pool of one treasury. A city pool (no `funder`, or "city") holds the whole award of
 * each sub-type listed, or its city share when the sub-type is co-funded and the district has a pool of
 * its own. A district pool (`funder`: a district's bureau code) holds that district's share of the
 * co-funded sub-types listed; a district without one pays its share from no pool kept here.
 */
export const PoolSchema = z
  .object({
    code: CodeSchema,
    name: LocalizedTextSchema,
    annualFen: FenString,
    subtypes: z.array(CodeSchema).min(1),
    // Optional, not defaulted: a stored pack parses to the same document, so its checksum holds.
    funder: z.union([z.literal(CITY_FUNDER), BureauCodeSchema]).optional(),
  })
  .strict();
export type Pool = z.infer<typeof PoolSchema>;

export const RuleVersionSchema = z
  .object({
    version: z.number().int().min(1),
    effectiveFrom: InstantSchema,
    note: LocalizedTextSchema.optional(),
    /** Replaces measures by code; measures not listed carry over from the previous version. */
    measures: z.array(MeasureSchema).default([]),
    /** Replaces parameters by name. */
    parameters: ParametersSchema.default({}),
    /** Replaces pools by code. */
    pools: z.array(PoolSchema).default([]),
  })
  .strict();
export type RuleVersion = z.infer<typeof RuleVersionSchema>;

export const PackBodySchema = z
  .object({
    $schema: z.string().optional(),
    id: CodeSchema,
    title: LocalizedTextSchema,
    jurisdiction: z.object({ code: CodeSchema, name: LocalizedTextSchema }).strict(),
    timezone: z.string().refine(isTimeZone, { error: 'not an IANA time zone' }),
    validity: z.object({ from: InstantSchema, to: InstantSchema }).strict(),
    source: z
      .object({
        title: z.string().min(1),
        issuer: z.string().min(1),
        issuedOn: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .refine((v) => dateProblem(v) === null, { error: `not a calendar date between ${EARLIEST_YEAR} and ${LATEST_YEAR}` })
          .nullable(),
      })
      .strict()
      .optional(),
    notes: z.array(LocalizedTextSchema).default([]),
    /** The pack whose intake this one takes over (a successor policy); its cases are not touched. */
    succeeds: CodeSchema.optional(),
    bureaus: z.array(BureauSchema).min(1),
    districts: z.array(DistrictSchema).default([]),
    pools: z.array(PoolSchema).default([]),
    parameters: ParametersSchema.default({}),
    versions: z.array(RuleVersionSchema).min(1),
  })
  .strict();

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
