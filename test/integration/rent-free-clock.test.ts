import { addMonths } from '../../src/domain';
import { rentFreeWorkflowId } from '../../workflows/rentfree.workflow';
import { captureHistories } from '../support/histories';
import { approveUntilFinal, readCase, waitForAssessment } from '../support/approve';
import { SHENZHEN } from '../support/fixtures';
import { eventually, startHarness, type Harness } from '../support/harness';

const DAY = 86_400_000;
const HOUR = 3_600_000;

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
    const res = await h.http
      .post('/cases')
      .set(h.auth('applicant-lingxi'))
      .send({
        packId: SHENZHEN,
        measureCode: 'm14',
        subtypeCode: 'm14-incubator',
        form: {
          incubatorName: 'Nanshan zero-rent AI incubator',
          isSmallOrMicro: true,
          rentFreeMonths: 6,
          areaSquareMetres: 300,
          tenancyAgreement: 'doc-tenancy',
        },
      });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    await waitForAssessment(h, 'applicant-lingxi', id);
    expect((await approveUntilFinal(h, 'applicant-lingxi', id)).case.status).toBe('approved');

    const timeline = async (): Promise<{ type: string; data: Record<string, unknown> }[]> => (await readCase(h, 'applicant-lingxi', id)).timeline as never;
    const started = await eventually(async () => (await timeline()).find((e) => e.type === 'rentfree.started'), 20_000, 'the period to start');
    const startsOn = started.data['startsOn'] as string;
    expect(started.data).toEqual({ months: 6, startsOn, endsOn: addMonths(startsOn, 6) });
    const endsAt = Date.parse(`${addMonths(startsOn, 6)}T00:00:00+08:00`);

    await h.env.sleep(endsAt - 30 * DAY - (await h.env.currentTimeMs()) - HOUR);
    expect((await timeline()).map((e) => e.type)).not.toContain('notice.rentfree_ending');
    await h.env.sleep(2 * HOUR);
    const notice = await eventually(async () => (await timeline()).find((e) => e.type === 'notice.rentfree_ending'), 20_000, 'the notice');
    expect(notice.data).toMatchObject({
      endsOn: addMonths(startsOn, 6),
      daysBeforeEnd: 30,
      zh: expect.stringContaining('免租期将于'),
      en: expect.stringContaining('rent-free period ends on'),
    });
    expect((await timeline()).map((e) => e.type)).not.toContain('rentfree.ended');

    await h.env.sleep(30 * DAY);
    await eventually(async () => ((await timeline()).some((e) => e.type === 'rentfree.ended') ? true : undefined), 20_000, 'the end');
    expect(await h.env.client.workflow.getHandle(rentFreeWorkflowId(id)).result()).toBe('ended');
    if (process.env.CAPTURE_HISTORIES === '1') await captureHistories(h.env.client, [rentFreeWorkflowId(id)]);
  });
});
