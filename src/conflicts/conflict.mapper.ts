import type { ConflictRecord } from '../database/organisation.repository';
import type { ConflictDto } from './conflict.dto';

export const toConflictDto = (r: ConflictRecord): ConflictDto => ({
  id: r.id,
  organisationId: r.organisationId,
  organisationName: r.organisationName,
  reason: r.reason,
  declaredAt: r.declaredAt.toISOString(),
  withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
  withdrawalReason: r.withdrawalReason,
});
