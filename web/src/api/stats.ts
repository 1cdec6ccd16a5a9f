import { api, unwrap } from './client';
import type { paths } from './schema';

// The supervisors' and admins' figures (kept beside endpoints.ts so the chart pages own their calls).

type Ok<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer B } } } } } ? B : never;
export type PoolStats = Ok<'/stats/packs/{packId}/pools'>;
export type PoolSeries = PoolStats['items'][number];
export type BureauStats = Ok<'/stats/bureaus'>;
export type BureauFigures = BureauStats['items'][number];

export const poolStats = (packId: string, year?: string) =>
  unwrap(api.GET('/stats/packs/{packId}/pools', { params: { path: { packId }, query: year ? { year } : {} } }));
export const bureauStats = (year?: string) => unwrap(api.GET('/stats/bureaus', { params: { query: year ? { year } : {} } }));
