import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';

/**
 * Money on the wire is a JSON string of integer fen ("150000" is 1,500.00 yuan), nothing else. These
 * are every amount the API accepts: application form amounts and an officer's approved amount.
 */
const REFUSED: [string, unknown][] = [
  ['a JSON number', 150000],
  ['a fractional JSON number', 1500.5],
  ['a JSON number in exponent form', 1e21],
  ['a decimal string (yuan with cents)', '1500.00'],
  ['a fraction of a fen', '100.5'],
  ['exponent notation', '1e6'],
  ['an upper-case exponent', '1E6'],
  ['a negative amount', '-100'],
  ['a leading plus', '+100'],
  ['a leading zero', '0100'],
  ['surrounding spaces', ' 100 '],
  ['thousands separators', '1,000'],
  ['underscores', '1_000'],
  ['full-width digits', '１００'],
  ['an empty string', ''],
  ['more than 18 digits', '1000000000000000000'],
  ['null', null],
  ['a boolean', true],
];

describe('amounts on the wire', () => {
  let api: ApiApp;
  beforeAll(async () => {
    api = await startApiApp();
  });
  afterAll(async () => {
    await api?.close();
  });
  const bearer = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });

  describe('in an application form', () => {
    it.each(REFUSED)('refuses %s with a 400 naming the field, and stores nothing', async (_what, value) => {
      const res = await api.http
        .post('/cases')
        .set(bearer('applicant-szu'))
        .send(m2Submission({ contractAmountFen: value }));
      expect(res.status).toBe(400);
      expect((res.body.issues as { path: string }[]).map((i) => i.path)).toContain('form.contractAmountFen');
      expect(await api.prisma.case.count()).toBe(0);
    });

    it('tells the applicant how to write the amount instead', async () => {
      const asNumber = await api.http
        .post('/cases')
        .set(bearer('applicant-szu'))
        .send(m2Submission({ contractAmountFen: 150000 }));
      expect(asNumber.body.issues[0].message).toContain('"150000"');
      const asYuan = await api.http
        .post('/cases')
        .set(bearer('applicant-szu'))
        .send(m2Submission({ contractAmountFen: '12.34' }));
      expect(asYuan.body.issues[0].message).toMatch(/"1234"/);
    });

    it.each([
      ['the smallest amount', '1'],
      ['the largest 18-digit amount that fits the form', '999999999999999999'],
    ])('accepts %s', async (_what, value) => {
      const res = await api.http
        .post('/cases')
        .set(bearer('applicant-szu'))
        .send(m2Submission({ contractAmountFen: value, contractNumber: `WIRE-${value}` }));
      expect(res.status).toBe(201);
      expect(res.body.form.contractAmountFen).toBe(value);
    });
  });

  describe('in an officer’s decision', () => {
    // A well-formed task id, so that only the amount can be wrong.
    const TASK = '00000000-0000-4000-8000-000000000000';
    it.each(REFUSED)('refuses %s as amountFen with a 400 naming the field', async (_what, value) => {
      const res = await api.http.post(`/tasks/${TASK}/decision`).set(bearer('officer-stic')).send({ decision: 'approve', amountFen: value });
      expect(res.status).toBe(400);
      expect((res.body.issues as { path: string }[]).map((i) => i.path)).toContain('amountFen');
      expect(api.temporal.updates).toHaveLength(0);
    });

    it('tells the officer how to write the amount instead, in the same words as the form', async () => {
      const decide = (amountFen: unknown) => api.http.post(`/tasks/${TASK}/decision`).set(bearer('officer-stic')).send({ decision: 'approve', amountFen });
      const messageFor = async (amountFen: unknown): Promise<string> => {
        const res = await decide(amountFen);
        expect(res.status).toBe(400);
        return (res.body.issues as { path: string; message: string }[]).find((i) => i.path === 'amountFen')!.message;
      };
      expect(await messageFor(150000)).toContain('send "150000"');
      expect(await messageFor('12.34')).toMatch(/no decimal point .*"1234"/);
      expect(await messageFor('1e6')).toMatch(/exponent notation/);
      expect(await messageFor('-100')).toMatch(/must not be negative/);
      expect(await messageFor('0100')).toMatch(/leading zeros/);
      // The application form explains a bad amount with the very same sentence.
      const form = await api.http
        .post('/cases')
        .set(bearer('applicant-szu'))
        .send(m2Submission({ contractAmountFen: '12.34' }));
      expect(form.body.issues[0].message).toBe(await messageFor('12.34'));
      expect(api.temporal.updates).toHaveLength(0);
    });

    it('lets a well-formed amount through to the task lookup', async () => {
      const res = await api.http.post(`/tasks/${TASK}/decision`).set(bearer('officer-stic')).send({ decision: 'approve', amountFen: '150000' });
      expect(res.status).toBe(404);
      expect(res.body.field).toBe('taskId');
    });
  });
});
