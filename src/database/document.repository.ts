import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service';

/** One documents row: an uploaded file's metadata (its bytes are in the document store). */
export interface DocumentRow {
  organisationId: string;
  id: string;
  uploadedById: string;
  name: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: Date;
}

/** A document with the bureaus of the cases that name it: who besides its organisation may read it. */
export interface ReadableDocument extends DocumentRow {
  /** The organisation's jurisdiction: the bureaus named are that city's. */
  jurisdictionId: string;
  caseBureauCodes: string[];
}

/** A form field of a case and the document it names. */
export interface CaseDocumentRow extends DocumentRow {
  field: string;
}

/** An organisation's uploads: bytes in the last 24 hours, and bytes it keeps in all (documents deleted no longer count). */
export interface UploadUsage {
  bytesToday: number;
  totalBytes: number;
}

const DAY_MS = 24 * 3_600_000;

async function usageOf(db: Tx | PrismaService, organisationId: string, since: Date): Promise<UploadUsage> {
  const [today, total] = await Promise.all([
    db.document.aggregate({ where: { organisationId, createdAt: { gte: since } }, _sum: { sizeBytes: true } }),
    db.document.aggregate({ where: { organisationId }, _sum: { sizeBytes: true } }),
  ]);
  return { bytesToday: today._sum.sizeBytes ?? 0, totalBytes: total._sum.sizeBytes ?? 0 };
}

type Tx = Parameters<Parameters<PrismaService['$transaction']>[0]>[0];

/** One writer at a time per blob: an upload naming these bytes, or a deletion that may free them. */
const lockBlob = (tx: Tx, sha256: string): Promise<unknown> => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`blob:${sha256}`}))`;

/** Which of these documents an answer to a request for information on one of the organisation's cases names. */
async function namedInAnswers(db: Tx | PrismaService, organisationId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT d.id FROM application_events e
    JOIN applications a ON a.id = e.application_id
    CROSS JOIN LATERAL jsonb_array_elements_text(e.data->'documentIds') AS d(id)
    WHERE e.type = 'case.information_received' AND a.organisation_id = ${organisationId} AND d.id = ANY(${ids})`;
  return new Set(rows.map((r) => r.id));
}

const isForeignKeyViolation = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'P2003';

@Injectable()
export class DocumentRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Records an upload, then keeps its bytes (`commit`); when they cannot be kept the row goes again.
   * The row is written under the lock on its sha-256 that deletion takes, so a deletion that sees the
   * last row of these bytes go cannot remove a blob this upload is about to name.
   */
  async create(
    d: Omit<DocumentRow, 'createdAt'> & { createdAt: Date },
    commit: () => Promise<void> = async () => undefined,
    admit: (usage: UploadUsage) => Error | null = () => null,
  ): Promise<DocumentRow> {
    const row = await this.prisma.$transaction(async (tx) => {
      // One upload per organisation at a time is checked against its quota, so two cannot both fit in the last bytes.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`uploads:${d.organisationId}`}))`;
      const refused = admit(await usageOf(tx, d.organisationId, new Date(d.createdAt.getTime() - DAY_MS)));
      if (refused) throw refused;
      await lockBlob(tx, d.sha256);
      return tx.document.create({ data: d });
    });
    try {
      await commit();
    } catch (err) {
      await this.prisma.document.deleteMany({ where: { organisationId: d.organisationId, id: d.id } });
      throw err;
    }
    return row;
  }

  /**
   * Every row with this id (one in practice: ids are random UUIDs; the key is per organisation), each
   * with the bureaus that have a review task on a case naming it.
   */
  async withReaders(id: string): Promise<ReadableDocument[]> {
    const rows = await this.prisma.document.findMany({
      where: { id },
      include: {
        organisation: { select: { jurisdictionId: true } },
        cases: { select: { case: { select: { tasks: { select: { bureauCode: true } } } } } },
      },
    });
    if (rows.length === 0) return [];
    // A file sent with an answer to a request for information is read by the bureaus of the case it answered.
    const answered = await this.prisma.$queryRaw<{ bureauCode: string }[]>`
      SELECT DISTINCT t.bureau_code AS "bureauCode" FROM application_events e
      JOIN review_tasks t ON t.application_id = e.application_id
      WHERE e.type = 'case.information_received' AND e.data->'documentIds' ? ${id}`;
    const answeredBy = answered.map((r) => r.bureauCode);
    return rows.map(({ cases, organisation, ...d }) => ({
      ...d,
      jurisdictionId: organisation.jurisdictionId,
      caseBureauCodes: [...new Set([...cases.flatMap((c) => c.case.tasks.map((t) => t.bureauCode)), ...answeredBy])],
    }));
  }

  /** What an organisation has uploaded in the 24 hours before `at` and keeps in all. */
  async usage(organisationId: string, at: Date): Promise<UploadUsage> {
    return usageOf(this.prisma, organisationId, new Date(at.getTime() - DAY_MS));
  }

  /** Which of these ids are documents of the organisation. */
  async existingOf(organisationId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.prisma.document.findMany({ where: { organisationId, id: { in: ids } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /** File names by id, of an organisation's documents (the files sent with an answer to a request for information). */
  async namesOf(organisationId: string, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.document.findMany({ where: { organisationId, id: { in: ids } }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /**
   * Deletes a document no case names, neither in its form (the foreign key refuses) nor in an answer
   * to a request for information; 'referenced' when one does. When no other row has the same bytes,
   * `removeBlob` frees them, inside the transaction: if that fails the row stays, and a retry frees both.
   */
  async deleteUnreferenced(organisationId: string, id: string, removeBlob: (sha256: string) => Promise<void>): Promise<'deleted' | 'referenced' | 'missing'> {
    try {
      return await this.prisma.$transaction(
        async (tx) => {
          const doc = await tx.document.findUnique({ where: { organisationId_id: { organisationId, id } }, select: { sha256: true } });
          if (!doc) return 'missing';
          await lockBlob(tx, doc.sha256);
          if ((await namedInAnswers(tx, organisationId, [id])).size > 0) return 'referenced';
          const r = await tx.document.deleteMany({ where: { organisationId, id } });
          if (r.count === 0) return 'missing';
          if ((await tx.document.count({ where: { sha256: doc.sha256 } })) === 0) await removeBlob(doc.sha256);
          return 'deleted';
        },
        { timeout: 30_000 },
      );
    } catch (err) {
      if (isForeignKeyViolation(err)) return 'referenced';
      throw err;
    }
  }

  /** Uploads created before `before` that no case names (form or answer): what the sweep removes. */
  async unreferencedBefore(before: Date, limit: number): Promise<{ organisationId: string; id: string }[]> {
    const rows = await this.prisma.document.findMany({
      where: { createdAt: { lt: before }, cases: { none: {} } },
      select: { organisationId: true, id: true },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
    const named = new Set<string>();
    for (const org of new Set(rows.map((r) => r.organisationId))) {
      const ids = rows.filter((r) => r.organisationId === org).map((r) => r.id);
      for (const id of await namedInAnswers(this.prisma, org, ids)) named.add(`${org}/${id}`);
    }
    return rows.filter((r) => !named.has(`${r.organisationId}/${r.id}`));
  }
}
