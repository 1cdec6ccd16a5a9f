import { randomUUID } from 'node:crypto';
import { budgetYear } from '../../src/domain';
import { poolHeld } from '../../src/domain/ledger/ledger';
import { LedgerRepository } from '../../src/database/ledger.repository';
import { eventually, startHarness, type Harness } from '../support/harness';
import { m10Submission, SHENZHEN } from '../support/fixtures';
import { approveAll, claimFinalTask } from '../support/money';
import { testPacks, withPools } from '../support/packs';

const CITY_POOL = 'm10-city';
const DISTRICT_POOL = 'm10-longgang';
const LONGGANG = 'district:longgang';

/**
 * Measure 10 with a city pool and a pool of Longgang's own treasury (no real pack has district
 * budgets: the policy gives none), through the real API, case workflow and payment workflow.
 */
const packs = () =>
  testPacks().map((p) =>
    p.id === SHENZHEN
      ? withPools(
          p,
          [
            { code: CITY_POOL, name: { zh: '国产生态市级资金', en: 'Domestic ecosystem, city fund' }, annualFen: '1000000000', subtypes: ['m10'] },
            {
              code: DISTRICT_POOL,
              name: { zh: '龙岗区国产生态配套资金', en: 'Longgang domestic ecosystem matching fund' },
              annualFen: '140000000',
              subtypes: ['m10'],
              funder: LONGGANG,
            },
          ],
          { m10: CITY_POOL },
        )
      : p,
  );

describe('a co-funded award drawn from the city pool and the district’s own pool', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ packs: packs() });
  });
  afterAll(async () => {
    await h?.close();
  });

  const year = (): number => budgetYear(new Date(), 'Asia/Shanghai');
  const reserved = async (code: string): Promise<bigint> =>
    (await h.prisma.budgetPool.findUniqueOrThrow({ where: { packId_code_year: { packId: SHENZHEN, code, year: year() } } })).reservedFen;
  const finalOf = async (enterpriseShareFeeFen: string): Promise<{ id: string; final: { taskId: string; officer: string } }> => {
    const res = await h.http
      .post('/cases')
      .set(h.auth('applicant-pengcheng'))
      .send(m10Submission({ serviceContractNumber: `DPOOL-${randomUUID()}`, totalServiceFeeFen: '500000000', enterpriseShareFeeFen }));
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    return { id, final: await claimFinalTask(h, 'applicant-pengcheng', id, 120_000) };
  };

  it('lists the district pool with its funder', async () => {
    const res = await h.http.get(`/catalog/packs/${SHENZHEN}/pools`).set(h.auth('officer-miit'));
    expect(res.status).toBe(200);
    const items = res.body.items as { code: string; funder: string; availableFen: string }[];
    expect(items.find((p) => p.code === DISTRICT_POOL)).toMatchObject({ funder: LONGGANG, subtypes: ['m10'], availableFen: '140000000' });
    expect(items.find((p) => p.code === CITY_POOL)).toMatchObject({ funder: 'city' });
    expect(items.find((p) => p.code === 'm2-training-voucher')).toMatchObject({ funder: 'city' });
  });

  it('reserves each share from its own pool, refuses an award whose district share the district pool cannot take, and gives a cancelled district order back to it', async () => {
    // 2,000,000 yuan of the enterprise's share → 1,000,000 yuan: 500,000 from each pool.
    const first = await finalOf('200000000');
    const [ok] = await approveAll(h, [first.final]);
    expect(ok).toMatchObject({ status: 200, body: { caseStatus: 'approved', approvedAwardFen: '100000000' } });
    expect([await reserved(CITY_POOL), await reserved(DISTRICT_POOL)]).toEqual([50_000_000n, 50_000_000n]);

    // 2,000,000 yuan asked: Longgang's 1,000,000 share is more than the 900,000 its pool has left.
    const second = await finalOf('400000000');
    const [refused] = await approveAll(h, [second.final]);
    expect(refused!.status).toBe(422);
    expect(refused!.body).toMatchObject({ field: 'amountFen', poolCode: DISTRICT_POOL, availableFen: '90000000', atMostFen: '180000001' });
    expect(refused!.body.message).toContain('budget pool "Longgang domestic ecosystem matching fund"');
    expect(refused!.body.message).toContain('CNY 900,000.00 left, less than its share of the award, CNY 1,000,000.00; approve at most CNY 1,800,000.01');
    expect(refused!.body.zh).toContain('「龙岗区国产生态配套资金」预算剩余 900,000.00 元,不足其应承担的 1,000,000.00 元;可核定不超过 1,800,000.01 元');
    // Refused: nothing is held, and the task stays with the officer.
    expect([await reserved(CITY_POOL), await reserved(DISTRICT_POOL)]).toEqual([50_000_000n, 50_000_000n]);

    // The officer approves what fits both pools: the district's 900,000 exactly, the odd fen to the city.
    const [lower] = await approveAll(h, [second.final], { decision: 'approve', amountFen: '180000001', comment: 'what the Longgang matching fund has left' });
    expect(lower).toMatchObject({ status: 200, body: { caseStatus: 'approved', approvedAwardFen: '180000001' } });
    expect([await reserved(CITY_POOL), await reserved(DISTRICT_POOL)]).toEqual([140_000_001n, 140_000_000n]);

    const districtOrder = await eventually(
      async () => {
        const res = await h.http.get('/payment-orders').set(h.auth('finance-district-longgang'));
        return (res.body.items as { orderId: string; caseId: string; amountFen: string }[]).find((o) => o.caseId === second.id);
      },
      30_000,
      'the district order',
    );
    expect(districtOrder.amountFen).toBe('90000000');
    const cancel = await h.http
      .post(`/payment-orders/${districtOrder.orderId}/status`)
      .set(h.auth('finance-district-longgang'))
      .send({ status: 'cancelled', reason: 'the district withdrew its matching funds' });
    expect(cancel.status).toBe(200);
    // The district's share goes back to the district's pool; the city's stays held.
    expect([await reserved(CITY_POOL), await reserved(DISTRICT_POOL)]).toEqual([140_000_001n, 50_000_000n]);
    const rows = await h.workerContext.get(LedgerRepository).all();
    for (const code of [CITY_POOL, DISTRICT_POOL]) expect(poolHeld(rows, `${SHENZHEN}:${code}:${year()}`)).toBe(await reserved(code));
  });
});
