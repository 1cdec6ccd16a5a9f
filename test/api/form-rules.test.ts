import { fixedClock } from '../../src/common/clock';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m10Submission, m2Submission } from '../support/fixtures';

/**
 * Mistakes the form alone shows (a date after the receipt, a part above its whole) are refused at
 * their field before anything is stored. "Today" is the service's clock, here a day in 2025 long
 * before the machine's date, so a contract dated later in 2025 is in the future for the service.
 */
describe('form rules refuse a submission at the field', () => {
  const RECEIVED = '2025-06-02T09:00:00+08:00';
  let api: ApiApp;
  const applicant = (): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor('applicant-lingxi')}` });
  beforeAll(async () => {
    api = await startApiApp({}, undefined, { clock: fixedClock(RECEIVED) });
  });
  afterAll(async () => {
    await api?.close();
  });

  const nothingStored = async (): Promise<void> => {
    expect(await api.prisma.case.count()).toBe(0);
    expect(api.temporal.starts).toEqual([]);
  };

  it('refuses a contract dated after the day of receipt, naming the field and the date in Chinese and English', async () => {
    const res = await api.http
      .post('/cases')
      .set(applicant())
      .send(m2Submission({ contractSignedOn: '2025-06-03' }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: 'form.contractSignedOn' });
    expect(res.body.issues).toEqual([
      {
        path: 'form.contractSignedOn',
        zh: '合同签订日期不得晚于申请受理日期（2025-06-02）',
        message: '“Contract signed on” cannot be later than the day the application is received (2025-06-02)',
      },
    ]);
    await nothingStored();
  });

  it('refuses an enterprise share above the total fee at the share', async () => {
    const res = await api.http
      .post('/cases')
      .set(applicant())
      .send(m10Submission({ totalServiceFeeFen: '80000000', enterpriseShareFeeFen: '80000001' }));
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      {
        path: 'form.enterpriseShareFeeFen',
        zh: '其中企业承担部分不得大于服务费用总额',
        message: '“Part of the fee the enterprise bears” cannot exceed “Total service fee”',
      },
    ]);
    await nothingStored();
  });

  it('takes a contract signed on the day of receipt and a share equal to the whole', async () => {
    const onTheDay = await api.http
      .post('/cases')
      .set(applicant())
      .send(m2Submission({ contractSignedOn: '2025-06-02' }));
    expect(onTheDay.status).toBe(201);
    const whole = await api.http
      .post('/cases')
      .set(applicant())
      .send(m10Submission({ totalServiceFeeFen: '80000000', enterpriseShareFeeFen: '80000000' }));
    expect(whole.status).toBe(201);
    expect(await api.prisma.case.count()).toBe(2);
  });

  it('publishes the rules with the form, for the pages to check before submitting', async () => {
    const res = await api.http.get('/catalog/packs/shenzhen-ai-pioneer-2024/measures/m10/subtypes/m10/form');
    expect(res.status).toBe(200);
    expect(res.body['x-form-rules']).toEqual([
      expect.objectContaining({
        kind: 'atMostField',
        field: 'enterpriseShareFeeFen',
        other: 'totalServiceFeeFen',
        text: expect.objectContaining({ zh: '其中企业承担部分不得大于服务费用总额' }),
      }),
    ]);
    expect(res.body['x-time-zone']).toBe('Asia/Shanghai');
  });
});
