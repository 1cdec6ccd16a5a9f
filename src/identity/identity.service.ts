import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError, sayIt } from '../domain/errors';
import type { LocalizedText } from '../domain/pack/schema';
import { ROLE_WORDS } from '../domain/words';
import { IDENTITY_SENTENCES } from '../domain/words/identity';
import { IdentityCache } from '../database/identity-cache';
import { OrganisationRepository, type AuditRecord, type OrganisationFields, type UserFields, type UserRecord } from '../database/organisation.repository';
import type {
  AuditEntryDto,
  AuditList,
  AuditQueryDto,
  CreateOrganisationDto,
  CreateUserDto,
  ListUsersDto,
  OrganisationDto,
  OrganisationList,
  PageQueryDto,
  UpdateOrganisationDto,
  UpdateUserDto,
  UserDto,
  UserList,
} from './identity.dto';

/**
 * Organisations and users, kept by admins (over the API) and operators (the CLI); every change is
 * written with its audit entry in one transaction. Cases keep the organisation as it was when they
 * were received (applications.applicant), so nothing here alters a case.
 */
@Injectable()
export class IdentityService {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly identities: IdentityCache,
  ) {}

  async listOrganisations(q: PageQueryDto): Promise<OrganisationList> {
    const { rows, total } = await this.organisations.organisations(q);
    return { items: rows, total, limit: q.limit, offset: q.offset };
  }

  async organisation(id: string): Promise<OrganisationDto> {
    return (await this.organisations.organisation(id)) ?? notFound('organisationId');
  }

  /** `home`: the creating admin's jurisdiction, used when the request names none (null from the CLI). */
  async createOrganisation(actorId: string, dto: CreateOrganisationDto, home: string | null = null): Promise<OrganisationDto> {
    const id = dto.id ?? `org-${randomUUID()}`;
    const jurisdictionId = await this.jurisdictionOf(dto.jurisdictionId, home);
    const fields: OrganisationFields = {
      name: dto.name,
      creditCode: dto.creditCode,
      kind: dto.kind,
      isStartup: dto.isStartup,
      startupEvidence: dto.startupEvidence ?? null,
      district: dto.district,
      registeredOn: dto.registeredOn,
      jurisdictionId,
    };
    await this.creditCodeFree(dto.creditCode, null);
    const r = await this.organisations.createOrganisation(actorId, id, fields);
    if (r === 'id') throw sayIt(ConflictError, 'id', IDENTITY_SENTENCES.organisationIdTaken());
    if (r === 'creditCode') throw creditCodeTaken(null);
    return r;
  }

  async updateOrganisation(actorId: string, id: string, dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    const current = (await this.organisations.organisation(id)) ?? notFound('organisationId');
    const merged = { ...current, ...dto };
    if (merged.isStartup && !merged.startupEvidence) {
      const w = IDENTITY_SENTENCES.startupNeedsEvidence();
      throw new ValidationError([{ path: 'startupEvidence', message: w.en, zh: w.zh }]);
    }
    if (dto.creditCode) await this.creditCodeFree(dto.creditCode, id);
    const r = await this.organisations.updateOrganisation(actorId, id, dto);
    this.identities.forgetOrganisation(id);
    if (r === null) return notFound('organisationId');
    if (r === 'creditCode') throw creditCodeTaken(null);
    return r;
  }

  async listUsers(q: ListUsersDto): Promise<UserList> {
    const { rows, total } = await this.organisations.users(q);
    return { items: rows, total, limit: q.limit, offset: q.offset };
  }

  async user(id: string): Promise<UserDto> {
    return (await this.organisations.user(id)) ?? notFound('userId');
  }

  /** `home`: the creating admin's jurisdiction, used when neither the request nor an organisation names one. */
  async createUser(actorId: string, dto: CreateUserDto, home: string | null = null): Promise<UserDto> {
    const organisation = dto.organisationId ? await this.organisations.organisation(dto.organisationId) : null;
    const fields = await this.checkedUser({
      name: dto.name,
      role: dto.role,
      organisationId: dto.organisationId ?? null,
      bureauCode: dto.bureauCode ?? null,
      jurisdictionId: dto.jurisdictionId ?? organisation?.jurisdictionId ?? (await this.jurisdictionOf(undefined, home)),
    });
    const created = await this.organisations.createUser(actorId, dto.id, fields);
    if ('taken' in created) {
      const holder = await this.organisations.user(created.taken);
      throw sayIt(ConflictError, 'id', IDENTITY_SENTENCES.userIdTaken({ id: created.taken, name: holder?.name ?? created.taken }, created.taken === dto.id));
    }
    return created;
  }

  /** A change of role moves the user out of what the old role carried: an applicant's organisation, staff's bureau. */
  async updateUser(actorId: string, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const current: UserRecord = (await this.organisations.user(id)) ?? notFound('userId');
    const roleChanged = dto.role !== undefined && dto.role !== current.role;
    const fields = await this.checkedUser({
      name: dto.name ?? current.name,
      role: dto.role ?? current.role,
      organisationId: dto.organisationId !== undefined ? dto.organisationId : roleChanged ? null : current.organisationId,
      bureauCode: dto.bureauCode !== undefined ? dto.bureauCode : roleChanged ? null : current.bureauCode,
      jurisdictionId: dto.jurisdictionId ?? current.jurisdictionId,
    });
    const updated = await this.organisations.updateUser(actorId, id, fields);
    this.identities.forgetUser(id);
    return updated ?? notFound('userId');
  }

  async auditTrail(q: AuditQueryDto): Promise<AuditList> {
    const { rows, total } = await this.organisations.auditTrail(q);
    return { items: rows.map(toAuditDto), total, limit: q.limit, offset: q.offset };
  }

  /**
   * Every user belongs to a jurisdiction. Applicants to an organisation of it; officers and supervisors to
   * a bureau (a district's included) of its packs; finance staff to one of its treasuries (the city's,
   * `city`, or a district's); admins to neither.
   */
  private async checkedUser(f: UserFields): Promise<UserFields> {
    const jurisdiction = await this.organisations.jurisdiction(f.jurisdictionId);
    if (!jurisdiction) throw invalid('jurisdictionId', IDENTITY_SENTENCES.noJurisdiction());
    const city = jurisdiction.name;
    if (f.role === 'applicant') {
      if (!f.organisationId) throw invalid('organisationId', IDENTITY_SENTENCES.applicantNeedsOrganisation());
      if (f.bureauCode) throw invalid('bureauCode', IDENTITY_SENTENCES.applicantHasNoBureau());
      const organisation = await this.organisations.organisation(f.organisationId);
      if (!organisation) {
        throw invalid('organisationId', IDENTITY_SENTENCES.noOrganisation());
      }
      if (organisation.jurisdictionId !== f.jurisdictionId) {
        const home = await this.organisations.jurisdiction(organisation.jurisdictionId);
        throw invalid('jurisdictionId', IDENTITY_SENTENCES.applicantOfOrganisationsCity(organisation.name, home?.name ?? city));
      }
    } else if (f.role === 'admin') {
      if (f.organisationId || f.bureauCode) throw invalid(f.organisationId ? 'organisationId' : 'bureauCode', IDENTITY_SENTENCES.adminBelongsNowhere());
    } else {
      if (!f.bureauCode) throw invalid('bureauCode', IDENTITY_SENTENCES.staffNeedBureau(ROLE_WORDS[f.role]));
      if (f.organisationId) throw invalid('organisationId', IDENTITY_SENTENCES.staffHaveNoOrganisation());
      if (f.role === 'finance') {
        const treasuries = await this.organisations.treasuriesOf(f.jurisdictionId);
        if (!treasuries.includes(f.bureauCode)) throw invalid('bureauCode', IDENTITY_SENTENCES.noSuchTreasury(city));
      } else if (!(await this.organisations.bureauExists(f.jurisdictionId, f.bureauCode))) {
        throw invalid('bureauCode', IDENTITY_SENTENCES.noSuchBureau(city));
      }
    }
    return f;
  }

  /** The jurisdiction named, else the caller's own, else the only one there is; a 422 when none can be told. */
  private async jurisdictionOf(named: string | undefined, home: string | null): Promise<string> {
    if (named !== undefined) {
      if (!(await this.organisations.jurisdiction(named))) throw invalid('jurisdictionId', IDENTITY_SENTENCES.noJurisdiction());
      return named;
    }
    if (home !== null) return home;
    const all = await this.organisations.jurisdictions();
    if (all.length === 1) return all[0]!.id;
    throw invalid('jurisdictionId', IDENTITY_SENTENCES.nameTheJurisdiction(all.map((j) => j.name)));
  }

  private async creditCodeFree(code: string, ownId: string | null): Promise<void> {
    const holder = await this.organisations.organisationByCreditCode(code);
    if (holder && holder.id !== ownId) throw creditCodeTaken(holder.name);
  }
}

/** The reader named the one missing: it has no name to give. */
const notFound = (field: 'organisationId' | 'userId'): never => {
  throw sayIt(NotFoundError, field, field === 'userId' ? IDENTITY_SENTENCES.noUser() : IDENTITY_SENTENCES.noOrganisation());
};
const invalid = (field: string, words: LocalizedText): UnprocessableError => sayIt(UnprocessableError, field, words);
const creditCodeTaken = (holder: string | null): ConflictError => sayIt(ConflictError, 'creditCode', IDENTITY_SENTENCES.creditCodeTaken(holder));

const toAuditDto = (r: AuditRecord): AuditEntryDto => ({
  id: r.id.toString(),
  actorId: r.actorId,
  action: r.action,
  entityType: r.entityType as AuditEntryDto['entityType'],
  entityId: r.entityId,
  before: r.before,
  after: r.after,
  at: r.at.toISOString(),
});
