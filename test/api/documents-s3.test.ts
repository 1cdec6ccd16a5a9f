import { bytesOf } from '../support/documents';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startApiApp, type ApiApp } from '../support/api-app';
import { startMotoS3, type MotoS3 } from '../support/moto';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n% kept in a bucket\n');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

// The same API as test/api/documents.test.ts, with DOCUMENTS_STORE=s3 and moto's S3 server as the bucket.
describe('evidence documents kept in an S3-compatible bucket', () => {
  let s3: MotoS3;
  let api: ApiApp;
  const as = (user: string): { Authorization: string } => ({ Authorization: `Bearer ${api.tokenFor(user)}` });
  beforeAll(async () => {
    s3 = await startMotoS3();
    api = await startApiApp(s3.env);
  });
  afterAll(async () => {
    await api?.close();
    await s3?.stop();
  });

  it('uploads through POST /documents into the bucket under the sha-256 and gives the same bytes back through GET /documents/:id', async () => {
    const up = await api.http.post('/documents').set(as('applicant-lingxi')).set('Content-Type', 'application/pdf').query({ name: '算力合同.pdf' }).send(PDF);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ name: '算力合同.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256(PDF) });
    const key = `sha256/${sha256(PDF).slice(0, 2)}/${sha256(PDF)}`;
    expect(await s3.keys()).toEqual([key]);
    // The local folder only staged the upload: no blob is kept on disk.
    const dir = process.env.DOCUMENTS_DIR!;
    expect(existsSync(join(dir, 'sha256'))).toBe(false);
    expect(await readdir(join(dir, 'staging'))).toEqual([]);

    const again = await api.http.post('/documents').set(as('applicant-lingxi')).set('Content-Type', 'application/pdf').send(PDF);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(up.body.id);
    expect(await s3.keys()).toEqual([key]); // two documents, one object

    for (const id of [up.body.id, again.body.id]) {
      const got = await api.http.get(`/documents/${id}`).set(as('applicant-lingxi')).buffer(true).parse(bytesOf);
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.body).toEqual(PDF);
    }
  });

  it('keeps nothing in the bucket for a refused upload', async () => {
    const before = await s3.keys();
    const html = await api.http
      .post('/documents')
      .set(as('applicant-lingxi'))
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('<html>not a pdf</html>'));
    expect(html.status).toBe(415);
    expect(await s3.keys()).toEqual(before);
  });

  it('removes the object when the last document holding its bytes is deleted', async () => {
    const bytes = Buffer.from('%PDF-1.4\n% deleted from the bucket\n%%EOF\n');
    const key = `sha256/${sha256(bytes).slice(0, 2)}/${sha256(bytes)}`;
    const ids: string[] = [];
    for (const user of ['applicant-lingxi', 'applicant-pengcheng']) {
      ids.push((await api.http.post('/documents').set(as(user)).set('Content-Type', 'application/pdf').send(bytes)).body.id as string);
    }
    expect(await s3.keys()).toContain(key);
    expect((await api.http.delete(`/documents/${ids[0]}`).set(as('applicant-lingxi'))).status).toBe(204);
    expect(await s3.keys()).toContain(key);
    expect((await api.http.delete(`/documents/${ids[1]}`).set(as('applicant-pengcheng'))).status).toBe(204);
    expect(await s3.keys()).not.toContain(key);
  });
});
