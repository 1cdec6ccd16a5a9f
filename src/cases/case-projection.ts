import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { integerParameter } from '../domain';
import type { CaseChange } from '../domain/case/records';
import { CaseRepository } from '../database/case.repository';
import type { NoticeRef } from '../database/notice.repository';
import { PackRepository } from '../database/pack.repository';
import { caseNotices } from '../notices/case-notices';
import { NoticeDeliveryService } from '../notices/notice-delivery.service';
import { caseVocabulary } from './case-progress';

/**
 * Writes one transition of a case to the projection the API reads, with the notices it raises, in
 * one transaction. A plain write: it starts nothing. It returns the notices, and the workflow that
 * asked (the case's, or its rent-free clock) starts their delivery as its children.
 */
@Injectable()
export class CaseProjection {
  constructor(
    private readonly cases: CaseRepository,
    private readonly packs: PackRepository,
    private readonly delivery: NoticeDeliveryService,
  ) {}

  async write(change: CaseChange): Promise<NoticeRef[]> {
    const c = await this.cases.summary(change.caseId);
    if (!c) throw ApplicationFailure.nonRetryable(`case ${change.caseId} not found`, 'NotFound');
    const rules = await this.packs.rules(c.packId, c.packVersion);
    const vocabulary = caseVocabulary(rules, c.measureCode, c.subtypeCode);
    // Optional: a pack without it warns of no lapse ahead of time (the lapse itself is always a notice).
    const lapseWarningDays = rules.parameters['rfi.lapseWarningDaysBefore'] ? integerParameter(rules, 'rfi.lapseWarningDaysBefore') : null;
    const notices = caseNotices(change, { organisationId: c.organisationId, reference: c.reference, vocabulary, lapseWarningDays });
    return this.cases.applyChange(change, notices, this.delivery.messageDomain);
  }
}
