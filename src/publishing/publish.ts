// Publishing a pack: its writes (src/database/pack-store.repository.ts), then its intake clock. Seeds,
// the CLI and the admin API all publish through here.
import { packWindowChanged, storePack, type PackStoreDb, type PackWrites } from '../database/pack-store.repository';
import type { PolicyPack } from '../domain';
import { startIntakeClock, type IntakeClocks } from '../temporal/intake-clock';

export { PublishRefusedError, publishProblems } from '../database/pack-store.repository';

export interface Published {
  pools: number;
  clockStarted: boolean;
  windowChanged: boolean;
}

/**
 * Store the pack, then start its intake clock, so a pack added to a running system opens (and
 * closes) on its dates without a worker restart. A new version that moves the window (a successor
 * version extending it) replaces the running clock. Without `clocks` (no Temporal reachable), the
 * next worker start starts the clock (`ensureIntakeClocks`).
 */
export async function publishThrough(store: PackWrites, pack: PolicyPack, clocks?: IntakeClocks | null, actorId?: string): Promise<Published> {
  const moved = await store.windowChanged(pack);
  const stored = await store.store(pack, actorId);
  if (clocks) await startIntakeClock(clocks, pack, { restart: moved });
  return { ...stored, clockStarted: Boolean(clocks), windowChanged: moved };
}

/** Publishing through a Prisma client of one's own (seeds, tests). */
export const publishPack = (prisma: PackStoreDb, pack: PolicyPack, clocks?: IntakeClocks | null, actorId?: string): Promise<Published> =>
  publishThrough({ windowChanged: (p) => packWindowChanged(prisma, p), store: (p, a) => storePack(prisma, p, a) }, pack, clocks, actorId);
