import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { z } from 'zod';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import { CLOCK, type Clock } from '../common/clock';
import { actorOf } from '../common/updates';
import { budgetYear, type PolicyPack } from '../domain';
import { canSeePaymentOrder, isTreasuryOf, mayRecordClawBack, type Principal } from '../domain/access';
import { CaseRepository } from '../database/case.repository';
import { AuditRepository } from '../database/audit.repository';
import { LedgerRepository, type PaymentOrderRow } from '../database/ledger.repository';
import type { NoticeRef } from '../database/notice.repository';
import { PackRepository } from '../database/pack.repository';
import { NoticeDeliveryService } from '../notices/notice-delivery.service';
import { paymentNotice, treasuryName } from '../notices/payment-notices';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { awardWorkflowId, orderSettledSignal } from '../../workflows/award.messages';
import { ORDER_SENTENCES } from '../domain/words';
import { API_SENTENCES, RECOVERY_SENTENCES } from '../domain/words/api';
import { toOrderDto, type PaymentOrderDto, type RecoveryDto, type RecoveryResultSchema, type SettleOrderDto, type SettleResultSchema } from './payment.dto';

/** Payment orders for treasury staff, and recoveries (追回) for them and admins. */
@Injectable()
export class PaymentService {
  private readonly logger = new Logger('Payments');

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly cases: CaseRepository,
    private readonly packs: PackRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly audit: AuditRepository,
    private readonly delivery: NoticeDeliveryService,
  ) {}

  /** A finance user's treasury's orders (admins: all). */
  async list(user: Principal, status: PaymentOrderDto['status'] | undefined): Promise<PaymentOrderDto[]> {
    // One treasury is its jurisdiction and funder code together: `city` of one city is not another's.
    const treasury = user.role === 'admin' ? undefined : { jurisdictionId: user.jurisdictionId, funder: user.bureauCode ?? '\u0000none' };
    const orders = await this.ledger.orders({ treasury, status });
    const names = new Map<string, PolicyPack>();
    for (const packId of new Set(orders.map((o) => o.packId))) names.set(packId, (await this.packs.pack(packId)).pack);
    return orders.map((o) => toOrderDto(o, treasuryName(names.get(o.packId)!, o.funder)));
  }

  private async withTreasury(o: PaymentOrderRow): Promise<PaymentOrderDto> {
    return toOrderDto(o, treasuryName((await this.packs.pack(o.packId)).pack, o.funder));
  }

  async read(user: Principal, orderId: string): Promise<PaymentOrderDto> {
    const o = await this.ledger.order(orderId);
    // Another treasury's order looks the same as none.
    if (!o || !canSeePaymentOrder(actorOf(user), o)) throw new NotFoundError('orderId', `no payment order ${orderId}`);
    return this.withTreasury(o);
  }

  async settle(user: Principal, orderId: string, body: SettleOrderDto): Promise<z.infer<typeof SettleResultSchema>> {
    const found = await this.ledger.order(orderId);
    if (!found || !isTreasuryOf(actorOf(user), found)) throw new NotFoundError('orderId', `no payment order ${orderId}`);
    // The case's pack names the treasury in the applicant's notice.
    const treasury = treasuryName((await this.packs.pack(found.packId)).pack, found.funder);
    const r = await this.ledger.settleOrder(orderId, body.status, user.userId, body.reason ?? null, {
      draft: (order) => paymentNotice(order, treasury, order.settledAt ?? this.clock.now()),
      messageDomain: this.delivery.messageDomain,
    });
    if (!r.ok && r.why === 'notFound') throw new NotFoundError('orderId', `no payment order ${orderId}`);
    if (!r.ok) {
      const from = r.order.status;
      const words = ORDER_SENTENCES.alreadySettled(from, body.status);
      throw new ConflictError('status', words.en, { zh: words.zh, orderStatus: from });
    }
    if (r.changed) {
      await this.audit.record({
        at: this.clock.now().toISOString(),
        actorId: user.userId,
        action: 'payment.settle',
        subjectType: 'payment_order',
        subjectId: orderId,
        caseId: r.order.caseId,
        payload: { status: body.status, reason: body.reason ?? null },
      });
    }
    // Told every time, changed or not: a retry after a lost signal still wakes the payment workflow,
    // which starts the notice's delivery as its child (the notice's workflow id makes it once).
    await this.signal(r.order.caseId, r.notices);
    return { changed: r.changed, order: toOrderDto(r.order, treasury) };
  }

  async recover(user: Principal, caseId: string, body: RecoveryDto): Promise<z.infer<typeof RecoveryResultSchema>> {
    const app = await this.cases.find(caseId);
    const funders = [...new Set((app?.paymentOrders ?? []).map((o) => o.funder))];
    if (!app || !mayRecordClawBack(actorOf(user), { jurisdictionId: app.jurisdictionId, funders })) throw noApplication();
    const funder = body.funder ?? (user.role === 'finance' ? user.bureauCode! : funders.length === 1 ? funders[0]! : null);
    const { pack } = await this.packs.pack(app.packId);
    if (funder === null) {
      const w = RECOVERY_SENTENCES.nameTheTreasury(funders.map((f) => treasuryName(pack, f)));
      throw new UnprocessableError('funder', w.en, { zh: w.zh });
    }
    if (user.role === 'finance' && funder !== user.bureauCode) throw noApplication();
    const thisYear = budgetYear(this.clock.now(), pack.timezone);
    const r = await this.ledger.recordRecovery({
      caseId,
      recoveryId: body.recoveryId,
      funder,
      amountFen: BigInt(body.amountFen),
      reason: body.reason,
      actorId: user.userId,
      poolYearOpen: (year) => year >= thisYear,
    });
    if (!r.ok) {
      const paid = r.shareFen > 0n ? r.shareFen : 0n;
      const w = RECOVERY_SENTENCES.moreThanPaid(treasuryName(pack, funder), paid);
      throw new UnprocessableError('amountFen', w.en, { zh: w.zh, recoverableFen: paid.toString() });
    }
    if (r.changed) {
      await this.audit.record({
        at: this.clock.now().toISOString(),
        actorId: user.userId,
        action: 'award.recover',
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        payload: { recoveryId: body.recoveryId, funder, amountFen: body.amountFen, reason: body.reason },
      });
    }
    return { changed: r.changed, recoveredFen: r.recoveredFen.toString(), remainingFen: r.remainingFen.toString(), poolReleased: r.poolReleased };
  }

  private async signal(caseId: string, notices: NoticeRef[]): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(awardWorkflowId(caseId)).signal(orderSettledSignal, { notices });
    } catch (err) {
      // The order is settled either way; the workflow looks again on the next settlement.
      this.logger.warn(`could not tell ${awardWorkflowId(caseId)}: ${(err as Error).message}`);
    }
  }
}

/** A case the caller may not recover on answers as one that does not exist. */
function noApplication(): NotFoundError {
  const w = API_SENTENCES.noApplication();
  return new NotFoundError('id', w.en, { zh: w.zh });
}
