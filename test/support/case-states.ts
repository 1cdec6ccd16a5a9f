// Cases brought to a state the way their workflow brings them: the real case machine applies each
// command and the real projection (CaseRepository.applyChange) writes what it changed, the state
// included. API tests use it instead of writing projection rows by hand.
import { randomUUID } from 'node:crypto';
import { assessApplication, type PackRules } from '../../src/domain';
import type { Actor } from '../../src/domain/access';
import type { ApplicantProfile } from '../../src/domain/applicant';
import { apply, check, type CaseCommand, type CaseState, type ReviewClock } from '../../src/domain/case/machine';
import type { CaseRepository } from '../../src/database/case.repository';

export const TEST_CLOCK: ReviewClock = { taskDueDays: 15, reminderDaysBeforeDue: 3, rfiAnswerDays: 30, timeZone: 'Asia/Shanghai', supervisors: {} };

/** The `assessed` command the assessment activity gives the machine: a real assessment of the form. */
export function assessed(
  rules: PackRules,
  input: { measureCode: string; subtypeCode: string; form: Record<string, unknown>; applicant: ApplicantProfile; receivedAt: string },
): CaseCommand {
  return { type: 'assessed', assessment: assessApplication(rules, input), clock: TEST_CLOCK };
}

export const officer = (userId: string, bureauCode: string, role: Actor['role'] = 'officer'): Actor => ({
  userId,
  role,
  bureauCode,
  organisationId: null,
  jurisdictionId: 'shenzhen',
  conflictOrganisationIds: [],
});
export const applicant = (userId: string, organisationId: string): Actor => ({
  userId,
  role: 'applicant',
  bureauCode: null,
  organisationId,
  jurisdictionId: 'shenzhen',
  conflictOrganisationIds: [],
});

/**
 * Applies each command at its instant (ISO) as the workflow would: refused commands fail the test,
 * and every projection the machine emits is written. A pool reservation the machine asks for is
 * granted at once. Returns the state after the last one.
 */
export async function project(
  cases: CaseRepository,
  caseId: string,
  steps: { at: string; cmd: CaseCommand | ((s: CaseState) => CaseCommand) }[],
): Promise<CaseState> {
  const row = await cases.find(caseId);
  if (!row) throw new Error(`no case ${caseId}`);
  let state = row.state;
  const queue = [...steps];
  while (queue.length > 0) {
    const step = queue.shift()!;
    const cmd = typeof step.cmd === 'function' ? step.cmd(state) : step.cmd;
    const refused = check(state, cmd);
    if (refused) throw new Error(`${cmd.type} refused: ${refused.en}`);
    const t = apply(state, cmd, { now: Date.parse(step.at), newId: randomUUID });
    state = t.state;
    for (const e of t.effects) {
      if (e.kind === 'project') await cases.applyChange(e.change);
      // The ledger grants the reservation whole (these tests are about what the views show, not the ledger).
      else if (e.kind === 'reserveAward')
        queue.unshift({ at: step.at, cmd: { type: 'fundsReserved', taskId: e.taskId, grant: { amountFen: e.reservation.award.amountFen, cuts: [] } } });
    }
  }
  return state;
}

/** The one live task of a bureau in a state (fails the test when there is none). */
export function liveTask(s: CaseState, bureauCode: string): string {
  const t = s.tasks.find((x) => x.bureauCode === bureauCode && (x.status === 'open' || x.status === 'claimed'));
  if (!t) throw new Error(`no live task of ${bureauCode}`);
  return t.taskId;
}
