import { createHash } from 'node:crypto';
import type { Response } from 'superagent';
import type { PrismaService } from '../../src/database/prisma.service';
import { m10Submission, m15Submission, m2Form, m9SpecialSubmission } from './fixtures';
import { SUBTYPE_FIXTURES } from './subtype-fixtures';

/** Document ids named in the forms or answers of tests that inline their own (policy-as-data, the lab lifecycle, the rent-free clock, the review clock, the audit trail). */
const INLINE_IDS = [
  'doc-cert-1',
  'doc-inv',
  'doc-nt-invoice-007',
  'doc-nt-quality-031',
  'doc-nt-proposal-002',
  'doc-1',
  'doc-approval',
  'doc-plan',
  'doc-tenancy',
];

const docIdsIn = (form: unknown): string[] =>
  Object.values((form ?? {}) as Record<string, unknown>).filter((v): v is string => typeof v === 'string' && v.startsWith('doc-'));

/** Every document id the fixture forms name. */
export function fixtureDocumentIds(): string[] {
  const forms = [
    m2Form(),
    m9SpecialSubmission().form,
    m15Submission().form,
    m10Submission().form,
    ...SUBTYPE_FIXTURES.flatMap((f) => [f.form, f.ineligible.form]),
  ];
  return [...new Set([...forms.flatMap(docIdsIn), ...INLINE_IDS])];
}

/**
 * The fixture forms' documents, as if every organisation had uploaded them (metadata only; the
 * bytes are never read): a submission must name documents of its own organisation. Tests of the
 * documents themselves upload through the API.
 */
export async function seedFixtureDocuments(prisma: PrismaService): Promise<void> {
  const organisations = await prisma.organisation.findMany({ select: { id: true } });
  const uploader = await prisma.user.findFirst({ where: { role: 'applicant' }, select: { id: true } });
  await prisma.document.createMany({
    data: organisations.flatMap((o) =>
      fixtureDocumentIds().map((id) => ({
        organisationId: o.id,
        id,
        uploadedById: uploader?.id ?? 'fixture',
        name: `${id}.pdf`,
        contentType: 'application/pdf',
        sizeBytes: 1,
        sha256: createHash('sha256').update(id).digest('hex'),
      })),
    ),
    skipDuplicates: true,
  });
}

/** A supertest parser that keeps a response body as the bytes it was: `.buffer(true).parse(bytesOf)`. */
export function bytesOf(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
