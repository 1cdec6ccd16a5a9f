import { eventually, startHarness, waitForIntake, type Harness } from '../support/harness';
import { harnessWorker, WORKER_STARTUP_MS, WorkerProcesses } from '../support/faults';
import { m2Submission } from '../support/fixtures';
import { TestSmtpServer } from '../support/smtp';

describe('a notice whose worker is killed in the middle of its SMTP exchange', () => {
  let h: Harness;
  const smtp = new TestSmtpServer();
  let smtpUrl = '';
  // The real worker entry point in its own process, emailing through the test's SMTP server.
  const workers = new WorkerProcesses(() => harnessWorker(h, { SMTP_URL: smtpUrl, NOTICE_FROM: 'notices@subsidies.example' }));

  beforeAll(async () => {
    smtpUrl = await smtp.start();
    h = await startHarness({ inProcessWorker: false });
    await h.prisma.organisation.update({ where: { id: 'org-pengcheng' }, data: { noticeEmail: 'grants@pengcheng.example' } });
  });
  afterAll(async () => {
    await workers.stop();
    await h?.close();
    await smtp.stop();
  });

  it('is delivered exactly once after the worker restarts, with the same Message-ID', async () => {
    workers.start();
    await waitForIntake(h.prisma, WORKER_STARTUP_MS);
    // The server keeps the first message's DATA waiting for its reply.
    const held = smtp.holdNext();

    // An application with national funding and no audited investment is refused at assessment: a decision notice.
    const submit = await h.http
      .post('/cases')
      .set(h.auth('applicant-pengcheng'))
      .send(m2Submission({ nationalOrProvincialFunding: true, contractNumber: 'CRASH-NOTICE' }));
    expect(submit.status).toBe(201);
    const caseId = submit.body.id as string;

    await held;
    const notice = await h.prisma.notice.findFirstOrThrow({ where: { caseId: caseId } });
    expect(notice).toMatchObject({ kind: 'decision', delivery: 'sending', attempts: 1 });
    expect(smtp.attempts.filter((m) => m.messageId === notice.messageId)).toHaveLength(1);
    expect(smtp.delivered).toEqual([]);

    // The worker dies before the server answered: the message was never accepted.
    await workers.restart();

    const sent = await eventually(
      async () => {
        const row = await h.prisma.notice.findUniqueOrThrow({ where: { id: notice.id } });
        return row.delivery === 'sent' ? row : undefined;
      },
      120_000,
      'the notice to be sent by the restarted worker',
    );
    smtp.release();
    expect(sent).toMatchObject({ attempts: 2, recipient: 'grants@pengcheng.example', messageId: notice.messageId });
    expect(smtp.attempts.filter((m) => m.messageId === notice.messageId)).toHaveLength(2);
    const delivered = smtp.delivered.filter((m) => m.messageId === notice.messageId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.to).toEqual(['grants@pengcheng.example']);
    expect(delivered[0]!.raw.toLowerCase()).toContain(`x-notice-id: ${notice.id}`);

    // The workflow finished: Temporal will not run the delivery again.
    const result: unknown = await h.env.client.workflow.getHandle(`notice:${notice.id}`).result();
    expect(result).toBe('sent');
    expect(smtp.delivered.filter((m) => m.messageId === notice.messageId)).toHaveLength(1);
  }, 240_000);
});
