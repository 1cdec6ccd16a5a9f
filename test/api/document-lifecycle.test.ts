import { bytesOf } from '../support/documents';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentService } from '../../src/documents/document.service';
import { startApiApp, type ApiApp } from '../support/api-app';

const pdf = (tag: string): Buffer => Buffer.from(`%PDF-1.4\n% ${tag}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR lifecycle image')]);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const HOUR = 3_600_000;

/** What becomes of an upload's bytes: freed on deletion and by the sweep of unreferenced uploads, served so they cannot run. */
describe('uploaded files: their bytes, their expiry and how they are served', () => {
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  const blob = (b: Buffer): string => join(process.env.DOCUMENTS_DIR!, 'sha256', sha256(b).slice(0, 2), sha256(b));
  const upload = async (user: string, body: Buffer, contentType = 'application/pdf'): Promise<string> => {
    const res = await api.http.post('/documents').set(as(user)).set('Content-Type', contentType).send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const rows = (): Promise<number> => api.prisma.document.count();

  beforeAll(async () => {
    api = await startApiApp({ DOCUMENT_UNREFERENCED_HOURS: '24' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('frees the bytes when the last document holding them is deleted', async () => {
    const bytes = pdf(randomUUID());
    const lingxi = await upload('applicant-lingxi', bytes);
    const pengcheng = await upload('applicant-pengcheng', bytes);
    expect(existsSync(blob(bytes))).toBe(true);
    expect((await api.http.delete(`/documents/${lingxi}`).set(as('applicant-lingxi'))).status).toBe(204);
    // The other organisation's upload of the same bytes still needs them.
    expect(existsSync(blob(bytes))).toBe(true);
    const theirs = await api.http.get(`/documents/${pengcheng}`).set(as('applicant-pengcheng')).buffer(true).parse(bytesOf);
    expect(theirs.body).toEqual(bytes);
    expect((await api.http.delete(`/documents/${pengcheng}`).set(as('applicant-pengcheng'))).status).toBe(204);
    expect(existsSync(blob(bytes))).toBe(false);
    // Uploaded again after its bytes were freed, the file is whole again.
    const again = await upload('applicant-lingxi', bytes);
    expect((await api.http.get(`/documents/${again}`).set(as('applicant-lingxi')).buffer(true).parse(bytesOf)).body).toEqual(bytes);
  });

  it('sweeps uploads no case names once they are older than DOCUMENT_UNREFERENCED_HOURS, and keeps those a case names', async () => {
    const loose = pdf(randomUUID());
    const inForm = pdf(randomUUID());
    const inAnswer = pdf(randomUUID());
    const looseId = await upload('applicant-lingxi', loose);
    const formId = await upload('applicant-lingxi', inForm);
    const answerId = await upload('applicant-lingxi', inAnswer);
    const caseId = await api.insertCase({
      measureCode: 'm2',
      subtypeCode: 'm2',
      organisationId: 'org-lingxi',
      submittedById: 'applicant-lingxi',
      form: { contractDocument: formId },
      status: 'in_review',
    });
    await api.prisma.caseDocument.create({ data: { caseId, field: 'contractDocument', organisationId: 'org-lingxi', documentId: formId } });
    await api.prisma.caseEventRow.create({
      data: {
        caseId,
        eventKey: 'answer-1',
        type: 'case.information_received',
        actorId: 'applicant-lingxi',
        data: { answers: 'attached', documentIds: [answerId], requestTaskId: randomUUID(), pausedMs: 0 },
        at: new Date(),
      },
    });
    const sweeper = api.app.get(DocumentService);
    const before = await rows();
    expect(await sweeper.sweepUnreferenced(new Date(Date.now() + 23 * HOUR))).toBe(0);
    expect(await rows()).toBe(before);

    // Older uploads of earlier tests (and the fixtures' rows, which name no bytes) go too: count this test's own.
    await sweeper.sweepUnreferenced(new Date(Date.now() + 25 * HOUR));
    expect((await api.http.get(`/documents/${looseId}`).set(as('applicant-lingxi'))).status).toBe(404);
    expect(existsSync(blob(loose))).toBe(false);
    for (const [id, bytes] of [
      [formId, inForm],
      [answerId, inAnswer],
    ] as const) {
      expect((await api.http.get(`/documents/${id}`).set(as('applicant-lingxi'))).status).toBe(200);
      expect(existsSync(blob(bytes))).toBe(true);
    }
    // Named in an answer to a request for information: kept from its applicant's delete too.
    const del = await api.http.delete(`/documents/${answerId}`).set(as('applicant-lingxi'));
    expect(del.status).toBe(409);
    expect(del.body).toMatchObject({ reason: 'DocumentReferenced' });
  });

  it('serves a PDF as a sandboxed attachment and an image inline, sandboxed too', async () => {
    const pdfId = await upload('applicant-lingxi', pdf(randomUUID()));
    const got = await api.http.get(`/documents/${pdfId}`).set(as('applicant-lingxi'));
    expect(got.headers['content-disposition']).toMatch(/^attachment; filename="document\.pdf"/);
    expect(got.headers['content-security-policy']).toMatch(/^sandbox(;|$)/);
    const pngId = await upload('applicant-lingxi', PNG, 'image/png');
    const img = await api.http.get(`/documents/${pngId}`).set(as('applicant-lingxi'));
    expect(img.headers['content-disposition']).toMatch(/^inline; filename="document\.png"/);
    expect(img.headers['content-security-policy']).toMatch(/^sandbox(;|$)/);
  });

  it.each(['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'text/html; charset=utf-8'])(
    'refuses an upload declared as %s with its own 415, never quoting the body',
    async (type) => {
      const before = await rows();
      const res = await api.http
        .post('/documents')
        .set(as('applicant-lingxi'))
        .set('Content-Type', type)
        .send(type.startsWith('application/x-www') ? 'secret=SENTINEL-4711' : '{"secret": "SENTINEL-4711"');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, field: 'Content-Type', message: expect.stringContaining('application/pdf'), zh: expect.any(String) });
      expect(res.text).not.toContain('SENTINEL-4711');
      expect(await rows()).toBe(before);
    },
  );

  it('asks who is calling before it judges the declared type', async () => {
    const res = await api.http.post('/documents').set('Content-Type', 'application/json').send('{"secret": "SENTINEL-4711"}');
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('SENTINEL-4711');
  });
});
