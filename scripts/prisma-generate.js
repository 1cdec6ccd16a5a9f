#!/usr/bin/env node
'use strict';
// `prisma generate` (client into src/generated/prisma, see prisma/schema.prisma) without network.
// The CLI tries to download its schema engine first, which fails offline although generate never
// runs it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that download.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'prisma.cmd' : 'prisma');
if (!fs.existsSync(bin)) {
  console.error(`[prisma-generate] ERROR: ${bin} not found; the prisma CLI is a devDependency, so install with \`npm ci\` (not --omit=dev).`);
  process.exit(1);
}

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ||= __filename;

const result = spawnSync(bin, ['generate'], { cwd: root, env, stdio: 'inherit', shell: process.platform === 'win32' });
if (result.error || result.status !== 0) {
  console.error(`[prisma-generate] ERROR: prisma generate failed (${result.error ? result.error.message : `exit ${result.status}`}).`);
  process.exit(1);
}
