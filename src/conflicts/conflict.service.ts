import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { UnprocessableError } from '../common/errors';
import { OrganisationRepository } from '../database/organisation.repository';
import type { ConflictDto, DeclareConflictDto } from './conflict.dto';
import { toConflictDto } from './conflict.mapper';

/** Officers' declared conflicts of interest; the review workflow refuses their decisions on those organisations' cases. */
@Injectable()
export class ConflictService {
  constructor(private readonly organisations: OrganisationRepository) {}

  /** Declaring twice is harmless: the first declaration stands. */
  async declare(user: Principal, dto: DeclareConflictDto): Promise<{ created: boolean; conflict: ConflictDto }> {
    if (!(await this.organisations.organisation(dto.organisationId)))
      throw new UnprocessableError('organisationId', `${dto.organisationId} is not a registered organisation`, {
        zh: `${dto.organisationId} 不是已登记的单位`,
      });
    const { created, conflict } = await this.organisations.declareConflict(user.userId, dto.organisationId, dto.reason);
    return { created, conflict: toConflictDto(conflict) };
  }

  async list(user: Principal): Promise<ConflictDto[]> {
    return (await this.organisations.conflictsOf(user.userId)).map(toConflictDto);
  }

  /** The organisation ids a user may not decide for, handed to the workflow with every officer update. */
  async organisationsOf(userId: string): Promise<string[]> {
    return this.organisations.conflictOrganisationIds(userId);
  }
}
