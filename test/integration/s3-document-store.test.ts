import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ListObjectVersionsCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { TooLargeError } from '../../src/documents/document-store';
import { S3DocumentStore } from '../../src/documents/s3-document-store';
import { startMotoS3, type MotoS3 } from '../support/moto';

// Against moto's S3 server, a real HTTP S3 endpoint speaking the protocol the SDK speaks to AWS, MinIO or Ceph.
describe('the S3 document store, against a real S3-compatible server', () => {
  let s3: MotoS3;
  let staging = '';
  let store: S3DocumentStore;
  beforeAll(async () => {
    s3 = await startMotoS3();
    // Versioned, so a second upload of the same bytes would show as a second version.
    await s3.client.send(new PutBucketVersioningCommand({ Bucket: s3.config.bucket, VersioningConfiguration: { Status: 'Enabled' } }));
  });
  afterAll(async () => {
    store?.destroy();
    await s3?.stop();
  });
  beforeEach(async () => {
    staging = await mkdtemp(join(tmpdir(), 's3-staging-'));
    store?.destroy();
    store = new S3DocumentStore(s3.config, staging);
  });
  afterEach(async () => {
    await rm(staging, { recursive: true, force: true });
  });

  const chunks = (...parts: string[]): Readable => Readable.from(parts.map((p) => Buffer.from(p)));
  const text = async (r: Readable | null): Promise<string> => {
    const out: Buffer[] = [];
    for await (const c of r!) out.push(c as Buffer);
    return Buffer.concat(out).toString();
  };
  const hex = (s: string): string => createHash('sha256').update(s).digest('hex');
  const versions = async (key: string): Promise<number> =>
    ((await s3.client.send(new ListObjectVersionsCommand({ Bucket: s3.config.bucket, Prefix: key }))).Versions ?? []).length;

  it('keeps the bytes as an object named by their sha-256, readable back as a stream', async () => {
    const a = await store.stage(chunks('%P', 'DF-1.', '4 s3 body'), 100);
    expect(a).toMatchObject({ sha256: hex('%PDF-1.4 s3 body'), sizeBytes: 16 });
    expect(a.head.toString()).toBe('%PDF-1.4');
    expect(await store.open(a.sha256)).toBeNull(); // staged, not yet kept
    await a.commit();
    const key = `sha256/${a.sha256.slice(0, 2)}/${a.sha256}`;
    expect(await s3.keys()).toContain(key);
    expect(await text(await store.open(a.sha256))).toBe('%PDF-1.4 s3 body');
    expect(await readdir(staging)).toEqual([]);
  });

  it('stores the same content twice as one object, sent once', async () => {
    const first = await store.stage(chunks('%PDF-1.4 twice'), 100);
    await first.commit();
    const second = await store.stage(chunks('%PDF-1.4 ', 'twice'), 100);
    expect(second.sha256).toBe(first.sha256);
    await second.commit();
    const key = `sha256/${first.sha256.slice(0, 2)}/${first.sha256}`;
    expect((await s3.keys()).filter((k) => k === key)).toEqual([key]);
    expect(await versions(key)).toBe(1);
    expect(await text(await store.open(first.sha256))).toBe('%PDF-1.4 twice');
    expect(await readdir(staging)).toEqual([]);
  });

  it('answers null for a blob the bucket does not hold, and an error for a bucket that does not exist', async () => {
    expect(await store.open(hex('never uploaded'))).toBeNull();
    const elsewhere = new S3DocumentStore({ ...s3.config, bucket: 'no-such-bucket-here' }, staging);
    try {
      await expect(elsewhere.open(hex('never uploaded'))).rejects.toThrow(/bucket does not exist/);
    } finally {
      elsewhere.destroy();
    }
  });

  it('sends nothing for an upload that is too large or discarded', async () => {
    const before = await s3.keys();
    await expect(store.stage(chunks('x'.repeat(600), 'y'.repeat(600)), 1000)).rejects.toBeInstanceOf(TooLargeError);
    const discarded = await store.stage(chunks('GIF89a discarded'), 100);
    await discarded.discard();
    expect(await store.open(discarded.sha256)).toBeNull();
    expect(await s3.keys()).toEqual(before);
    expect(await readdir(staging)).toEqual([]);
  });
});
