import { seedPrisma } from '../../seeds/seed';
import { approveUntilFinal, waitForAssessment, type CaseBody } from '../support/approve';
import { m2Submission, SHENZHEN } from '../support/fixtures';
import { startHarness, type Harness } from '../support/harness';
import { testPacks } from '../support/packs';

/**
 * A case records the rule version it was received under, and is assessed and decided under that
 * version: a version published later, even one dated before the receipt, does not reach into it.
 */
describe('the rule version a case recorded at receipt', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });
  const auth = (user: string): { Authorization: string } => h.auth(user);

  it('is the one the case is assessed under, whatever version the receipt date would resolve to now', async () => {
    // No worker while the case waits: the assessment runs only after the new version is published.
    await h.stopWorker();
    const res = await h.http
      .post('/cases')
      .set(auth('applicant-szu'))
      .send(m2Submission({ contractNumber: 'RECORDED-VERSION-1' }));
    expect(res.status).toBe(201);
    const received = res.body as CaseBody;
    expect(received.packVersion).toBe(1);

    // Version 2 lowers measure 2 to 40% and takes effect (back-dated) one second before this case was received.
    const shenzhen = testPacks().find((p) => p.id === SHENZHEN)!;
    const v1 = shenzhen.versions[0]!;
    const m2 = structuredClone(v1.measures.find((m) => m.code === 'm2')!);
    const award = m2.subtypes[0]!.award;
    if (award.kind !== 'rateOfBase') throw new Error('measure 2 is a rate of the contract');
    m2.subtypes[0]!.award = { ...award, rateBp: 4000, rateOverrides: [] };
    const effectiveFrom = new Date(Date.parse(received.submittedAt) - 1000).toISOString();
    await seedPrisma(h.prisma, [{ ...shenzhen, versions: [v1, { version: 2, effectiveFrom, measures: [m2], parameters: {}, pools: [] }] }]);
    const catalog = await h.http.get(`/catalog/packs/${SHENZHEN}`);
    expect(catalog.body.currentVersion).toBe(2);

    await h.startWorker();
    const assessed = await waitForAssessment(h, 'applicant-szu', received.id);
    // Version 1: 123,456,789 fen × 50% = 61,728,394.5 → 61,728,394 fen (version 2 would give 40%: 49,382,715).
    expect(assessed).toMatchObject({ status: 'in_review', packVersion: 1, computedAwardFen: '61728394' });
    expect(assessed.award).toMatchObject({ rateBp: 5000, amountFen: '61728394' });

    const { case: final } = await approveUntilFinal(h, 'applicant-szu', received.id);
    expect(final).toMatchObject({ status: 'approved', packVersion: 1, approvedAwardFen: '61728394' });
  });
});
