import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../domain/errors';
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
import { REQUEST_SENTENCES as S } from '../domain/words/validation';

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
    return (await this.organisations.organisation(id)) ?? notFound('organisationId', id);
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
    if (r === 'id') throw new ConflictError('id', `organisation ${id} exists already`, { zh: `单位 ${id} 已存在` });
    if (r === 'creditCode') throw creditCodeTaken(dto.creditCode);
    return r;
  }

  async updateOrganisation(actorId: string, id: string, dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    const current = (await this.organisations.organisation(id)) ?? notFound('organisationId', id);
    const merged = { ...current, ...dto };
    if (merged.isStartup && !merged.startupEvidence) {
      throw new ValidationError([{ path: 'startupEvidence', message: S.startupEvidenceOnChange.en, zh: S.startupEvidenceOnChange.zh }]);
    }
    if (dto.creditCode) await this.creditCodeFree(dto.creditCode, id);
    const r = await this.organisations.updateOrganisation(actorId, id, dto);
    this.identities.forgetOrganisation(id);
    if (r === null) return notFound('organisationId', id);
    if (r === 'creditCode') throw creditCodeTaken(dto.creditCode ?? '');
    return r;
  }

  async listUsers(q: ListUsersDto): Promise<UserList> {
    const { rows, total } = await this.organisations.users(q);
    return { items: rows, total, limit: q.limit, offset: q.offset };
  }

  async user(id: string): Promise<UserDto> {
    return (await this.organisations.user(id)) ?? notFound('userId', id);
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
      const same = created.taken === dto.id ? '' : ` (as ${created.taken}: user ids differing only in letter case are one user)`;
      throw new ConflictError('id', `user ${dto.id} exists already${same}`, {
        zh: `用户 ${dto.id} 已存在${same ? `(已有 ${created.taken},仅大小写不同的用户名视为同一用户)` : ''}`,
      });
    }
    return created;
  }

  /** A change of role moves the user out of what the old role carried: an applicant's organisation, staff's bureau. */
  async updateUser(actorId: string, id: string, dto: UpdateUserDto): Promise<UserDto> {
    const current: UserRecord = (await this.organisations.user(id)) ?? notFound('userId', id);
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
    return updated ?? notFound('userId', id);
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
    if (!jurisdiction) throw invalid('jurisdictionId', `no jurisdiction ${f.jurisdictionId}`, `没有辖区 ${f.jurisdictionId}`);
    const where = `${jurisdiction.name.en}`;
    if (f.role === 'applicant') {
      if (!f.organisationId) throw invalid('organisationId', 'an applicant belongs to an organisation: organisationId is required', '申请人须属于一个单位');
      if (f.bureauCode) throw invalid('bureauCode', 'an applicant belongs to no bureau', '申请人不属于任何部门');
      const organisation = await this.organisations.organisation(f.organisationId);
      if (!organisation) {
        throw invalid('organisationId', `no organisation ${f.organisationId}`, `没有单位 ${f.organisationId}`);
      }
      if (organisation.jurisdictionId !== f.jurisdictionId)
        throw invalid(
          'jurisdictionId',
          `an applicant belongs to its organisation's jurisdiction (${organisation.jurisdictionId})`,
          '申请人所属辖区须与其单位一致',
        );
    } else if (f.role === 'admin') {
      if (f.organisationId || f.bureauCode)
        throw invalid(f.organisationId ? 'organisationId' : 'bureauCode', 'an admin belongs to no organisation or bureau', '管理员不属于任何单位或部门');
    } else {
      if (!f.bureauCode) throw invalid('bureauCode', `${f.role} staff belong to a bureau or district: bureauCode is required`, '工作人员须属于一个部门或区');
      if (f.organisationId) throw invalid('organisationId', 'staff belong to a bureau, not to an applicant organisation', '工作人员不属于申请单位');
      if (f.role === 'finance') {
        const treasuries = await this.organisations.treasuriesOf(f.jurisdictionId);
        if (!treasuries.includes(f.bureauCode))
          throw invalid(
            'bureauCode',
            `no treasury ${f.bureauCode} in ${where}: finance staff belong to ${treasuries.length ? treasuries.join(', ') : 'a treasury of a published policy pack'}`,
            `${jurisdiction.name.zh}没有财政 ${f.bureauCode}(市级为 city,区级为区政府的部门代码)`,
          );
      } else if (!(await this.organisations.bureauExists(f.jurisdictionId, f.bureauCode))) {
        throw invalid(
          'bureauCode',
          `no bureau ${f.bureauCode} in a published policy pack of ${where}`,
          `${jurisdiction.name.zh}已发布的政策包中没有部门 ${f.bureauCode}`,
        );
      }
    }
    return f;
  }

  /** The jurisdiction named, else the caller's own, else the only one there is; a 422 when none can be told. */
  private async jurisdictionOf(named: string | undefined, home: string | null): Promise<string> {
    if (named !== undefined) {
      if (!(await this.organisations.jurisdiction(named))) throw invalid('jurisdictionId', `no jurisdiction ${named}`, `没有辖区 ${named}`);
      return named;
    }
    if (home !== null) return home;
    const all = await this.organisations.jurisdictions();
    if (all.length === 1) return all[0]!.id;
    throw invalid(
      'jurisdictionId',
      `jurisdictionId is required: one of ${all.map((j) => j.id).join(', ') || '(none: publish a policy pack first)'}`,
      '须指明所属辖区',
    );
  }

  private async creditCodeFree(code: string, ownId: string | null): Promise<void> {
    const holder = await this.organisations.organisationByCreditCode(code);
    if (holder && holder.id !== ownId) throw creditCodeTaken(code, holder.id);
  }
}

const notFound = (field: 'organisationId' | 'userId', id: string): never => {
  const what = field === 'userId' ? ['user', '用户'] : ['organisation', '单位'];
  throw new NotFoundError(field, `no ${what[0]} ${id}`, { zh: `没有${what[1]} ${id}` });
};
const invalid = (field: string, en: string, zh: string): UnprocessableError => new UnprocessableError(field, en, { zh });
const creditCodeTaken = (code: string, holderId?: string): ConflictError =>
  new ConflictError('creditCode', `credit code ${code} is already registered${holderId ? ` to ${holderId}` : ''}`, { zh: `统一社会信用代码 ${code} 已登记` });

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
