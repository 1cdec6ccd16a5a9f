import { intakeWorkflowId } from '../../workflows/case.messages';
import { loadPackFiles } from '../../seeds/seed';
import type { PolicyPack } from '../../src/domain';
import { eventually, startHarness, type Harness } from '../support/harness';
import { m2Submission, SHENZHEN } from '../support/fixtures';

const DAY = 24 * 3600 * 1000;
const LATER = 'shenzhen-later';

/** The Shenzhen pack's rules with its window moved relative to now (and, for a second pack, its id). */
function shenzhenWithWindow(id: string, from: number, to: number): PolicyPack {
  const sz = loadPackFiles().find((p) => p.id === SHENZHEN)!;
  const iso = (ms: number): string => new Date(ms).toISOString();
  return { ...sz, id, validity: { from: iso(from), to: iso(to) }, versions: sz.versions.map((v, i) => (i === 0 ? { ...v, effectiveFrom: iso(from) } : v)) };
}

/**
 * The intake cutoff is a durable timer, not a wall-clock check in a controller: on the time-skipping
 * server, weeks pass in seconds. (The API stamps receipt with the real clock, so submissions are made
 * before time is skipped.)
 */
describe('the intake window of a policy pack', () => {
  let h: Harness;
  const now = Date.now();
  beforeAll(async () => {
    h = await startHarness({
      timeSkipping: true,
      waitForIntake: false,
      packs: [shenzhenWithWindow(SHENZHEN, now - DAY, now + 30 * DAY), shenzhenWithWindow(LATER, now + 10 * DAY, now + 40 * DAY)],
    });
  });
  afterAll(async () => {
    await h?.close();
  });
  const auth = (u: string): { Authorization: string } => h.auth(u);
  const intakeOpen = async (packId: string): Promise<boolean> => (await h.prisma.policyPack.findUniqueOrThrow({ where: { id: packId } })).intakeOpen;

  it('opens and closes on its dates, and a case received before the cutoff is still decided', async () => {
    await eventually(async () => ((await intakeOpen(SHENZHEN)) ? true : undefined), 20_000, 'intake to open');
    expect(await intakeOpen(LATER)).toBe(false);
    const early = await h.http
      .post('/cases')
      .set(auth('applicant-lingxi'))
      .send({ ...m2Submission(), packId: LATER });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ field: 'packId', reason: 'IntakeNotOpen', message: expect.stringMatching(/not open yet/) });

    const inside = await h.http.post('/cases').set(auth('applicant-lingxi')).send(m2Submission());
    expect(inside.status).toBe(201);
    const id = inside.body.id as string;
    const taskId = await eventually(async () => {
      const c = await h.http.get(`/cases/${id}`).set(auth('applicant-lingxi'));
      return (c.body.tasks as { id: string; status: string }[]).find((t) => t.status === 'open')?.id;
    });

    await h.env.sleep(10 * DAY + 60_000);
    await eventually(async () => ((await intakeOpen(LATER)) ? true : undefined), 20_000, 'the later pack to open');

    await h.env.sleep(20 * DAY);
    await eventually(async () => ((await intakeOpen(SHENZHEN)) ? undefined : true), 20_000, 'intake to close');
    expect(await h.env.client.workflow.getHandle(intakeWorkflowId(SHENZHEN)).result()).toBe('closed');
    const late = await h.http.post('/cases').set(auth('applicant-pengcheng')).send(m2Submission());
    expect(late.status).toBe(422);
    expect(await h.prisma.case.count()).toBe(1);

    expect((await h.http.post(`/tasks/${taskId}/claim`).set(auth('officer-stic'))).status).toBe(200);
    const decided = await h.http.post(`/tasks/${taskId}/decision`).set(auth('officer-stic')).send({ decision: 'approve' });
    expect(decided.body).toMatchObject({ caseStatus: 'approved' });
    expect(decided.body.caseStatus).toBe('approved');
  });
});
