import { loadPackFiles } from '../../seeds/seed';
import type { PolicyPack } from '../../src/domain';

const YEAR_MS = 366 * 24 * 3600 * 1000;

/**
 * The real packs with their intake window kept open for at least a year from now. Tests exercise
 * the rules, and must not start failing the day a policy's real window closes (Shenzhen's closes
 * 2026-12-18); the window itself is tested against the real dates in intake-window.test.ts.
 */
export function keepWindowOpen<T extends { validity: { from: string; to: string } }>(pack: T, now = Date.now()): T {
  const to = Math.max(Date.parse(pack.validity.to), now + YEAR_MS);
  return { ...pack, validity: { ...pack.validity, to: new Date(to).toISOString() } };
}

export function testPacks(): PolicyPack[] {
  return loadPackFiles().map((p) => keepWindowOpen(p));
}

export interface TestPool {
  code: string;
  name: { zh: string; en: string };
  annualFen: string;
  subtypes: string[];
  funder?: string;
}

/**
 * A pack variant with more pools (a district treasury's, say); `cityPoolOf` also makes the listed
 * sub-types draw on a city pool in every version that defines them (the real measure 10 has none).
 */
export function withPools<T extends PolicyPack>(pack: T, pools: TestPool[], cityPoolOf: Record<string, string> = {}): T {
  return {
    ...pack,
    pools: [...pack.pools, ...pools],
    versions: pack.versions.map((v) => ({
      ...v,
      measures: v.measures.map((m) => ({
        ...m,
        subtypes: m.subtypes.map((s) => (cityPoolOf[s.code] === undefined ? s : { ...s, poolCode: cityPoolOf[s.code]! })),
      })),
    })),
  };
}
