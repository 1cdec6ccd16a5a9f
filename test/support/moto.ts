import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { repoRoot } from '../../src/config/paths';
import type { S3StoreConfig } from '../../src/config/config';
import { freePort } from '../../src/stack/ports';
import { exited } from './faults';
// Plain JS shared with npm postinstall, which installs moto where it says.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { motoPaths } = require('../../scripts/install-tools.js') as { motoPaths: (root: string) => { target: string; server: string } };

export interface MotoS3 {
  /** A bucket created for this server, path-style, with moto's accepted-anything credentials. */
  config: S3StoreConfig;
  /** The same as environment variables, for the app's configuration (DOCUMENTS_STORE=s3). */
  env: Record<string, string>;
  client: S3Client;
  /** Every key in the bucket. */
  keys(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * moto's S3 server (installed into .tools/moto by scripts/install-tools.js) on a free loopback port,
 * with a fresh bucket, gone with the server. Missing moto fails the test with how to install it, never skips it.
 */
export async function startMotoS3(): Promise<MotoS3> {
  const { target, server } = motoPaths(repoRoot());
  if (!existsSync(server))
    throw new Error(`moto's S3 server is not installed (${server} is missing). Run \`node scripts/install-tools.js\` (npm ci runs it as postinstall).`);
  const port = await freePort();
  const child = spawn(server, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, PYTHONPATH: target, PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (c: Buffer): void => {
    output = (output + c.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A script whose interpreter is gone fails to spawn at all: report it like an early exit.
  child.once('error', (err) => keep(Buffer.from(`could not start ${server}: ${err.message}\n`)));
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await untilListening(child, endpoint, () => output);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const config: S3StoreConfig = {
    endpoint,
    region: 'us-east-1',
    bucket: `documents-${randomUUID().slice(0, 8)}`,
    accessKeyId: 'moto-test-key',
    secretAccessKey: 'moto-test-secret',
    forcePathStyle: true,
  };
  const client = new S3Client({
    endpoint,
    region: config.region,
    forcePathStyle: true,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  });
  await client.send(new CreateBucketCommand({ Bucket: config.bucket }));
  const keys = async (): Promise<string[]> => ((await client.send(new ListObjectsV2Command({ Bucket: config.bucket }))).Contents ?? []).map((o) => o.Key!);
  return {
    config,
    env: {
      DOCUMENTS_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: config.region,
      S3_BUCKET: config.bucket,
      S3_ACCESS_KEY_ID: config.accessKeyId,
      S3_SECRET_ACCESS_KEY: config.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    },
    client,
    keys,
    // moto keeps everything in memory: stopping the server is the bucket's teardown.
    async stop() {
      client.destroy();
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

/** Polls until the server answers HTTP; fails at once if it exits, and after 60 s (a cold Python start on a busy machine) if it never answers. */
async function untilListening(child: ChildProcess, endpoint: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`moto's server exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    try {
      await fetch(`${endpoint}/moto-api/`);
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`moto's server did not answer on ${endpoint} within 60 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
