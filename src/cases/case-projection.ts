import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { integerParameter, type PackRules } from '../domain';
import type { CaseChange } from '../domain/case/records';
import { CaseRepository } from '../database/case.repository';
import type { NoticeRef } from '../database/notice.repository';
import { PackRepository } from '../database/pack.repository';
import { caseNotices } from '../notices/case-notices';
import { NoticeDeliveryService } from '../notices/notice-delivery.service';
import { caseVocabulary } from '../domain/words/case-names';

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

  /** A rule version never changes once published, so each is read once per process. */
  private readonly rulesCache = new Map<string, Promise<PackRules>>();

  async write(change: CaseChange): Promise<NoticeRef[]> {
    // A transition carries the state, which names everything the notices need: no read before the write.
    const c = factsOf(change) ?? (await this.cases.summary(change.caseId));
    if (!c) throw ApplicationFailure.nonRetryable(`case ${change.caseId} not found`, 'NotFound');
    const rules = await this.rules(c.packId, c.packVersion);
    const vocabulary = caseVocabulary(rules, c.measureCode, c.subtypeCode);
    // Optional: a pack without it warns of no lapse ahead of time (the lapse itself is always a notice).
    const lapseWarningDays = rules.parameters['rfi.lapseWarningDaysBefore'] ? integerParameter(rules, 'rfi.lapseWarningDaysBefore') : null;
    const notices = caseNotices(change, { organisationId: c.organisationId, reference: c.reference, vocabulary, lapseWarningDays });
    return this.cases.applyChange(change, notices, this.delivery.mailing);
  }

  private rules(packId: string, version: number): Promise<PackRules> {
    const key = `${packId}@${version}`;
    let found = this.rulesCache.get(key);
    if (!found) {
      found = this.packs.rules(packId, version);
      this.rulesCache.set(key, found);
      // A failed read is not remembered.
      found.catch(() => this.rulesCache.delete(key));
    }
    return found;
  }
}

/** What the notices of a transition need to know of its case, from the state it carries. */
function factsOf(
  change: CaseChange,
): { packId: string; packVersion: number; measureCode: string; subtypeCode: string; organisationId: string; reference: string } | null {
  const s = change.state;
  if (!s?.assessment || !s.facts.reference) return null;
  return {
    packId: s.facts.packId,
    packVersion: s.facts.packVersion,
    measureCode: s.assessment.measureCode,
    subtypeCode: s.assessment.subtypeCode,
    organisationId: s.facts.organisationId,
    reference: s.facts.reference,
  };
}
