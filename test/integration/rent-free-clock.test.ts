import { addMonths } from '../../src/domain';
import { rentFreeWorkflowId } from '../../workflows/rentfree.workflow';
import { caseWorkflowId } from '../../workflows/case.messages';
import { captureHistories } from '../support/histories';
import { approveUntilFinal, officerOf, readCase, waitForAssessment, waitForCase } from '../support/approve';
import { SHENZHEN } from '../support/fixtures';
import { eventually, startHarness, type Harness } from '../support/harness';
import { skipTime } from '../support/temporal';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** An incubator's measure-14 application asking for `months` rent-free; the case's id. */
async function applyForRentFree(h: Harness, incubatorName: string, months: number, areaSquareMetres: number): Promise<string> {
  const res = await h.http
    .post('/cases')
    .set(h.auth('applicant-lingxi'))
    .send({
      packId: SHENZHEN,
      measureCode: 'm14',
      subtypeCode: 'm14-incubator',
      form: { incubatorName, isSmallOrMicro: true, rentFreeMonths: months, areaSquareMetres, tenancyAgreement: 'doc-tenancy' },
    });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Measure 14 on the time-skipping server: a six-month rent-free period, its notice 30 days before the end, and the end. */
describe('the rent-free clock (time-skipping)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeSkipping: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('starts at the approval, tells the enterprise 30 days before the end, and ends on its date', async () => {
    const id = await applyForRentFree(h, 'Nanshan zero-rent AI incubator', 6, 300);
    await waitForAssessment(h, 'applicant-lingxi', id);
    expect((await approveUntilFinal(h, 'applicant-lingxi', id)).case.status).toBe('approved');

    const timeline = async (): Promise<{ type: string; data: Record<string, unknown> }[]> => (await readCase(h, 'applicant-lingxi', id)).timeline as never;
    const started = await eventually(async () => (await timeline()).find((e) => e.type === 'rentfree.started'), 20_000, 'the period to start');
    const startsOn = started.data['startsOn'] as string;
    expect(started.data).toEqual({ months: 6, startsOn, endsOn: addMonths(startsOn, 6) });
    const endsAt = Date.parse(`${addMonths(startsOn, 6)}T00:00:00+08:00`);

    await skipTime(h.env, endsAt - 30 * DAY - (await h.env.currentTimeMs()) - HOUR);
    expect((await timeline()).map((e) => e.type)).not.toContain('notice.rentfree_ending');
    await skipTime(h.env, 2 * HOUR);
    const notice = await eventually(async () => (await timeline()).find((e) => e.type === 'notice.rentfree_ending'), 20_000, 'the notice');
    expect(notice.data).toMatchObject({
      endsOn: addMonths(startsOn, 6),
      daysBeforeEnd: 30,
      zh: expect.stringContaining('免租期将于'),
      en: expect.stringContaining('rent-free period ends on'),
    });
    expect((await timeline()).map((e) => e.type)).not.toContain('rentfree.ended');

    await skipTime(h.env, 30 * DAY);
    await eventually(async () => ((await timeline()).some((e) => e.type === 'rentfree.ended') ? true : undefined), 20_000, 'the end');
    expect(await h.env.client.workflow.getHandle(rentFreeWorkflowId(id)).result()).toBe('ended');
    if (process.env.CAPTURE_HISTORIES === '1') await captureHistories(h.env.client, [rentFreeWorkflowId(id)]);
  });
});

/** Its own server: the first one's clock has moved past the policy's intake window. */
describe('the rent-free length the officer grants (time-skipping)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ timeSkipping: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs for the months the officer granted at the final approval, fewer than asked, and shows them on the case', async () => {
    const id = await applyForRentFree(h, 'Qianhai zero-rent AI incubator', 12, 120);
    await waitForAssessment(h, 'applicant-lingxi', id);

    // Every stage before the final one approves as usual; rentFreeMonths belongs to the final approval only.
    const decide = async (taskId: string, bureauCode: string, body: Record<string, unknown>) => {
      const officer = h.auth(officerOf(bureauCode));
      await h.http.post(`/tasks/${taskId}/claim`).set(officer).send({});
      return h.http
        .post(`/tasks/${taskId}/decision`)
        .set(officer)
        .send({ decision: 'approve', ...body });
    };
    let final: { id: string; bureauCode: string } | undefined;
    const done = new Set<string>();
    while (!final) {
      const c = await waitForCase(h, 'applicant-lingxi', id, (x) => x.tasks.some((t) => t.status === 'open' && !done.has(t.id)), 'an open task');
      for (const t of c.tasks.filter((x) => x.status === 'open' && !done.has(x.id))) {
        if (t.stage === 'final') final = t;
        else {
          const early = await decide(t.id, t.bureauCode, { rentFreeMonths: 6 });
          expect(early.status).toBe(422);
          expect(early.body).toMatchObject({ field: 'rentFreeMonths' });
          expect((await decide(t.id, t.bureauCode, {})).status).toBe(200);
          done.add(t.id);
        }
      }
    }
    const tooLong = await decide(final.id, final.bureauCode, { rentFreeMonths: 37 });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({ field: 'rentFreeMonths' });
    expect(JSON.stringify(tooLong.body)).toContain('6 至 36 个月');
    const granted = await decide(final.id, final.bureauCode, { rentFreeMonths: 6 });
    expect(granted.status).toBe(200);
    expect(granted.body.caseStatus).toBe('approved');

    type Entry = { type: string; data: Record<string, unknown>; text?: { zh: string; en: string } };
    const timeline = async (): Promise<Entry[]> => (await readCase(h, 'applicant-lingxi', id)).timeline as never;
    const approved = (await timeline()).find((e) => e.type === 'case.approved')!;
    expect(approved.data['rentFree']).toEqual({ months: 6, requestedMonths: 12 });
    expect(approved.text?.en).toContain('rent-free period of 6 months granted (12 asked)');
    expect(approved.text?.zh).toContain('核定免租期 6 个月(申请 12 个月)');

    const started = await eventually(async () => (await timeline()).find((e) => e.type === 'rentfree.started'), 20_000, 'the period to start');
    const startsOn = started.data['startsOn'] as string;
    const endsOn = addMonths(startsOn, 6);
    expect(started.data).toEqual({ months: 6, startsOn, endsOn });
    const endsAt = Date.parse(`${endsOn}T00:00:00+08:00`);

    await skipTime(h.env, endsAt - 30 * DAY - (await h.env.currentTimeMs()) - HOUR);
    expect((await timeline()).map((e) => e.type)).not.toContain('notice.rentfree_ending');
    await skipTime(h.env, 2 * HOUR);
    const notice = await eventually(async () => (await timeline()).find((e) => e.type === 'notice.rentfree_ending'), 20_000, 'the notice');
    expect(notice.data).toMatchObject({ endsOn, daysBeforeEnd: 30 });
    const notices = await h.http.get(`/notices?caseId=${id}`).set(h.auth('applicant-lingxi'));
    expect(notices.status).toBe(200);
    expect(notices.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'rentfree_ending' })]));

    await skipTime(h.env, 30 * DAY);
    await eventually(async () => ((await timeline()).some((e) => e.type === 'rentfree.ended') ? true : undefined), 20_000, 'the end');
    expect((await timeline()).find((e) => e.type === 'rentfree.ended')?.data).toEqual({ endsOn });
    expect(await h.env.client.workflow.getHandle(rentFreeWorkflowId(id)).result()).toBe('ended');
    if (process.env.CAPTURE_HISTORIES === '1') await captureHistories(h.env.client, [caseWorkflowId(id), rentFreeWorkflowId(id)]);
  });
});
