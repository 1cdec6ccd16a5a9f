import { fixedClock } from '../../src/common/clock';
import type { PolicyPack } from '../../src/domain';
import { eventually, startHarness, type Harness } from '../support/harness';
import { skipTime } from '../support/temporal';
import { m2Submission, RECEIPT_IN_WINDOW, SHENZHEN } from '../support/fixtures';
import { testPacks } from '../support/packs';
import { officerOf, ReviewClient } from '../support/review';
import { TestSmtpServer } from '../support/smtp';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const WARN_DAYS = 5;
const ms = (iso: string): number => Date.parse(iso);

/** The real packs warn 3 days ahead; this one warns 5, to show the period is the pack's parameter, not code. */
function packsWithWarning(): PolicyPack[] {
  return testPacks().map((p) =>
    p.id === SHENZHEN
      ? {
          ...p,
          parameters: {
            ...p.parameters,
            'rfi.lapseWarningDaysBefore': {
              type: 'integer',
              value: WARN_DAYS,
              description: { zh: '补正答复期限届满前提醒天数', en: 'Days before an answer is due that the applicant is warned' },
              unit: 'days',
            },
          },
        }
      : p,
  );
}

interface Notice {
  id: string;
  kind: string;
  caseId: string | null;
  subject: { zh: string; en: string };
  email: { status: string };
}

/** A lapse warning on its durable timer (time-skipping): shown and emailed days before the answer is due, or never once answered. */
describe('the lapse warning', () => {
  let h: Harness;
  let r: ReviewClient;
  const smtp = new TestSmtpServer();
  const notices = async (): Promise<Notice[]> => {
    const res = await h.http.get('/notices').set(h.auth('applicant-lingxi'));
    expect(res.status).toBe(200);
    return (res.body as { items: Notice[] }).items;
  };

  beforeAll(async () => {
    process.env.SMTP_URL = await smtp.start();
    h = await startHarness({ timeSkipping: true, clock: fixedClock(RECEIPT_IN_WINDOW), packs: packsWithWarning() });
    r = new ReviewClient(h.http, h.tokenFor);
    await h.prisma.organisation.update({ where: { id: 'org-lingxi' }, data: { noticeEmail: 'grants@lingxi.example' } });
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    await h?.close();
    await smtp.stop();
  });

  const returnForInformation = async (contractNumber: string): Promise<{ id: string; requestedAt: number; dueAt: number }> => {
    const id = await r.submit('applicant-lingxi', m2Submission({ contractNumber }));
    const task = await r.waitForTask(officerOf('stic'), id, 'review');
    await r.claimAndDecide(officerOf('stic'), task.id, { decision: 'return', questions: ['Send the signed contract'] });
    const waiting = await r.waitForStatus('applicant-lingxi', id, 'awaiting_information');
    return { id, requestedAt: ms(waiting.informationRequest!.requestedAt), dueAt: ms(waiting.informationRequest!.answerDueAt) };
  };

  it('is shown and emailed the pack’s days before the answer is due, not before', async () => {
    const { id, requestedAt, dueAt } = await returnForInformation('WARN-1');
    await eventually(async () => ((await notices()).some((n) => n.caseId === id && n.kind === 'information_requested') ? true : undefined));
    const row = await h.prisma.notice.findFirstOrThrow({ where: { caseId: id, kind: 'lapse_warning' } });
    expect(row.notBefore!.getTime()).toBe(dueAt - WARN_DAYS * DAY);

    await skipTime(h.env, dueAt - WARN_DAYS * DAY - requestedAt - HOUR);
    expect((await notices()).some((n) => n.caseId === id && n.kind === 'lapse_warning')).toBe(false);
    expect(smtp.delivered.some((m) => m.messageId === row.messageId)).toBe(false);

    await skipTime(h.env, 2 * HOUR);
    const warning = await eventually(async () => (await notices()).find((n) => n.caseId === id && n.kind === 'lapse_warning' && n.email.status === 'sent'));
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(dueAt));
    const { reference } = (await h.http.get(`/cases/${id}`).set(h.auth('applicant-lingxi'))).body as { reference: string };
    expect(warning.subject.en).toBe(`Reminder: answer the request for information on ${reference} by ${day}`);
    expect(smtp.delivered.filter((m) => m.messageId === row.messageId)).toHaveLength(1);
  });

  it('is never shown nor sent once the applicant answered', async () => {
    const { id, requestedAt, dueAt } = await returnForInformation('WARN-2');
    const answered = await h.http.post(`/cases/${id}/information`).set(h.auth('applicant-lingxi')).send({ answers: 'Attached.' });
    expect(answered.status).toBe(200);
    await skipTime(h.env, dueAt - WARN_DAYS * DAY - requestedAt + HOUR);
    const row = await eventually(async () => {
      const n = await h.prisma.notice.findFirstOrThrow({ where: { caseId: id, kind: 'lapse_warning' } });
      return n.delivery === 'cancelled' ? n : undefined;
    });
    expect((await notices()).some((n) => n.id === row.id)).toBe(false);
    expect(smtp.attempts.some((m) => m.messageId === row.messageId)).toBe(false);
  });
});
