import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { addCalendarDays, addMonths, findSubtype, localDate, resolveInt } from '../domain';
import type { CaseEvent } from '../domain/case/events';
import { localMidnight } from '../domain/lab/lifecycle';
import { ActivityGuard } from '../temporal/activity-guard';
import { readCaseEvent } from '../cases/case-events.schema';
import { CaseProjection } from '../cases/case-projection';
import { CaseRepository } from '../database/case.repository';
import type { NoticeRef } from '../database/notice.repository';
import { PackRepository } from '../database/pack.repository';
import type { RentFreeActivities, RentFreePeriod } from '../../workflows/activities';

/** The rent-free clock's activities (measure 14). */
@Injectable()
export class RentFreeActivitiesImpl implements RentFreeActivities {
  constructor(
    private readonly cases: CaseRepository,
    private readonly packs: PackRepository,
    private readonly projection: CaseProjection,
    private readonly guard: ActivityGuard,
  ) {}

  /**
   * Measure 14's rent-free period, from the day of the final approval (Asia/Shanghai) for the months
   * the approval granted (`case.approved`'s `rentFree`, the officer's choice within the pack's bounds).
   * An approval from before grants were recorded runs for the months the case asked for, which its
   * eligibility rules kept within the bounds (clamped here too).
   */
  async rentFreePeriod(caseId: string): Promise<RentFreePeriod> {
    const c = await this.cases.find(caseId);
    if (!c || c.status !== 'approved' || !c.decidedAt) throw ApplicationFailure.nonRetryable(`no approved case ${caseId}`, 'NotFound');
    const rules = await this.packs.rules(c.packId, c.packVersion);
    const lc = findSubtype(rules, c.measureCode, c.subtypeCode)?.lifecycle;
    if (lc?.kind !== 'rentFree') throw ApplicationFailure.nonRetryable(`${c.subtypeCode} grants no rent-free period`, 'NotRentFree');
    const approved = c.events.map(readCaseEvent).find((e) => e?.type === 'case.approved');
    const granted = approved?.type === 'case.approved' ? approved.data.rentFree?.months : undefined;
    const asked = granted ?? Number((c.form as Record<string, unknown>)[lc.monthsField]);
    const months = Math.min(Math.max(asked, resolveInt(rules, lc.minMonths)), resolveInt(rules, lc.maxMonths));
    const startsOn = localDate(c.decidedAt, rules.timezone);
    const endsOn = addMonths(startsOn, months);
    const noticeDays = resolveInt(rules, lc.noticeDaysBeforeEnd);
    const endsAtMs = localMidnight(endsOn, rules.timezone);
    return { months, startsOn, endsOn, endsAtMs, noticeDays, noticeAtMs: addCalendarDays(endsAtMs, -noticeDays, rules.timezone) };
  }

  /** Events outside a review go through the case's projection, so their notices are written with them; the rent-free workflow delivers them. */
  recordCaseEvents(caseId: string, events: CaseEvent[]): Promise<NoticeRef[]> {
    return this.guard.run(() => this.projection.write({ caseId, tasks: [], events }));
  }
}
