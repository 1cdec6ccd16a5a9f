import { fixedClock } from '../../src/common/clock';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { startHarness, type Harness } from '../support/harness';
import { m15Submission, m2Submission, RECEIPT_IN_WINDOW } from '../support/fixtures';
import { officerOf, ReviewClient, supervisorOf } from '../support/review';
import { caseWorkflowId, decideUpdate, type Actor, type Decision } from '../../workflows/case.messages';

/**
 * Every way a task action is refused, as the officer sees it over HTTP, and that the workflow's
 * validator (not only the API) refuses: a refused update never reaches the workflow history.
 */
describe('review task refusals', () => {
  let h: Harness;
  let r: ReviewClient;
  const SECONDEE = 'officer-stic-from-pengcheng';
  beforeAll(async () => {
    h = await startHarness({ clock: fixedClock(RECEIPT_IN_WINDOW) });
    r = new ReviewClient(h.http, h.tokenFor);
    // An officer seconded from an applicant organisation.
    await h.prisma.user.create({
      data: { id: SECONDEE, name: 'Seconded officer', role: 'officer', bureauCode: 'stic', organisationId: 'org-pengcheng', jurisdictionId: 'shenzhen' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function m2Task(applicant: string, contractNumber: string): Promise<{ caseId: string; taskId: string }> {
    const caseId = await r.submit(applicant, m2Submission({ contractNumber }));
    const task = await r.waitForTask(officerOf('stic'), caseId, 'review');
    return { caseId, taskId: task.id };
  }

  const actor = (userId: string, role: Actor['role'], bureauCode: string | null): Actor => ({
    userId,
    role,
    bureauCode,
    organisationId: null,
    jurisdictionId: 'shenzhen',
    conflictOrganisationIds: [],
  });

  async function acceptedUpdates(caseId: string): Promise<number> {
    const history = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  }

  async function refusedByValidator(caseId: string, taskId: string, who: Actor, decision: Decision): Promise<ApplicationFailure> {
    const err: unknown = await h.env.client.workflow
      .getHandle(caseWorkflowId(caseId))
      .executeUpdate(decideUpdate, { args: [{ taskId, actor: who, decision }] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  }

  it('needs a claim before a decision, and one officer’s claim keeps the others out', async () => {
    const { taskId } = await m2Task('applicant-lingxi', 'CLAIM-1');
    const unclaimed = await r.decide(officerOf('stic'), taskId, { decision: 'approve' });
    expect(unclaimed.status).toBe(409);
    expect(unclaimed.body).toMatchObject({ reason: 'NotClaimed', field: 'taskId' });

    expect((await r.claim(officerOf('stic'), taskId)).body).toMatchObject({ taskId, status: 'claimed', assigneeId: officerOf('stic') });
    // Claiming again is harmless for the holder.
    expect((await r.claim(officerOf('stic'), taskId)).status).toBe(200);
    const taken = await r.claim(officerOf('stic', 2), taskId);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ reason: 'AlreadyClaimed' });
    const notHers = await r.decide(officerOf('stic', 2), taskId, { decision: 'reject', reason: 'no' });
    expect(notHers.status).toBe(409);
    // Who holds it is on the task's page, by name; the refusal names no one.
    expect(notHers.body).toMatchObject({ message: 'another officer has claimed this task, not you', zh: '该任务由其他人员认领,不是您' });

    const inbox = await h.http.get('/tasks?assignee=me').set(r.auth(officerOf('stic')));
    expect((inbox.body.items as { id: string }[]).map((t) => t.id)).toContain(taskId);
  });

  it('keeps other bureaus out: not in their inbox, not readable, not actionable (API and validator)', async () => {
    const { caseId, taskId } = await m2Task('applicant-siat', 'BUREAU-1');
    expect(await r.inboxFor(officerOf('miit'), caseId)).toEqual([]);
    expect((await h.http.get(`/tasks/${taskId}`).set(r.auth(officerOf('miit')))).status).toBe(404);
    const claim = await r.claim(officerOf('miit'), taskId);
    expect(claim.status).toBe(404);
    expect(claim.body.field).toBe('taskId');
    expect((await r.decide(officerOf('miit'), taskId, { decision: 'approve' })).status).toBe(404);

    // The workflow refuses on its own, whatever the caller: the refusal leaves no trace in history.
    await r.claim(officerOf('stic'), taskId).expect(200);
    const before = await acceptedUpdates(caseId);
    const wrongBureau = await refusedByValidator(caseId, taskId, actor(officerOf('miit'), 'officer', 'miit'), { kind: 'approve' });
    expect(wrongBureau.type).toBe('Forbidden');
    const applicant = await refusedByValidator(caseId, taskId, actor('applicant-siat', 'applicant', null), { kind: 'approve' });
    expect(applicant.type).toBe('Forbidden');
    const blank = await refusedByValidator(caseId, taskId, actor(officerOf('stic'), 'officer', 'stic'), { kind: 'reject', reason: '  ' });
    expect(blank.type).toBe('Invalid');
    expect(blank.details?.[0]).toMatchObject({ field: 'reason', zh: '不予通过须说明理由' });
    expect(await acceptedUpdates(caseId)).toBe(before);
  });

  it('refuses an amount above the computed award, a rejection without a reason, and a second decision', async () => {
    const { caseId, taskId } = await m2Task('applicant-szu', 'AMOUNT-1');
    await r.claim(officerOf('stic'), taskId).expect(200);
    const computed = (await r.readCase('applicant-szu', caseId)).computedAwardFen!;
    const above = await r.decide(officerOf('stic'), taskId, { decision: 'approve', amountFen: (BigInt(computed) + 1n).toString() });
    expect(above.status).toBe(422);
    expect(above.body).toMatchObject({ field: 'amountFen', reason: 'Invalid' });
    expect(above.body.message).toMatch(/above the computed award/);

    const noReason = await r.decide(officerOf('stic'), taskId, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues).toEqual([{ path: 'reason', message: 'a rejection needs a reason', zh: '不予通过须说明理由' }]);
    const noQuestions = await r.decide(officerOf('stic'), taskId, { decision: 'return', questions: [] });
    expect(noQuestions.status).toBe(400);
    expect(noQuestions.body.field).toBe('questions');

    const ok = await r.decide(officerOf('stic'), taskId, { decision: 'approve', amountFen: computed });
    expect(ok.body).toMatchObject({ caseStatus: 'approved', approvedAwardFen: computed });
    const twice = await r.decide(officerOf('stic'), taskId, { decision: 'reject', reason: 'second thoughts' });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/already completed/);
    expect((await r.claim(officerOf('stic', 2), taskId)).status).toBe(409);
  });

  it('refuses officers with a conflict of interest: their own organisation, or one they declared', async () => {
    const { caseId, taskId } = await m2Task('applicant-pengcheng', 'CONFLICT-1');
    const own = await r.claim(SECONDEE, taskId);
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ reason: 'ConflictOfInterest' });
    expect(own.body.message).toMatch(/your own organisation/);

    const declare = (user: string) =>
      h.http.post('/me/conflicts').set(r.auth(user)).send({ organisationId: 'org-pengcheng', reason: 'my spouse is a shareholder' });
    expect((await declare(officerOf('stic', 2))).status).toBe(201);
    expect((await declare(officerOf('stic', 2))).status).toBe(200);
    const declared = await r.claim(officerOf('stic', 2), taskId);
    expect(declared.status).toBe(403);
    expect(declared.body.message).toMatch(/declared a conflict/);

    // Claimed first, declared after: the decision is still refused.
    await r.claim(officerOf('stic'), taskId).expect(200);
    const toConflicted = await h.http
      .post(`/tasks/${taskId}/reassign`)
      .set(r.auth(officerOf('stic')))
      .send({ assigneeId: officerOf('stic', 2) });
    expect(toConflicted.status).toBe(422);
    expect(toConflicted.body.field).toBe('assigneeId');
    expect((await declare(officerOf('stic'))).status).toBe(201);
    const decide = await r.decide(officerOf('stic'), taskId, { decision: 'approve' });
    expect(decide.status).toBe(403);
    expect(decide.body.reason).toBe('ConflictOfInterest');
    expect((await r.readCase('applicant-pengcheng', caseId)).status).toBe('in_review');
    const mine = await h.http.get('/me/conflicts').set(r.auth(officerOf('stic')));
    expect(mine.body).toEqual([expect.objectContaining({ organisationId: 'org-pengcheng', reason: 'my spouse is a shareholder' })]);
  });

  it('lets only the holder or a supervisor release or hand on a task, within the bureau', async () => {
    const { caseId, taskId } = await m2Task('applicant-siat', 'HANDOVER-1');
    await r.claim(officerOf('stic'), taskId).expect(200);
    const stranger = await h.http.post(`/tasks/${taskId}/unclaim`).set(r.auth(officerOf('stic', 2)));
    expect(stranger.status).toBe(403);
    const released = await h.http.post(`/tasks/${taskId}/unclaim`).set(r.auth(supervisorOf('stic')));
    expect(released.body).toMatchObject({ status: 'open', assigneeId: null });
    expect((await h.http.post(`/tasks/${taskId}/unclaim`).set(r.auth(officerOf('stic')))).body).toMatchObject({ reason: 'NotClaimed' });

    await r.claim(officerOf('stic'), taskId).expect(200);
    const reassign = (by: string, to: string) => h.http.post(`/tasks/${taskId}/reassign`).set(r.auth(by)).send({ assigneeId: to });
    const otherBureau = await reassign(officerOf('stic'), officerOf('miit'));
    expect(otherBureau.status).toBe(422);
    expect(otherBureau.body).toMatchObject({
      message: 'The user named is not an officer of Municipal Science, Technology and Innovation Bureau.',
      zh: '所填用户不是市科技创新局的工作人员',
    });
    expect((await reassign(officerOf('stic'), 'nobody')).status).toBe(422);
    expect((await reassign(officerOf('stic', 2), officerOf('stic', 2))).status).toBe(403);
    expect((await reassign(officerOf('stic'), officerOf('stic', 2))).body).toMatchObject({ assigneeId: officerOf('stic', 2) });
    expect((await reassign(supervisorOf('stic'), officerOf('stic'))).body).toMatchObject({ assigneeId: officerOf('stic') });

    const types = (await r.readCase(supervisorOf('stic'), caseId)).timeline.map((e) => e.type).filter((t) => t.startsWith('task.'));
    expect(types).toEqual(['task.opened', 'task.claimed', 'task.unclaimed', 'task.claimed', 'task.reassigned', 'task.reassigned']);
    // Claims and hand-overs inside the bureau are not the applicant's to see.
    const applicantSees = (await r.readCase('applicant-siat', caseId)).timeline.filter((e) => e.type.startsWith('task.'));
    expect(applicantSees.map((e) => [e.type, e.actorId, e.data])).toEqual([['task.opened', null, { taskId, bureauCode: 'stic', stage: 'review' }]]);
  });

  it('asks the applicant, blocks decisions while waiting, and resumes the same bureau’s review after the answer', async () => {
    const id = await r.submit('applicant-lingxi', m15Submission({ unifiedSocialCreditCode: '91440300MA5RFIHTTP' }));
    const intake = await r.waitForTask(officerOf('talent'), id, 'intake');
    await r.claimAndDecide(officerOf('talent'), intake.id, { decision: 'approve' });
    const stic = await r.waitForTask(officerOf('stic'), id, 'co-review');
    const hrss = await r.waitForTask(officerOf('hrss'), id, 'co-review');

    const notAsked = await h.http.post(`/cases/${id}/information`).set(r.auth('applicant-lingxi')).send({ answers: 'unprompted' });
    expect(notAsked.status).toBe(409);
    expect(notAsked.body.reason).toBe('NotAwaitingInformation');

    const asked = await r.claimAndDecide(officerOf('stic'), stic.id, {
      decision: 'return',
      questions: ['Which lab will host the team?', 'Send the degree certificate'],
    });
    expect(asked.caseStatus).toBe('awaiting_information');
    const waiting = await r.readCase('applicant-lingxi', id);
    expect(waiting.status).toBe('awaiting_information');
    expect(waiting.informationRequest).toMatchObject({ bureauCode: 'stic', questions: ['Which lab will host the team?', 'Send the degree certificate'] });
    expect(waiting.timeline.map((e) => e.type)).toContain('notice.information_requested');

    await r.claim(officerOf('hrss'), hrss.id).expect(200);
    const meanwhile = await r.decide(officerOf('hrss'), hrss.id, { decision: 'approve' });
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body.reason).toBe('AwaitingInformation');

    const info = (user: string, body: unknown) =>
      h.http
        .post(`/cases/${id}/information`)
        .set(r.auth(user))
        .send(body as object);
    expect((await info('applicant-szu', { answers: 'not my case' })).status).toBe(404);
    expect((await info(officerOf('stic'), { answers: 'officers cannot answer' })).status).toBe(403);
    const empty = await info('applicant-lingxi', { answers: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('answers');
    const badDoc = await info('applicant-lingxi', { answers: 'see attached', documentIds: ['has spaces'] });
    expect(badDoc.status).toBe(400);
    expect(badDoc.body.field).toBe('documentIds.0');

    // The certificate the answer names is one the applicant uploaded (metadata only: its bytes are never read here).
    await h.prisma.document.create({
      data: {
        id: 'doc-degree-cert',
        organisationId: 'org-lingxi',
        uploadedById: 'applicant-lingxi',
        name: '学位证书.pdf',
        contentType: 'application/pdf',
        sizeBytes: 1,
        sha256: 'c'.repeat(64),
      },
    });
    const answered = await info('applicant-lingxi', { answers: 'The Pengcheng Lab hosts the team; certificate attached.', documentIds: ['doc-degree-cert'] });
    expect(answered.status).toBe(200);
    expect(answered.body.caseStatus).toBe('in_review');
    const resumed = await r.waitForTask(officerOf('stic'), id, 'co-review');
    expect(resumed.id).toBe(answered.body.resumedTaskId);
    // The officer who asked holds the resumed task.
    expect(resumed).toMatchObject({ status: 'claimed', assigneeId: officerOf('stic') });
    const c = await r.readCase('applicant-lingxi', id);
    expect(c.status).toBe('in_review');
    expect(c.informationRequest).toBeNull();
    expect(c.timeline.find((e) => e.type === 'case.information_received')?.data).toMatchObject({ documentIds: ['doc-degree-cert'] });
    // The officer reads each question beside the applicant's answer and the file it sent, by name.
    const detail = await h.http
      .get(`/tasks/${resumed.id}`)
      .set(r.auth(officerOf('stic')))
      .expect(200);
    expect(detail.body.informationRounds).toEqual([
      expect.objectContaining({
        bureauCode: 'stic',
        answers: 'The Pengcheng Lab hosts the team; certificate attached.',
        documents: [{ id: 'doc-degree-cert', name: '学位证书.pdf' }],
      }),
    ]);
    expect(detail.body.informationRounds[0].answeredAt).not.toBeNull();
    expect((await r.decide(officerOf('hrss'), hrss.id, { decision: 'approve' })).status).toBe(200);
    expect((await r.decide(officerOf('stic'), resumed.id, { decision: 'approve' })).status).toBe(200);
    await r.claimAndDecide(officerOf('miit'), (await r.waitForTask(officerOf('miit'), id, 'co-review')).id, { decision: 'approve' });
    expect((await r.waitForTask(officerOf('talent'), id, 'final')).stage).toBe('final');
  });
});
