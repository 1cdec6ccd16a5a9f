import { startHarness, type Harness } from '../support/harness';
import { m2Submission } from '../support/fixtures';

/**
 * Without SMTP_URL (as `npm start` runs by default) nothing emails a notice: it is written `skipped`
 * and listed at once, and no `notice:<id>` workflow is started to find that out. A scheduled notice
 * (a lapse warning) still has its workflow, which shows it at its time (lapse-warning.test.ts).
 */
describe('notices when the service sends no email', () => {
  let h: Harness;

  beforeAll(async () => {
    delete process.env.SMTP_URL;
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists the notice of a decision at once and starts no workflow to email it', async () => {
    // National funding without an audited investment: refused at assessment, with a decision notice.
    const submitted = await h.http
      .post('/cases')
      .set(h.auth('applicant-pengcheng'))
      .send(m2Submission({ nationalOrProvincialFunding: true, contractNumber: 'NO-EMAIL' }));
    expect(submitted.status).toBe(201);
    const caseId = submitted.body.id as string;

    const handle = h.env.client.workflow.getHandle(`case:${caseId}`);
    await handle.result();
    const listed = await h.http.get(`/notices?caseId=${caseId}`).set(h.auth('applicant-pengcheng'));
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ kind: 'decision', caseId, read: false, email: { status: 'skipped', sentAt: null } })]);

    // The case workflow has ended: its history holds every child it started, and no delivery.
    const history = await handle.fetchHistory();
    const children = (history.events ?? []).flatMap((e) => {
      const started = e.startChildWorkflowExecutionInitiatedEventAttributes;
      return started ? [started.workflowType?.name] : [];
    });
    expect(children).not.toContain('noticeWorkflow');
  });
});
