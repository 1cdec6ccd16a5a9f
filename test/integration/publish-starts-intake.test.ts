import { loadPackFiles, seedPrisma } from '../../seeds/seed';
import type { PolicyPack } from '../../src/domain';
import { publishPack } from '../../src/publishing/publish';
import type { IntakeClocks } from '../../src/temporal/intake-clock';
import { TEMPORAL_CLIENT } from '../../src/temporal/temporal.module';
import { m2Submission, SHENZHEN } from '../support/fixtures';
import { eventually, startHarness, type Harness } from '../support/harness';

const DAY = 24 * 3600 * 1000;

/** The Shenzhen rules as a new pack whose window is open now. */
function newPackOpenNow(id: string): PolicyPack {
  const sz = loadPackFiles().find((p) => p.id === SHENZHEN)!;
  const from = new Date(Date.now() - DAY).toISOString();
  const to = new Date(Date.now() + 30 * DAY).toISOString();
  return { ...sz, id, validity: { from, to }, versions: sz.versions.map((v, i) => (i === 0 ? { ...v, effectiveFrom: from } : v)) };
}

/**
 * A pack published while the system runs opens its intake on its dates without a worker restart:
 * publishing starts the pack's durable intake clock on the running worker's task queue.
 */
describe('publishing a pack into a running system', () => {
  let h: Harness;
  let clocks: IntakeClocks;
  beforeAll(async () => {
    h = await startHarness();
    clocks = { client: h.app.get(TEMPORAL_CLIENT), taskQueue: h.taskQueue };
  });
  afterAll(async () => {
    await h?.close();
  });
  const intakeOpen = async (packId: string): Promise<boolean | undefined> =>
    (await h.prisma.policyPack.findUniqueOrThrow({ where: { id: packId } })).intakeOpen ? true : undefined;

  it.each([
    ['published on its own (publishPack, as an admin endpoint would)', 'sz-published-live', (p: PolicyPack) => publishPack(h.prisma, p, clocks)],
    ['loaded by the seed (npm run seed, npm start)', 'sz-seeded-live', (p: PolicyPack) => seedPrisma(h.prisma, [p], clocks)],
  ])('opens intake and accepts applications when %s', async (_how, packId, publish) => {
    expect(await h.prisma.policyPack.findUnique({ where: { id: packId } })).toBeNull();
    const worker = h.worker;
    const refused = await h.http
      .post('/cases')
      .set(h.auth('applicant-lingxi'))
      .send({ ...m2Submission(), packId });
    expect(refused.status).toBe(404);

    await publish(newPackOpenNow(packId));
    await eventually(() => intakeOpen(packId), 20_000, `intake of ${packId} to open`);

    const res = await h.http
      .post('/cases')
      .set(h.auth('applicant-lingxi'))
      .send({ ...m2Submission({ contractNumber: `LIVE-${packId}` }), packId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ packId, status: 'submitted', packVersion: 1 });
    // The same worker, never restarted, runs the new pack's clock and its case.
    expect(h.worker).toBe(worker);
    expect(worker.getState()).toBe('RUNNING');
  });
});
