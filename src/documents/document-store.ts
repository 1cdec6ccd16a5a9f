import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SNIFF_BYTES } from './file-type';

/** An upload read to its end but not yet kept: its digest, size and first bytes, to be committed or discarded. */
export interface StagedFile {
  sha256: string;
  sizeBytes: number;
  head: Buffer;
  /** Keeps the bytes under their sha-256; the same content stored twice is one blob. */
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export class TooLargeError extends Error {}

/**
 * Where evidence files' bytes live, addressed by their sha-256. The disk store is the default; an
 * object store (S3 and compatible) is another implementation of this interface, bound in
 * DocumentsModule by configuration.
 */
export interface DocumentStore {
  /** Reads `source` to its end; throws TooLargeError as soon as it passes `maxBytes`. */
  stage(source: Readable, maxBytes: number): Promise<StagedFile>;
  /** The blob's bytes, or null when it is absent. */
  open(sha256: string): Promise<Readable | null>;
}

export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

const SHA256 = /^[0-9a-f]{64}$/;

/** `<dir>/sha256/<first two hex digits>/<sha-256>`; uploads are written to `<dir>/staging` first and renamed, so a blob is never partial. */
export class DiskDocumentStore implements DocumentStore {
  constructor(private readonly dir: string) {}

  private blobPath(sha256: string): string {
    if (!SHA256.test(sha256)) throw new RangeError(`not a sha-256: ${sha256}`);
    return join(this.dir, 'sha256', sha256.slice(0, 2), sha256);
  }

  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    const stagingDir = join(this.dir, 'staging');
    await mkdir(stagingDir, { recursive: true });
    const temp = join(stagingDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const headParts: Buffer[] = [];
    let headLength = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > maxBytes) throw new TooLargeError(`larger than ${maxBytes} bytes`);
            if (headLength < SNIFF_BYTES) {
              headParts.push(chunk);
              headLength += chunk.length;
            }
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(temp, { flags: 'wx' }),
      );
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    const sha256 = hash.digest('hex');
    const blob = this.blobPath(sha256);
    return {
      sha256,
      sizeBytes: size,
      head: Buffer.concat(headParts).subarray(0, SNIFF_BYTES),
      commit: async () => {
        await mkdir(join(blob, '..'), { recursive: true });
        // Same name, same bytes: a rename over an existing blob changes nothing a reader could see.
        await rename(temp, blob);
      },
      discard: () => rm(temp, { force: true }),
    };
  }

  async open(sha256: string): Promise<Readable | null> {
    const path = this.blobPath(sha256);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path);
  }
}
