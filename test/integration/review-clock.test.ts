import { fixedClock } from '../../src/common/clock';
import { integerParameter, packVersion } from '../../src/domain';
import { loadPackFiles } from '../../seeds/seed';
import { eventually, startHarness, type Harness } from '../support/harness';
import { skipTime } from '../support/temporal';
import { m15Submission, m2Submission, SHENZHEN, RECEIPT_IN_WINDOW } from '../support/fixtures';
import { officerOf, ReviewClient, type TaskItem } from '../support/review';

const DAY = 86_400_000;
const HOUR = 3_600_000;

// The clock is the pack's: these tests follow its parameters rather than restating them.
const rules = packVersion(
  loadPackFiles().find((p) => p.id === SHENZHEN)!,
  1,
);
const DUE_DAYS = integerParameter(rules, 'review.taskDueDays');
const REMIND_DAYS = integerParameter(rules, 'review.reminderDaysBeforeDue');
const ANSWER_DAYS = integerParameter(rules, 'rfi.answerDeadlineDays');

const ms = (iso: string | null): number => Date.parse(iso ?? 'invalid');

/** Durable review timers on the time-skipping test server: days pass in milliseconds. */
describe('the review clock (time-skipping)', () => {
  let h: Harness;
  let r: ReviewClient;
  beforeEach(async () => {
    h = await startHarness({ timeSkipping: true, clock: fixedClock(RECEIPT_IN_WINDOW) });
    r = new ReviewClient(h.http, h.tokenFor);
  });
  afterEach(async () => {
    await h?.close();
  });

  const taskById = async (officer: string, caseId: string, taskId: string): Promise<TaskItem> =>
    (await r.inboxFor(officer, caseId)).find((t) => t.id === taskId)!;

  it('reminds the bureau before the due date and escalates an overdue task to the supervisor', async () => {
    expect(REMIND_DAYS).toBeLessThan(DUE_DAYS);
    const id = await r.submit('applicant-lingxi', m2Submission());
    const task = await r.waitForTask(officerOf('stic'), id, 'review');
    expect(ms(task.dueAt) - ms(task.createdAt)).toBe(DUE_DAYS * DAY);
    expect(task).toMatchObject({ priority: 0, remindedAt: null, escalatedAt: null });
    const remindAt = ms(task.dueAt) - REMIND_DAYS * DAY;

    await skipTime(h.env, remindAt - ms(task.createdAt) - HOUR);
    expect(await taskById(officerOf('stic'), id, task.id)).toMatchObject({ remindedAt: null });

    await skipTime(h.env, 2 * HOUR);
    const reminded = await eventually(async () => {
      const t = await taskById(officerOf('stic'), id, task.id);
      return t.remindedAt ? t : undefined;
    });
    expect(ms(reminded.remindedAt)).toBeGreaterThanOrEqual(remindAt);
    expect(ms(reminded.remindedAt)).toBeLessThan(remindAt + HOUR);
    expect(reminded).toMatchObject({ priority: 0, escalatedAt: null });
    // Reminders and escalations are the bureau's: its officers see them on the case, the applicant does not.
    const c1 = await r.readCase(officerOf('stic'), id);
    expect(c1.timeline.filter((e) => e.type === 'task.reminder').map((e) => e.data)).toEqual([
      { taskId: task.id, bureauCode: 'stic', assigneeId: null, dueAt: task.dueAt },
    ]);
    expect((await h.http.get('/tasks?priority=1').set(r.auth(officerOf('stic')))).body.total).toBe(0);

    await skipTime(h.env, REMIND_DAYS * DAY);
    const escalated = await eventually(async () => {
      const t = await taskById(officerOf('stic'), id, task.id);
      return t.escalatedAt ? t : undefined;
    });
    expect(ms(escalated.escalatedAt)).toBeGreaterThanOrEqual(ms(task.dueAt));
    expect(escalated.priority).toBe(1);
    const high = await h.http.get('/tasks?priority=1').set(r.auth(officerOf('stic')));
    expect((high.body.items as TaskItem[]).map((t) => t.id)).toEqual([task.id]);
    const c2 = await r.readCase(officerOf('stic'), id);
    const escalation = c2.timeline.filter((e) => e.type === 'task.escalated');
    expect(escalation).toHaveLength(1);
    expect(escalation[0]!.data).toMatchObject({ taskId: task.id, bureauCode: 'stic', priority: 1, supervisorIds: ['supervisor-stic'] });
    expect((await r.readCase('applicant-lingxi', id)).timeline.map((e) => e.type)).toEqual(['case.submitted', 'case.assessed', 'task.opened']);

    // Overdue is not closed: the bureau still decides.
    const decided = await r.claimAndDecide(officerOf('stic'), task.id, { decision: 'approve' });
    expect(decided.caseStatus).toBe('approved');
  });

  it('pauses every open deadline while the applicant has the case, and moves them by exactly the paused time', async () => {
    const id = await r.submit('applicant-lingxi', m15Submission());
    const intake = await r.waitForTask(officerOf('talent'), id, 'intake');
    await r.claimAndDecide(officerOf('talent'), intake.id, { decision: 'approve' });
    const [stic, hrss, miit] = await Promise.all(['stic', 'hrss', 'miit'].map((b) => r.waitForTask(officerOf(b), id, 'co-review')));

    await skipTime(h.env, 2 * DAY);
    await r.claimAndDecide(officerOf('stic'), stic!.id, { decision: 'return', questions: ['Please send the degree certificate'] });
    const waiting = await r.waitForStatus('applicant-lingxi', id, 'awaiting_information');
    const requestedAt = ms(waiting.informationRequest!.requestedAt);
    expect(ms(waiting.informationRequest!.answerDueAt) - requestedAt).toBe(ANSWER_DAYS * DAY);

    // Long enough that the co-reviews would have been reminded and escalated had their clocks run on.
    await skipTime(h.env, (DUE_DAYS + 1) * DAY);
    const paused = await r.readCase('admin', id);
    expect(paused.status).toBe('awaiting_information');
    expect(paused.timeline.map((e) => e.type).filter((t) => t === 'task.reminder' || t === 'task.escalated')).toEqual([]);

    const answered = await h.http
      .post(`/cases/${id}/information`)
      .set(r.auth('applicant-lingxi'))
      .send({ answers: 'Certificate attached.', documentIds: ['doc-cert-1'] });
    expect(answered.status).toBe(200);
    const c = await r.readCase('applicant-lingxi', id);
    const receivedAt = ms(c.timeline.find((e) => e.type === 'case.information_received')!.at);
    const pausedMs = receivedAt - requestedAt;
    expect(answered.body.pausedMs).toBe(pausedMs);
    expect(pausedMs).toBeGreaterThanOrEqual((DUE_DAYS + 1) * DAY);

    for (const before of [hrss!, miit!]) {
      const after = await taskById(officerOf(before.bureauCode), id, before.id);
      expect(ms(after.dueAt) - ms(before.dueAt)).toBe(pausedMs);
      expect(after).toMatchObject({ remindedAt: null, escalatedAt: null, priority: 0 });
    }
    const resumed = await taskById(officerOf('stic'), id, answered.body.resumedTaskId as string);
    expect(resumed).toMatchObject({ stage: 'co-review', bureauCode: 'stic', status: 'claimed' });
    expect(ms(resumed.dueAt) - ms(stic!.dueAt)).toBe(pausedMs);

    // The clock runs again from where it stopped: the reminder comes REMIND_DAYS before the moved due date.
    const untilReminder = ms(resumed.dueAt) - REMIND_DAYS * DAY - receivedAt;
    await skipTime(h.env, untilReminder + HOUR);
    const reminded = await eventually(async () => {
      const t = await taskById(officerOf('hrss'), id, hrss!.id);
      return t.remindedAt ? t : undefined;
    });
    expect(ms(reminded.remindedAt)).toBeGreaterThanOrEqual(ms(reminded.dueAt) - REMIND_DAYS * DAY);
  });

  it('lapses a case whose applicant does not answer in time, with a notice the applicant sees', async () => {
    const id = await r.submit('applicant-lingxi', m2Submission());
    const task = await r.waitForTask(officerOf('stic'), id, 'review');
    await r.claimAndDecide(officerOf('stic'), task.id, { decision: 'return', questions: ['Send the signed contract'] });
    const waiting = await r.waitForStatus('applicant-lingxi', id, 'awaiting_information');
    const answerDueAt = ms(waiting.informationRequest!.answerDueAt);

    await skipTime(h.env, answerDueAt - ms(waiting.informationRequest!.requestedAt) - HOUR);
    expect((await r.readCase('applicant-lingxi', id)).status).toBe('awaiting_information');

    await skipTime(h.env, 2 * HOUR);
    const lapsed = await r.waitForStatus('applicant-lingxi', id, 'lapsed');
    const notice = lapsed.timeline.find((e) => e.type === 'notice.lapsed');
    expect(notice?.data).toMatchObject({ questions: ['Send the signed contract'], answerDueAt: waiting.informationRequest!.answerDueAt });
    expect(ms(notice!.at)).toBeGreaterThanOrEqual(answerDueAt);
    expect(lapsed.timeline.map((e) => e.type).slice(-2)).toEqual(['notice.lapsed', 'case.lapsed']);
    expect(lapsed.informationRequest).toBeNull();

    const late = await h.http.post(`/cases/${id}/information`).set(r.auth('applicant-lingxi')).send({ answers: 'sorry, late' });
    expect(late.status).toBe(409);
  });
});
