import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../common/clock';
import { ForbiddenError, NotFoundError, sayIt } from '../domain/errors';
import { NOTICE_SENTENCES } from '../domain/words/notices';
import { actorOf } from '../common/updates';
import { NoticeRepository, type NoticeRow } from '../database/notice.repository';
import { isApplicantOf, type Principal } from '../domain/access';
import type { ListNoticesDto, NoticeDto, NoticeList } from './notice.dto';

const toDto = (n: NoticeRow): NoticeDto => ({
  id: n.id,
  kind: n.kind,
  caseId: n.caseId,
  subject: n.subject,
  body: n.body,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
  read: n.readAt !== null,
  readAt: n.readAt?.toISOString() ?? null,
  email: { status: n.delivery, sentAt: n.sentAt?.toISOString() ?? null },
});

/** An applicant organisation's notices; read state is the organisation's (any of its users reading one reads it for all). */
@Injectable()
export class NoticeService {
  constructor(
    private readonly notices: NoticeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private organisationOf(user: Principal): string {
    const org = user.organisationId;
    if (org === null || !isApplicantOf(actorOf(user), org)) throw sayIt(ForbiddenError, null, NOTICE_SENTENCES.onlyApplicants());
    return org;
  }

  async list(user: Principal, q: ListNoticesDto): Promise<NoticeList> {
    const org = this.organisationOf(user);
    const { rows, total, unread } = await this.notices.list(org, {
      ...(q.unread !== undefined ? { unread: q.unread } : {}),
      ...(q.caseId ? { caseId: q.caseId } : {}),
      limit: q.limit,
      offset: q.offset,
    });
    return { items: rows.map(toDto), total, unread, limit: q.limit, offset: q.offset };
  }

  async markRead(user: Principal, id: string): Promise<NoticeDto> {
    const org = this.organisationOf(user);
    const n = await this.notices.markRead(id, org, user.userId, this.clock.now());
    // Another organisation's notice looks the same as none.
    if (!n) throw sayIt(NotFoundError, 'id', NOTICE_SENTENCES.noNotice());
    return toDto(n);
  }
}
