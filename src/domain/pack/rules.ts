import type { z } from 'zod';
import type { Bureau, District, LocalizedText, Measure, PackBodySchema, Parameter, Pool } from './schema';

export type PackBody = z.infer<typeof PackBodySchema>;

/** The resolved content of one rule version: what a case is assessed and decided under. JSON-safe. */
export interface PackRules {
  packId: string;
  version: number;
  effectiveFrom: string;
  timezone: string;
  title: LocalizedText;
  jurisdiction: PackBody['jurisdiction'];
  validity: { from: string; to: string };
  bureaus: Bureau[];
  districts: District[];
  measures: Measure[];
  pools: Pool[];
  parameters: Record<string, Parameter>;
}

export interface ResolvedVersion {
  rules: PackRules;
  /** Where each measure of the resolved version was written, for error paths. */
  measurePaths: Map<string, (string | number)[]>;
}

/** Folds versions 1..index: later versions replace measures/pools by code and parameters by name. */
export function resolveVersions(body: PackBody): ResolvedVersion[] {
  const out: ResolvedVersion[] = [];
  const measures = new Map<string, { m: Measure; path: (string | number)[] }>();
  const pools = new Map<string, Pool>(body.pools.map((p) => [p.code, p]));
  let parameters: Record<string, Parameter> = { ...body.parameters };
  body.versions.forEach((v, vi) => {
    v.measures.forEach((m, mi) => measures.set(m.code, { m, path: ['versions', vi, 'measures', mi] }));
    v.pools.forEach((p) => pools.set(p.code, p));
    parameters = { ...parameters, ...v.parameters };
    const ordered = [...measures.values()].sort((a, b) => a.m.number - b.m.number || (a.m.code < b.m.code ? -1 : 1));
    out.push({
      rules: {
        packId: body.id,
        version: v.version,
        effectiveFrom: v.effectiveFrom,
        timezone: body.timezone,
        title: body.title,
        jurisdiction: body.jurisdiction,
        validity: body.validity,
        bureaus: body.bureaus,
        districts: body.districts,
        measures: ordered.map((x) => x.m),
        pools: [...pools.values()],
        parameters: { ...parameters },
      },
      measurePaths: new Map(ordered.map((x) => [x.m.code, x.path])),
    });
  });
  return out;
}
