/** A unique index refused the write (Prisma's P2002): another writer got there first. */
export const isUniqueViolation = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'P2002';

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
