import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LedgerRepository } from '../database/ledger.repository';
import { ActivityGuard } from '../temporal/activity-guard';
import type { IssuedAwardOrders, PaymentActivities, PaymentShare } from '../../workflows/activities';

/** The award workflow's activities: one payment order per funder's share, as the reservation split it. */
@Injectable()
export class PaymentActivitiesImpl implements PaymentActivities {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly guard: ActivityGuard,
  ) {}

  awardShares(caseId: string): Promise<PaymentShare[]> {
    return this.guard.run(async () =>
      (await this.ledger.shares(caseId)).filter((s) => s.amountFen > 0n).map((s) => ({ funder: s.funder, amountFen: s.amountFen.toString() })),
    );
  }

  issuePaymentOrder(input: { caseId: string; funder: string }): Promise<{ orderId: string }> {
    return this.guard.run(async () => ({ orderId: (await this.ledger.issueOrder(input.caseId, input.funder, randomUUID())).id }));
  }

  openPaymentOrders(caseId: string): Promise<number> {
    return this.guard.run(() => this.ledger.openOrderCount(caseId));
  }

  issueAwardOrders(caseId: string): Promise<IssuedAwardOrders> {
    return this.guard.run(() => this.ledger.issueOrders(caseId));
  }
}
