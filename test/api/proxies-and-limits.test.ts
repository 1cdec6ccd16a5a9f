import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startApiApp, type ApiApp } from '../support/api-app';
import { m2Submission } from '../support/fixtures';

// A PDF of `size` bytes (at least 56), different each time (uploads are content-addressed).
const pdf = (size = 1000): Buffer => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${randomUUID()}\n`), Buffer.alloc(size - 55, 0x20), Buffer.from('\n%%EOF\n')]);

/**
 * The API behind a reverse proxy on this machine (TRUSTED_PROXIES=loopback): the address a limit
 * counts is the client's from X-Forwarded-For, signed-in users are limited each on their own, and
 * uploads are limited per organisation (files and bytes a day, bytes kept in all).
 */
describe('behind a trusted proxy: limits per user, per address before sign-in, and per organisation for uploads', () => {
  let api: ApiApp;
  const as = (user: string, from = '203.0.113.7'): Record<string, string> => ({ Authorization: `Bearer ${api.tokenFor(user)}`, 'X-Forwarded-For': from });
  const upload = (user: string, body = pdf()) => api.http.post('/documents').set(as(user)).set('Content-Type', 'application/pdf').send(body);
  const staging = async (): Promise<string[]> => {
    const dir = join(process.env.DOCUMENTS_DIR!, 'staging');
    return existsSync(dir) ? readdir(dir) : [];
  };

  beforeAll(async () => {
    api = await startApiApp({
      APP_ENV: 'development',
      DEV_TOKENS: 'true',
      TRUSTED_PROXIES: 'loopback',
      RATE_LIMIT_WINDOW_MS: '60000',
      RATE_LIMIT_SUBMIT_PER_USER: '2',
      RATE_LIMIT_SUBMIT_PER_IP: '3',
      RATE_LIMIT_TOKEN_PER_USER: '100',
      RATE_LIMIT_TOKEN_PER_IP: '2',
      UPLOAD_FILES_PER_ORG_PER_DAY: '3',
      UPLOAD_BYTES_PER_ORG_PER_DAY: '2500',
      UPLOAD_QUOTA_BYTES_PER_ORG: String(1024 * 1024),
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('limits two signed-in users coming through one proxy address separately', async () => {
    const submit = (user: string) => api.http.post('/cases').set(as(user)).send(m2Submission());
    for (const user of ['applicant-lingxi', 'applicant-pengcheng']) {
      expect((await submit(user)).status).toBe(201);
      expect((await submit(user)).status).toBe(201);
      const third = await submit(user);
      expect(third.status).toBe(429);
      expect(third.body).toMatchObject({
        limit: 2,
        windowSeconds: 60,
        message: expect.stringMatching(/^too many requests: at most 2 in 1 min; try again in \d+ s$/),
      });
      expect(third.body.zh).toMatch(/每 1 分钟最多 2 次请求/);
    }
    expect(await api.prisma.case.count()).toBe(4);
  });

  it('before sign-in counts the client address the proxy forwards, not the proxy’s', async () => {
    const issue = (from: string) => api.http.post('/auth/dev-token').set('X-Forwarded-For', from).send({ userId: 'officer-stic' });
    expect((await issue('198.51.100.1')).status).toBe(200);
    expect((await issue('198.51.100.1')).status).toBe(200);
    expect((await issue('198.51.100.1')).status).toBe(429);
    // Another client behind the same proxy has its own count.
    expect((await issue('198.51.100.2')).status).toBe(200);
    // A client cannot pick its address: only the hop the trusted proxy added counts.
    expect((await issue('10.9.9.9, 198.51.100.1')).status).toBe(429);
  });

  it('limits the files an organisation uploads a day, naming the limit', async () => {
    for (let i = 0; i < 3; i++) expect((await upload('applicant-lingxi', pdf(60))).status).toBe(201);
    const rows = await api.prisma.document.count();
    const fourth = await upload('applicant-lingxi', pdf(60));
    expect(fourth.status).toBe(429);
    expect(fourth.headers['retry-after']).toBeDefined();
    expect(fourth.body).toMatchObject({
      limit: 3,
      windowSeconds: 86_400,
      message: expect.stringMatching(/^too many uploads from your organisation: at most 3 in 24 h/),
    });
    expect(fourth.body.zh).toMatch(/上传过于频繁:每 24 小时最多 3 次贵单位上传文件/);
    expect(await api.prisma.document.count()).toBe(rows);
  });

  it('limits the bytes an organisation uploads a day, naming the limit, and keeps nothing of a refused upload', async () => {
    expect(pdf()).toHaveLength(1000);
    expect((await upload('applicant-pengcheng')).status).toBe(201);
    expect((await upload('applicant-pengcheng')).status).toBe(201);
    const rows = await api.prisma.document.count();
    const third = await upload('applicant-pengcheng');
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ limit: 'UPLOAD_BYTES_PER_ORG_PER_DAY', limitBytes: 2500, message: expect.stringContaining('at most 2.4 KiB a day') });
    expect(third.body.zh).toMatch(/每日上限 2.4 KiB/);
    expect(await api.prisma.document.count()).toBe(rows);
    expect(await staging()).toEqual([]);
  });

  it('refuses an upload past the organisation’s storage quota with 413 naming it', async () => {
    // Kept from two days ago: not today's bytes, but still the organisation's.
    await api.prisma.document.create({
      data: {
        organisationId: 'org-szu',
        id: randomUUID(),
        uploadedById: 'applicant-szu',
        name: 'archive.pdf',
        contentType: 'application/pdf',
        sizeBytes: 1024 * 1024 - 500,
        sha256: 'b'.repeat(64),
        createdAt: new Date(Date.now() - 48 * 3_600_000),
      },
    });
    const rows = await api.prisma.document.count();
    const res = await upload('applicant-szu');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      limit: 'UPLOAD_QUOTA_BYTES_PER_ORG',
      limitBytes: 1024 * 1024,
      message: expect.stringContaining('storage quota of 1 MiB'),
    });
    expect(res.body.zh).toMatch(/超过 1 MiB 的限额/);
    expect(await api.prisma.document.count()).toBe(rows);
  });
});
