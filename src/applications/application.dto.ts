import { z } from 'zod';
import type { Assessment } from '../domain';
import { zodDto } from '../common/zod';
import type { TimelineEntry } from './applicant-view';

export const SubmitApplicationSchema = z
  .object({
    packId: z.string({ error: 'packId is required (GET /catalog/packs lists them)' }).min(1, 'packId is required').max(100),
    measureCode: z.string({ error: 'measureCode is required' }).min(1, 'measureCode is required').max(50),
    subtypeCode: z.string({ error: 'subtypeCode is required' }).min(1, 'subtypeCode is required').max(50),
    form: z.record(z.string(), z.unknown(), { error: 'form must be an object of the sub-type’s fields' }),
  })
  .strict();
export class SubmitApplicationDto extends zodDto(SubmitApplicationSchema) {}

export const IdempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_\-:.]{1,128}$/, 'Idempotency-Key must be 1-128 characters of letters, digits, _ - : .')
  .optional();

export const ListApplicationsSchema = z
  .object({
    status: z.enum(['submitted', 'in_review', 'awaiting_information', 'approved', 'rejected', 'withdrawn', 'lapsed', 'refused']).optional(),
    measureCode: z.string().max(50).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export class ListApplicationsDto extends zodDto(ListApplicationsSchema) {}

export const ApplicationParamsSchema = z.object({ id: z.uuid({ error: 'id must be an application id (a UUID)' }) }).strict();
export class ApplicationParamsDto extends zodDto(ApplicationParamsSchema) {}

export const AnswerInformationSchema = z
  .object({
    answers: z
      .string({ error: (iss) => (iss.input === undefined ? 'answers is required' : 'answers must be text') })
      .trim()
      .min(1, 'answers must not be empty')
      .max(20_000, 'answers is longer than 20,000 characters'),
    documentIds: z
      .array(z.string().regex(/^[A-Za-z0-9_\-:.]{1,200}$/, 'a document id is 1-200 letters, digits, _ - : .'), { error: 'documentIds must be a list of document ids' })
      .max(50, 'at most 50 documents')
      .default([]),
  })
  .strict();
export class AnswerInformationDto extends zodDto(AnswerInformationSchema) {}

/** The body is optional: `{}` or nothing withdraws without a stated reason. */
export const WithdrawSchema = z
  .object({ reason: z.string({ error: 'reason must be text' }).trim().min(1, 'reason must not be empty').max(2000).optional() })
  .strict();

export interface CaseDto {
  id: string;
  reference: string;
  status: string;
  packId: string;
  packVersion: number;
  measureCode: string;
  subtypeCode: string;
  organisationId: string;
  form: unknown;
  submittedAt: string;
  decidedAt: string | null;
  computedAwardFen: string | null;
  approvedAwardFen: string | null;
  decisionReason: string | null;
  award: Assessment['award'] | null;
  ineligibility: Assessment['ineligibility'];
  routing: Assessment['routing'] | null;
  /**
   * A co-funded award's split between the city and the district treasury (strings of fen; the odd fen
   * goes to the city): of the approved amount once the case is approved, else of the computed award.
   */
  coFunding: Assessment['coFunding'];
  tasks: { id: string; bureauCode: string; stage: string; status: string; createdAt: string; dueAt: string | null; completedAt: string | null; decision: string | null }[];
  /** While the case waits for the applicant: what was asked, by whom, and the answer deadline. */
  informationRequest: { bureauCode: string; questions: string[]; requestedAt: string; answerDueAt: string } | null;
  /** Officers and admins see every event; the applicant sees what a citizen is told (see ./applicant-view). */
  timeline: TimelineEntry[];
}
