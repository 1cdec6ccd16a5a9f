import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadPackFiles } from '../seed';

const ROOT = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'generated' || name === 'node_modules') return [];
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

/**
 * Policy is data: no service or workflow code may name a pack, its jurisdiction or its bureaus'
 * pack-specific codes, so that a new city's or year's pack runs with no code change.
 */
describe('no code knows a particular policy pack', () => {
  const packs = loadPackFiles();
  const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'workflows'))];
  // Example values in API documentation strings are allowed; nothing else.
  const isDocExample = (line: string): boolean => /description:|e\.g\./.test(line);

  it.each(packs.map((p) => [p.id, p]))('%s is named only in data and tests', (_id, pack) => {
    const needles = [pack.id, pack.jurisdiction.code, pack.jurisdiction.name.zh].map((n) => n.toLowerCase());
    const hits: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (needles.some((n) => line.toLowerCase().includes(n)) && !isDocExample(line)) hits.push(`${relative(ROOT, file)}:${i + 1}`);
        });
    }
    expect(hits).toEqual([]);
  });
});
