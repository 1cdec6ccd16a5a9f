import type { PolicyPack } from '../domain';
import { startIntakeClock, type IntakeClocks } from '../temporal/intake-clock';
import { storePack, type PackStoreDb } from './pack-store.repository';

export { PublishRefusedError, publishProblems } from './pack-store.repository';

/**
 * Publishing a pack: store it, then start its intake clock, so a pack added to a running system opens
 * (and closes) on its dates without a worker restart. Without `clocks` (no Temporal reachable), the
 * next worker start starts the clock (`ensureIntakeClocks`).
 */
export async function publishPack(
  prisma: PackStoreDb,
  pack: PolicyPack,
  clocks?: IntakeClocks | null,
  actorId?: string,
): Promise<{ pools: number; clockStarted: boolean }> {
  const stored = await storePack(prisma, pack, actorId);
  if (clocks) await startIntakeClock(clocks, pack);
  return { ...stored, clockStarted: Boolean(clocks) };
}
