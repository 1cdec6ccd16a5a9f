import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import * as ts from 'typescript';

// The folders of src/ form a graph with no pair importing each other, and the shared kernels (pure
// domain, config, database) import no feature: a feature can then be read, moved or split without
// dragging another along. Specs are left out: a test may reach wherever it needs to.
const SRC = __dirname;
const KERNELS = new Set(['domain', 'config', 'database']);
/** What a kernel may import besides the kernels: Prisma's generated client. */
const KERNEL_MAY_IMPORT = new Set([...KERNELS, 'generated']);

interface Source {
  /** Path relative to src/, with `/` separators. */
  file: string;
  text: string;
}

/** Every folder-to-folder import: `from -> to` with the importing files and what they import. */
function folderEdges(sources: Source[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const { file, text } of sources) {
    const from = file.split('/')[0];
    if (!file.includes('/') || !from) continue;
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!spec.startsWith('.')) continue;
      const target = relative(SRC, resolve(SRC, dirname(file), spec)).split(sep);
      const to = target[0];
      if (!to || to === '..' || to === from || target.length < 2) continue;
      const key = `${from} -> ${to}`;
      edges.set(key, [...(edges.get(key) ?? []), `src/${file} imports '${spec}'`]);
    }
  }
  return edges;
}

/** One line per broken rule, naming the files that break it. */
function violations(edges: Map<string, string[]>): string[] {
  const found: string[] = [];
  for (const [key, files] of edges) {
    const [from = '', to = ''] = key.split(' -> ');
    const back = edges.get(`${to} -> ${from}`);
    if (back && from < to) found.push(`${from} and ${to} import each other: ${[...files, ...back].join('; ')}`);
    if (KERNELS.has(from) && !KERNEL_MAY_IMPORT.has(to)) found.push(`the shared kernel ${from} imports the feature ${to}: ${files.join('; ')}`);
  }
  return found.sort();
}

function sources(dir: string): Source[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sources(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) return [];
    return [{ file: relative(SRC, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }];
  });
}

describe('the folders of src/', () => {
  const edges = folderEdges(sources(SRC));

  it('are read: the graph holds the imports every feature makes', () => {
    expect([...edges.keys()]).toEqual(expect.arrayContaining(['cases -> domain', 'cases -> database', 'database -> generated', 'tasks -> common']));
  });

  it('never import each other, and the shared kernels import no feature', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('would be refused, with the offending files named, if two imported each other or a kernel a feature', () => {
    const graph = folderEdges([
      { file: 'cases/case.service.ts', text: "import { notify } from '../notices/notify';" },
      { file: 'notices/notify.ts', text: "import type { CaseRow } from '../cases/case.row';\nexport const notify = 1;" },
      { file: 'database/case.repository.ts', text: "export async function load() { return import('../labs/lab.dto'); }" },
      { file: 'domain/money.ts', text: "import { z } from 'zod';\nimport { fen } from './fen';" },
    ]);
    expect(violations(graph)).toEqual([
      "cases and notices import each other: src/cases/case.service.ts imports '../notices/notify'; src/notices/notify.ts imports '../cases/case.row'",
      "the shared kernel database imports the feature labs: src/database/case.repository.ts imports '../labs/lab.dto'",
    ]);
  });
});
