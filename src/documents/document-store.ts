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
 * Where evidence files' bytes live, addressed by their sha-256: on disk (DiskDocumentStore, the
 * default) or in an S3-compatible bucket (S3DocumentStore), bound in DocumentsModule by configuration.
 * Rows may share bytes: a blob is removed when the last row naming it goes (DocumentRepository
 * decides, under a lock on the sha-256, so an upload of the same bytes cannot slip in between).
 */
export interface DocumentStore {
  /** Reads `source` to its end; throws TooLargeError as soon as it passes `maxBytes`. */
  stage(source: Readable, maxBytes: number): Promise<StagedFile>;
  /** The blob's bytes, or null when it is absent. */
  open(sha256: string): Promise<Readable | null>;
  /** Frees the blob's bytes; removing an absent blob is no error. */
  remove(sha256: string): Promise<void>;
}

export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

const SHA256 = /^[0-9a-f]{64}$/;

/** `sha256/<first two hex digits>/<sha-256>`: a blob's path under the disk store's folder, and its object key in a bucket. */
export function blobKey(sha256: string): string {
  if (!SHA256.test(sha256)) throw new RangeError(`not a sha-256: ${sha256}`);
  return `sha256/${sha256.slice(0, 2)}/${sha256}`;
}

/** An upload written whole to a local file, with its digests: sha-256 names it, MD5 lets an object store check what it received. */
export interface StagedLocalFile {
  path: string;
  sha256: string;
  md5Base64: string;
  sizeBytes: number;
  head: Buffer;
  discard(): Promise<void>;
}

/** Streams `source` to a new file in `stagingDir`, hashing on the way; past `maxBytes` it stops reading, removes the file and throws TooLargeError. */
export async function stageToFile(stagingDir: string, source: Readable, maxBytes: number): Promise<StagedLocalFile> {
  await mkdir(stagingDir, { recursive: true });
  const path = join(stagingDir, randomUUID());
  const sha = createHash('sha256');
  const md5 = createHash('md5');
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
          sha.update(chunk);
          md5.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(path, { flags: 'wx' }),
    );
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return {
    path,
    sha256: sha.digest('hex'),
    md5Base64: md5.digest('base64'),
    sizeBytes: size,
    head: Buffer.concat(headParts).subarray(0, SNIFF_BYTES),
    discard: () => rm(path, { force: true }),
  };
}

/** `<dir>/sha256/<first two hex digits>/<sha-256>`; uploads are written to `<dir>/staging` first and renamed, so a blob is never partial. */
export class DiskDocumentStore implements DocumentStore {
  constructor(private readonly dir: string) {}

  private blobPath(sha256: string): string {
    return join(this.dir, ...blobKey(sha256).split('/'));
  }

  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    const file = await stageToFile(join(this.dir, 'staging'), source, maxBytes);
    const blob = this.blobPath(file.sha256);
    return {
      sha256: file.sha256,
      sizeBytes: file.sizeBytes,
      head: file.head,
      commit: async () => {
        await mkdir(join(blob, '..'), { recursive: true });
        // Same name, same bytes: a rename over an existing blob changes nothing a reader could see.
        await rename(file.path, blob);
      },
      discard: file.discard,
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

  async remove(sha256: string): Promise<void> {
    await rm(this.blobPath(sha256), { force: true });
  }
}
