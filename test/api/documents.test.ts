import { bytesOf } from '../support/documents';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR fake image body')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF fake image body')]);
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const MAX = 4096;

describe('evidence documents: upload, who may read them, and what a submitted case keeps', () => {
  let api: ApiApp;
  const dir = (): string => process.env.DOCUMENTS_DIR!;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  beforeAll(async () => {
    api = await startApiApp({ DOCUMENT_MAX_BYTES: String(MAX) });
  });
  afterAll(async () => {
    await api?.close();
  });

  const upload = (user: string, body: Buffer, contentType = 'application/pdf', name?: string) => {
    const req = api.http
      .post('/documents')
      .set(as(user))
      .set('Content-Type', contentType)
      .query(name === undefined ? {} : { name });
    return req.send(body);
  };
  const uploadedRows = (organisationId: string) => api.prisma.document.count({ where: { organisationId, id: { not: { startsWith: 'doc-' } } } });
  const stagingLeft = async (): Promise<string[]> => (existsSync(join(dir(), 'staging')) ? readdir(join(dir(), 'staging')) : []);
  async function lingxiOrg(): Promise<string> {
    return (await api.prisma.user.findUniqueOrThrow({ where: { id: 'applicant-lingxi' } })).organisationId!;
  }

  it('stores a PDF under its sha-256 with who uploaded it, and gives it back to the organisation', async () => {
    const res = await upload('applicant-lingxi', PDF, 'application/pdf', '算力合同.pdf');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: '算力合同.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: sha256(PDF),
      createdAt: expect.any(String),
    });
    const blob = join(dir(), 'sha256', sha256(PDF).slice(0, 2), sha256(PDF));
    expect(await readFile(blob)).toEqual(PDF);
    const row = await api.prisma.document.findFirstOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({ organisationId: await lingxiOrg(), uploadedById: 'applicant-lingxi', sizeBytes: PDF.length, sha256: sha256(PDF) });

    const got = await api.http.get(`/documents/${res.body.id}`).set(as('applicant-lingxi')).buffer(true).parse(bytesOf);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(PDF);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('算力合同.pdf')}`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('no-store');
  });

  it('judges the type by content: a PNG called a PDF is a PNG, HTML called a PDF is refused', async () => {
    const png = await upload('applicant-lingxi', PNG, 'application/pdf', 'scan.pdf');
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({ contentType: 'image/png', name: 'scan.png' });
    const jpeg = await upload('applicant-lingxi', JPEG, 'application/octet-stream');
    expect(jpeg.body).toMatchObject({ contentType: 'image/jpeg', name: 'document.jpg' });

    const before = await uploadedRows(await lingxiOrg());
    const html = await upload('applicant-lingxi', Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf', 'contract.pdf');
    expect(html.status).toBe(415);
    expect(html.body.message).toMatch(/not a PDF, PNG or JPEG/);
    expect(html.body.zh).toMatch(/不是 PDF、PNG 或 JPEG/);
    expect(await uploadedRows(await lingxiOrg())).toBe(before);
    expect(await stagingLeft()).toEqual([]);
  });

  it('refuses a file over the configured size and an empty body, storing nothing', async () => {
    const before = await uploadedRows(await lingxiOrg());
    const big = Buffer.concat([PDF, Buffer.alloc(MAX)]);
    const res = await upload('applicant-lingxi', big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ field: '(body)', message: expect.stringContaining('larger than 4 KiB'), zh: '文件超过 4 KiB', maxBytes: MAX });
    const empty = await upload('applicant-lingxi', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.issues[0]).toMatchObject({ path: '(body)', message: expect.stringMatching(/empty/) });
    expect(await uploadedRows(await lingxiOrg())).toBe(before);
    expect(await stagingLeft()).toEqual([]);
  });

  it('cuts off a streamed body without Content-Length as soon as it passes the limit', async () => {
    const server = api.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const before = await uploadedRows(await lingxiOrg());
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { port, host: '127.0.0.1', method: 'POST', path: '/documents', headers: { ...as('applicant-lingxi'), 'Content-Type': 'application/pdf' } },
        (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // Chunked: the server only learns the size by reading; it never gets to the end of this one.
      req.write(PDF);
      for (let i = 0; i < 8; i++) req.write(Buffer.alloc(1024, 0x20));
      req.end();
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ zh: '文件超过 4 KiB' });
    expect(await uploadedRows(await lingxiOrg())).toBe(before);
    expect(await stagingLeft()).toEqual([]);
  });

  it('lets only applicants upload', async () => {
    expect((await api.http.post('/documents').set('Content-Type', 'application/pdf').send(PDF)).status).toBe(401);
    expect((await upload('officer-stic', PDF)).status).toBe(403);
    expect((await upload('admin', PDF)).status).toBe(403);
  });

  it('hides a document from other organisations, unrelated officers and admins: it is a 404, like a missing one', async () => {
    const { body } = await upload('applicant-lingxi', PDF);
    for (const user of ['applicant-pengcheng', 'officer-stic', 'supervisor-stic', 'admin']) {
      const res = await api.http.get(`/documents/${body.id}`).set(as(user));
      expect({ user, status: res.status }).toEqual({ user, status: 404 });
      expect(res.body).toMatchObject({ message: 'no such document', zh: '没有该文件' });
    }
    expect((await api.http.get(`/documents/${randomUUID()}`).set(as('applicant-lingxi'))).status).toBe(404);
    expect((await api.http.get('/documents/..%2F..%2Fetc').set(as('applicant-lingxi'))).status).toBe(400);
    expect((await api.http.get(`/documents/${body.id}`)).status).toBe(401);
  });

  describe('a submitted case and its documents', () => {
    let contract = '';
    let invoice = '';
    let caseId = '';
    beforeAll(async () => {
      contract = (await upload('applicant-lingxi', PDF, 'application/pdf', 'contract.pdf')).body.id;
      invoice = (await upload('applicant-lingxi', PNG, 'image/png', 'invoice.png')).body.id;
    });

    it('refuses a form naming another organisation’s document, or none, with a 400 on the field, and stores nothing', async () => {
      const theirs = (await upload('applicant-pengcheng', PDF)).body.id as string;
      const cases = await api.prisma.case.count();
      const res = await api.http
        .post('/cases')
        .set(as('applicant-lingxi'))
        .send(m2Submission({ contractDocument: theirs, invoiceDocument: 'no-such-document' }));
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([
        // Another organisation's file reads exactly like one that does not exist, and neither names an id.
        {
          path: 'form.contractDocument',
          message: expect.stringContaining('no such document uploaded by your organisation'),
          zh: '算力服务合同所选的文件不是贵单位上传的文件,请先上传',
        },
        {
          path: 'form.invoiceDocument',
          message: expect.stringContaining('no such document uploaded by your organisation'),
          zh: '发票所选的文件不是贵单位上传的文件,请先上传',
        },
      ]);
      expect(await api.prisma.case.count()).toBe(cases);
      expect(await api.prisma.caseDocument.count()).toBe(0);
      expect(api.temporal.starts).toHaveLength(0);
    });

    it('links the case to its documents; the officers of a bureau reviewing it can open them, other bureaus cannot', async () => {
      const res = await api.http
        .post('/cases')
        .set(as('applicant-lingxi'))
        .send(m2Submission({ contractDocument: contract, invoiceDocument: invoice }));
      expect(res.status).toBe(201);
      caseId = res.body.id;
      expect(await api.prisma.caseDocument.findMany({ where: { caseId: caseId }, orderBy: { field: 'asc' } })).toEqual([
        expect.objectContaining({ field: 'contractDocument', documentId: contract }),
        expect.objectContaining({ field: 'invoiceDocument', documentId: invoice }),
      ]);
      // Before any review task exists no officer may read them.
      expect((await api.http.get(`/documents/${contract}`).set(as('officer-stic'))).status).toBe(404);

      // The review task the workflow's projection would write.
      const taskId = randomUUID();
      await api.prisma.reviewTask.create({
        data: { id: taskId, caseId: caseId, bureauCode: 'stic', stage: 'review', status: 'open', createdAt: new Date() },
      });
      for (const user of ['officer-stic', 'officer2-stic', 'supervisor-stic']) {
        const got = await api.http.get(`/documents/${invoice}`).set(as(user));
        expect({ user, status: got.status, type: got.headers['content-type'] }).toEqual({ user, status: 200, type: 'image/png' });
      }
      for (const user of ['officer-hrss', 'applicant-pengcheng', 'admin']) {
        expect({ user, status: (await api.http.get(`/documents/${invoice}`).set(as(user))).status }).toEqual({ user, status: 404 });
      }

      const detail = await api.http.get(`/tasks/${taskId}`).set(as('officer-stic'));
      expect(detail.status).toBe(200);
      expect(detail.body.documents).toEqual([
        { field: 'contractDocument', id: contract, name: 'contract.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, createdAt: expect.any(String) },
        { field: 'invoiceDocument', id: invoice, name: 'invoice.png', contentType: 'image/png', sizeBytes: PNG.length, createdAt: expect.any(String) },
      ]);
    });

    it('cannot link a case to another organisation’s document even straight in the database', async () => {
      const theirs = (await upload('applicant-pengcheng', PDF)).body.id as string;
      const pengcheng = (await api.prisma.user.findUniqueOrThrow({ where: { id: 'applicant-pengcheng' } })).organisationId!;
      const link = (organisationId: string) =>
        api.prisma.caseDocument.create({ data: { caseId: caseId, field: 'paymentProofDocument', organisationId, documentId: theirs } });
      // With the case's organisation the document is not found; with the document's, the case is not.
      await expect(link(await lingxiOrg())).rejects.toThrow();
      await expect(link(pengcheng)).rejects.toThrow();
      expect(await api.prisma.caseDocument.count({ where: { caseId: caseId } })).toBe(2);
    });

    it('never deletes a document a submitted case names, not even straight in the database', async () => {
      const res = await api.http.delete(`/documents/${contract}`).set(as('applicant-lingxi'));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ reason: 'DocumentReferenced', zh: '已提交的申请引用了该文件,不能删除' });
      await expect(api.prisma.document.deleteMany({ where: { id: contract } })).rejects.toThrow();
      expect((await api.http.get(`/documents/${contract}`).set(as('applicant-lingxi'))).status).toBe(200);
    });

    it('leaves no link behind when the workflow could not start, so the documents stay the applicant’s to reuse or delete', async () => {
      const draft = (await upload('applicant-lingxi', JPEG)).body.id as string;
      const start = api.temporal.workflow.start;
      api.temporal.workflow.start = () => Promise.reject(new Error('temporal is down'));
      try {
        const res = await api.http
          .post('/cases')
          .set(as('applicant-lingxi'))
          .send(m2Submission({ contractDocument: draft, invoiceDocument: invoice }));
        expect(res.status).toBe(503);
      } finally {
        api.temporal.workflow.start = start;
      }
      expect(await api.prisma.caseDocument.count({ where: { documentId: draft } })).toBe(0);
      expect((await api.http.delete(`/documents/${draft}`).set(as('applicant-lingxi'))).status).toBe(204);
    });

    it('deletes an unreferenced upload for its own organisation only', async () => {
      const draft = (await upload('applicant-lingxi', JPEG)).body.id as string;
      expect((await api.http.delete(`/documents/${draft}`).set(as('applicant-pengcheng'))).status).toBe(404);
      expect((await api.http.delete(`/documents/${draft}`).set(as('officer-stic'))).status).toBe(403);
      expect((await api.http.delete(`/documents/${draft}`).set(as('applicant-lingxi'))).status).toBe(204);
      expect((await api.http.get(`/documents/${draft}`).set(as('applicant-lingxi'))).status).toBe(404);
      expect((await api.http.delete(`/documents/${draft}`).set(as('applicant-lingxi'))).status).toBe(404);
    });
  });
});
