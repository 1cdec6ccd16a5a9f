/**
 * A unique index refused the write: another writer got there first. Prisma's P2002 for its own
 * queries; a raw statement's failure is P2010, with the driver's error (SQLSTATE 23505) in its meta.
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = (err ?? {}) as PrismaLike;
  return e.code === 'P2002' || (e.code === 'P2010' && e.meta?.driverAdapterError?.cause?.originalCode === '23505');
}

// Prisma request errors that the same request will always meet again: a value too long or out of
// range, a foreign key or check constraint, a null in a required column, invalid input.
const PERMANENT_PRISMA_CODES = new Set(['P2000', 'P2003', 'P2004', 'P2005', 'P2006', 'P2007', 'P2011', 'P2012', 'P2019', 'P2020', 'P2023', 'P2033']);

interface PrismaLike {
  name?: string;
  code?: string;
  meta?: { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } };
}

/**
 * Why no retry can make this database error go away, or null when one might (a lost connection, a
 * timeout, a serialization failure, a unique race). Permanent: invalid input refused by Prisma, and
 * PostgreSQL's data exceptions (SQLSTATE class 22: encoding, NUL, out of range) and integrity
 * violations (class 23) other than a unique race.
 */
export function permanentDatabaseError(err: unknown): string | null {
  const e = (err ?? {}) as PrismaLike;
  if (e.name === 'PrismaClientValidationError') return 'the database client refused the request as invalid';
  const cause = e.meta?.driverAdapterError?.cause;
  const sqlstate = cause?.originalCode ?? '';
  if (/^2[23]/.test(sqlstate) && sqlstate !== '23505')
    return `PostgreSQL refused the write (SQLSTATE ${sqlstate}: ${cause?.originalMessage ?? 'data exception'})`;
  if (e.name === 'PrismaClientKnownRequestError' && e.code && PERMANENT_PRISMA_CODES.has(e.code)) return `the database refused the write (Prisma ${e.code})`;
  return null;
}

// Node's socket errors, PostgreSQL's connection and shutdown SQLSTATEs (class 08, 57P01–57P03) and
// Prisma's "cannot reach / connection closed" codes.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
]);
const UNREACHABLE_MESSAGE =
  /Connection terminated|connect ECONNREFUSED|Can't reach database server|Server has closed the connection|timeout exceeded when trying to connect|Connection refused|DatabaseNotReachable|ConnectionClosed/i;

/**
 * The database could not be reached or dropped the connection (as opposed to refusing a query):
 * worth a 503 and a retry, not a 500. Walks the `cause` chain, where Prisma's driver adapter keeps pg's error.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, kind, message, originalCode } = e as { code?: unknown; kind?: unknown; message?: unknown; originalCode?: unknown };
    if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) return true;
    if (typeof originalCode === 'string' && UNREACHABLE_CODES.has(originalCode)) return true;
    if (kind === 'DatabaseNotReachable' || kind === 'ConnectionClosed' || kind === 'SocketTimeout') return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGE.test(message)) return true;
  }
  return false;
}

/**
 * Every connection of the pool stayed busy for longer than a transaction may wait to start (Prisma's
 * P2028 "Unable to start a transaction in the given time"): an overload, worth a 503 and a retry.
 */
export function isDatabaseBusy(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === 'P2028' && typeof e.message === 'string' && /Unable to start a transaction in the given time/i.test(e.message);
}
