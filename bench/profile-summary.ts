import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * `node -r ts-node/register bench/profile-summary.ts <dir>`: self time of each V8 CPU profile that
 * `npm run bench -- --cpu-prof` wrote, grouped by where the code lives (a package, our src/, the
 * workflow bundle, Node itself), so the report can say which step dominates.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function bucket(url: string, fn: string): string {
  if (!url) return fn === '(garbage collector)' || fn === '(idle)' || fn === '(program)' ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const src = /\/(src|workflows|dist\/src|dist\/workflows)\/([^/]+)/.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  return url.includes('workflow-bundle') ? 'workflow bundle' : url;
}

/** Express and the middleware it runs (body parsing, static files, multer), by package name. */
export const EXPRESS_STACK = [
  'express',
  'router',
  'body-parser',
  'raw-body',
  'type-is',
  'on-finished',
  'finalhandler',
  'send',
  'serve-static',
  'path-to-regexp',
  'qs',
  'multer',
  'busboy',
];

export interface ProfileSummary {
  file: string;
  busyMs: number;
  totalMs: number;
  /** Self time by package, as a percentage of the busy time, largest first. */
  byPackage: [string, number][];
  /** Self time in Express's own packages (EXPRESS_STACK), as a percentage of the busy time. */
  expressPercent: number;
}

export function summariseProfile(file: string, top = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const dt = p.timeDeltas[i] ?? 0;
    const key = bucket(n.callFrame.url, n.callFrame.functionName);
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const busy = total - (self.get('(idle)') ?? 0);
  const byPackage = [...self.entries()]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, v]) => [k, Math.round((1000 * v) / busy) / 10] as [string, number]);
  const express = EXPRESS_STACK.reduce((sum, k) => sum + (self.get(k) ?? 0), 0);
  return { file, busyMs: Math.round(busy / 1000), totalMs: Math.round(total / 1000), byPackage, expressPercent: Math.round((1000 * express) / busy) / 10 };
}

export function summarise(file: string, top = 12): string {
  const s = summariseProfile(file, top);
  const rows = s.byPackage.map(([k, pct]) => `  ${pct.toFixed(1).padStart(5)}%  ${k}`);
  return [`${file}: ${s.busyMs} ms busy of ${s.totalMs} ms`, ...rows].join('\n');
}

if (require.main === module) {
  const dir = process.argv[2] ?? '.';
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) console.log(`${summarise(join(dir, f))}\n`);
}
