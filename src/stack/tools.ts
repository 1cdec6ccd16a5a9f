import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../config/paths';

// Keep in sync with scripts/install-tools.js, which installs these (npm postinstall).
const TOOLS_BIN = ['.tools', 'py', 'bin'];

/** The pinned Temporal CLI (dev server), installed under .tools/ by `npm ci`. */
export function temporalCliPath(root = repoRoot()): string {
  return join(root, ...TOOLS_BIN, 'temporal');
}

/** The pinned Temporal time-skipping test server, installed under .tools/ by `npm ci`. */
export function temporalTestServerPath(root = repoRoot()): string {
  return join(root, ...TOOLS_BIN, 'temporal-test-server');
}

/** Throws a message that says how to fix it when the Temporal binaries are not installed. */
export function assertToolsInstalled(root = repoRoot()): void {
  const missing = [temporalCliPath(root), temporalTestServerPath(root)].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(
      `Temporal binaries missing: ${missing.join(', ')}.\n` +
        'Run `npm ci` (its postinstall runs scripts/install-tools.js), or `node scripts/install-tools.js`.',
    );
  }
}
