// Not for the workflow bundle (it carries no zod): only the API and the repositories import this.
// The zod mirror of the case machine's state (src/domain/case/machine.ts CaseState) and of the JSON
// columns a case row holds (assessment, applicant snapshot, form). The read side parses what it reads
// through these instead of casting untyped JSON; the checks at the bottom fail to compile when a mirror
// and its type drift apart, either way. A change to the state's shape is a new CASE_STATE_VERSION, and
// the reader accepts every version it wrote (as events do).
import { z } from 'zod';
import type { ApplicantSnapshot } from '../applicant';
import type { Assessment } from '../assess';
import type { AwardExplanation, Reason } from '../award';
import type { CaseState } from './machine';
import { CASE_STATUSES, TERMINAL_STATUSES } from './records';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The version of the state shape written today (the case row's state_version). */
export const CASE_STATE_VERSION = 1;

const Localized = z.object({ zh: z.string(), en: z.string() });

export const ReasonSchema = z.object({ code: z.string(), zh: z.string(), en: z.string() }) satisfies z.ZodType<Reason>;

export const AwardExplanationSchema = z.object({
  kind: z.string(),
  amountFen: z.string(),
  capFen: z.string().nullable(),
  baseFen: z.string().nullable(),
  rateBp: z.number().nullable(),
  rawFen: z.string().nullable(),
  capped: z.boolean(),
  officerSet: z.boolean(),
  lines: z.array(Localized),
  ratio: z.object({ num: z.number(), den: z.number() }).nullable(),
  suggestedFen: z.string().nullable(),
  cuts: z.array(z.object({ fromFen: z.string(), toFen: z.string(), reason: ReasonSchema })),
}) satisfies z.ZodType<AwardExplanation>;
const RoutingSchema = z.object({ lead: z.string(), coReviewers: z.array(z.string()), district: z.string().nullable() });

export const AssessmentSchema = z.object({
  packId: z.string(),
  packVersion: z.number().int(),
  measureCode: z.string(),
  subtypeCode: z.string(),
  eligible: z.boolean(),
  ineligibility: z.array(ReasonSchema),
  award: AwardExplanationSchema,
  routing: RoutingSchema,
  reviewPlan: z.array(z.object({ code: z.string(), bureaus: z.array(z.string()), parallel: z.boolean(), decides: z.boolean(), rejectionEnds: z.boolean() })),
  poolCode: z.string().nullable(),
  sameKindGroup: z.string().nullable(),
  projectKey: z.string().nullable(),
  coFunding: z.object({ districtBureau: z.string(), cityFen: z.string(), districtFen: z.string(), districtShareBp: z.number() }).nullable(),
  receivedOn: z.string(),
  limits: z.array(z.object({ key: z.string(), scope: z.enum(['applicant', 'applicantYear', 'project']), capFen: z.string(), label: Localized })),
  rentFree: z.object({ requestedMonths: z.number(), minMonths: z.number(), maxMonths: z.number() }).optional(),
  // Absent in states assessed before the limits were read at assessment: they parse as they were.
  limitCheck: z
    .object({
      beforeFen: z.string(),
      afterFen: z.string(),
      limits: z.array(z.object({ key: z.string(), label: Localized, capFen: z.string(), priorFen: z.string(), leftFen: z.string() })),
    })
    .optional(),
});

export const ApplicantSnapshotSchema = z.object({
  organisationId: z.string(),
  kind: z.enum(['enterprise', 'university', 'institute', 'data_source_unit', 'park_operator', 'lab', 'other']),
  isStartup: z.boolean(),
  district: z.string().nullable(),
  registeredOn: z.string().nullable(),
  name: z.string(),
  creditCode: z.string().nullable(),
  startupEvidence: z.string().nullable(),
});

/** A stored form: an object of field values, as the sub-type's form schema accepted it at receipt. */
export const StoredFormSchema = z.record(z.string(), z.unknown());

const TaskRecordSchema = z.object({
  taskId: z.string(),
  bureauCode: z.string(),
  stage: z.string(),
  status: z.enum(['open', 'claimed', 'deciding', 'completed', 'cancelled']),
  assigneeId: z.string().nullable(),
  claimedAt: z.string().nullable(),
  priority: z.number().int(),
  createdAt: z.string(),
  dueAt: z.string(),
  remindedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  decision: z.enum(['approve', 'reject', 'return']).nullable(),
  comment: z.string().nullable(),
  amountFen: z.string().nullable(),
  overrideReason: z.string().nullable(),
  questions: z.array(z.string()).nullable(),
  completedById: z.string().nullable(),
  completedAt: z.string().nullable(),
});

const RentFreeGrantSchema = z.object({ months: z.number().int(), requestedMonths: z.number().int() });

const InformationRequestSchema = z.object({
  taskId: z.string(),
  bureauCode: z.string(),
  stage: z.string(),
  questions: z.array(z.string()),
  requestedAt: z.string(),
  answerDueAt: z.string(),
});

export const CaseStateSchema = z.object({
  facts: z.object({
    caseId: z.string(),
    packId: z.string(),
    packVersion: z.number().int(),
    organisationId: z.string(),
    receivedAt: z.string(),
    reference: z.string().nullable().optional(),
  }),
  terms: z
    .object({
      lifecycle: z.enum(['keyLab', 'rentFree']).nullable(),
      districtPoolCode: z.string().nullable(),
      poolNames: z.record(z.string(), z.object({ zh: z.string(), en: z.string() })),
    })
    .nullable(),
  status: z.enum(CASE_STATUSES),
  assessment: AssessmentSchema.nullable(),
  clock: z
    .object({
      taskDueDays: z.number(),
      reminderDaysBeforeDue: z.number(),
      rfiAnswerDays: z.number(),
      timeZone: z.string(),
      supervisors: z.record(z.string(), z.array(z.string())),
    })
    .nullable(),
  stage: z.number().int(),
  tasks: z.array(TaskRecordSchema),
  rfi: InformationRequestSchema.nullable(),
  answeredRequests: z.array(InformationRequestSchema.extend({ answers: z.string(), documentIds: z.array(z.string()), answeredAt: z.string() })),
  pending: z
    .object({
      taskId: z.string(),
      actorId: z.string(),
      amountFen: z.string(),
      comment: z.string().nullable(),
      overrideReason: z.string().nullable(),
      rentFree: RentFreeGrantSchema.optional(),
    })
    .nullable(),
  approved: z.object({ amountFen: z.string(), award: AwardExplanationSchema, rentFree: RentFreeGrantSchema.optional() }).nullable(),
  outcome: z
    .object({
      status: z.enum(TERMINAL_STATUSES),
      approvedAwardFen: z.string().nullable(),
      reason: z.string().nullable(),
      decidedAt: z.string(),
    })
    .nullable(),
  priorBenefits: z.array(z.object({ caseId: z.string(), reference: z.string(), status: z.enum(CASE_STATUSES), amountFen: z.string() })).optional(),
  rev: z.number().int().optional(),
});

// Compile-time: each mirror parses exactly its type.
const stateMirrors: Same<z.infer<typeof CaseStateSchema>, CaseState> = true;
const assessmentMirrors: Same<z.infer<typeof AssessmentSchema>, Assessment> = true;
const applicantMirrors: Same<z.infer<typeof ApplicantSnapshotSchema>, ApplicantSnapshot> = true;
void stateMirrors;
void assessmentMirrors;
void applicantMirrors;

/** Thrown when a stored state matches no version this code reads: a bug or a hand-edited row, never user input. */
export class UnreadableStateError extends Error {
  constructor(caseId: string, version: number, why: string) {
    super(`the stored state of case ${caseId} (version ${version}) does not parse: ${why}`);
  }
}

/** A stored state as the machine's CaseState. */
export function readCaseState(caseId: string, version: number, json: unknown): CaseState {
  if (version !== CASE_STATE_VERSION) throw new UnreadableStateError(caseId, version, `version ${version} is not one this code writes`);
  const r = CaseStateSchema.safeParse(json);
  if (!r.success) throw new UnreadableStateError(caseId, version, r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}
