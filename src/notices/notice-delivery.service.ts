import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { CaseRepository } from '../database/case.repository';
import { NOT_EMAILED, NoticeRepository, type NoticeMailing, type NoticeRow } from '../database/notice.repository';

/**
 * Email delivery of the notice outbox. Each notice gets one `notice:<id>` workflow, a child of the
 * workflow whose write raised it (a case, its award, its lab or rent-free clock; a second start is
 * refused, so duplicates are impossible); its activity moves the row pending → sending → sent.
 *
 * Exactly once, honestly: SMTP itself is at-least-once. A send that died before the server's final
 * reply is sent again with the same Message-ID; one the server accepted just before the worker died
 * (before the row says `sent`) is also sent again, and the stable Message-ID is what lets the
 * receiving side drop the copy. Our side never sends a notice whose row says `sent`.
 */
@Injectable()
export class NoticeDeliveryService implements OnModuleDestroy {
  private readonly logger = new Logger('Notices');
  private transport: Transporter | null = null;

  constructor(
    private readonly notices: NoticeRepository,
    private readonly cases: CaseRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The domain of the Message-IDs: the sender's. */
  get messageDomain(): string {
    return this.config.notices.from.split('@')[1] ?? 'localhost';
  }

  /** How the notices this process (the worker, which sends them) writes are emailed: see NoticeMailing. */
  get mailing(): NoticeMailing {
    return { messageDomain: this.messageDomain, emails: this.config.notices.smtpUrl !== null };
  }

  /** The delivery activity: see the class comment for what "once" means. */
  async deliver(noticeId: string): Promise<string> {
    const scheduled = await this.notices.find(noticeId);
    const stale = scheduled && scheduled.delivery === 'pending' ? await this.noLongerApplies(scheduled) : null;
    if (stale) {
      await this.notices.markCancelled(noticeId, stale);
      return 'cancelled';
    }
    const n = await this.notices.beginSending(noticeId, new Date());
    if (!n) return (await this.notices.find(noticeId))?.delivery ?? 'missing';
    const smtpUrl = this.config.notices.smtpUrl;
    if (!smtpUrl) {
      await this.notices.markSkipped(noticeId, NOT_EMAILED);
      return 'skipped';
    }
    const to = await this.notices.noticeEmailOf(n.organisationId);
    if (!to) {
      await this.notices.markSkipped(noticeId, 'the organisation has no notice email address');
      return 'skipped';
    }
    this.transport ??= createTransport(smtpUrl);
    // Heartbeats while the exchange runs: if this process dies, Temporal retries within seconds.
    const beat = setInterval(() => Context.current().heartbeat(), 1000);
    try {
      await this.transport.sendMail({
        from: this.config.notices.from,
        to,
        messageId: n.messageId,
        subject: `${n.subject.zh} / ${n.subject.en}`,
        text: `${n.body.zh}\n\n----\n\n${n.body.en}\n`,
        headers: { 'X-Notice-Id': n.id },
      });
    } catch (err) {
      await this.notices.recordFailure(noticeId, (err as Error).message);
      this.logger.warn(`notice ${noticeId}: ${(err as Error).message}`);
      throw err;
    } finally {
      clearInterval(beat);
    }
    await this.notices.markSent(noticeId, to, new Date());
    return 'sent';
  }

  /** Why a lapse warning no longer applies: the request it warns of was answered, or the case ended. */
  private async noLongerApplies(n: NoticeRow): Promise<string | null> {
    if (n.kind !== 'lapse_warning' || n.caseId === null) return null;
    const c = await this.cases.find(n.caseId);
    const requestKey = (n.data as { requestEventKey?: string }).requestEventKey;
    const latest = c?.events.filter((e) => e.type === 'notice.information_requested').at(-1);
    if (c?.status !== 'awaiting_information' || latest?.eventKey !== requestKey) return 'the request for information was answered or the case ended';
    return null;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
