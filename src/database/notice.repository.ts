import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LocalizedText } from '../domain/pack/schema';
import { Prisma } from '../generated/prisma/client';
import { PrismaService } from './prisma.service';

/** A notice to record: `sourceKey` names what it tells of, once (e.g. `case:<id>:<event key>`). */
export interface NewNotice {
  sourceKey: string;
  organisationId: string;
  caseId: string | null;
  kind: string;
  subject: LocalizedText;
  body: LocalizedText;
  data: Record<string, unknown>;
  createdAt: string;
  /** Shown and sent only from this instant (a lapse warning); absent: at once. */
  notBefore?: string;
}

/** A written notice, as its delivery workflow is started. */
export interface NoticeRef {
  id: string;
  notBefore: string | null;
  /** Whom and which case it is about, for the delivery workflow's search attributes (absent: not set). */
  organisationId?: string;
  caseId?: string | null;
}

export type NoticeDelivery = 'pending' | 'sending' | 'sent' | 'skipped' | 'cancelled';

/**
 * How the notices a process writes are emailed: their Message-IDs' domain, and whether it sends email
 * at all (SMTP_URL). When it does not, a notice due at once is written `skipped` (listed only, as its
 * delivery would have found) and no `notice:<id>` workflow is started for it: a child workflow per
 * notice with nothing to send was 13 of the 58 events a case of one bureau recorded. A scheduled
 * notice still gets its workflow, which decides at its time whether it applies and shows it then.
 */
export interface NoticeMailing {
  messageDomain: string;
  emails: boolean;
}

/** Why a notice is written `skipped`, as the delivery activity records it. */
export const NOT_EMAILED = 'SMTP_URL is not set';

/** A notice no delivery workflow will take up: due at once, from a process that sends no email. */
export const listedOnly = (n: { notBefore?: string | null }, mailing: NoticeMailing): boolean => !mailing.emails && !n.notBefore;

export interface NoticeRow {
  id: string;
  organisationId: string;
  caseId: string | null;
  kind: string;
  subject: LocalizedText;
  body: LocalizedText;
  data: unknown;
  createdAt: Date;
  readAt: Date | null;
  delivery: NoticeDelivery;
  messageId: string;
  recipient: string | null;
  attempts: number;
  sentAt: Date | null;
  lastError: string | null;
}

/** The notice's id follows from its source, so the delivery workflow `notice:<id>` can be started before or after the write. */
export function noticeIdFor(sourceKey: string): string {
  const h = createHash('sha256').update(`notice:${sourceKey}`).digest('hex');
  // Shaped as a name-based (version 5) UUID, so it passes wherever a UUID is expected.
  const variant = '89ab'[parseInt(h[16]!, 16) % 4]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Tx = Prisma.TransactionClient;

/**
 * What the applicant is shown: every notice but a cancelled one, and a scheduled one (a lapse warning)
 * only once its delivery workflow woke at its time and took it up, so no clock of the API decides it.
 */
const SHOWN = { OR: [{ notBefore: null }, { delivery: { in: ['sending', 'sent', 'skipped'] } }] } satisfies Prisma.NoticeWhereInput;

/**
 * Writes notices inside the caller's transaction, so a notice exists exactly when what it tells of
 * was recorded. A retried write finds the source key taken and adds nothing. Returns the ids of those
 * to deliver (every one, unless `mailing` says nothing emails them).
 */
export async function writeNotices(tx: Tx, notices: NewNotice[], mailing: NoticeMailing): Promise<NoticeRef[]> {
  if (notices.length === 0) return [];
  // One INSERT … ON CONFLICT DO NOTHING: a retried write finds its source keys taken (the ids derive
  // from them, so the refs below are the stored ones either way); an upsert each cost three statements.
  await tx.notice.createMany({
    data: notices.map((n) => {
      const id = noticeIdFor(n.sourceKey);
      const skipped = listedOnly(n, mailing);
      return {
        id,
        sourceKey: n.sourceKey,
        organisationId: n.organisationId,
        caseId: n.caseId,
        kind: n.kind,
        subject: n.subject,
        body: n.body,
        data: n.data as Prisma.InputJsonValue,
        createdAt: new Date(n.createdAt),
        notBefore: n.notBefore ? new Date(n.notBefore) : null,
        messageId: `<notice-${id}@${mailing.messageDomain}>`,
        ...(skipped ? { delivery: 'skipped' as const, lastError: NOT_EMAILED } : {}),
      };
    }),
    skipDuplicates: true,
  });
  return notices
    .filter((n) => !listedOnly(n, mailing))
    .map((n) => ({ id: noticeIdFor(n.sourceKey), notBefore: n.notBefore ?? null, organisationId: n.organisationId, caseId: n.caseId }));
}

const toRow = (r: {
  id: string;
  organisationId: string;
  caseId: string | null;
  kind: string;
  subject: unknown;
  body: unknown;
  data: unknown;
  createdAt: Date;
  readAt: Date | null;
  delivery: NoticeDelivery;
  messageId: string;
  recipient: string | null;
  attempts: number;
  sentAt: Date | null;
  lastError: string | null;
}): NoticeRow => ({
  id: r.id,
  organisationId: r.organisationId,
  caseId: r.caseId,
  kind: r.kind,
  subject: r.subject as LocalizedText,
  body: r.body as LocalizedText,
  data: r.data,
  createdAt: r.createdAt,
  readAt: r.readAt,
  delivery: r.delivery,
  messageId: r.messageId,
  recipient: r.recipient,
  attempts: r.attempts,
  sentAt: r.sentAt,
  lastError: r.lastError,
});

/** The notice outbox: what applicants are told, whether they read it, and its email's delivery state. */
@Injectable()
export class NoticeRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The entry point for notices other parts of the service raise (payments, rent-free periods, lab
   * evaluations): one notice in its own transaction. Prefer `writeNotices` inside the transaction that
   * records the fact itself, so neither exists without the other. Start `notice:<id>` to email it
   * (null: nothing to email, see NoticeMailing).
   */
  async recordNotice(n: NewNotice, mailing: NoticeMailing): Promise<NoticeRef | null> {
    const [ref] = await this.prisma.$transaction((tx) => writeNotices(tx, [n], mailing));
    return ref ?? null;
  }

  async find(id: string): Promise<NoticeRow | null> {
    const r = await this.prisma.notice.findUnique({ where: { id } });
    return r ? toRow(r) : null;
  }

  /** The organisation's notices: a scheduled one once its workflow woke for it, a cancelled one never. */
  async list(
    organisationId: string,
    f: { unread?: boolean; caseId?: string; limit: number; offset: number },
  ): Promise<{ rows: NoticeRow[]; total: number; unread: number }> {
    const shown: Prisma.NoticeWhereInput = { organisationId, ...SHOWN };
    const where: Prisma.NoticeWhereInput = {
      ...shown,
      ...(f.unread ? { readAt: null } : {}),
      ...(f.caseId ? { caseId: f.caseId } : {}),
    };
    const [rows, total, unread] = await this.prisma.$transaction([
      this.prisma.notice.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: f.limit, skip: f.offset }),
      this.prisma.notice.count({ where }),
      this.prisma.notice.count({ where: { ...shown, readAt: null } }),
    ]);
    return { rows: rows.map(toRow), total, unread };
  }

  /** Marks a notice read (the first reading counts); null when the organisation has no such notice. */
  async markRead(id: string, organisationId: string, userId: string, at: Date): Promise<NoticeRow | null> {
    const shown: Prisma.NoticeWhereInput = { id, organisationId, ...SHOWN };
    await this.prisma.notice.updateMany({ where: { ...shown, readAt: null }, data: { readAt: at, readById: userId } });
    const r = await this.prisma.notice.findFirst({ where: shown });
    return r ? toRow(r) : null;
  }

  /**
   * pending|sending → sending, counting the attempt. Null when there is nothing left to do (sent or
   * skipped). A row found in `sending` is a delivery that died midway: it is sent again, same Message-ID.
   */
  async beginSending(id: string, at: Date): Promise<NoticeRow | null> {
    const n = await this.prisma.notice.updateMany({
      where: { id, delivery: { in: ['pending', 'sending'] } },
      data: { delivery: 'sending', sendingAt: at, attempts: { increment: 1 } },
    });
    return n.count === 1 ? this.find(id) : null;
  }

  async markSent(id: string, recipient: string, at: Date): Promise<void> {
    await this.prisma.notice.update({ where: { id }, data: { delivery: 'sent', recipient, sentAt: at, lastError: null } });
  }

  async markSkipped(id: string, why: string): Promise<void> {
    await this.prisma.notice.update({ where: { id }, data: { delivery: 'skipped', lastError: why } });
  }

  async markCancelled(id: string, why: string): Promise<void> {
    await this.prisma.notice.update({ where: { id }, data: { delivery: 'cancelled', lastError: why } });
  }

  async recordFailure(id: string, error: string): Promise<void> {
    await this.prisma.notice.update({ where: { id }, data: { lastError: error.slice(0, 2000) } });
  }

  /** The address an organisation's notices go to, if any. */
  async noticeEmailOf(organisationId: string): Promise<string | null> {
    return (await this.prisma.organisation.findUnique({ where: { id: organisationId }, select: { noticeEmail: true } }))?.noticeEmail ?? null;
  }
}
