import { NoticeDeliveryService } from '../../src/notices/notice-delivery.service';
import { eventually, startHarness, type Harness } from '../support/harness';
import { m2Submission } from '../support/fixtures';
import { ReviewClient } from '../support/review';
import { TestSmtpServer } from '../support/smtp';

interface Notice {
  id: string;
  kind: string;
  caseId: string | null;
  subject: { zh: string; en: string };
  body: { zh: string; en: string };
  data: Record<string, unknown>;
  read: boolean;
  readAt: string | null;
  email: { status: string; sentAt: string | null };
}

/**
 * Notices on the real path: the workflow's projection writes them with their events, each is emailed
 * through a real SMTP server by its own `notice:<id>` workflow, and the applicant lists and reads them.
 */
describe('notices to the applicant', () => {
  let h: Harness;
  let r: ReviewClient;
  const smtp = new TestSmtpServer();

  const notices = async (user: string, query = ''): Promise<{ items: Notice[]; total: number; unread: number }> => {
    const res = await h.http.get(`/notices${query}`).set(h.auth(user));
    expect(res.status).toBe(200);
    return res.body as { items: Notice[]; total: number; unread: number };
  };
  const noticeOf = (caseId: string, kind: string, status = 'sent'): Promise<Notice> =>
    eventually(
      async () => (await notices('applicant-lingxi')).items.find((n) => n.caseId === caseId && n.kind === kind && n.email.status === status),
      30_000,
      `a ${kind} notice`,
    );

  beforeAll(async () => {
    process.env.SMTP_URL = await smtp.start();
    process.env.NOTICE_FROM = 'notices@subsidies.example';
    h = await startHarness();
    r = new ReviewClient(h.http, h.tokenFor);
    await h.prisma.organisation.update({ where: { id: 'org-lingxi' }, data: { noticeEmail: 'grants@lingxi.example' } });
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.NOTICE_FROM;
    await h?.close();
    await smtp.stop();
  });

  it('tells of a request for information with its deadline, by email and in the list, and keeps read state', async () => {
    const id = await r.submit('applicant-lingxi', m2Submission({ contractNumber: 'NOTICE-RFI' }));
    const task = await r.waitForTask('officer-stic', id, 'review');
    await r.claimAndDecide('officer-stic', task.id, { decision: 'return', questions: ['Send the signed contract'] });

    const n = await noticeOf(id, 'information_requested');
    const c = await r.readCase('applicant-lingxi', id);
    const due = c.informationRequest!.answerDueAt;
    const dueDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(due));
    expect(n.data).toMatchObject({ bureauCode: 'stic', questions: ['Send the signed contract'], answerDueAt: due });
    expect(n.subject.zh).toContain(`请于 ${dueDay} 前答复`);
    expect(n.subject.en).toContain(`answer by ${dueDay}`);
    expect(n.body.zh).toContain('市科技创新局');
    expect(n.body.en).toContain('1. Send the signed contract');
    expect(n.read).toBe(false);

    const row = await h.prisma.notice.findUniqueOrThrow({ where: { id: n.id } });
    const mails = smtp.delivered.filter((m) => m.messageId === row.messageId);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['grants@lingxi.example']);
    expect(row.messageId).toBe(`<notice-${n.id}@subsidies.example>`);

    const before = (await notices('applicant-lingxi')).unread;
    const read = await h.http.post(`/notices/${n.id}/read`).set(h.auth('applicant-lingxi'));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: n.id, read: true });
    expect((await notices('applicant-lingxi')).unread).toBe(before - 1);
    expect((await notices('applicant-lingxi', '?unread=true')).items.map((x) => x.id)).not.toContain(n.id);

    // Another organisation neither lists nor reads it.
    expect((await notices('applicant-pengcheng')).items.map((x) => x.id)).not.toContain(n.id);
    const foreign = await h.http.post(`/notices/${n.id}/read`).set(h.auth('applicant-pengcheng'));
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ field: 'id', zh: '没有该通知' });
    expect((await h.http.get('/notices').set(h.auth('officer-stic'))).status).toBe(403);

    // Delivering again (a late retry) sends nothing more.
    const delivery = h.workerContext.get(NoticeDeliveryService);
    expect(await delivery.deliver(n.id)).toBe('sent');
    expect(smtp.attempts.filter((m) => m.messageId === row.messageId)).toHaveLength(1);
  });

  it('tells of an award with its amount in yuan, and of a rejection with its reason', async () => {
    const id = await r.submit('applicant-lingxi', m2Submission({ contractNumber: 'NOTICE-AWARD' }));
    const task = await r.waitForTask('officer-stic', id, 'review');
    await r.claimAndDecide('officer-stic', task.id, { decision: 'approve' });
    const award = await noticeOf(id, 'award');
    // 123,456,789 fen × 60% = 74,074,073 fen
    expect(award.subject).toEqual({ zh: expect.stringContaining('资助 740,740.73 元') as string, en: expect.stringContaining('CNY 740,740.73') as string });
    expect(award.data).toEqual({ approvedAwardFen: '74074073' });
    expect(award.body.en).toContain('How it was reached:');

    const other = await r.submit('applicant-lingxi', m2Submission({ contractNumber: 'NOTICE-REJECT' }));
    const t2 = await r.waitForTask('officer-stic', other, 'review');
    await r.claimAndDecide('officer-stic', t2.id, { decision: 'reject', reason: 'the contract is with an unlisted provider' });
    const rejected = await noticeOf(other, 'decision');
    expect(rejected.body.en).toContain('Reason: the contract is with an unlisted provider');
    expect(rejected.body.zh).toContain('理由:the contract is with an unlisted provider');
  });

  it('lists a notice without emailing it when the organisation has no address', async () => {
    const id = await r.submit('applicant-pengcheng', m2Submission({ nationalOrProvincialFunding: true, contractNumber: 'NOTICE-NOADDR' }));
    const n = await eventually(
      async () => (await notices('applicant-pengcheng')).items.find((x) => x.caseId === id && x.email.status === 'skipped'),
      30_000,
      'a skipped notice',
    );
    expect(n.kind).toBe('decision');
    expect(n.subject.en).toContain('was not accepted');
    const row = await h.prisma.notice.findUniqueOrThrow({ where: { id: n.id } });
    expect(smtp.attempts.filter((m) => m.messageId === row.messageId)).toEqual([]);
  });
});
