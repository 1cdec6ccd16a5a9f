/** A unique index refused the write (Prisma's P2002): another writer got there first. */
export const isUniqueViolation = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'P2002';
