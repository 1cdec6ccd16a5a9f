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
  caseBureauCodes: string[];
}

/** A form field of a case and the document it names. */
export interface CaseDocumentRow extends DocumentRow {
  field: string;
}

const isForeignKeyViolation = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'P2003';

@Injectable()
export class DocumentRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(d: Omit<DocumentRow, 'createdAt'> & { createdAt: Date }): Promise<DocumentRow> {
    return this.prisma.document.create({ data: d });
  }

  /**
   * Every row with this id (one in practice: ids are random UUIDs; the key is per organisation), each
   * with the bureaus that have a review task on a case naming it.
   */
  async withReaders(id: string): Promise<ReadableDocument[]> {
    const rows = await this.prisma.document.findMany({
      where: { id },
      include: { cases: { select: { case: { select: { tasks: { select: { bureauCode: true } } } } } } },
    });
    return rows.map(({ cases, ...d }) => ({ ...d, caseBureauCodes: [...new Set(cases.flatMap((c) => c.case.tasks.map((t) => t.bureauCode)))] }));
  }

  /** Which of these ids are documents of the organisation. */
  async existingOf(organisationId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.prisma.document.findMany({ where: { organisationId, id: { in: ids } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /** The documents a case's form names, in field order of the stored links. */
  async ofCase(caseId: string): Promise<CaseDocumentRow[]> {
    const links = await this.prisma.caseDocument.findMany({ where: { caseId }, include: { document: true }, orderBy: { field: 'asc' } });
    return links.map((l) => ({ ...l.document, field: l.field }));
  }

  /** Deletes a document no case names; 'referenced' when one does (the foreign key refuses). */
  async deleteUnreferenced(organisationId: string, id: string): Promise<'deleted' | 'referenced' | 'missing'> {
    try {
      const r = await this.prisma.document.deleteMany({ where: { organisationId, id } });
      return r.count === 0 ? 'missing' : 'deleted';
    } catch (err) {
      if (isForeignKeyViolation(err)) return 'referenced';
      throw err;
    }
  }
}
