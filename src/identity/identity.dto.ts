import { z } from 'zod';
import { APPLICANT_KINDS } from '../domain';
import { ROLES } from '../domain/access';
import { calendarDate } from '../domain/date.schema';
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from '../domain/credit-code';
import { queryInt } from '../common/text';
import { zodDto } from '../common/zod';
import { bilingual, REQUEST_SENTENCES as S } from '../domain/words/validation';

const hasControl = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** Text a person typed: trimmed, bounded, no control characters (NUL above all, which PostgreSQL refuses). */
const text = (field: string, max: number) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} may not be empty`)
    .max(max, `${field} has at most ${max} characters`)
    .refine((s) => !hasControl(s), { message: S.noControl(field).en, params: { zh: S.noControl(field).zh } });

export const OrganisationIdSchema = z.string({ error: 'id is required' }).regex(/^[a-z0-9][a-z0-9-]{0,62}$/, bilingual(S.organisationId));
/** A user id: the identity provider's subject. */
export const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}$/;
export const UserIdSchema = z.string({ error: 'id is required' }).regex(USER_ID, bilingual(S.userId));

export const CreditCodeSchema = z
  .string({ error: 'creditCode is required' })
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message: `${CREDIT_CODE_MESSAGES[problem].en} / ${CREDIT_CODE_MESSAGES[problem].zh}`,
        params: { zh: CREDIT_CODE_MESSAGES[problem].zh },
      });
  });

export const JurisdictionIdSchema = z.string({ error: 'jurisdictionId is required' }).regex(/^[a-z][a-z0-9-]{0,40}$/, bilingual(S.jurisdictionId));

const DistrictSchema = z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, bilingual(S.district));

const organisationFields = {
  name: text('name', 200),
  creditCode: CreditCodeSchema,
  kind: z.enum(APPLICANT_KINDS, { error: `kind must be one of ${APPLICANT_KINDS.join(', ')}` }),
  isStartup: z.boolean({ error: 'isStartup must be true or false' }),
  startupEvidence: text('startupEvidence', 2000).nullable(),
  district: DistrictSchema.nullable(),
  registeredOn: calendarDate('registeredOn'),
};

const startupNeedsEvidence = (o: { isStartup?: boolean; startupEvidence?: string | null }): boolean => !o.isStartup || !!o.startupEvidence;
const STARTUP_EVIDENCE = { message: S.startupEvidence.en, params: { zh: S.startupEvidence.zh }, path: ['startupEvidence'] };

export const CreateOrganisationSchema = z
  .object({
    id: OrganisationIdSchema.optional(),
    ...organisationFields,
    startupEvidence: organisationFields.startupEvidence.optional(),
    jurisdictionId: JurisdictionIdSchema.optional().describe("the city the organisation is registered in; by default the admin's own"),
  })
  .strict()
  .refine(startupNeedsEvidence, STARTUP_EVIDENCE);
export class CreateOrganisationDto extends zodDto(CreateOrganisationSchema) {}

/** Only the fields given change; the startup rule is checked on the result. */
export const UpdateOrganisationSchema = z
  .object(organisationFields)
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: S.atLeastOneChange.en, params: { zh: S.atLeastOneChange.zh } });
export class UpdateOrganisationDto extends zodDto(UpdateOrganisationSchema) {}

export const OrganisationParamsSchema = z.object({ organisationId: OrganisationIdSchema }).strict();
export class OrganisationParamsDto extends zodDto(OrganisationParamsSchema) {}

const page = {
  limit: queryInt('limit', 1, 100).default(20),
  offset: queryInt('offset', 0, 1_000_000).default(0),
};
export const PageQuerySchema = z.object(page).strict();
export class PageQueryDto extends zodDto(PageQuerySchema) {}

const BureauCodeSchema = z.string().regex(/^[a-z0-9][a-z0-9:-]{0,62}$/, bilingual(S.bureauCode));
const userFields = {
  name: text('name', 200),
  role: z.enum(ROLES, { error: `role must be one of ${ROLES.join(', ')}` }),
  organisationId: OrganisationIdSchema.nullable(),
  bureauCode: BureauCodeSchema.nullable().describe("staff's bureau; for finance staff their treasury: city or a district's bureau code"),
  jurisdictionId: JurisdictionIdSchema.describe("the city the user belongs to (an applicant: its organisation's)"),
};
export const CreateUserSchema = z
  .object({
    id: UserIdSchema,
    ...userFields,
    organisationId: userFields.organisationId.optional(),
    bureauCode: userFields.bureauCode.optional(),
    jurisdictionId: userFields.jurisdictionId.optional().describe("the city the user belongs to; by default its organisation's, else the admin's own"),
  })
  .strict();
export class CreateUserDto extends zodDto(CreateUserSchema) {}
export const UpdateUserSchema = z
  .object(userFields)
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: S.atLeastOneChange.en, params: { zh: S.atLeastOneChange.zh } });
export class UpdateUserDto extends zodDto(UpdateUserSchema) {}
export const UserParamsSchema = z.object({ userId: UserIdSchema }).strict();
export class UserParamsDto extends zodDto(UserParamsSchema) {}
export const ListUsersSchema = z
  .object({
    role: userFields.role.optional(),
    organisationId: OrganisationIdSchema.optional(),
    bureauCode: BureauCodeSchema.optional(),
    jurisdictionId: JurisdictionIdSchema.optional(),
    ...page,
  })
  .strict();
export class ListUsersDto extends zodDto(ListUsersSchema) {}

export const AUDIT_ENTITY_TYPES = ['organisation', 'user', 'conflict'] as const;
export const AuditQuerySchema = z
  .object({
    entityType: z.enum(AUDIT_ENTITY_TYPES, { error: `entityType must be one of ${AUDIT_ENTITY_TYPES.join(', ')}` }).optional(),
    entityId: z
      .string()
      .min(1)
      .max(200)
      .refine((s) => !hasControl(s), { message: S.noControl('entityId').en, params: { zh: S.noControl('entityId').zh } })
      .optional(),
    ...page,
  })
  .strict();
export class AuditQueryDto extends zodDto(AuditQuerySchema) {}

// ---- responses ----

export const OrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string().nullable().describe('统一社会信用代码; null for an organisation registered before codes were recorded'),
  kind: z.enum(APPLICANT_KINDS),
  isStartup: z.boolean(),
  startupEvidence: z.string().nullable(),
  district: z.string().nullable(),
  registeredOn: z.string().nullable().describe('YYYY-MM-DD'),
  jurisdictionId: z.string().describe('the city the organisation is registered in'),
});
export type OrganisationDto = z.infer<typeof OrganisationSchema>;
export const OrganisationListSchema = z.object({
  items: z.array(OrganisationSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type OrganisationList = z.infer<typeof OrganisationListSchema>;

export const UserSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string().nullable(),
  bureauCode: z.string().nullable().describe("staff's bureau; finance staff's treasury (city or a district's bureau code)"),
  jurisdictionId: z.string().describe('the city the user belongs to'),
});
export type UserDto = z.infer<typeof UserSchema>;
export const UserListSchema = z.object({ items: z.array(UserSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type UserList = z.infer<typeof UserListSchema>;

export const AuditEntrySchema = z.object({
  id: z.string().describe('ascending with time'),
  actorId: z.string().describe('the user who made the change, or cli:<login> for the command line'),
  action: z.string().describe('organisation.created, organisation.updated, user.created, user.updated, conflict.declared, conflict.withdrawn'),
  entityType: z.enum(AUDIT_ENTITY_TYPES),
  entityId: z.string(),
  before: z.unknown().describe('the entity before the change; null when it was created'),
  after: z.unknown().describe('the entity after the change'),
  at: z.string().describe('ISO 8601 instant'),
});
export type AuditEntryDto = z.infer<typeof AuditEntrySchema>;
export const AuditListSchema = z.object({ items: z.array(AuditEntrySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export type AuditList = z.infer<typeof AuditListSchema>;
