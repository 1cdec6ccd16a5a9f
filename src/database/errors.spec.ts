import { isDatabaseBusy, isDatabaseUnavailable, isUniqueViolation } from './errors';

describe('isDatabaseUnavailable', () => {
  it('recognises refused, reset and dropped connections, also deep in a cause chain', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    const adapter = Object.assign(new Error('driver adapter error'), { cause: { kind: 'postgres', originalCode: '08006', message: 'x' } });
    expect(isDatabaseUnavailable(Object.assign(new Error('Invalid `prisma.case.findUnique()` invocation'), { cause: adapter }))).toBe(true);
  });

  it('leaves query errors and bugs alone (they stay 4xx or 500)', () => {
    const unique = Object.assign(new Error('Unique constraint failed'), { code: 'P2002' });
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(isUniqueViolation(unique)).toBe(true);
    // A raw statement's unique violation, as Prisma reports it.
    const raw = { code: 'P2010', meta: { driverAdapterError: { cause: { originalCode: '23505', kind: 'UniqueConstraintViolation' } } } };
    expect(isUniqueViolation(Object.assign(new Error('Raw query failed. Code: `23505`'), raw))).toBe(true);
    const check = { code: 'P2010', meta: { driverAdapterError: { cause: { originalCode: '23514' } } } };
    expect(isUniqueViolation(Object.assign(new Error('Raw query failed. Code: `23514`'), check))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });

  it('tells an exhausted pool (a transaction that could not start in time) from other transaction errors', () => {
    expect(isDatabaseBusy(Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), { code: 'P2028' }))).toBe(true);
    expect(isDatabaseBusy(Object.assign(new Error('Transaction API error: Transaction already closed'), { code: 'P2028' }))).toBe(false);
    expect(isDatabaseBusy(new Error('Unable to start a transaction in the given time.'))).toBe(false);
  });
});
