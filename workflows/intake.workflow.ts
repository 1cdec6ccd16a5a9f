import { proxyActivities, sleep } from '@temporalio/workflow';
import type { IntakeActivities } from './activities';
import { ACTIVITY_DEFAULTS } from './presets';

const acts = proxyActivities<IntakeActivities>(ACTIVITY_DEFAULTS);

export interface IntakeWindowInput {
  packId: string;
  opensAt: string;
  closesAt: string;
}

/** Opens and closes a pack's intake on durable timers, so the cutoff holds whatever the wall clock of an API host says. */
export async function intakeWindowWorkflow(input: IntakeWindowInput): Promise<'closed'> {
  const opensAt = Date.parse(input.opensAt);
  const closesAt = Date.parse(input.closesAt);
  if (Date.now() < opensAt) await sleep(opensAt - Date.now());
  if (Date.now() < closesAt) {
    await acts.setIntakeOpen(input.packId, true, new Date().toISOString());
    await sleep(closesAt - Date.now());
  }
  await acts.setIntakeOpen(input.packId, false, new Date().toISOString());
  return 'closed';
}
