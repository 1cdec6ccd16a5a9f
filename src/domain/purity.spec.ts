import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// The domain runs inside deterministic Temporal workflows: it may import only zod and itself, and
// must never read the clock or draw random numbers. (This spec itself reads files; specs are not bundled.)
const root = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

describe('src/domain is pure', () => {
  const files = sources(root);

  it('has sources to check', () => {
    expect(files.map((f) => relative(root, f))).toEqual(expect.arrayContaining(['index.ts', 'money.ts', 'assess.ts', join('pack', 'schema.ts')]));
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s imports only zod and src/domain', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g)].map(
      (m) => m[1] ?? m[2] ?? m[3] ?? '',
    );
    for (const s of specifiers) {
      if (s === 'zod') continue;
      expect(s.startsWith('.')).toBe(true);
      expect(resolve(file, '..', s).startsWith(root)).toBe(true);
    }
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s reads no clock, randomness or environment', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/Date\.now\(|new Date\(\)|Math\.random\(|process\.|performance\.now|setTimeout|parseFloat|toFixed\(/);
  });
});
