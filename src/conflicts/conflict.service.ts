import { Injectable } from '@nestjs/common';
import type { Principal } from '../domain/access';
import { ConflictError, NotFoundError, UnprocessableError, sayIt } from '../domain/errors';
import { CONFLICT_SENTENCES } from '../domain/words/identity';
import { IdentityCache } from '../database/identity-cache';
import { OrganisationRepository } from '../database/organisation.repository';
import type { ConflictDto, DeclareConflictDto, WithdrawConflictDto } from './conflict.dto';
import { toConflictDto } from './conflict.mapper';

/** Officers' declared conflicts of interest; the review workflow refuses their decisions on those organisations' cases. */
@Injectable()
export class ConflictService {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly identities: IdentityCache,
  ) {}

  /**
   * Declaring twice is harmless: the first declaration stands. An officer declares conflicts with the
   * organisations of their own city (the only ones whose cases they could review); any other id, of
   * another city's organisation or of none, gets one and the same refusal, so it tells nothing of
   * whether that organisation exists.
   */
  async declare(user: Principal, dto: DeclareConflictDto): Promise<{ created: boolean; conflict: ConflictDto }> {
    const organisation = await this.identities.organisation(dto.organisationId);
    if (!organisation || organisation.jurisdictionId !== user.jurisdictionId)
      throw sayIt(UnprocessableError, 'organisationId', CONFLICT_SENTENCES.notInYourCity());
    const { created, conflict } = await this.organisations.declareConflict(user.userId, dto.organisationId, dto.reason);
    if (created) this.identities.forgetConflicts(user.userId);
    return { created, conflict: toConflictDto(conflict) };
  }

  /**
   * Withdrawing is recorded, never a deletion: the declaration stays in the list with when and why.
   * Another officer's declaration answers exactly as one that does not exist.
   */
  async withdraw(user: Principal, conflictId: string, dto: WithdrawConflictDto): Promise<ConflictDto> {
    const r = await this.organisations.withdrawConflict(user.userId, conflictId, dto.reason);
    this.identities.forgetConflicts(user.userId);
    if (r === null) throw sayIt(NotFoundError, 'conflictId', CONFLICT_SENTENCES.noDeclaration());
    if (r === 'alreadyWithdrawn') {
      throw sayIt(ConflictError, 'conflictId', CONFLICT_SENTENCES.alreadyWithdrawn());
    }
    return toConflictDto(r);
  }

  async list(user: Principal): Promise<ConflictDto[]> {
    return (await this.organisations.conflictsOf(user.userId)).map(toConflictDto);
  }

  /** The organisation ids a user may not decide for, handed to the workflow with every officer update. */
  async organisationsOf(userId: string): Promise<string[]> {
    return this.identities.conflictOrganisationIds(userId);
  }
}
