import { z } from 'zod';
import { PersonName } from '../common/people';
import { FenString } from '../domain';
import { CASE_STATUSES } from '../domain/case/records';
import { zodDto, type Same } from '../common/zod';
import { freeText, idText, queryInt, uuidParam } from '../common/text';
import type { AnswerInformationResult, WithdrawResult } from '../../workflows/case.messages';
import { AwardExplanationSchema, ReasonSchema } from './case-events.schema';
import { LocalizedTextSchema } from '../domain/pack/schema';
import { bilingual, REQUEST_SENTENCES as S } from '../domain/words/validation';

export const SubmitApplicationSchema = z
  .object({
    packId: idText('packId', 100),
    measureCode: idText('measureCode', 50),
    subtypeCode: idText('subtypeCode', 50),
    form: z.record(z.string(), z.unknown(), { error: 'form must be an object of the sub-type’s fields' }),
  })
  .strict();
export class SubmitApplicationDto extends zodDto(SubmitApplicationSchema) {}

export const IdempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_\-:.]{1,128}$/, bilingual(S.idempotencyKey))
  .optional();

export const CASE_SORTS = ['-submittedAt', 'submittedAt', '-updatedAt', 'updatedAt', '-decidedAt', 'decidedAt', 'reference', '-reference'] as const;

export const ListCasesSchema = z
  .object({
    status: z.enum(CASE_STATUSES).optional(),
    measureCode: idText('measureCode', 50).optional(),
    year: queryInt('year', 2000, 2100).optional().describe('the budget year the case was received in (the pack’s time zone)'),
    sort: z
      .enum(CASE_SORTS, { error: `sort must be one of ${CASE_SORTS.join(', ')}` })
      .default('-submittedAt')
      .describe('a column, descending with a leading "-"'),
    limit: queryInt('limit', 1, 100).default(20),
    offset: queryInt('offset', 0, 1_000_000).default(0),
  })
  .strict();
export class ListCasesDto extends zodDto(ListCasesSchema) {}

export const CaseParamsSchema = z.object({ id: uuidParam('id', 'an application id') }).strict();
export class CaseParamsDto extends zodDto(CaseParamsSchema) {}

export const AnswerInformationSchema = z
  .object({
    answers: freeText('answers', 20_000),
    documentIds: z
      .array(z.string().regex(/^[A-Za-z0-9_\-:.]{1,200}$/, bilingual(S.documentIdInList)), {
        error: 'documentIds must be a list of document ids',
      })
      .max(50, 'at most 50 documents')
      .default([]),
  })
  .strict();
export class AnswerInformationDto extends zodDto(AnswerInformationSchema) {}

/** The body is optional: `{}` or nothing withdraws without a stated reason. */
export const WithdrawSchema = z.object({ reason: freeText('reason', 2000).optional() }).strict();

// ---- responses (also the OpenAPI document's response schemas) ----

const Instant = z.string().describe('ISO 8601 instant');
const Fen = FenString;

/**
 * The words of a code, beside it: every code a person may read (`status`, `stage`, `bureauCode`, …)
 * comes with a sibling `<name>Label` (`statusLabel`, `stageLabel`, `bureauCodeLabel`…) in both languages,
 * from the one catalogue (src/domain/words) or the pack that defines the code.
 */
export const LabelSchema = LocalizedTextSchema.describe('the code in words (src/domain/words, or the pack that defines it)');

export const RoutingSchema = z.object({
  lead: z.string(),
  leadLabel: LabelSchema,
  coReviewers: z.array(z.string()),
  coReviewersLabels: z.array(LabelSchema),
  district: z.string().nullable(),
  districtLabel: LabelSchema.nullable(),
});

export const TimelineEntrySchema = z.object({
  at: Instant,
  type: z.string().describe('a case event type, e.g. case.submitted, task.decided'),
  actorId: z.string().nullable(),
  actorName: PersonName,
  typeLabel: LabelSchema,
  data: z.unknown().describe('the event’s data, by type (src/domain/case/events.ts)'),
  text: LocalizedTextSchema.nullable().describe('the event in a sentence (null where its type says all)'),
});
export type TimelineEntryDto = z.infer<typeof TimelineEntrySchema>;

const LocalizedLine = { zh: z.string(), en: z.string() };
const ActionSchema = z.enum(['answer', 'withdraw']);
export const CaseProgressSchema = z
  .object({
    summary: LocalizedTextSchema.describe('what is happening, in one sentence'),
    pending: z
      .array(
        z.object({
          on: z.enum(['bureau', 'applicant', 'treasury']),
          bureauCode: z.string().nullable().describe('the bureau, or for a treasury its funder code (city or a district bureau)'),
          name: LocalizedTextSchema.describe('the bureau (never an officer) or the applicant'),
          what: LocalizedTextSchema,
          since: Instant,
          until: Instant.nullable(),
        }),
      )
      .describe('what the case waits for, on whom, and until when'),
    allowedActions: z
      .array(z.object({ action: ActionSchema, method: z.literal('POST'), path: z.string(), until: Instant.nullable(), ...LocalizedLine }))
      .describe('what the applicant may do now (empty for staff)'),
    unavailableActions: z.array(z.object({ action: ActionSchema, ...LocalizedLine })).describe('the applicant’s actions not open now, and why'),
  })
  .describe('the case for a person following it: status in words, what is pending on whom until when, and what they may do');

/** A review task as a case lists it, from the case's state. */
export const CaseTaskSchema = z.object({
  id: z.string(),
  bureauCode: z.string(),
  bureauCodeLabel: LabelSchema,
  stage: z.string(),
  stageLabel: LabelSchema,
  status: z.enum(['open', 'claimed', 'completed', 'cancelled']),
  statusLabel: LabelSchema,
  createdAt: Instant,
  dueAt: Instant.nullable(),
  completedAt: Instant.nullable(),
  decision: z.enum(['approve', 'reject', 'return']).nullable(),
  decisionLabel: LabelSchema.nullable(),
});

/** One request for information: what a bureau asked, and (once the state records it) the answer with its files. */
export const InformationRoundSchema = z.object({
  taskId: z.string().describe('the task that asked'),
  bureauCode: z.string(),
  bureauCodeLabel: LabelSchema,
  questions: z.array(z.string()),
  requestedAt: Instant,
  answerDueAt: Instant.nullable(),
  answeredAt: Instant.nullable(),
  answers: z.string().nullable(),
  documents: z.array(z.object({ id: z.string(), name: z.string() })).describe('the files sent with the answer, by name'),
});

export const CaseSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(CASE_STATUSES),
  statusLabel: LabelSchema,
  packId: z.string(),
  packVersion: z.number().int(),
  measureCode: z.string(),
  measureCodeLabel: LabelSchema,
  subtypeCode: z.string(),
  subtypeCodeLabel: LabelSchema,
  organisationId: z.string(),
  organisationName: z.string().nullable().describe('the applicant organisation as it was named when the case was received'),
  form: z.unknown().describe('the application form as submitted (amounts are strings of integer fen)'),
  submittedAt: Instant,
  decidedAt: Instant.nullable(),
  computedAwardFen: Fen.nullable(),
  approvedAwardFen: Fen.nullable(),
  decisionReason: z.string().nullable().describe('the public reason of the decision (applicants never see an internal one)'),
  decisionReasonWords: LocalizedTextSchema.nullable().describe(
    'the reason in the reader’s language: a refusal’s conditions from the catalogue; a reason an officer wrote is the same text in both',
  ),
  decisionReasonWritten: z.boolean().describe('the reason is what an officer wrote (shown as written), not the catalogue’s words'),
  documents: z
    .array(z.object({ id: z.string(), name: z.string(), field: z.string() }))
    .optional()
    .describe('the files the form names, by file name (GET /documents/{id} opens one); one case’s view only, lists leave it out'),
  award: AwardExplanationSchema.nullable().describe('how the award was reached; once approved, of what is paid'),
  ineligibility: z.array(ReasonSchema),
  routing: RoutingSchema.nullable(),
  coFunding: z
    .object({ districtBureau: z.string(), districtBureauLabel: LabelSchema, cityFen: Fen, districtFen: Fen, districtShareBp: z.number().int() })
    .nullable()
    .describe('a co-funded award’s split between the city and the district (the odd fen goes to the city)'),
  tasks: z.array(CaseTaskSchema).describe('the review tasks of the case, oldest first'),
  informationRequest: z
    .object({ bureauCode: z.string(), bureauCodeLabel: LabelSchema, questions: z.array(z.string()), requestedAt: Instant, answerDueAt: Instant })
    .nullable()
    .describe('while the case waits for the applicant: what was asked, by whom, and the answer deadline'),
  informationRounds: z.array(InformationRoundSchema).describe('every request for information so far, oldest first'),
  timeline: z.array(TimelineEntrySchema).describe('officers and admins see every event; the applicant what a citizen is told'),
  budgetYear: z.number().int().nullable().describe('the budget year the case was received in'),
  labId: z.string().nullable().describe('the key lab this approved case designates (GET /labs/:labId); null for any other case'),
  progress: CaseProgressSchema.describe('what is pending and what the applicant may do, as the case’s own rules answer it'),
  doubleBenefit: z.boolean().describe('flagged: the applicant has another pending or awarded case for the same project and kind'),
  payments: z
    .object({
      orders: z.array(
        z.object({
          orderId: z.string(),
          funder: z.string().describe('"city" or the district bureau whose treasury pays'),
          funderLabel: LabelSchema.describe('the paying treasury by name'),
          amountFen: Fen,
          status: z.enum(['issued', 'paid', 'cancelled']),
          statusLabel: LabelSchema,
          issuedAt: Instant,
          settledAt: Instant.nullable(),
        }),
      ),
      recoveredFen: Fen.describe('recovered (追回) from the award so far'),
      recoveries: z.array(z.object({ funder: z.string(), funderLabel: LabelSchema, amountFen: Fen, reason: z.string(), at: Instant })),
    })
    .describe('the award’s payment orders and any recovery; empty before the award'),
});
export type CaseDto = z.infer<typeof CaseSchema>;

export const CaseListSchema = z.object({ items: z.array(CaseSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type CaseList = z.infer<typeof CaseListSchema>;

export const AnswerInformationResultSchema = z.object({
  caseStatus: z.enum(CASE_STATUSES),
  resumedTaskId: z.string().describe('the task that resumes the review of the bureau that asked'),
  pausedMs: z.number().int(),
});
export const WithdrawResultSchema = z.object({ caseStatus: z.enum(CASE_STATUSES), cancelledTaskIds: z.array(z.string()) });

// The update results are the workflow's types: the schemas must describe exactly those.
const answerMatches: Same<z.infer<typeof AnswerInformationResultSchema>, AnswerInformationResult> = true;
const withdrawMatches: Same<z.infer<typeof WithdrawResultSchema>, WithdrawResult> = true;
void answerMatches;
void withdrawMatches;
