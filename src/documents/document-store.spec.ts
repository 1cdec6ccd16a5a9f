import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DiskDocumentStore, TooLargeError } from './document-store';

describe('the disk document store', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const chunks = (...parts: string[]): Readable => Readable.from(parts.map((p) => Buffer.from(p)));
  const text = async (r: Readable | null): Promise<string> => {
    const out: Buffer[] = [];
    for await (const c of r!) out.push(c as Buffer);
    return Buffer.concat(out).toString();
  };

  it('keeps the bytes under their sha-256, once for the same content, with the first bytes for sniffing', async () => {
    const store = new DiskDocumentStore(dir);
    const a = await store.stage(chunks('%P', 'DF-1.', '4 body'), 100);
    expect(a).toMatchObject({ sha256: createHash('sha256').update('%PDF-1.4 body').digest('hex'), sizeBytes: 13 });
    expect(a.head.toString()).toBe('%PDF-1.4');
    expect(await store.open(a.sha256)).toBeNull(); // staged, not yet kept
    await a.commit();
    const b = await store.stage(chunks('%PDF-1.4 body'), 100);
    await b.commit();
    expect(await text(await store.open(a.sha256))).toBe('%PDF-1.4 body');
    expect(await readdir(join(dir, 'sha256', a.sha256.slice(0, 2)))).toEqual([a.sha256]);
    expect(await readdir(join(dir, 'staging'))).toEqual([]);
  });

  it('stops reading a stream as soon as it passes the limit and leaves nothing behind', async () => {
    const store = new DiskDocumentStore(dir);
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 1;
        this.push(Buffer.alloc(64, 1));
      },
    });
    await expect(store.stage(endless, 1000)).rejects.toBeInstanceOf(TooLargeError);
    expect(pulled).toBeLessThan(40);
    expect(await readdir(join(dir, 'staging'))).toEqual([]);
  });

  it('discards a staged upload', async () => {
    const store = new DiskDocumentStore(dir);
    const s = await store.stage(chunks('GIF89a'), 100);
    await s.discard();
    expect(await readdir(join(dir, 'staging'))).toEqual([]);
    expect(await store.open(s.sha256)).toBeNull();
    await expect(readFile(join(dir, 'sha256', s.sha256.slice(0, 2), s.sha256))).rejects.toThrow();
  });
});
