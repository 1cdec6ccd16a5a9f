#!/usr/bin/env node
'use strict';
// Builds what is out of date and says what it reused: the API, worker, tools and seeds with the Nest CLI
// (nest-cli.json: tsc with tsconfig.build.json, into dist/), and the pages with Vite (web/dist). Each part
// is stamped in dist/.build-stamp.json with a hash of its inputs (file paths and contents, so a checkout
// that only touches mtimes does not rebuild); a part whose hash matches and whose output exists is reused.
//   node scripts/build.js                 what is stale (npm start, npm run dev)
//   node scripts/build.js --force         everything (npm run build)
//   node scripts/build.js --only server   one part (server or web)
// Plain Node, no dependencies. Says what it does on stderr, so a tool's own output on stdout stays clean.

const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const stampFile = path.join(root, 'dist', '.build-stamp.json');

/** What feeds each part, what it produces, and how it is built. */
const PARTS = {
  server: {
    label: 'API, worker and tools (nest build)',
    inputs: ['src', 'workflows', 'seeds', 'prisma', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'],
    // Tests are not built (tsconfig.build.json), so changing one does not make the build stale.
    skip: (rel) => /\.(spec|test)\.ts$/.test(rel) || rel.startsWith('workflows/test/'),
    outputs: ['dist/src/main.js', 'dist/src/worker.js', 'dist/src/stack/start.js'],
    command: [process.execPath, path.join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'],
  },
  web: {
    label: 'pages (vite build)',
    inputs: ['web', 'package-lock.json'],
    skip: (rel) => rel.startsWith('web/dist/') || /\.spec\.tsx?$/.test(rel),
    outputs: ['web/dist/index.html'],
    command: [process.execPath, path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'],
  },
};

function files(rel, skip, out) {
  const abs = path.join(root, rel);
  let st;
  try {
    st = fs.statSync(abs);
  } catch {
    return out;
  }
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) {
      if (name === 'node_modules' || name === 'dist') continue;
      files(path.posix.join(rel, name), skip, out);
    }
  } else if (!skip(rel)) {
    out.push(rel);
  }
  return out;
}

/** A hash of every input file's path and content. */
function inputHash(part) {
  const hash = createHash('sha256');
  for (const input of part.inputs) {
    for (const rel of files(input, part.skip, [])) {
      hash
        .update(rel)
        .update('\0')
        .update(fs.readFileSync(path.join(root, rel)))
        .update('\0');
    }
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
}

function main(argv) {
  const force = argv.includes('--force');
  const onlyAt = argv.indexOf('--only');
  const names = onlyAt >= 0 ? [argv[onlyAt + 1]] : Object.keys(PARTS);
  for (const name of names) if (!PARTS[name]) throw new Error(`unknown part ${name}: server or web`);

  const started = Date.now();
  const stamp = readStamp();
  const built = [];
  for (const name of names) {
    const part = PARTS[name];
    const hash = inputHash(part);
    const present = part.outputs.every((o) => fs.existsSync(path.join(root, o)));
    if (!force && present && stamp[name]?.hash === hash) {
      console.error(`[build] reused the build of the ${part.label} from ${stamp[name].at}: sources unchanged`);
      continue;
    }
    const why = force ? '' : !present ? ': no build yet' : stamp[name] ? ': sources changed' : ': no record of what it was built from';
    console.error(`[build] compiling the ${part.label}${why}`);
    const r = spawnSync(part.command[0], part.command.slice(1), { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`[build] ${part.label} failed`);
      process.exit(r.status ?? 1);
    }
    // Written after each part, so a failure later keeps what was built.
    stamp[name] = { hash, at: new Date().toISOString() };
    fs.mkdirSync(path.dirname(stampFile), { recursive: true });
    fs.writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
    built.push(part.label);
  }
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  console.error(built.length > 0 ? `[build] built the ${built.join(' and the ')} in ${took}` : `[build] nothing to compile (checked in ${took})`);
}

try {
  main(process.argv.slice(2));
} catch (err) {
  console.error(`[build] ${err.message}`);
  process.exit(1);
}
