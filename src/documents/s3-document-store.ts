import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { S3StoreConfig } from '../config/config';
import { blobKey, stageToFile, type DocumentStore, type StagedFile } from './document-store';

/**
 * Blobs as objects in one bucket, under the disk store's key scheme (`sha256/<2 hex>/<sha-256>`). An
 * upload is staged to a local file first: its key is its hash, known only once it has been read, and
 * a refused upload (too large, not a PDF/PNG/JPEG) never reaches the bucket.
 */
export class S3DocumentStore implements DocumentStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(
    config: S3StoreConfig,
    private readonly stagingDir: string,
  ) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // The SDK's default CRC32 trailers (aws-chunked bodies) are refused by several S3-compatible
      // stores; integrity is checked with Content-MD5 instead, which they all support.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    const file = await stageToFile(this.stagingDir, source, maxBytes);
    const key = blobKey(file.sha256);
    return {
      sha256: file.sha256,
      sizeBytes: file.sizeBytes,
      head: file.head,
      commit: async () => {
        try {
          // Content-addressed: an object under this key already holds these bytes, so it is not sent
          // again (nor made a second version in a versioned bucket).
          if (await this.exists(key)) return;
          await this.client.send(
            new PutObjectCommand({
              Bucket: this.bucket,
              Key: key,
              Body: createReadStream(file.path),
              ContentLength: file.sizeBytes,
              ContentMD5: file.md5Base64,
              ContentType: 'application/octet-stream',
            }),
          );
        } finally {
          await file.discard();
        }
      },
      discard: file.discard,
    };
  }

  async open(sha256: string): Promise<Readable | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: blobKey(sha256) }));
      if (!(out.Body instanceof Readable)) throw new Error(`s3://${this.bucket}/${blobKey(sha256)}: the response body is not a stream`);
      return out.Body;
    } catch (err) {
      // Only a missing key is an absent blob; a missing bucket or refused credentials are errors.
      if (err instanceof S3ServiceException && err.name === 'NoSuchKey') return null;
      throw err;
    }
  }

  // S3 answers 204 whether or not the key existed. In a versioned bucket this leaves a delete marker
  // and the old version: a lifecycle rule on noncurrent versions frees those bytes.
  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: blobKey(sha256) }));
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      // A HEAD answer has no body, so a missing key is a bare 404 ("NotFound"); the PUT that follows
      // reports a missing bucket by name.
      if (err instanceof S3ServiceException && err.$metadata.httpStatusCode === 404) return false;
      throw err;
    }
  }

  /** Closes the client's sockets (on module destroy). */
  destroy(): void {
    this.client.destroy();
  }
}
