import { z } from 'zod';
import { APPLICANT_SPECS, FenString, LocalizedTextSchema } from '../domain';
import { zodDto } from '../common/zod';
import { idText } from '../common/text';
import { bilingual, REQUEST_SENTENCES as S } from '../domain/words/validation';

// ---- path parameters ----

const packId = idText('packId', 100);
const measureCode = idText('measureCode', 50);
export const PackParamsSchema = z.object({ packId }).strict();
export class PackParamsDto extends zodDto(PackParamsSchema) {}
export const MeasureParamsSchema = z.object({ packId, measureCode }).strict();
export class MeasureParamsDto extends zodDto(MeasureParamsSchema) {}
export const FormParamsSchema = z.object({ packId, measureCode, subtypeCode: idText('subtypeCode', 50) }).strict();
export class FormParamsDto extends zodDto(FormParamsSchema) {}

// ---- query parameters ----

export const VersionQuerySchema = z
  .object({
    version: z
      .string({ error: 'version must be a rule-version number, e.g. ?version=2' })
      .regex(/^[1-9][0-9]{0,5}$/, { error: bilingual(S.ruleVersion) })
      .transform(Number)
      .optional(),
  })
  .strict();
export class VersionQueryDto extends zodDto(VersionQuerySchema) {}

export const PoolsQuerySchema = z
  .object({
    year: z
      .string({ error: 'year must be a calendar year written YYYY, e.g. ?year=2025' })
      .regex(/^[0-9]{4}$/, { error: bilingual(S.year) })
      .transform(Number)
      .optional(),
  })
  .strict();
export class PoolsQueryDto extends zodDto(PoolsQuerySchema) {}

// ---- responses (also the OpenAPI document's response schemas) ----

const Localized = LocalizedTextSchema;

const Labelled = z.object({ code: z.string(), zh: z.string(), en: z.string() });

export const PackSummarySchema = z.object({
  id: z.string(),
  title: Localized,
  jurisdiction: z.object({ code: z.string(), name: Localized }),
  bureaus: z.array(z.object({ code: z.string(), name: Localized, kind: z.enum(['city', 'district']) })).describe('every bureau the pack names'),
  districts: z
    .array(z.object({ code: z.string(), name: Localized, bureau: z.string() }))
    .describe('the districts an applicant may be registered in, with their governments’ bureau codes'),
  treasuries: z.array(z.object({ funder: z.string(), name: Localized })).describe('the treasuries that pay awards: the city’s and each district’s'),
  timezone: z.string(),
  validity: z.object({ from: z.string(), to: z.string().describe('exclusive') }),
  intakeOpen: z.boolean().describe('whether the pack’s durable intake clock has intake open right now'),
  versions: z.array(
    z.object({
      version: z.number().int(),
      effectiveFrom: z.string(),
      note: Localized.nullable(),
      publishedAt: z.string().nullable().describe('when this version was published (every stored version is published and immutable)'),
    }),
  ),
  succeeds: z.string().nullable().describe('the policy whose intake this one took over'),
  succeededBy: z.array(z.string()).describe('policies that took over this one’s intake'),
  currentVersion: z.number().int().nullable().describe('the rule version in force now; null outside the validity window'),
  measureCount: z.number().int(),
  source: z.object({ title: z.string(), issuer: z.string(), issuedOn: z.string().nullable() }).nullable(),
  notes: z.array(Localized),
});
export type PackSummary = z.infer<typeof PackSummarySchema>;

export const IntakeStatusSchema = z.object({
  state: z.enum(['open', 'closed', 'notYetOpen']),
  opensAt: z.string(),
  closesAt: z.string().describe('exclusive'),
  msLeft: z.number().int().nullable().describe('milliseconds to the close while open, to the opening before it; null once closed'),
  message: Localized,
});

export const PolicyStatusSchema = IntakeStatusSchema.extend({
  packId: z.string(),
  title: Localized,
  timezone: z.string(),
  intakeOpen: z.boolean().describe('the durable intake clock’s flag'),
  succeeds: z.string().nullable(),
  succeededBy: z.array(z.string()),
});
export type PolicyStatus = z.infer<typeof PolicyStatusSchema>;

export const PackListSchema = z.object({ items: z.array(PackSummarySchema) });

export const AwardSummarySchema = z.object({
  kind: z.enum(['rateOfBase', 'matching', 'fixed', 'fixedTiers', 'officerSet', 'perUnitPerYear', 'graded', 'none']),
  /** Plain-language rule, with every rate and cap resolved for this version. */
  text: Localized,
  baseField: z.string().nullable(),
  baseLabel: Localized.nullable(),
  rateBp: z.number().int().nullable().describe('basis points: 5000 = 50%'),
  rateOverrides: z.array(z.object({ rateBp: z.number().int(), label: Localized })),
  ratio: z.object({ num: z.number().int(), den: z.number().int() }).nullable(),
  capFen: FenString.nullable(),
  amountFen: FenString.nullable().describe('fixed awards only'),
  tiers: z.array(z.object({ value: z.string(), label: Localized, amountFen: FenString })).nullable(),
  grades: z.array(z.object({ value: z.string(), label: Localized, rewarded: z.boolean(), defaultFen: FenString })).nullable(),
  officerSet: z.boolean().describe('the reviewing bureau sets the amount, up to the cap'),
  requestedField: z.string().nullable(),
});
export type AwardSummary = z.infer<typeof AwardSummarySchema>;

export const BureauRefSchema = z.object({ code: z.string(), name: Localized });

export const SubtypeSummarySchema = z.object({
  code: z.string(),
  title: Localized,
  filedBy: z.enum(['applicant', 'lifecycle']).describe('lifecycle: not applied for; its cases are filed by a lifecycle (a key lab’s evaluations)'),
  applicants: z.array(z.object({ kind: z.enum(APPLICANT_SPECS), label: Localized })),
  award: AwardSummarySchema,
  pool: z.object({ code: z.string(), name: Localized, annualFen: FenString }).nullable(),
  routing: z.object({
    lead: BureauRefSchema,
    coReviewers: z.array(BureauRefSchema),
    districtReview: z.boolean().describe('the government of the applicant’s registered district also reviews'),
  }),
  reviewStages: z
    .array(
      z.object({
        code: z.string(),
        title: Localized,
        bureaus: z.array(BureauRefSchema),
        parallel: z.boolean().describe('the bureaus review together (会签); otherwise one after another, in order'),
        decides: z.boolean().describe('approving here approves the case'),
        rejectionEnds: z.boolean().describe('a rejection here ends the case; elsewhere it is an opinion the deciding stage must override'),
      }),
    )
    .describe('the stages of review, in order; "district" stands for the applicant’s district government'),
  coFunding: z.object({ districtShareBp: z.number().int() }).nullable(),
  eligibility: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  limits: z.array(z.object({ scope: z.enum(['applicant', 'applicantYear']), capFen: FenString, label: Localized })),
  cumulativeCap: z.boolean().describe('for projects with national or provincial funding, all awards together may not exceed the audited investment'),
  formPath: z.string().describe('where the JSON Schema of this sub-type’s application form is'),
});
export type SubtypeSummary = z.infer<typeof SubtypeSummarySchema>;

export const MeasureSummarySchema = z.object({
  number: z.number().int(),
  code: z.string(),
  title: Localized,
  bureaus: z.array(BureauRefSchema).describe('the first is the lead bureau'),
  acceptsApplications: z.boolean(),
  refusal: Localized.nullable().describe('why a measure without applications refuses them'),
  subtypes: z.array(SubtypeSummarySchema),
});
export type MeasureSummary = z.infer<typeof MeasureSummarySchema>;

export const MeasureListSchema = z.object({
  packId: z.string(),
  version: z.number().int(),
  effectiveFrom: z.string(),
  items: z.array(MeasureSummarySchema),
});
export type MeasureList = z.infer<typeof MeasureListSchema>;

export const MeasureDetailSchema = MeasureSummarySchema.extend({ packId: z.string(), version: z.number().int() });
export type MeasureDetail = z.infer<typeof MeasureDetailSchema>;

export const PoolBalanceSchema = z.object({
  code: z.string(),
  name: Localized,
  subtypes: z.array(z.string()),
  funder: z
    .string()
    .describe('the treasury whose pool it is: "city", or a district bureau whose pool holds that district\'s share of the co-funded sub-types listed'),
  funderLabel: Localized.describe('the treasury by name'),
  year: z.number().int(),
  totalFen: FenString,
  reservedFen: FenString.describe('held by approved awards'),
  availableFen: FenString,
});
export type PoolBalance = z.infer<typeof PoolBalanceSchema>;
export const PoolListSchema = z.object({
  packId: z.string(),
  year: z.number().int(),
  budgetYears: z.array(z.number().int()),
  items: z.array(PoolBalanceSchema),
});
export type PoolList = z.infer<typeof PoolListSchema>;

/** The fixed words of the system, by code: what lists and filters offer and what entries are called. */
export const WordsSchema = z.object({
  caseStatuses: z.array(Labelled),
  taskStatuses: z.array(Labelled),
  decisions: z.array(Labelled),
  orderStatuses: z.array(Labelled),
  stages: z.array(Labelled).describe('the default review stages (a sub-type’s own stages are named in its reviewStages)'),
  noticeKinds: z.array(Labelled),
  auditActions: z.array(Labelled),
  eventTypes: z.array(Labelled),
  roles: z.array(Labelled),
  incidentKinds: z.array(Labelled),
  replayJobStatuses: z.array(Labelled),
  replayOutcomes: z.array(Labelled),
  workflowTypes: z.array(Labelled),
});
export type Words = z.infer<typeof WordsSchema>;
