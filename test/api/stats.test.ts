import { randomUUID } from 'node:crypto';
import { fixedClock } from '../../src/common/clock';
import { SHENZHEN } from '../support/fixtures';
import { testPacks } from '../support/packs';
import { startApiApp, type ApiApp } from '../support/api-app';

/**
 * The supervisors' and admins' charts: pool exposure month by month and bureau workload, computed from
 * ledger rows, cases and review tasks written directly (each with its own instant), on a clock stopped at
 * 2025-06-20 12:00 北京时间.
 */
describe('pool and bureau figures over HTTP', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const at = (iso: string): Date => new Date(iso);

  async function ledger(caseId: string, kind: 'reserve' | 'pay', amountFen: bigint, when: string, poolCode = 'm2-training-voucher'): Promise<void> {
    const pool = await api.prisma.budgetPool.findUniqueOrThrow({ where: { packId_code_year: { packId: SHENZHEN, code: poolCode, year: 2025 } } });
    await api.prisma.ledgerEntry.create({
      data: {
        entryKey: `${caseId}:${kind}`,
        caseId,
        kind,
        poolId: pool.id,
        budgetYear: 2025,
        funder: 'city',
        jurisdictionId: 'shenzhen',
        amountFen,
        limitKeys: [],
        at: at(when),
      },
    });
  }
  async function task(caseId: string, bureauCode: string, createdAt: string, done?: string, status: 'open' | 'claimed' = 'open'): Promise<void> {
    await api.prisma.reviewTask.create({
      data: {
        id: randomUUID(),
        caseId,
        bureauCode,
        stage: 'intake',
        status: done ? 'completed' : status,
        createdAt: at(createdAt),
        ...(done ? { completedAt: at(done), decision: 'approve' } : {}),
      },
    });
  }
  const base = { organisationId: 'org-pengcheng', submittedById: 'applicant-pengcheng', form: {}, budgetYear: 2025 };

  beforeAll(async () => {
    api = await startApiApp({}, testPacks(), { clock: fixedClock('2025-06-20T04:00:00Z') });
    // A: in review in January, approved in February, paid at 00:30 on 1 April 北京时间 (still 31 March in UTC).
    const a = await api.insertCase({
      ...base,
      measureCode: 'm2',
      subtypeCode: 'm2',
      status: 'approved',
      computedAwardFen: 300_000n,
      submittedAt: at('2025-01-05T02:00:00Z'),
      decidedAt: at('2025-02-10T02:00:00Z'),
    });
    await ledger(a, 'reserve', 300_000n, '2025-02-10T02:00:00Z');
    await ledger(a, 'pay', 300_000n, '2025-03-31T16:30:00Z');
    // B: in review since March.
    const b = await api.insertCase({
      ...base,
      measureCode: 'm2',
      subtypeCode: 'm2',
      status: 'in_review',
      computedAwardFen: 120_000n,
      submittedAt: at('2025-03-05T02:00:00Z'),
    });
    // C: in review from January until its approval on 10 May.
    const c = await api.insertCase({
      ...base,
      measureCode: 'm2',
      subtypeCode: 'm2',
      status: 'approved',
      computedAwardFen: 50_000n,
      submittedAt: at('2025-01-15T02:00:00Z'),
      decidedAt: at('2025-05-10T02:00:00Z'),
    });
    await ledger(c, 'reserve', 50_000n, '2025-05-10T02:00:00Z');
    // D: another pool's sub-type.
    await api.insertCase({
      ...base,
      measureCode: 'm3',
      subtypeCode: 'm3a',
      status: 'awaiting_information',
      computedAwardFen: 7_000n,
      submittedAt: at('2025-06-01T02:00:00Z'),
    });

    // miit: open for 1 day, 10 days and (claimed) 50 days; four decisions in May taking 1–4 days, one in April taking half a day.
    await task(b, 'miit', '2025-06-19T04:00:00Z');
    await task(b, 'miit', '2025-06-10T04:00:00Z');
    await task(b, 'miit', '2025-05-01T04:00:00Z', undefined, 'claimed');
    for (const days of [1, 2, 3, 4])
      await task(c, 'miit', '2025-05-01T04:00:00Z', new Date(Date.parse('2025-05-01T04:00:00Z') + days * 86_400_000).toISOString());
    await task(a, 'miit', '2025-04-02T00:00:00Z', '2025-04-02T12:00:00Z');
    // stic: one task open 5 days, one decided in June after 10 days.
    await task(b, 'stic', '2025-06-15T04:00:00Z');
    await task(c, 'stic', '2025-05-25T04:00:00Z', '2025-06-04T04:00:00Z');
  });
  afterAll(async () => {
    await api?.close();
  });

  it('shows a supervisor each pool’s budget, held, paid and in-review amounts month by month', async () => {
    const res = await api.http.get(`/stats/packs/${SHENZHEN}/pools`).set(as('supervisor-miit'));
    expect(res.status).toBe(200);
    expect(res.body.year).toBe(2025);
    const m2 = res.body.items.find((p: { code: string }) => p.code === 'm2-training-voucher');
    expect(m2).toMatchObject({ name: { zh: '训力券年度总额', en: 'Training-compute vouchers, yearly total' }, funder: 'city', totalFen: '50000000000' });
    expect(m2.months).toEqual([
      { month: '2025-01', reservedFen: '0', paidFen: '0', inReviewFen: '350000' },
      { month: '2025-02', reservedFen: '300000', paidFen: '0', inReviewFen: '50000' },
      { month: '2025-03', reservedFen: '300000', paidFen: '0', inReviewFen: '170000' },
      { month: '2025-04', reservedFen: '300000', paidFen: '300000', inReviewFen: '170000' },
      { month: '2025-05', reservedFen: '350000', paidFen: '300000', inReviewFen: '120000' },
      { month: '2025-06', reservedFen: '350000', paidFen: '300000', inReviewFen: '120000' },
    ]);
    const m3 = res.body.items.find((p: { code: string }) => p.code === 'm3-corpus-voucher');
    expect(m3.months.map((m: { inReviewFen: string }) => m.inReviewFen)).toEqual(['0', '0', '0', '0', '0', '7000']);
  });

  it('shows a past year’s twelve months and refuses a year outside the policy', async () => {
    const past = await api.http.get(`/stats/packs/${SHENZHEN}/pools?year=2024`).set(as('admin'));
    expect(past.status).toBe(200);
    expect(past.body.items[0].months).toHaveLength(12);
    const bad = await api.http.get(`/stats/packs/${SHENZHEN}/pools?year=2019`).set(as('admin'));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('year');
    expect((await api.http.get(`/stats/packs/${SHENZHEN}/pools?year=20x5`).set(as('admin'))).status).toBe(400);
  });

  it('hides another jurisdiction’s pools from a supervisor and refuses officers and applicants', async () => {
    expect((await api.http.get(`/stats/packs/${SHENZHEN}/pools`).set(as('supervisor-nt-stb'))).status).toBe(404);
    expect((await api.http.get(`/stats/packs/${SHENZHEN}/pools`).set(as('officer-miit'))).status).toBe(403);
    expect((await api.http.get(`/stats/packs/${SHENZHEN}/pools`).set(as('applicant-pengcheng'))).status).toBe(403);
    expect((await api.http.get('/stats/bureaus').set(as('officer-miit'))).status).toBe(403);
  });

  it('shows a supervisor only their own bureau’s open tasks by age and decision times', async () => {
    const res = await api.http.get('/stats/bureaus').set(as('supervisor-miit'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      year: 2025,
      items: [
        {
          jurisdictionId: 'shenzhen',
          bureauCode: 'miit',
          name: { zh: '市工业和信息化局', en: 'Municipal Bureau of Industry and Information Technology' },
          openTasks: [
            { bucket: '0-2', count: 1 },
            { bucket: '3-7', count: 0 },
            { bucket: '8-14', count: 1 },
            { bucket: '15-30', count: 0 },
            { bucket: '31+', count: 1 },
          ],
          decisions: [
            { month: '2025-04', decided: 1, medianDays: 0.5, p90Days: 0.5 },
            { month: '2025-05', decided: 4, medianDays: 2.5, p90Days: 3.7 },
          ],
        },
      ],
    });
    const stic = await api.http.get('/stats/bureaus').set(as('supervisor-stic'));
    expect(stic.body.items.map((b: { bureauCode: string }) => b.bureauCode)).toEqual(['stic']);
    expect(stic.body.items[0].decisions).toEqual([{ month: '2025-06', decided: 1, medianDays: 10, p90Days: 10 }]);
  });

  it('shows an admin every bureau with figures', async () => {
    const res = await api.http.get('/stats/bureaus').set(as('admin'));
    expect(res.body.items.map((b: { bureauCode: string }) => b.bureauCode)).toEqual(['miit', 'stic']);
    expect((await api.http.get('/stats/bureaus?year=2024').set(as('admin'))).body.items.map((b: { decisions: unknown[] }) => b.decisions)).toEqual([[], []]);
  });
});
