// Generates the pages' typed API client from the API's OpenAPI document:
//   node web/scripts/api-client.js          writes web/src/api/openapi.json and schema.d.ts
//   node web/scripts/api-client.js --check  fails when the committed files differ from a fresh generation
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const target = join(root, 'web', 'src', 'api');
const check = process.argv.includes('--check');
const bin = (name) => join(root, 'node_modules', '.bin', name);

const out = check ? mkdtempSync(join(tmpdir(), 'api-client-')) : target;
try {
  const doc = execFileSync(bin('ts-node'), ['--transpile-only', join(root, 'web', 'scripts', 'openapi-document.ts')], { cwd: root, encoding: 'utf8' });
  writeFileSync(join(out, 'openapi.json'), doc);
  execFileSync(bin('openapi-typescript'), [join(out, 'openapi.json'), '-o', join(out, 'schema.d.ts')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (check) {
    const stale = ['openapi.json', 'schema.d.ts'].filter((f) => {
      const committed = join(target, f);
      return !existsSync(committed) || readFileSync(committed, 'utf8') !== readFileSync(join(out, f), 'utf8');
    });
    if (stale.length) {
      console.error(`web/src/api/${stale.join(', ')} differ from the API's current OpenAPI document: run \`npm run api:generate\` and commit the result.`);
      process.exit(1);
    }
    console.log('web/src/api matches the OpenAPI document');
  } else {
    console.log('wrote web/src/api/openapi.json and web/src/api/schema.d.ts');
  }
} finally {
  if (check) rmSync(out, { recursive: true, force: true });
}
